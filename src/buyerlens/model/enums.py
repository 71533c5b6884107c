"""Closed vocabularies of the bundle format ``buyerlens/v1`` (product.md, Contracts)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A contact's function in the buyer's organisation (C1)."""

    PURCHASING = "purchasing"
    PURCHASING_DIRECTOR = "purchasing_director"
    ACCOUNTS_PAYABLE = "accounts_payable"
    OPERATIONS = "operations"
    PRODUCTION = "production"
    QUALITY_CONTROL = "quality_control"
    WAREHOUSE = "warehouse"
    FINANCE = "finance"
    MANAGEMENT = "management"
    ENGINEERING = "engineering"
    OTHER = "other"


class BuyingRole(StrEnum):
    """A contact's part in one deal's decision (B3)."""

    BUYER = "buyer"
    APPROVER = "approver"
    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"


class Direction(StrEnum):
    """Who wrote an interaction: the buyer (inbound), the seller (outbound), or a note."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    NOTE = "note"


class Channel(StrEnum):
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    NOTE = "note"
    CHAT = "chat"
    OTHER = "other"


class Outcome(StrEnum):
    WON = "won"
    LOST = "lost"


class CredentialKind(StrEnum):
    """What the seller can open with (P2)."""

    CASE_STUDY = "case_study"
    YEARS_IN_INDUSTRY = "years_in_industry"
    AWARD = "award"


class Language(StrEnum):
    NL = "nl"
    EN = "en"

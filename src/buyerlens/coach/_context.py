"""Build a :class:`CoachContext` from a bundle: the deal, the contact, the seller's library."""

from __future__ import annotations

from datetime import datetime

from buyerlens.coach._types import RISK_LEVELS, CoachContext, RiskLevel, parse_hours
from buyerlens.model.bundle import Account, Bundle, Contact, Deal, Money
from buyerlens.model.enums import BuyingRole
from buyerlens.model.errors import NotFoundError


def _deal(bundle: Bundle, deal_id: str) -> Deal:
    for deal in bundle.deals:
        if deal.id == deal_id:
            return deal
    raise NotFoundError(f"deal {deal_id!r} is not in the bundle; check the id with the deal list")


def _contact(bundle: Bundle, contact_id: str) -> Contact:
    for contact in bundle.contacts:
        if contact.id == contact_id:
            return contact
    raise NotFoundError(f"contact {contact_id!r} is not in the bundle; check the id")


def _main_contact(bundle: Bundle, deal: Deal) -> Contact | None:
    """The deal's buyer, else its first contact."""
    ordered = sorted(deal.contacts, key=lambda dc: dc.buying_role != BuyingRole.BUYER)
    for link in ordered:
        for contact in bundle.contacts:
            if contact.id == link.contact:
                return contact
    return None


def _only_open_deal(bundle: Bundle, contact: Contact) -> Deal | None:
    """The contact's one open deal, when there is exactly one."""
    deals = [
        d
        for d in bundle.deals
        if d.outcome is None and any(link.contact == contact.id for link in d.contacts)
    ]
    return deals[0] if len(deals) == 1 else None


def _account(bundle: Bundle, account_id: str | None) -> Account | None:
    return next((a for a in bundle.accounts if a.id == account_id), None)


def _first_contact(
    bundle: Bundle, deal: Deal | None, contact: Contact | None, as_of: datetime | None
) -> bool:
    """True when nothing was exchanged with this contact (or deal) before ``as_of``."""
    if contact is None and deal is None:
        return False
    for interaction in bundle.interactions:
        if as_of is not None and interaction.at > as_of:
            continue
        if contact is not None and interaction.contact == contact.id:
            return False
        if contact is None and deal is not None and interaction.deal == deal.id:
            return False
    return True


def _risk_aversion(
    bundle: Bundle, deal: Deal | None, contact: Contact | None, as_of: datetime | None
) -> RiskLevel | None:
    """The contact's risk-averse level (R-P2) from the diagnosis engine, when it can tell."""
    if deal is None or contact is None or as_of is None:
        return None
    from buyerlens.engine import analyze

    (diagnosis,) = analyze(bundle, as_of=as_of, deal_ids=[deal.id])
    found = diagnosis.contacts.get(contact.id)
    if found is None or "risk_averse" not in found.priorities:
        return None
    level = str(found.priorities["risk_averse"].level)
    return next((r for r in RISK_LEVELS if r == level), None)


def context_from_bundle(
    bundle: Bundle,
    *,
    deal_id: str | None = None,
    contact_id: str | None = None,
    as_of: datetime | None = None,
    risk_aversion: str | None = None,
) -> CoachContext:
    """What the bundle tells the coach about the buyer of ``deal_id`` / ``contact_id``.

    The contact defaults to the deal's buyer; the deal to the contact's one open deal.
    ``first_contact`` is true when no interaction with the contact (or, without one, the
    deal) happened at or before ``as_of`` (every interaction counts when None). The
    contact's risk-aversion level comes from the diagnosis engine (:mod:`buyerlens.engine`)
    when ``as_of`` is given and the deal and contact are known, unless the caller passes
    ``risk_aversion`` from a diagnosis it already has (the web app's cache).
    Raises :class:`NotFoundError` for an id that is not in the bundle.
    """
    deal = _deal(bundle, deal_id) if deal_id is not None else None
    contact = _contact(bundle, contact_id) if contact_id is not None else None
    if contact is None and deal is not None:
        contact = _main_contact(bundle, deal)
    if deal is None and contact is not None:
        deal = _only_open_deal(bundle, contact)
    account = _account(bundle, deal.account if deal else contact.account if contact else None)
    hours = contact.working_hours if contact else None
    return CoachContext(
        first_contact=_first_contact(bundle, deal, contact, as_of),
        timezone=(contact.timezone if contact else None) or (account.timezone if account else None),
        working_hours=parse_hours(hours) if hours else None,
        industry=account.industry if account else None,
        credentials=tuple(bundle.seller.credentials) if bundle.seller else (),
        product=(deal.product_category or deal.title) if deal else None,
        price=Money(amount=deal.amount, currency=deal.currency)
        if deal is not None and deal.amount is not None
        else None,
        language=str(contact.language) if contact and contact.language else None,
        contact_name=contact.name if contact else None,
        as_of=as_of,
        risk_aversion=next((r for r in RISK_LEVELS if r == risk_aversion), None)
        or _risk_aversion(bundle, deal, contact, as_of),
    )

"""The bundle format ``buyerlens/v1``: pydantic models for every entity (product.md).

Times carry an offset (a naive time is an error, never a guess); amounts are numbers
(``"48k"`` is an error); every id is unique within its kind and every reference points
at a record of the bundle. :func:`parse_bundle` turns any problem into a
:class:`~buyerlens.model.errors.BundleError` whose issues name the JSON path.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from buyerlens.model.enums import (
    BuyingRole,
    Channel,
    CredentialKind,
    Direction,
    Language,
    Outcome,
    Role,
)

FORMAT: Literal["buyerlens/v1"] = "buyerlens/v1"

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")]
Amount = Annotated[float, Field(strict=True, ge=0)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]

_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_timezone(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}; use an IANA name such as 'Europe/Amsterdam'"
        ) from None
    return value


class Credential(_Record):
    """One entry of the seller's credibility library (P2)."""

    kind: CredentialKind
    industry: str | None = None
    title: str | None = None
    summary: str | None = None
    years: Annotated[int, Field(strict=True, ge=0, le=200)] | None = None


class Seller(_Record):
    name: str = Field(min_length=1)
    credentials: list[Credential] = Field(default_factory=list)
    domains: list[str] = Field(
        default_factory=list, description="The seller's own e-mail domains (direction of mail)."
    )
    timezone: str | None = None
    email: str | None = None

    _tz = field_validator("timezone")(_check_timezone)


class Money(_Record):
    amount: Amount
    currency: Currency = "EUR"


class Account(_Record):
    id: Id
    name: str = Field(min_length=1)
    industry: str | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    timezone: str | None = None
    domain: str | None = None

    _tz = field_validator("timezone")(_check_timezone)


class Contact(_Record):
    id: Id
    account: Id
    name: str = Field(min_length=1)
    role: Role = Role.OTHER
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    language: Language | None = None
    timezone: str | None = None
    working_hours: str | None = Field(default=None, description="HH:MM-HH:MM, local time")
    authority_limit: Money | None = None

    _tz = field_validator("timezone")(_check_timezone)

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        if value is None:
            return None
        match = _HOURS.match(value)
        if not match or match.group(1, 2) >= match.group(3, 4):
            raise ValueError(f"must look like '08:30-17:00' (start before end), got {value!r}")
        return value


class DealContact(_Record):
    contact: Id
    buying_role: BuyingRole | None = None


class Deal(_Record):
    id: Id
    account: Id
    title: str = Field(min_length=1)
    product_category: str | None = None
    amount: Amount | None = None
    currency: Currency = "EUR"
    stage: str | None = None
    new_supplier: bool | None = None
    incumbent: str | None = None
    owner: str | None = Field(default=None, description="The seller (user) who owns the deal.")
    created: AwareDatetime | None = None
    expected_close: date | None = None
    outcome: Outcome | None = None
    contacts: list[DealContact] = Field(default_factory=list)


class Interaction(_Record):
    id: Id
    deal: Id | None = None
    contact: Id | None = None
    direction: Direction
    channel: Channel = Channel.EMAIL
    at: AwareDatetime
    subject: str | None = None
    text: str
    language: Language | None = None
    raw: str | None = Field(default=None, description="The full text before stripping.")
    attachments: list[str] = Field(default_factory=list, description="Attachment names.")


class Commitment(_Record):
    id: Id
    deal: Id
    text: str = Field(min_length=1)
    due: AwareDatetime | None = None
    done_at: AwareDatetime | None = None
    source: Id | None = None
    made_at: AwareDatetime | None = None


AnswerValue = Annotated[
    bool | int | float | str, Field(union_mode="left_to_right", description="rating, text ...")
]


class Answer(_Record):
    deal: Id
    contact: Id | None = None
    question: Id
    value: AnswerValue
    at: AwareDatetime | None = None
    note: str | None = None


class Bundle(_Record):
    """One file holding a seller's view of one or more deals."""

    format: Literal["buyerlens/v1"] = FORMAT
    seller: Seller | None = None
    accounts: list[Account] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The bundle as JSON-ready data, without empty optional fields."""
        return self.model_dump(mode="json", exclude_none=True)


def answer_key(answer: Answer) -> tuple[str, str, str, str]:
    """The identity of an answer: one value per deal, contact, question and time."""
    return (
        answer.deal,
        answer.contact or "",
        answer.question,
        answer.at.isoformat() if answer.at else "",
    )


def when(value: datetime | date | None) -> str:
    """A short human form of a time, for messages."""
    return "" if value is None else value.isoformat()

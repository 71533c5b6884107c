"""One CRM row -> one record of the bundle model (account, contact, deal, interaction).

Each builder gets the row's values by field name and the shared :class:`Context`, and
either returns a record or raises :class:`RowError` naming the field and the reason.
References (a deal's account, an activity's deal) are looked up by source id, name or
e-mail in the :class:`~buyerlens.ingest.parties.Directory`; an id that is in neither the
import nor the store is a reject, a name that is unknown becomes a new record.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from buyerlens.ingest.layouts import Layout
from buyerlens.ingest.mailtext import html_to_text
from buyerlens.ingest.parties import Directory, address_of, domain_of
from buyerlens.ingest.values import (
    DayOrder,
    ValueReadError,
    parse_amount,
    parse_bool,
    parse_day,
    parse_moment,
    slug,
)
from buyerlens.ingest.vocab import Stages, closest, country_code, industry, is_freemail, vocab
from buyerlens.model import (
    Account,
    Channel,
    Contact,
    Deal,
    DealContact,
    Direction,
    Interaction,
    Language,
    Outcome,
    Role,
)

_LANGUAGES = {
    "nl": "nl",
    "dutch": "nl",
    "nederlands": "nl",
    "en": "en",
    "english": "en",
    "engels": "en",
    "enus": "en",
    "engb": "en",
    "nlnl": "nl",
    "nlbe": "nl",
}
_TAG = re.compile(r"<(p|br|div|html|body|span|b|i|ul|li|table)\b", re.IGNORECASE)


class RowError(Exception):
    """A row that cannot become a record: the field at fault and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(slots=True)
class Context:
    """What every builder of one import needs."""

    layout: Layout
    directory: Directory
    stages: Stages
    zone: tzinfo
    currency: str
    notes: Counter[str] = field(default_factory=Counter)
    decimal: dict[str, str] = field(default_factory=dict)
    order: dict[str, DayOrder] = field(default_factory=dict)

    def rid(self, kind: str, source: str) -> str:
        """The deterministic id of a record from its source id or name."""
        return f"{self.layout.system}:{kind}:{source.strip()}"

    def moment(self, values: dict[str, str], name: str, zone: tzinfo | None = None) -> datetime:
        try:
            return parse_moment(
                values[name], order=self.order.get(name, "dmy"), zone=zone or self.zone
            )
        except ValueReadError as exc:
            raise RowError(name, str(exc)) from None


def _zone_of(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _first(value: str) -> str:
    """The first of a list of ids written as ``"12;34"`` or ``"12, 34"``."""
    return re.split(r"[;,|]", value)[0].strip()


# --- accounts ----------------------------------------------------------------------


def build_account(ctx: Context, values: dict[str, str]) -> Account:
    name = values.get("name")
    if not name:
        raise RowError("name", "is empty; an account needs a name")
    source = values.get("id") or slug(name)
    country: str | None = None
    if values.get("country"):
        try:
            country, fixed = country_code(values["country"])
        except ValueReadError as exc:
            raise RowError("country", str(exc)) from None
        if country is None:
            ctx.notes[f"country {values['country']!r} not recognised; left empty"] += 1
        elif fixed:
            ctx.notes[f"country {values['country']!r} read as {country}"] += 1
    sector = None
    if values.get("industry"):
        sector, fixed = industry(values["industry"])
        if fixed:
            ctx.notes[f"industry {values['industry']!r} corrected to {sector!r}"] += 1
    zone = values.get("timezone")
    if zone and _zone_of(zone) is None:
        ctx.notes[f"time zone {zone!r} is not an IANA name; left empty"] += 1
        zone = None
    domain = values.get("domain")
    if domain:
        domain = re.sub(r"^(https?://)?(www\.)?", "", domain.lower()).split("/")[0] or None
    return Account(
        id=ctx.rid("account", source),
        name=name,
        industry=sector,
        country=country,
        timezone=zone,
        domain=domain,
    )


def _account_ref(ctx: Context, values: dict[str, str]) -> str | None:
    """The account a row refers to; a new account for an unknown name; None when none."""
    directory = ctx.directory
    source = _first(values.get("account", ""))
    name = values.get("account_name", "").strip()
    if source:
        rid = ctx.rid("account", source)
        if rid in directory.accounts:
            return rid
        if not name:
            raise RowError(
                "account",
                f"refers to account {source!r}, which is neither in this import nor in the"
                " store; import the accounts file with it (or first)",
            )
    if name:
        found = directory.account_named(name)
        if found:
            return found
        rid = ctx.rid("account", source or slug(name))
        directory.add_account(Account(id=rid, name=name))
        ctx.notes["accounts created from names in rows"] += 1
        return rid
    return None


# --- contacts ----------------------------------------------------------------------


def build_contact(ctx: Context, values: dict[str, str]) -> Contact:
    email = values.get("email", "").strip().lower() or None
    if email and address_of(email) is None:
        ctx.notes[f"{email!r} is not an e-mail address; left empty"] += 1
        email = None
    name = values.get("name") or " ".join(
        v for v in (values.get("first_name"), values.get("last_name")) if v
    )
    if not name:
        if not email:
            raise RowError("name", "is empty and there is no e-mail address either")
        name = email
    account = _account_ref(ctx, values)
    if account is None and email and not is_freemail(domain_of(email)):
        account = ctx.directory.account_for_domain(domain_of(email))
    if account is None:
        raise RowError("account", "is empty; a contact belongs to an account (company)")
    source = values.get("id") or email or f"{slug(name)}@{account}"
    return Contact(
        id=ctx.rid("contact", source),
        account=account,
        name=name,
        email=email,
        phone=values.get("phone") or None,
        title=values.get("title") or None,
        role=_role(ctx, values.get("role")),
        language=_language(values.get("language")),
        timezone=values.get("timezone") if _zone_of(values.get("timezone")) else None,
    )


def _role(ctx: Context, value: str | None) -> Role:
    if not value:
        return Role.OTHER
    try:
        found = closest(value, {r.value.replace("_", ""): r.value for r in Role}, what="role")
    except ValueReadError:
        found = None
    if found is None:
        ctx.notes[f"role {value!r} not recognised; read as other"] += 1
        return Role.OTHER
    return Role(found[0])


def _language(value: str | None) -> Language | None:
    code = _LANGUAGES.get(re.sub(r"[^a-z]", "", (value or "").lower()))
    return Language(code) if code else None


# --- deals -------------------------------------------------------------------------


def _outcome(ctx: Context, values: dict[str, str]) -> Outcome | None:
    result: str | None = None
    if values.get("status"):
        try:
            found = closest(values["status"], vocab().status, what="status")
        except ValueReadError as exc:
            raise RowError("status", str(exc)) from None
        if found is None:
            raise RowError("status", f"{values['status']!r} is not open, won or lost")
        result = found[0]
        if result == "deleted":
            raise RowError("status", "the deal is deleted in the CRM; not imported")
    elif values.get("is_closed") or values.get("is_won"):
        won = parse_bool(values.get("is_won", ""))
        closed = parse_bool(values.get("is_closed", "")) or won
        result = "won" if won else "lost" if closed else "open"
    elif values.get("stage"):
        try:
            result, note = ctx.stages.outcome(values["stage"])
        except ValueReadError as exc:
            raise RowError("stage", str(exc)) from None
        if note:
            ctx.notes[note] += 1
    return None if result in (None, "open") else Outcome(result)


def _amount(ctx: Context, values: dict[str, str]) -> tuple[float | None, str]:
    currency = values.get("currency", "").strip().upper()
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        found = {"€": "EUR", "$": "USD", "£": "GBP"}.get(currency)
        if found is None:
            raise RowError("currency", f"{currency!r} is not a currency code such as EUR")
        currency = found
    if not values.get("amount"):
        return None, currency or ctx.currency
    try:
        amount, written = parse_amount(values["amount"], decimal=ctx.decimal.get("amount", "."))
    except ValueReadError as exc:
        raise RowError("amount", str(exc)) from None
    return amount, currency or written or ctx.currency


def _deal_contacts(ctx: Context, values: dict[str, str], account: str) -> list[DealContact]:
    directory = ctx.directory
    found: list[str] = []
    for source in re.split(r"[;,|]", values.get("contact", "")):
        if source.strip():
            rid = ctx.rid("contact", source)
            if rid in directory.contacts:
                found.append(rid)
            else:
                ctx.notes["deal contacts not found (link skipped)"] += 1
    email = (values.get("contact_email") or "").lower()
    name = values.get("contact_name", "")
    if not found and (email or name):
        known = directory.contact_with_email(email) if email else None
        known = known or directory.contact_named(name, account=account)
        if known is None:
            contact = Contact(
                id=ctx.rid("contact", email or f"{slug(name)}@{account}"),
                account=account,
                name=name or email,
                email=email or None,
            )
            directory.add_contact(contact)
            ctx.notes["contacts created from names in deal rows"] += 1
            known = contact.id
        found.append(known)
    return [DealContact(contact=c) for c in dict.fromkeys(found)]


def build_deal(ctx: Context, values: dict[str, str]) -> Deal:
    account = _account_ref(ctx, values)
    if account is None:
        raise RowError("account", "is empty; a deal belongs to an account (fill it in)")
    outcome = _outcome(ctx, values)
    amount, currency = _amount(ctx, values)
    zone = _zone_of(ctx.directory.accounts[account].timezone) or ctx.zone
    title = values.get("title")
    if not title:
        parts = [values.get("product_category"), ctx.directory.accounts[account].name]
        title = " · ".join(p for p in parts if p) or values.get("id", "")
        ctx.notes["deal titles made from product and account"] += 1
    expected_close = None
    if values.get("expected_close"):
        try:
            expected_close = parse_day(
                values["expected_close"], order=ctx.order.get("expected_close", "dmy")
            )
        except ValueReadError as exc:
            raise RowError("expected_close", str(exc)) from None
    source = values.get("id") or f"{slug(title)}@{account}"
    new_supplier = parse_bool(values["new_supplier"]) if values.get("new_supplier") else None
    return Deal(
        id=ctx.rid("deal", source),
        account=account,
        title=title,
        product_category=values.get("product_category") or None,
        amount=amount,
        currency=currency,
        stage=values.get("stage") or values.get("status") or None,
        new_supplier=new_supplier,
        incumbent=values.get("incumbent") or None,
        owner=values.get("owner") or None,
        created=ctx.moment(values, "created", zone) if values.get("created") else None,
        expected_close=expected_close,
        outcome=outcome,
        contacts=_deal_contacts(ctx, values, account),
    )


# --- activities --------------------------------------------------------------------


def _activity_refs(ctx: Context, values: dict[str, str]) -> tuple[str | None, str | None]:
    directory = ctx.directory
    deal: str | None = None
    if values.get("deal"):
        deal = ctx.rid("deal", _first(values["deal"]))
        if deal not in directory.deals:
            raise RowError(
                "deal",
                f"refers to deal {_first(values['deal'])!r}, which is"
                " neither in this import nor in the store",
            )
    elif values.get("deal_name"):
        deal = directory.deal_titled(values["deal_name"])
    contact: str | None = None
    if values.get("contact"):
        rid = ctx.rid("contact", _first(values["contact"]))
        contact = rid if rid in directory.contacts else None
    if contact is None and values.get("contact_email"):
        contact = directory.contact_with_email(values["contact_email"])
    if contact is None and values.get("contact_name"):
        contact = directory.contact_named(values["contact_name"])
    if deal is None and contact is None:
        raise RowError(
            "deal",
            "names no deal or contact known to this import or the store;"
            " an activity must belong to one",
        )
    return deal, contact


def _text(value: str) -> str:
    return html_to_text(value) if _TAG.search(value) else value.strip()


def build_activity(ctx: Context, values: dict[str, str]) -> Interaction:
    if not values.get("at"):
        raise RowError("at", "is empty; an activity needs its date and time")
    deal, contact = _activity_refs(ctx, values)
    at = ctx.moment(values, "at")
    text = _text(values.get("text", ""))
    kind = values.get("type", "")
    channel = Channel.NOTE
    if kind:
        found = closest(kind, vocab().channel, what="activity type")
        channel = Channel(found[0]) if found else Channel.OTHER
    direction = Direction.NOTE
    if values.get("direction"):
        found = closest(values["direction"], vocab().direction, what="direction")
        direction = Direction(found[0]) if found else Direction.NOTE
    source = (
        values.get("id")
        or hashlib.sha256(
            "\x1f".join(
                [at.isoformat(), deal or "", contact or "", values.get("subject", ""), text]
            ).encode()
        ).hexdigest()[:20]
    )
    return Interaction(
        id=ctx.rid("activity", source),
        deal=deal,
        contact=contact,
        direction=direction,
        channel=channel,
        at=at,
        subject=values.get("subject") or None,
        text=text,
    )


def deal_note(ctx: Context, deal: Deal, text: str) -> Interaction | None:
    """A deal's description as a note on the deal, so no text of the row is lost.

    It is dated at the deal's creation (else its close date); a deal with neither has
    nowhere in time to put it, which the notes of the import report.
    """
    when = deal.created
    if when is None and deal.expected_close is not None:
        when = datetime.combine(deal.expected_close, datetime.min.time(), tzinfo=ctx.zone)
    if when is None:
        ctx.notes["deal descriptions not kept: the deal has no date"] += 1
        return None
    return Interaction(
        id=f"{deal.id}:description",
        deal=deal.id,
        direction=Direction.NOTE,
        channel=Channel.NOTE,
        at=when,
        subject="Description",
        text=_text(text),
    )

"""Off-hours meeting slots in the buyer's time zone (R-P1).

Buyers have little time in their working day; they can focus before work, at lunch or
after work. :func:`propose_slots` finds such slots on the coming working days, free of
the seller's busy times and inside the seller's own acceptable hours; :func:`plan_slots`
does it for a contact of a deal in a bundle, choosing the time zones with the fallbacks
the brief and the CLI explain (contact, else account, else an explicit zone).

All arithmetic happens in UTC; local wall-clock times are built with :mod:`zoneinfo`,
so a week across a daylight-saving change keeps "07:30 local" at 07:30 local.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from buyerlens.model import BadInputError, Bundle, Contact, Deal, NotFoundError, UsageError
from buyerlens.schedule.settings import SlotSettings, Window, WorkingHours, default_settings

ZoneSource = Literal["contact", "account", "option", "seller", "buyer"]


@dataclass(frozen=True, slots=True)
class Busy:
    """A busy interval of the seller's calendar, in UTC (end exclusive)."""

    start: datetime
    end: datetime
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Slot:
    """A proposed meeting: ``kind`` is a window id (``before_work``, ``lunch`` ...)."""

    kind: str
    start: datetime  # UTC
    end: datetime  # UTC

    def local(self, zone: str) -> tuple[datetime, datetime]:
        """Start and end as wall-clock times in ``zone``."""
        tz = ZoneInfo(zone)
        return self.start.astimezone(tz), self.end.astimezone(tz)


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """A time zone and where it came from (shown to the user, never silent)."""

    name: str
    source: ZoneSource


@dataclass(frozen=True, slots=True)
class SlotPlan:
    """Slots proposed to one contact of a deal, with the choices behind them."""

    deal: str
    contact: str
    contact_name: str
    as_of: datetime
    days: int
    buyer_zone: ZoneChoice
    seller_zone: ZoneChoice
    working_hours: WorkingHours
    working_hours_source: Literal["contact", "default"]
    slots: tuple[Slot, ...] = field(default_factory=tuple)

    @property
    def notes(self) -> tuple[str, ...]:
        """Codes of the fallbacks taken (labels for them live in the report's data)."""
        out: list[str] = []
        if self.buyer_zone.source != "contact":
            out.append(f"buyer_zone_from_{self.buyer_zone.source}")
        if self.seller_zone.source == "buyer":
            out.append("seller_zone_assumed")
        if self.working_hours_source == "default":
            out.append("working_hours_default")
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """The ``slots --json`` contract."""
        buyer, seller = self.buyer_zone.name, self.seller_zone.name
        return {
            "deal": self.deal,
            "contact": self.contact,
            "as_of": self.as_of.isoformat(),
            "days": self.days,
            "buyer": {
                "timezone": buyer,
                "timezone_source": self.buyer_zone.source,
                "working_hours": str(self.working_hours),
                "working_hours_source": self.working_hours_source,
            },
            "seller": {"timezone": seller, "timezone_source": self.seller_zone.source},
            "notes": list(self.notes),
            "slots": [_slot_json(slot, buyer, seller) for slot in self.slots],
        }


def _slot_json(slot: Slot, buyer: str, seller: str) -> dict[str, str]:
    b_start, b_end = slot.local(buyer)
    s_start, s_end = slot.local(seller)
    return {
        "kind": slot.kind,
        "start": b_start.isoformat(),
        "end": b_end.isoformat(),
        "seller_start": s_start.isoformat(),
        "seller_end": s_end.isoformat(),
    }


def zone_info(name: str, *, what: str) -> ZoneInfo:
    """A :class:`ZoneInfo` or a :class:`UsageError` that says what a zone looks like."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown time zone {name!r} for {what}; use an IANA name such as "
            "'Europe/Amsterdam' or 'America/New_York'"
        ) from None


def _local(day: date, minutes: int, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of ``minutes`` after local midnight of ``day``; None in a DST gap."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    aware = naive.replace(tzinfo=tz)  # fold=0: the first of two ambiguous instants
    instant = aware.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != naive:
        return None  # the wall-clock time does not exist on this day (spring forward)
    return instant


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _window_bounds(window: Window, hours: WorkingHours) -> tuple[int, int] | None:
    """The window in minutes after local midnight, or None when it makes no sense."""
    base = {"work_start": _minutes(hours.start), "work_end": _minutes(hours.end), "midnight": 0}
    lo, hi = base[window.anchor] + window.from_, base[window.anchor] + window.to
    if window.anchor == "midnight" and (lo < _minutes(hours.start) or hi > _minutes(hours.end)):
        return None  # a lunch slot outside the buyer's working day is no lunch slot
    if lo < 0 or hi > 24 * 60:
        return None
    return lo, hi


def _candidates(window: Window, bounds: tuple[int, int], settings: SlotSettings) -> list[int]:
    lo, hi = bounds
    starts = list(range(lo, hi - settings.duration_minutes + 1, settings.step_minutes))
    return starts[::-1] if window.prefer == "late" else starts


def _is_free(start: datetime, end: datetime, busy: Sequence[Busy]) -> bool:
    return all(not (start < b.end and b.start < end) for b in busy)


def _seller_ok(start: datetime, end: datetime, tz: ZoneInfo, settings: SlotSettings) -> bool:
    """Inside the seller's acceptable hours of one local day."""
    s_start, s_end = start.astimezone(tz), end.astimezone(tz)
    return (
        s_start.date() == s_end.date()
        and settings.seller_start <= s_start.time()
        and s_end.time() <= settings.seller_end
    )


def _days(as_of: datetime, tz: ZoneInfo, days: int) -> Iterator[date]:
    first = as_of.astimezone(tz).date()
    for offset in range(days + 1):
        yield first + timedelta(days=offset)


def propose_slots(
    *,
    buyer_tz: str,
    seller_tz: str,
    working_hours: WorkingHours,
    as_of: datetime,
    days: int,
    busy: Sequence[Busy] = (),
    settings: SlotSettings | None = None,
) -> list[Slot]:
    """Off-hours slots on the buyer's working days from ``as_of`` to ``days`` days later.

    Per day and window, the preferred free candidate: starts at least
    ``min_notice_minutes`` after ``as_of``, overlaps no busy interval, lies inside the
    seller's acceptable hours. Chronological order. # R-P1
    """
    if days < 1:
        raise UsageError(f"days must be 1 or more, got {days}")
    if as_of.tzinfo is None:
        raise BadInputError("as_of must carry a UTC offset")
    conf = settings or default_settings()
    buyer, seller = ZoneInfo(buyer_tz), ZoneInfo(seller_tz)
    earliest = as_of.astimezone(UTC) + timedelta(minutes=conf.min_notice_minutes)
    horizon = as_of.astimezone(UTC) + timedelta(days=days)
    duration = timedelta(minutes=conf.duration_minutes)
    slots: list[Slot] = []
    for day in _days(as_of, buyer, days):
        if day.isoweekday() not in conf.weekdays:
            continue
        for window in conf.windows:
            bounds = _window_bounds(window, working_hours)
            if bounds is None:
                continue
            for minutes in _candidates(window, bounds, conf):
                start = _local(day, minutes, buyer)
                if start is None or start < earliest or start > horizon:
                    continue
                end = start + duration
                if _is_free(start, end, busy) and _seller_ok(start, end, seller, conf):
                    slots.append(Slot(kind=window.id, start=start, end=end))
                    break
    return sorted(slots, key=lambda s: s.start)


def find_deal(bundle: Bundle, deal_id: str) -> Deal:
    """The deal with this id, or a :class:`NotFoundError` that lists the known ids."""
    for deal in bundle.deals:
        if deal.id == deal_id:
            return deal
    known = ", ".join(sorted(d.id for d in bundle.deals)[:10]) or "none"
    raise NotFoundError(f"no deal with id {deal_id!r} (known deals: {known})")


def main_contact(bundle: Bundle, deal: Deal, contact_id: str | None = None) -> Contact:
    """The contact to plan for: the one asked, else the deal's buyer, else its first."""
    contacts = {c.id: c for c in bundle.contacts}
    linked = [dc for dc in deal.contacts if dc.contact in contacts]
    if contact_id is not None:
        if contact_id not in contacts or all(dc.contact != contact_id for dc in linked):
            names = ", ".join(dc.contact for dc in linked) or "none"
            raise NotFoundError(
                f"contact {contact_id!r} is not a contact of deal {deal.id!r} "
                f"(its contacts: {names})"
            )
        return contacts[contact_id]
    if not linked:
        raise BadInputError(
            f'deal {deal.id!r} has no contacts; add one to the deal\'s "contacts" list'
        )
    buyers = [dc for dc in linked if dc.buying_role == "buyer"]
    return contacts[(buyers or linked)[0].contact]


def buyer_zone(bundle: Bundle, contact: Contact, *, tz: str | None = None) -> ZoneChoice:
    """The buyer's zone: ``tz`` when given, else the contact's, else the account's."""
    if tz is not None:
        zone_info(tz, what="--tz")
        return ZoneChoice(tz, "option")
    if contact.timezone:
        return ZoneChoice(contact.timezone, "contact")
    account = next((a for a in bundle.accounts if a.id == contact.account), None)
    if account is not None and account.timezone:
        return ZoneChoice(account.timezone, "account")
    raise BadInputError(
        f"contact {contact.id!r} ({contact.name}) has no time zone and neither has its "
        f'account {contact.account!r}; add "timezone" to either, or give the buyer\'s '
        "time zone with --tz (for example --tz Europe/Amsterdam)"
    )


def seller_zone(bundle: Bundle, buyer: ZoneChoice, *, seller_tz: str | None) -> ZoneChoice:
    """The seller's zone: the bundle's seller, else ``seller_tz``, else the buyer's."""
    if bundle.seller is not None and bundle.seller.timezone:
        return ZoneChoice(bundle.seller.timezone, "seller")
    if seller_tz is not None:
        zone_info(seller_tz, what="--seller-tz")
        return ZoneChoice(seller_tz, "option")
    return ZoneChoice(buyer.name, "buyer")


def plan_slots(
    bundle: Bundle,
    deal_id: str,
    *,
    as_of: datetime,
    contact_id: str | None = None,
    busy: Sequence[Busy] = (),
    days: int = 5,
    tz: str | None = None,
    seller_tz: str | None = None,
    settings: SlotSettings | None = None,
) -> SlotPlan:
    """Slots for a deal's contact (the main one unless ``contact_id``). # R-P1"""
    conf = settings or default_settings()
    deal = find_deal(bundle, deal_id)
    contact = main_contact(bundle, deal, contact_id)
    buyer = buyer_zone(bundle, contact, tz=tz)
    seller = seller_zone(bundle, buyer, seller_tz=seller_tz)
    hours, source = conf.default_working_hours, "default"
    if contact.working_hours:
        hours, source = WorkingHours.parse(contact.working_hours), "contact"
    slots = propose_slots(
        buyer_tz=buyer.name,
        seller_tz=seller.name,
        working_hours=hours,
        as_of=as_of,
        days=days,
        busy=busy,
        settings=conf,
    )
    return SlotPlan(
        deal=deal.id,
        contact=contact.id,
        contact_name=contact.name,
        as_of=as_of,
        days=days,
        buyer_zone=buyer,
        seller_zone=seller,
        working_hours=hours,
        working_hours_source="contact" if source == "contact" else "default",
        slots=tuple(slots),
    )

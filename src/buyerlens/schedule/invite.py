"""An iCalendar invitation (``METHOD:REQUEST``) for a proposed slot.

The event carries what calendar software needs to accept it: UID, DTSTAMP, DTSTART and
DTEND with a TZID in the buyer's zone plus the matching VTIMEZONE, ORGANIZER, ATTENDEE
and SUMMARY. Everything comes from the caller (``dtstamp`` is the caller's "now"), so the
same input always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar

from buyerlens.model import BadInputError, Bundle
from buyerlens.schedule.slots import Slot, SlotPlan, find_deal

PRODID = "-//buyerlens//buyerlens call planner//EN"
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone on an invitation: a name and an e-mail address."""

    name: str
    email: str

    def address(self) -> icalendar.vCalAddress:
        if not _EMAIL.match(self.email):
            raise BadInputError(f"{self.email!r} is not an e-mail address (for {self.name})")
        address = icalendar.vCalAddress(f"mailto:{self.email}")
        address.params["CN"] = self.name
        return address


def invitation(
    slot: Slot,
    *,
    zone: str,
    uid: str,
    dtstamp: datetime,
    organizer: Person,
    attendees: Sequence[Person],
    summary: str,
    description: str | None = None,
) -> bytes:
    """The ``.ics`` bytes of an invitation to ``slot``, its times given in ``zone``."""
    if not attendees:
        raise BadInputError("an invitation needs at least one attendee")
    start, end = slot.local(zone)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dtstamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("organizer", organizer.address())
    for person in attendees:
        address = person.address()
        address.params.update(
            {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        )
        event.add("attendee", address)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    calendar.add_component(event)
    # The VTIMEZONE covers the year around the meeting (enough for any client, and small).
    calendar.add_missing_timezones(
        first_date=(start - timedelta(days=366)).date(),
        last_date=(end + timedelta(days=366)).date(),
    )
    return bytes(calendar.to_ical())


def _uid_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"


def plan_invitation(
    bundle: Bundle,
    plan: SlotPlan,
    *,
    pick: int = 1,
    organizer_email: str | None = None,
) -> bytes:
    """The invitation for slot number ``pick`` (1-based) of ``plan``.

    The organizer is the bundle's seller (``organizer_email`` when the seller has no
    e-mail address); the attendee is the planned contact.
    """
    if not 1 <= pick <= len(plan.slots):
        raise BadInputError(
            f"there is no slot {pick} to invite to; {len(plan.slots)} slots were proposed"
        )
    slot = plan.slots[pick - 1]
    deal = find_deal(bundle, plan.deal)
    contact = next(c for c in bundle.contacts if c.id == plan.contact)
    seller = bundle.seller
    email = organizer_email or (seller.email if seller else None)
    if not email:
        raise BadInputError(
            'the invitation needs the organizer\'s e-mail address; add "email" to the '
            "bundle's seller or give it with --organizer"
        )
    if not contact.email:
        raise BadInputError(
            f"contact {contact.id!r} ({contact.name}) has no e-mail address to invite; "
            'add "email" to the contact'
        )
    account = next((a.name for a in bundle.accounts if a.id == deal.account), deal.account)
    seller_name = seller.name if seller else email
    uid = f"{_uid_part(deal.id)}-{_uid_part(contact.id)}-{slot.start:%Y%m%dT%H%MZ}@buyerlens"
    return invitation(
        slot,
        zone=plan.buyer_zone.name,
        uid=uid,
        dtstamp=plan.as_of,
        organizer=Person(seller_name, email),
        attendees=[Person(contact.name, contact.email)],
        summary=f"{deal.title}: {account} / {seller_name}",
        description=None,
    )

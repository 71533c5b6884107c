"""The ``calendar`` format: ``.ics`` files -> interactions of channel ``meeting``.

Each VEVENT becomes one interaction (direction ``note``: the seller's record of a
meeting where both sides spoke) at its start time; its text is the description, its
subject the summary (with the location). The organizer and attendees outside our own
domains are matched to contacts by address (unknown ones become contacts under their
domain's account, free-mail excepted); the interaction names the first of them, and the
deal that fits that contact and the time. Cancelled events and meetings with nobody from
outside are rejected with the reason. A recurring event is one interaction (its first
occurrence); the id is a hash of UID and RECURRENCE-ID, so re-import changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

import icalendar

from buyerlens.ingest.base import ReadOptions, ReadResult, Rejected
from buyerlens.ingest.crm import zone_option
from buyerlens.ingest.mail import our_domains
from buyerlens.ingest.parties import Directory, address_of, is_ours
from buyerlens.ingest.values import ValueReadError
from buyerlens.model import BadInputError, Bundle, Channel, Direction, Interaction


def _people(event: Any) -> list[tuple[str, str]]:
    """``(name, address)`` of the organizer and attendees, in order, without repeats."""
    found: list[tuple[str, str]] = []
    values: list[Any] = []
    for name in ("ORGANIZER", "ATTENDEE"):
        value = event.get(name)
        if value is not None:
            values.extend(value if isinstance(value, list) else [value])
    for value in values:
        address = address_of(str(value).removeprefix("mailto:").removeprefix("MAILTO:"))
        params = getattr(value, "params", {})
        if address and address not in (a for _, a in found):
            found.append((str(params.get("CN", "")).strip('"'), address))
    return found


def _start(event: Any, zone: tzinfo) -> datetime:
    prop = event.get("DTSTART")
    if prop is None:
        raise ValueReadError("DTSTART: the event has no start time")
    value = prop.dt
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=zone)
    raise ValueReadError(f"DTSTART: {value!r} is not a date or time")


def _event_id(event: Any, at: datetime) -> str:
    uid = str(event.get("UID") or "")
    recurrence = event.get("RECURRENCE-ID")
    seed = f"{uid}\x1f{recurrence.dt.isoformat() if recurrence else ''}"
    if not uid:
        seed = f"{at.isoformat()}\x1f{event.get('SUMMARY', '')}"
    return "ics:" + hashlib.sha256(seed.encode()).hexdigest()[:24]


def _interaction(
    event: Any, directory: Directory, ours: frozenset[str], zone: tzinfo
) -> Interaction:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        raise ValueReadError("STATUS: the meeting was cancelled")
    at = _start(event, zone)
    outside = [(n, a) for n, a in _people(event) if not is_ours(a, ours)]
    if not outside:
        raise ValueReadError("ATTENDEE: nobody from outside our domains (internal meeting)")
    contacts: list[str] = []
    problems: list[str] = []
    for name, address in outside:
        try:
            contacts.append(directory.contact_for(address, name))
        except ValueReadError as exc:
            problems.append(str(exc))
    if not contacts:
        raise ValueReadError(f"ATTENDEE: {problems[0]}")
    summary = str(event.get("SUMMARY", "")).strip()
    location = str(event.get("LOCATION", "")).strip()
    description = str(event.get("DESCRIPTION", "")).strip()
    names = ", ".join(n or a for n, a in outside)
    return Interaction(
        id=_event_id(event, at),
        deal=directory.deal_for(contacts[0], at),
        contact=contacts[0],
        direction=Direction.NOTE,
        channel=Channel.MEETING,
        at=at,
        subject=(f"{summary} ({location})" if location else summary) or None,
        text=description,
        raw=f"{summary}\n{location}\n{names}\n\n{description}".strip(),
    )


def read_calendar(paths: list[Path], options: ReadOptions) -> ReadResult:
    """Read ``.ics`` files into meeting interactions (and new contacts)."""
    existing = options.extra.get("existing")
    existing = existing if isinstance(existing, Bundle) else None
    ours = our_domains(options, existing)
    zone = zone_option(options)
    directory = Directory(existing)
    result = ReadResult(bundle=Bundle())
    interactions: dict[str, Interaction] = {}
    for path in paths:
        data = path.read_bytes()
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except ValueError as exc:
            raise BadInputError(f"{path}: not a valid iCalendar file: {exc}") from None
        starts = [
            n
            for n, text in enumerate(data.decode("utf-8", "replace").splitlines(), 1)
            if text.strip().upper() == "BEGIN:VEVENT"
        ]
        for number, event in enumerate(calendar.walk("VEVENT"), start=1):
            result.read += 1
            line = starts[number - 1] if number <= len(starts) else None
            raw = f"UID: {event.get('UID', '')}; SUMMARY: {event.get('SUMMARY', '')}"
            try:
                item = _interaction(event, directory, ours, zone)
            except ValueReadError as exc:
                field_name, _, reason = str(exc).partition(": ")
                result.rejected.append(Rejected(str(path), line, field_name, reason, raw))
                continue
            if item.id in interactions:
                result.rejected.append(Rejected(str(path), line, "UID", "duplicate event", raw))
                continue
            interactions[item.id] = item
    result.bundle = Bundle(
        accounts=list(directory.read_accounts.values()),
        contacts=list(directory.read_contacts.values()),
        interactions=list(interactions.values()),
    )
    return result


def looks_like_calendar(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".ics", ".ical", ".ifb") or head.lstrip().startswith(
        b"BEGIN:VCALENDAR"
    )

"""Busy times from real .ics text (recurring events) and the invitation .ics (R-P1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from buyerlens.model import BadInputError, Bundle
from buyerlens.schedule import Busy, plan_invitation, plan_slots, read_busy

AMS = ZoneInfo("Europe/Amsterdam")
AS_OF = datetime(2026, 10, 22, 12, 0, tzinfo=AMS)
WINDOW = {"start": AS_OF, "end": AS_OF + timedelta(days=8), "default_tz": "Europe/Amsterdam"}

# A weekly Monday/Wednesday stand-up 07:45-08:45 Amsterdam time, started in summer time,
# skipped on Monday 26 October (EXDATE), with an extra one on Friday 23 October (RDATE);
# a weekly Tuesday lunch moved once (RECURRENCE-ID); a free event and a cancelled one.
BUSY_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Agenda//NL
BEGIN:VEVENT
UID:standup@acme
DTSTAMP:20261001T080000Z
DTSTART;TZID=Europe/Amsterdam:20261005T074500
DTEND;TZID=Europe/Amsterdam:20261005T084500
RRULE:FREQ=WEEKLY;BYDAY=MO,WE
EXDATE;TZID=Europe/Amsterdam:20261026T074500
RDATE;TZID=Europe/Amsterdam:20261023T074500
SUMMARY:Stand-up verkoop
END:VEVENT
BEGIN:VEVENT
UID:lunch@acme
DTSTAMP:20261001T080000Z
DTSTART;TZID=Europe/Amsterdam:20261006T120000
DTEND;TZID=Europe/Amsterdam:20261006T130000
RRULE:FREQ=WEEKLY;COUNT=10
SUMMARY:Lunch met het team
END:VEVENT
BEGIN:VEVENT
UID:lunch@acme
DTSTAMP:20261001T080000Z
RECURRENCE-ID;TZID=Europe/Amsterdam:20261027T120000
DTSTART;TZID=Europe/Amsterdam:20261027T170000
DTEND;TZID=Europe/Amsterdam:20261027T180000
SUMMARY:Lunch verplaatst naar de avond
END:VEVENT
BEGIN:VEVENT
UID:focus@acme
DTSTAMP:20261001T080000Z
DTSTART:20261026T160000Z
DTEND:20261026T170000Z
TRANSP:TRANSPARENT
SUMMARY:Focus time (free)
END:VEVENT
BEGIN:VEVENT
UID:cancelled@acme
DTSTAMP:20261001T080000Z
DTSTART:20261028T110000Z
DTEND:20261028T120000Z
STATUS:CANCELLED
SUMMARY:Cancelled
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")


def _local(busy: list[Busy]) -> list[tuple[str, str, str]]:
    return [
        (b.summary, b.start.astimezone(AMS).isoformat(), b.end.astimezone(AMS).isoformat())
        for b in busy
    ]


def test_rule_p1_recurring_busy_events_expand_with_exdate_rdate_and_moves() -> None:
    busy = read_busy(BUSY_ICS.encode(), **WINDOW)
    assert _local(busy) == [
        ("Stand-up verkoop", "2026-10-23T07:45:00+02:00", "2026-10-23T08:45:00+02:00"),
        (
            "Lunch verplaatst naar de avond",
            "2026-10-27T17:00:00+01:00",
            "2026-10-27T18:00:00+01:00",
        ),
        # Still 07:45 local after the clocks went back: 06:45Z instead of 05:45Z.
        ("Stand-up verkoop", "2026-10-28T07:45:00+01:00", "2026-10-28T08:45:00+01:00"),
    ]
    assert busy[-1].start == datetime(2026, 10, 28, 6, 45, tzinfo=UTC)


def test_rule_p1_slots_avoid_recurring_busy_times_across_dst(bundle: Bundle) -> None:
    busy = read_busy(BUSY_ICS, **WINDOW)
    plan = plan_slots(bundle, "d1", as_of=AS_OF, days=7, busy=busy)
    got = [(s.kind, s.local("Europe/Amsterdam")[0].strftime("%a %d %H:%M")) for s in plan.slots]
    assert got == [
        ("after_work", "Thu 22 17:00"),
        # Friday: the extra stand-up (RDATE) blocks before-work entirely.
        ("lunch", "Fri 23 12:00"),
        ("after_work", "Fri 23 17:00"),
        # Monday 26th: the stand-up is skipped (EXDATE), so 08:00 is free.
        ("before_work", "Mon 26 08:00"),
        ("lunch", "Mon 26 12:00"),
        ("after_work", "Mon 26 17:00"),
        # Tuesday: the moved lunch now blocks 17:00-18:00; the team lunch slot is free.
        ("before_work", "Tue 27 08:00"),
        ("lunch", "Tue 27 12:00"),
        # Wednesday: the stand-up blocks before-work (in winter time).
        ("lunch", "Wed 28 12:00"),
        ("after_work", "Wed 28 17:00"),
        ("before_work", "Thu 29 08:00"),
    ]


def test_rule_p1_all_day_and_floating_events_use_the_seller_zone() -> None:
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n"
        "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20261029\nSUMMARY:Beurs\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nDTSTART:20261027T120000\nDTEND:20261027T123000\n"
        "SUMMARY:Floating\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    busy = read_busy(text, **WINDOW)
    assert _local(busy) == [
        ("Floating", "2026-10-27T12:00:00+01:00", "2026-10-27T12:30:00+01:00"),
        ("Beurs", "2026-10-29T00:00:00+01:00", "2026-10-30T00:00:00+01:00"),
    ]


def _bad(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


HEAD = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT", "UID:x"]
TAIL = ["END:VEVENT", "END:VCALENDAR"]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (_bad([*HEAD, "DTSTART:20261027T120000Z", "dit is geen regel", *TAIL]), r"line 7: not an"),
        (_bad([*HEAD, "DTSTART:2026-10-27 12:00", *TAIL]), r"line 6: DTSTART is not valid"),
        (
            _bad([*HEAD, "DTSTART:20261027T120000Z", "RRULE:FREQ=SOMETIMES", *TAIL]),
            r"line 7: RRULE is not valid",
        ),
        (
            _bad([*HEAD, "DTSTART:20261027T120000Z", "RRULE:FREQ=DAILY;BYHOUR=25", *TAIL]),
            r"line 7: a recurring event cannot be expanded: RRULE:FREQ=DAILY;BYHOUR=25",
        ),
        (
            _bad([*HEAD, "DTSTART:20261027T120000Z", "RRULE:FREQ=WEEKLY;INTERVAL=0", *TAIL]),
            r"line 7: RRULE INTERVAL must be 1 or more",
        ),
        (
            _bad([*HEAD, "DTSTART:20261027T120000Z", "RRULE:BYDAY=MO", *TAIL]),
            r"line 7: RRULE needs a FREQ",
        ),
        (_bad([*HEAD, "SUMMARY:no start", *TAIL]), r"line 4: this event has no DTSTART"),
        (_bad([*HEAD, "DTSTART:20261027T120000Z", "END:VCALENDAR"]), r"line 7: END:VCALENDAR"),
        (_bad(HEAD[:4]), r"line 4: BEGIN:VEVENT is never closed"),
        ("hello\r\n", r"line 1: not an iCalendar line"),
        ("X:1\r\n", r"line 1: an iCalendar file starts with BEGIN:VCALENDAR"),
        ("", r"line 1: an iCalendar file starts"),
    ],
)
def test_rule_p1_unreadable_ics_names_the_line(text: str, match: str) -> None:
    with pytest.raises(BadInputError, match=match) as info:
        read_busy(text, name="busy.ics", **WINDOW)
    assert str(info.value).startswith("busy.ics, line ")
    assert info.value.issues[0].file == "busy.ics"


def test_rule_p1_non_utf8_ics_names_the_line() -> None:
    raw = _bad([*HEAD, "DTSTART:20261027T120000Z", "SUMMARY:caf\u00e9", *TAIL]).encode("latin-1")
    with pytest.raises(BadInputError, match=r"busy.ics, line 7: is not UTF-8"):
        read_busy(raw, name="busy.ics", **WINDOW)


def test_rule_p1_invitation_round_trips_with_every_required_field(bundle: Bundle) -> None:
    plan = plan_slots(bundle, "d1", as_of=AS_OF, days=7)
    data = plan_invitation(bundle, plan, pick=2)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["VERSION"]) == "2.0"
    (event,) = calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    assert event.errors == []
    assert str(event["UID"]) == "d1-c1-20261023T0600Z@buyerlens"
    assert event["DTSTAMP"].dt == AS_OF
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTSTART"].dt == datetime(2026, 10, 23, 8, 0, tzinfo=AMS)
    assert event["DTEND"].dt == datetime(2026, 10, 23, 8, 30, tzinfo=AMS)
    assert str(event["ORGANIZER"]) == "mailto:jan@acme-verpakkingen.nl"
    assert event["ORGANIZER"].params["CN"] == "Acme Verpakkingen"
    assert str(event["ATTENDEE"]) == "mailto:eva@zuivel.nl"
    assert event["ATTENDEE"].params["CN"] == "Eva de Vries"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(event["SUMMARY"]) == "Omdozen 2027: Zuivel BV / Acme Verpakkingen"
    assert b"DTSTAMP:20261022T100000Z" in data
    assert b"DTSTART;TZID=Europe/Amsterdam:20261023T080000" in data
    # Read back as a busy calendar it blocks exactly the slot it invites to.
    (busy,) = read_busy(data, **WINDOW)
    assert (busy.start, busy.end) == (plan.slots[1].start, plan.slots[1].end)
    assert plan_invitation(bundle, plan, pick=2) == data  # same input, same bytes


def test_rule_p1_invitation_needs_addresses(bundle_with: Any, data: dict[str, Any]) -> None:
    data["seller"].pop("email")
    no_mail = bundle_with(seller=data["seller"])
    plan = plan_slots(no_mail, "d1", as_of=AS_OF, days=2)
    with pytest.raises(BadInputError, match=r"organizer's e-mail.*--organizer"):
        plan_invitation(no_mail, plan)
    assert b"mailto:me@acme.nl" in plan_invitation(no_mail, plan, organizer_email="me@acme.nl")
    with pytest.raises(BadInputError, match=r"no slot 99 to invite to"):
        plan_invitation(no_mail, plan, pick=99, organizer_email="me@acme.nl")
    other = plan_slots(no_mail, "d1", contact_id="c2", as_of=AS_OF, days=2)
    with pytest.raises(BadInputError, match=r"'c2' \(Pieter Bakker\) has no e-mail"):
        plan_invitation(no_mail, other, organizer_email="me@acme.nl")

"""Off-hours slot proposals (R-P1): windows, DST, busy times, time-zone fallbacks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from buyerlens.model import BadInputError, Bundle, NotFoundError, UsageError
from buyerlens.schedule import Busy, WorkingHours, plan_slots, propose_slots

AMS = ZoneInfo("Europe/Amsterdam")
# Thursday 22 October 2026, noon in Amsterdam; Europe leaves summer time on Sunday 25th.
AS_OF = datetime(2026, 10, 22, 12, 0, tzinfo=AMS)
HOURS = WorkingHours.parse("08:30-17:00")


def _local(slots: list[Any], zone: str) -> list[tuple[str, str, str]]:
    return [(s.kind, *(t.isoformat() for t in s.local(zone))) for s in slots]


def test_rule_p1_slots_keep_local_time_across_the_october_dst_change() -> None:
    slots = propose_slots(
        buyer_tz="Europe/Amsterdam",
        seller_tz="Europe/Amsterdam",
        working_hours=HOURS,
        as_of=AS_OF,
        days=5,
    )
    assert _local(slots, "Europe/Amsterdam") == [
        ("after_work", "2026-10-22T17:00:00+02:00", "2026-10-22T17:30:00+02:00"),
        ("before_work", "2026-10-23T08:00:00+02:00", "2026-10-23T08:30:00+02:00"),
        ("lunch", "2026-10-23T12:00:00+02:00", "2026-10-23T12:30:00+02:00"),
        ("after_work", "2026-10-23T17:00:00+02:00", "2026-10-23T17:30:00+02:00"),
        ("before_work", "2026-10-26T08:00:00+01:00", "2026-10-26T08:30:00+01:00"),
        ("lunch", "2026-10-26T12:00:00+01:00", "2026-10-26T12:30:00+01:00"),
        ("after_work", "2026-10-26T17:00:00+01:00", "2026-10-26T17:30:00+01:00"),
        ("before_work", "2026-10-27T08:00:00+01:00", "2026-10-27T08:30:00+01:00"),
    ]
    # In UTC the same local 08:00 moves by an hour: 06:00Z in summer, 07:00Z in winter.
    utc = [s.start for s in slots if s.kind == "before_work"]
    assert [t.strftime("%d %H:%M") for t in utc] == ["23 06:00", "26 07:00", "27 07:00"]
    assert all(s.end - s.start == timedelta(minutes=30) for s in slots)


def test_rule_p1_both_time_zones_shift_when_only_one_side_changes_clocks() -> None:
    # New York leaves summer time a week later (1 November): in the week between, the
    # gap is 5 hours instead of 6. The seller's day starts at 07:00 New York time, so
    # the first lunch slot is 13:00 in Amsterdam before the change and 12:00 after it.
    slots = propose_slots(
        buyer_tz="Europe/Amsterdam",
        seller_tz="America/New_York",
        working_hours=HOURS,
        as_of=AS_OF,
        days=5,
    )
    lunches = [s for s in slots if s.kind == "lunch"]
    assert _local(lunches, "America/New_York") == [
        ("lunch", "2026-10-23T07:00:00-04:00", "2026-10-23T07:30:00-04:00"),
        ("lunch", "2026-10-26T07:00:00-04:00", "2026-10-26T07:30:00-04:00"),
    ]
    assert [start for _, start, _ in _local(lunches, "Europe/Amsterdam")] == [
        "2026-10-23T13:00:00+02:00",
        "2026-10-26T12:00:00+01:00",
    ]
    # Before work in Amsterdam is the middle of the night in New York: never proposed.
    assert not [s for s in slots if s.kind == "before_work"]


RECURRING_BUSY = [
    # A weekly Monday/Wednesday 07:45-08:45 stand-up (Amsterdam time) minus 26 October.
    Busy(datetime(2026, 10, 28, 7, 45, tzinfo=AMS), datetime(2026, 10, 28, 8, 45, tzinfo=AMS)),
    # A lunch meeting on Friday.
    Busy(datetime(2026, 10, 23, 11, 45, tzinfo=AMS), datetime(2026, 10, 23, 12, 15, tzinfo=AMS)),
]


def test_rule_p1_busy_times_push_a_slot_later_or_drop_it() -> None:
    busy = [Busy(b.start.astimezone(UTC), b.end.astimezone(UTC)) for b in RECURRING_BUSY]
    slots = propose_slots(
        buyer_tz="Europe/Amsterdam",
        seller_tz="Europe/Amsterdam",
        working_hours=HOURS,
        as_of=AS_OF,
        days=7,
        busy=busy,
    )
    by_day = {(s.kind, s.local("Europe/Amsterdam")[0].strftime("%d %H:%M")) for s in slots}
    assert ("lunch", "23 12:15") in by_day  # 12:00 clashes; the next quarter is free
    assert ("lunch", "23 12:00") not in by_day
    assert not any(kind == "before_work" and day.startswith("28") for kind, day in by_day)
    assert ("before_work", "26 08:00") in by_day


def test_rule_p1_a_slot_needs_notice_and_no_weekend() -> None:
    saturday = datetime(2026, 10, 24, 9, 0, tzinfo=AMS)
    slots = propose_slots(
        buyer_tz="Europe/Amsterdam",
        seller_tz="Europe/Amsterdam",
        working_hours=HOURS,
        as_of=saturday,
        days=2,
    )
    assert _local(slots, "Europe/Amsterdam") == [
        ("before_work", "2026-10-26T08:00:00+01:00", "2026-10-26T08:30:00+01:00"),
    ]
    late = propose_slots(
        buyer_tz="Europe/Amsterdam",
        seller_tz="Europe/Amsterdam",
        working_hours=HOURS,
        as_of=datetime(2026, 10, 26, 16, 0, tzinfo=AMS),
        days=1,
    )
    # 17:00 is within the two hours' notice; the next morning is the first slot.
    assert [s.kind for s in late] == ["before_work", "lunch"]


def test_rule_p1_lunch_outside_the_working_day_is_not_lunch() -> None:
    slots = propose_slots(
        buyer_tz="Europe/Amsterdam",
        seller_tz="Europe/Amsterdam",
        working_hours=WorkingHours.parse("07:30-11:30"),
        as_of=AS_OF,
        days=2,
    )
    assert _local(slots, "Europe/Amsterdam") == [
        ("before_work", "2026-10-23T07:00:00+02:00", "2026-10-23T07:30:00+02:00"),
        ("after_work", "2026-10-23T11:30:00+02:00", "2026-10-23T12:00:00+02:00"),
    ]


def test_rule_p1_plan_uses_the_deal_buyer_and_reports_json(bundle: Bundle) -> None:
    plan = plan_slots(bundle, "d1", as_of=AS_OF, days=1)
    data = plan.to_json()
    assert data["contact"] == "c1"
    assert data["buyer"] == {
        "timezone": "Europe/Amsterdam",
        "timezone_source": "contact",
        "working_hours": "08:30-17:00",
        "working_hours_source": "contact",
    }
    assert data["seller"] == {"timezone": "Europe/Amsterdam", "timezone_source": "seller"}
    assert data["notes"] == []
    assert data["slots"][0] == {
        "kind": "after_work",
        "start": "2026-10-22T17:00:00+02:00",
        "end": "2026-10-22T17:30:00+02:00",
        "seller_start": "2026-10-22T17:00:00+02:00",
        "seller_end": "2026-10-22T17:30:00+02:00",
    }


def test_rule_p1_contact_without_zone_falls_back_to_the_account(bundle: Bundle) -> None:
    plan = plan_slots(bundle, "d1", contact_id="c2", as_of=AS_OF, days=1)
    assert plan.buyer_zone.name == "Europe/Amsterdam"
    assert plan.notes == ("buyer_zone_from_account", "working_hours_default")
    assert str(plan.working_hours) == "09:00-17:00"


def test_rule_p1_no_zone_anywhere_asks_for_tz(data: dict[str, Any], bundle_with: Any) -> None:
    accounts = [dict(data["accounts"][0], timezone=None)]
    accounts[0].pop("timezone")
    no_zone = bundle_with(accounts=accounts)
    with pytest.raises(BadInputError, match=r"'c2' \(Pieter Bakker\) has no time zone.*--tz"):
        plan_slots(no_zone, "d1", contact_id="c2", as_of=AS_OF)
    plan = plan_slots(no_zone, "d1", contact_id="c2", as_of=AS_OF, tz="Europe/London")
    assert (plan.buyer_zone.name, plan.buyer_zone.source) == ("Europe/London", "option")
    assert plan.notes[0] == "buyer_zone_from_option"


def test_rule_p1_seller_zone_from_option_else_assumed(bundle_with: Any) -> None:
    no_seller = bundle_with(seller=None)
    assumed = plan_slots(no_seller, "d1", as_of=AS_OF, days=1)
    assert assumed.seller_zone.source == "buyer"
    assert "seller_zone_assumed" in assumed.notes
    given = plan_slots(no_seller, "d1", as_of=AS_OF, days=1, seller_tz="Europe/London")
    assert (given.seller_zone.name, given.seller_zone.source) == ("Europe/London", "option")


@pytest.mark.parametrize(
    ("deal", "kwargs", "error", "match"),
    [
        ("nope", {}, NotFoundError, r"no deal with id 'nope' \(known deals: d1\)"),
        ("d1", {"contact_id": "c9"}, NotFoundError, r"'c9' is not a contact of deal 'd1'"),
        ("d1", {"tz": "Mars/Olympus"}, UsageError, r"unknown time zone 'Mars/Olympus'"),
        ("d1", {"days": 0}, UsageError, r"days must be 1 or more"),
    ],
)
def test_rule_p1_bad_requests_are_clear(
    bundle: Bundle, deal: str, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        plan_slots(bundle, deal, as_of=AS_OF, **kwargs)

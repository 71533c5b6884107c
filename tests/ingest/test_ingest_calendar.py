"""Calendar import: meetings in an Outlook .ics become interactions with their attendees."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ingest_helpers import FIXTURES, read_files, rejects

from buyerlens.model import Account, Bundle, Channel, Contact, Deal, DealContact, Direction

ICS = FIXTURES / "calendar" / "meetings.ics"
AMS = ZoneInfo("Europe/Amsterdam")


def test_meetings_become_interactions_of_their_attendees() -> None:
    result = read_files([ICS], ours=("acme.nl",))
    by_subject = {i.subject: i for i in result.bundle.interactions}
    early = by_subject["Bespreking offerte omdozen (Zuivel BV, Leeuwarden)"]
    assert (early.channel, early.direction, early.contact, early.at) == (
        Channel.MEETING,
        Direction.NOTE,
        "email:eva.devries@zuivel.nl",
        datetime(2026, 9, 10, 7, 30, tzinfo=AMS),
    )
    assert early.text == (
        "Vroeg overleg voor het werk begint. Eva wil de prijs bij 60.000 stuks en de "
        "palletspecificatie bespreken.\nPieter sluit aan voor productie."
    )
    assert by_subject["Kick-off trays"].at == datetime(2026, 10, 1, 8, tzinfo=UTC)
    assert by_subject["Lunch met Henk"].at == datetime(2026, 9, 18, 12, tzinfo=AMS)  # floating
    weekly = by_subject["Wekelijks belmoment Van Dam"]  # Windows zone name, recurring
    assert weekly.at == datetime(2026, 9, 21, 8, 15, tzinfo=AMS)
    assert {c.email for c in result.bundle.contacts} == {
        "eva.devries@zuivel.nl",
        "p.bakker@zuivel.nl",
        "sarah.jones@northwind.co.uk",
        "tom.reed@northwind.co.uk",
        "henk@oostmetaal.nl",
        "kees@vandam-bakkerij.nl",
    }


def test_every_event_accounted_for_with_reasons() -> None:
    result = read_files([ICS], ours=("acme.nl",))
    assert result.read == 7
    assert len(result.bundle.interactions) + len(result.rejected) == result.read
    assert rejects(result) == [
        ("meetings.ics", 44, "STATUS"),
        ("meetings.ics", 52, "ATTENDEE"),
        ("meetings.ics", 68, "ATTENDEE"),
    ]
    assert [r.reason for r in result.rejected][:2] == [
        "the meeting was cancelled",
        "nobody from outside our domains (internal meeting)",
    ]


def test_attendees_match_known_contacts_and_the_deal_of_that_time() -> None:
    existing = Bundle(
        accounts=[Account(id="a1", name="Zuivel BV", domain="zuivel.nl")],
        contacts=[Contact(id="c1", account="a1", name="Eva de Vries",
                          email="eva.devries@zuivel.nl")],
        deals=[Deal(id="d1", account="a1", title="Omdozen 2027",
                    created=datetime(2026, 9, 1, 9, tzinfo=AMS),
                    contacts=[DealContact(contact="c1")])],
    )  # fmt: skip
    result = read_files([ICS], ours=("acme.nl",), extra={"existing": existing})
    early = next(i for i in result.bundle.interactions if i.contact == "c1")
    assert early.deal == "d1"
    pieter = next(c for c in result.bundle.contacts if c.email == "p.bakker@zuivel.nl")
    assert pieter.account == "a1"
    again = read_files([ICS], ours=("acme.nl",), extra={"existing": existing})
    assert again.bundle == result.bundle

"""``buyerlens brief`` and ``buyerlens slots`` as a user runs them (real files)."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from report_helpers import data

from buyerlens.cli import main

AS_OF = "2026-10-22T12:00:00+02:00"
STANDUP = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Agenda//NL
BEGIN:VEVENT
UID:standup@acme
DTSTAMP:20261001T080000Z
DTSTART;TZID=Europe/Amsterdam:20261005T074500
DTEND;TZID=Europe/Amsterdam:20261005T084500
RRULE:FREQ=WEEKLY;BYDAY=MO,FR
EXDATE;TZID=Europe/Amsterdam:20261026T074500
SUMMARY:Stand-up
END:VEVENT
END:VCALENDAR
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def bundle_file(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data()), encoding="utf-8")
    return path


def test_brief_markdown_to_stdout(bundle_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["brief", "d1", "--bundle", str(bundle_file), "--as-of", AS_OF], capsys)
    assert code == 0
    assert out.startswith("# Gespreksvoorbereiding: Omdozen 2027\n")
    assert "## Nog te stellen vragen" in out


def test_brief_pdf_and_html_to_files(
    bundle_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "brief.pdf"
    args = ["brief", "d2", "--bundle", str(bundle_file), "--as-of", AS_OF]
    code, _, err = run([*args, "--format", "pdf", "-o", str(pdf)], capsys)
    assert code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert f"written to {pdf}" in err
    page = tmp_path / "brief.html"
    code, _, _ = run([*args, "-f", "html", "--lang", "nl", "-o", str(page)], capsys)
    assert code == 0
    assert '<html lang="nl">' in page.read_text(encoding="utf-8")


def test_slots_json_avoids_the_recurring_calendar_and_writes_an_invitation(
    bundle_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = tmp_path / "busy.ics"
    busy.write_text(STANDUP, encoding="utf-8")
    invite = tmp_path / "invite.ics"
    code, out, err = run(
        ["slots", "d1", "--bundle", str(bundle_file), "--as-of", AS_OF, "--days", "7",
         "--calendar", str(busy), "--json", "--ics", str(invite), "--pick", "2"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    plan = json.loads(out)
    before = [s["start"] for s in plan["slots"] if s["kind"] == "before_work"]
    # Friday 23rd has the stand-up; Monday 26th's is skipped (EXDATE); from the 26th on
    # the clocks are back, so 08:00 local is +01:00.
    assert before == [
        "2026-10-26T08:00:00+01:00",
        "2026-10-27T08:00:00+01:00",
        "2026-10-28T08:00:00+01:00",
        "2026-10-29T08:00:00+01:00",
    ]
    event = icalendar.Calendar.from_ical(invite.read_bytes()).walk("VEVENT")[0]
    assert event["DTSTART"].dt.isoformat() == plan["slots"][1]["start"]
    for field in ("UID", "DTSTAMP", "DTSTART", "DTEND", "ORGANIZER", "ATTENDEE", "SUMMARY"):
        assert field in event


def test_slots_human_output_in_both_zones(
    bundle_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["slots", "d2", "--bundle", str(bundle_file), "--as-of", AS_OF], capsys)
    assert code == 0
    assert "Helen Ashworth (Europe/London)" in out
    assert "You (Europe/Amsterdam)" in out
    assert "Helen Ashworth has no time zone; the account's (Europe/London) is used." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "d9"], "error: no deal with id 'd9'"),
        (["slots", "d9"], "error: no deal with id 'd9'"),
        (["slots", "d1", "--contact", "c3"], "error: contact 'c3' is not a contact of deal"),
    ],
)
def test_unknown_ids_exit_1(
    bundle_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run([*args, "--bundle", str(bundle_file), "--as-of", AS_OF], capsys)
    assert code == 1
    assert err.startswith(message)


def test_contact_without_any_time_zone_asks_for_tz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = data()
    raw["accounts"][1].pop("timezone")
    path = tmp_path / "nozone.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    args = ["slots", "d2", "--bundle", str(path), "--as-of", AS_OF]
    code, _, err = run(args, capsys)
    assert code == 1
    assert "'c3' (Helen Ashworth) has no time zone" in err
    assert "--tz" in err
    code, out, _ = run([*args, "--tz", "Europe/London", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["notes"] == ["buyer_zone_from_option"]


def test_unreadable_calendar_names_the_line(
    bundle_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "busy.ics"
    bad.write_text(STANDUP.replace("SUMMARY:Stand-up", "Stand-up zonder dubbele punt"), "utf-8")
    code, _, err = run(
        ["slots", "d1", "--bundle", str(bundle_file), "--calendar", str(bad)], capsys
    )
    assert code == 1
    assert err.startswith(f"error: {bad}, line 11: not an iCalendar line")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "d1", "--format", "docx"], "--format must be one of md, html, pdf"),
        (["slots", "d1", "--tz", "Mars/Base"], "unknown time zone 'Mars/Base'"),
        (["slots", "d1", "--calendar", "missing.ics"], "missing.ics: no such file"),
    ],
)
def test_usage_errors_exit_2(
    bundle_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run([*args, "--bundle", str(bundle_file), "--as-of", AS_OF], capsys)
    assert code == 2
    assert message in err

"""Values as CRM exports write them: amounts, dates, yes/no, stages, countries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from buyerlens.ingest.layouts import layout
from buyerlens.ingest.values import (
    ValueReadError,
    day_order,
    decimal_mark,
    parse_amount,
    parse_bool,
    parse_day,
    parse_moment,
)
from buyerlens.ingest.vocab import Stages, country_code, industry

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("48.000,00", ",", (48000.0, None)),
        ("48,000.00", ".", (48000.0, None)),
        ("€ 1.234,56", ",", (1234.56, "EUR")),
        ("€1.234,56", ".", (1234.56, "EUR")),  # both marks settle it whatever the column
        ("$1,234", ".", (1234.0, "USD")),
        ("1.250,-", ",", (1250.0, None)),
        ("EUR 12.500", ",", (12500.0, "EUR")),
        ("12 500,50 EUR", ",", (12500.5, "EUR")),
        ("1.250.000", ".", (1250000.0, None)),
        ("1054", ".", (1054.0, None)),
        ("0,92", ",", (0.92, None)),
    ],
)
def test_amounts_in_both_number_styles(
    text: str, mark: str, expected: tuple[float, str | None]
) -> None:
    assert parse_amount(text, decimal=mark) == expected


@pytest.mark.parametrize("text", ["-500.00", "(300)", "48k", "ongeveer 5000", "n.v.t."])
def test_bad_amounts_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ValueReadError, match=r"negative|not an amount"):
        parse_amount(text, decimal=".")


@pytest.mark.parametrize(
    ("values", "default", "expected"),
    [
        (["48000", "1.250", "12.500,50"], ".", ","),  # the third value settles it
        (["1,250", "12,500.50"], ",", "."),
        (["0,92"], ".", ","),
        (["1,250"], ",", ","),  # nothing settles it: the file's habit
        (["1.250.000"], ".", ","),
    ],
)
def test_a_columns_decimal_mark_is_settled_by_its_values(
    values: list[str], default: str, expected: str
) -> None:
    assert decimal_mark(values, default=default) == expected


def test_day_order_is_settled_by_the_column_else_by_the_system() -> None:
    assert day_order(["01/02/2026", "12/15/2026"], default="dmy") == "mdy"
    assert day_order(["01/02/2026", "15/12/2026"], default="mdy") == "dmy"
    assert day_order(["01/02/2026"], default="mdy") == "mdy"
    assert day_order(["05-03-2026"], default="mdy") == "dmy"  # dashes are European
    assert day_order(["2026-03-05"], default="mdy") == "mdy"  # ISO says nothing


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-09-01", "mdy", datetime(2026, 9, 1, tzinfo=AMS)),
        ("2026-09-01 09:00:00", "dmy", datetime(2026, 9, 1, 9, tzinfo=AMS)),
        ("2026-09-01T07:00:00.000+0000", "mdy", datetime(2026, 9, 1, 7, tzinfo=UTC)),
        ("2026-09-01T07:00:00Z", "mdy", datetime(2026, 9, 1, 7, tzinfo=UTC)),
        ("09/01/2026 09:00", "mdy", datetime(2026, 9, 1, 9, tzinfo=AMS)),
        ("01-09-2026 09:00", "dmy", datetime(2026, 9, 1, 9, tzinfo=AMS)),
        ("10/01/2026 9:00 PM", "mdy", datetime(2026, 10, 1, 21, tzinfo=AMS)),
        ("1 september 2026", "dmy", datetime(2026, 9, 1, tzinfo=AMS)),
        ("3 mrt 2026 14:30", "dmy", datetime(2026, 3, 3, 14, 30, tzinfo=AMS)),
        ("1788163200000", "dmy", datetime(2026, 8, 31, 8, tzinfo=UTC)),
    ],
)
def test_times_without_an_offset_get_the_given_zone(
    text: str, order: str, expected: datetime
) -> None:
    moment = parse_moment(text, order=order, zone=AMS)  # type: ignore[arg-type]
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


def test_dates_and_bad_dates() -> None:
    assert parse_day("15-12-2026", order="dmy") == date(2026, 12, 15)
    assert parse_day("12/15/26", order="mdy") == date(2026, 12, 15)
    with pytest.raises(ValueReadError, match="not a date"):
        parse_day("13/01/2027", order="mdy")
    with pytest.raises(ValueReadError, match="not a date"):
        parse_day("volgende week", order="dmy")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("Ja", True),
        ("1", True),
        ("false", False),
        ("nee", False),
        ("", False),
        ("misschien", None),
    ],
)
def test_yes_and_no_in_english_and_dutch(text: str, expected: bool | None) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize(
    ("stage", "outcome", "noted"),
    [
        ("Closed Won", "won", False),
        ("closedwon", "won", False),
        ("Closed Lost", "lost", False),
        ("Clsoed Won", "won", True),  # a typo, read as the close match
        ("Gesloten gewonen", "won", True),
        ("Qualifed to Buy", "open", True),
        ("Offerte besproken", "open", True),  # a custom stage: open, and said so
        ("Deal won via partner", "won", True),
    ],
)
def test_stage_names_map_to_outcomes_with_typo_tolerance(
    stage: str, outcome: str, noted: bool
) -> None:
    found, note = Stages(layout("hubspot")).outcome(stage)
    assert (found, note is not None) == (outcome, noted)


@pytest.mark.parametrize(
    ("system", "stage"),
    [("hubspot", "Closed"), ("salesforce", "Gesloten"), ("hubspot", "Closed Wost")],
)
def test_an_ambiguous_stage_is_refused_not_guessed(system: str, stage: str) -> None:
    with pytest.raises(ValueReadError, match="ambiguous"):
        Stages(layout(system)).outcome(stage)


def test_a_mapping_adds_a_teams_own_stages() -> None:
    stages = Stages(layout("csv"), extra={"stage:Order getekend": "won", "Kans": "deal.title"})
    assert stages.outcome("Order getekend") == ("won", None)


@pytest.mark.parametrize(
    ("text", "code", "fixed"),
    [
        ("Netherlands", "NL", False),
        ("Nederland", "NL", False),
        ("NL", "NL", False),
        ("Philipines", "PH", True),
        ("Verenigde Staten", "US", False),
        ("Atlantis", None, False),
    ],
)
def test_country_names_in_english_and_dutch(text: str, code: str | None, fixed: bool) -> None:
    assert country_code(text) == (code, fixed)


def test_only_a_near_miss_industry_is_corrected() -> None:
    assert industry("technolgy") == ("technology", True)
    assert industry("Dairy") == ("dairy", False)
    assert industry("Ruimtevaart") == ("Ruimtevaart", False)

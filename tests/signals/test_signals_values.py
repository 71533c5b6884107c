"""Parsed values: amounts in both number styles (R-B2) and due dates (R-B1)."""

from __future__ import annotations

from datetime import datetime

import pytest

from buyerlens.signals import extract, parse_amount, parse_number, resolve_due
from buyerlens.signals.values import find_due

AT = datetime.fromisoformat("2026-09-02T10:00:00+02:00")  # Wednesday


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("0,92 per stuk", "nl", {"amount": 0.92, "currency": "EUR", "unit": "piece"}),
        ("€ 1.234,56", "nl", {"amount": 1234.56, "currency": "EUR"}),
        ("40.000 euro", "nl", {"amount": 40000.0, "currency": "EUR"}),
        ("€ 40.000,-", "nl", {"amount": 40000.0, "currency": "EUR"}),
        ("1.85 per unit", "en", {"amount": 1.85, "currency": None, "unit": "piece"}),
        ("38 cents", "en", {"amount": 0.38, "currency": None}),
        ("38 cent per etiket", "nl", {"amount": 0.38, "currency": "EUR", "unit": "piece"}),
        ("£18,000", "en", {"amount": 18000.0, "currency": "GBP"}),
        ("$1,250.50", "en", {"amount": 1250.5, "currency": "USD"}),
        ("£10k", "en", {"amount": 10000.0, "currency": "GBP"}),
        ("2,400 a month", "en", {"amount": 2400.0, "currency": None, "unit": "month"}),
        ("€ 2,15 per rol", "nl", {"amount": 2.15, "currency": "EUR", "unit": "roll"}),
        ("€ 0,96 per liter", "nl", {"amount": 0.96, "currency": "EUR", "unit": "l"}),
        ("€ 0,42 per kWh", "nl", {"amount": 0.42, "currency": "EUR", "unit": "kWh"}),
        ("£4.80/kg", "en", {"amount": 4.8, "currency": "GBP", "unit": "kg"}),
        ("£0.42 per litre", "en", {"amount": 0.42, "currency": "GBP", "unit": "l"}),
        ("£62 per m3", "en", {"amount": 62.0, "currency": "GBP", "unit": "m3"}),
        ("£14.20 a sheet", "en", {"amount": 14.2, "currency": "GBP", "unit": "sheet"}),
    ],
)
def test_parse_amount(text: str, lang: str, value: dict[str, object]) -> None:
    assert parse_amount(text, lang=lang) == value


def test_bare_numbers_are_not_money() -> None:
    assert parse_amount("12.000 dozen", lang="nl") is None
    assert parse_amount("50k", lang="en") is None
    assert parse_amount("50k", lang="en", need_marker=False) == {
        "amount": 50000.0,
        "currency": None,
    }


@pytest.mark.parametrize(
    ("raw", "lang", "number"),
    [
        ("1.234,56", "nl", 1234.56),
        ("1,234.56", "en", 1234.56),
        ("40.000", "nl", 40000),
        ("18,000", "en", 18000),
        ("0,92", "nl", 0.92),
        ("1.85", "en", 1.85),
        ("1.000.000", "en", 1e6),
    ],
)
def test_parse_number_both_styles(raw: str, lang: str, number: float) -> None:
    assert parse_number(raw, lang=lang) == number


def test_price_anchor_in_a_message_carries_the_value() -> None:
    text = "Ons budget is 50k en we betalen nu € 1.234,56 per pallet."
    anchors = [s for s in extract(text, role="buyer", lang="nl") if s.kind == "price_anchor"]
    assert [s.value for s in anchors] == [
        {"amount": 50000.0, "currency": "EUR"},
        {"amount": 1234.56, "currency": "EUR", "unit": "pallet"},
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Tegen 2,15 per rol gaan we akkoord.", 2.15),
        ("Wat wij nu betalen is 0,58 per rol. Kom je daaronder dan praten we verder.", 0.58),
        ("If you can match 4.80/kg we'll commit to 2 tonnes a month.", 4.8),
        ("We pay about 1.12 a litre for semi-skimmed at the moment.", 1.12),
    ],
)
def test_a_price_per_roll_litre_or_kilo_is_an_anchor(text: str, amount: float) -> None:
    # R-B2: a figure with a unit of its own is a stated price, in both languages
    anchors = [s for s in extract(text, role="buyer", learned=False) if s.kind == "price_anchor"]
    assert [(s.value or {}).get("amount") for s in anchors] == [amount]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Eerlijk? Bij 0,29 teken ik morgen.", 0.29),
        ("Bij 1,10 tekenen we vandaag nog voor 20.000 stuks.", 1.1),
        ("Voor 0,58 doen we het.", 0.58),
        ("At 6.25 I'd give you a go. Send 2 loads of 400 next week.", 6.25),
        ('Lisa: "at 41.50 we\'d do it, send me the paperwork".', 41.5),
    ],
)
def test_the_figure_a_decision_hangs_on_is_an_anchor(text: str, amount: float) -> None:
    # R-B2 and B1: "bij 0,29 teken ik" names the price (a bare figure, no currency) and
    # the decision; a bare figure counts as a price only before such a decision
    found = extract(text, role="buyer", learned=False)
    assert "buying_intent" in {s.kind for s in found}
    anchors = [s for s in found if s.kind == "price_anchor"]
    assert [(s.value or {}).get("amount") for s in anchors] == [amount]


@pytest.mark.parametrize(
    "text",
    [
        "Het contract teken ik om 14.30 uur.",
        "Bij 3 van de 200 ging de lijmnaad open, dus zo teken ik niet.",
        "I'm free for a call Thursday at 7:30am CT before the shift huddle.",
    ],
)
def test_times_and_counts_before_a_decision_are_no_anchor(text: str) -> None:
    found = extract(text, role="buyer", learned=False)
    assert "price_anchor" not in {s.kind for s in found}


def test_a_refused_signature_is_no_buying_intent() -> None:
    # the decision entry's `unless_clause`: "teken ik niet" refuses
    found = {s.kind for s in extract("Een looptijd van vijf jaar teken ik niet.", role="buyer")}
    assert "buying_intent" not in found


def test_authority_limit_is_not_a_price_anchor() -> None:
    """R-B3: "alles boven de 25.000 euro moet langs de directeur" is an approval limit."""
    found = {
        s.kind for s in extract("Alles boven de 25.000 euro moet langs de directeur.", role="buyer")
    }
    assert "approval_process" in found
    assert "price_anchor" not in found


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("uiterlijk vrijdag", "2026-09-04T17:00:00+02:00"),
        ("maandag", "2026-09-07T17:00:00+02:00"),
        ("volgende week", "2026-09-11T17:00:00+02:00"),
        ("by end of day Tuesday", "2026-09-08T17:00:00+02:00"),
        ("next week", "2026-09-11T17:00:00+02:00"),
        ("tomorrow", "2026-09-03T17:00:00+02:00"),
        ("morgen", "2026-09-03T17:00:00+02:00"),
        ("vandaag", "2026-09-02T17:00:00+02:00"),
        ("5 september", "2026-09-05T17:00:00+02:00"),
        ("September 15th", "2026-09-15T17:00:00+02:00"),
        ("binnen 3 werkdagen", "2026-09-07T17:00:00+02:00"),
        ("end of the month", "2026-09-30T17:00:00+02:00"),
    ],
)
def test_resolve_due(phrase: str, due: str) -> None:
    result = resolve_due(phrase, at=AT)
    assert result is not None
    assert result.isoformat() == due


def test_commitment_due_date_resolved_against_message_time() -> None:
    (sig,) = [
        s
        for s in extract("Ik stuur u uiterlijk vrijdag de offerte.", role="seller", at=AT)
        if s.kind == "commitment"
    ]
    assert sig.value == {"due": "2026-09-04T17:00:00+02:00", "due_text": "vrijdag"}
    (undated,) = [
        s
        for s in extract("I'll check with production.", role="seller", at=AT)
        if s.kind == "commitment"
    ]
    assert undated.value is None
    (no_at,) = [
        s for s in extract("I'll send it tomorrow.", role="seller") if s.kind == "commitment"
    ]
    assert no_at.value == {"due": None, "due_text": "tomorrow"}


@pytest.mark.parametrize(
    ("text", "due", "said"),
    [
        ("Ik stuur het morgen uiterlijk 12:00.", "2026-09-03T12:00:00+02:00",
         "morgen uiterlijk 12:00"),
        ("U heeft het vóór 15.00 uur vrijdag.", "2026-09-04T15:00:00+02:00",
         "vóór 15.00 uur vrijdag"),
        ("Ik bel u donderdag om 10u terug.", "2026-09-03T10:00:00+02:00", "donderdag om 10u"),
        ("You'll have it by 3pm tomorrow.", "2026-09-03T15:00:00+02:00", "by 3pm tomorrow"),
        ("I'll send it Thursday midday.", "2026-09-03T12:00:00+02:00", "Thursday midday"),
        ("I'll confirm by 5.30pm today.", "2026-09-02T17:30:00+02:00", "by 5.30pm today"),
        ("Ik laat het u uiterlijk 15:00 weten.", "2026-09-02T15:00:00+02:00", "uiterlijk 15:00"),
        ("I'll get back to you by 9am.", "2026-09-03T09:00:00+02:00", "by 9am"),  # 9am passed
    ],
)  # fmt: skip
def test_a_time_of_day_sets_the_hour_of_the_due_date(text: str, due: str, said: str) -> None:
    found = find_due(text, 0, len(text), AT)  # AT: Wednesday 2 September 2026, 10:00
    assert found is not None
    assert (found[0].isoformat() if found[0] else None, found[1]) == (due, said)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Ik stuur u vrijdag de offerte voor 10.000 stuks.", "vrijdag"),
        ("I'll send it Friday; the truck arrives around lunch at 7:40 at dock 4.", "Friday"),
        ("We can do 1.50 per unit by Friday.", "Friday"),
        ("I'll call you this afternoon.", "this afternoon"),
        # a rating scale is no date: "1-10" is not the first of October
        ("Gevraagd hoe ze Van Dam scoren op 1-10; ik stuur de specs vrijdag.", "vrijdag"),
        ("On a 1-10 scale she gave them a 7; I'll send the figures tomorrow.", "tomorrow"),
        ("Op een schaal van 1-10 een 7, en ik bel u uiterlijk 9-10 terug.", "9-10"),
    ],
)
def test_numbers_far_times_and_rating_scales_are_no_due_date(text: str, said: str) -> None:
    found = find_due(text, 0, len(text), AT)
    assert found is not None
    assert found[1] == said
    assert found[0] is not None
    assert found[0].hour == 17


@pytest.mark.parametrize(
    "text",
    [
        "De vrachtwagen komt om 7:40.",
        "Ik bel u om 15:00.",
        "1.50",
        "Ze geven Van Dam een 7 op een schaal van 1-10.",
        "I'd rate them 8 out of 1-10.",
    ],
)
def test_an_appointment_a_number_or_a_scale_alone_is_no_due_date(text: str) -> None:
    assert find_due(text, 0, len(text), AT) is None


def test_commitment_due_with_a_time_of_day() -> None:
    (sig,) = [
        s
        for s in extract("Ik stuur u morgen de offerte, uiterlijk 12:00.", role="seller", at=AT)
        if s.kind == "commitment"
    ]
    assert sig.value == {"due": "2026-09-03T12:00:00+02:00", "due_text": "morgen uiterlijk 12:00"}

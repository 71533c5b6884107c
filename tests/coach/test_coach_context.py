"""The coach with a deal's context: case study (R-P2), off-hours slot (R-P1), price (R-B2)."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from buyerlens.coach import CoachContext, context_from_bundle, review
from buyerlens.model import Bundle, Money, NotFoundError, parse_bundle
from buyerlens.model.errors import BadInputError

BUNDLE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "coach_bundle.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return parse_bundle(BUNDLE, name="coach-test")


def test_context_of_a_deal_takes_its_buyer(bundle: Bundle) -> None:
    ctx = context_from_bundle(bundle, deal_id="d1")
    assert ctx == CoachContext(
        first_contact=False,
        timezone="Europe/Amsterdam",
        working_hours=(time(7, 30), time(16, 0)),
        industry="dairy",
        credentials=tuple(bundle.seller.credentials) if bundle.seller else (),
        product="omdozen",
        price=Money(amount=48000, currency="EUR"),
        language="nl",
        contact_name="Eva de Vries",
    )


def test_first_contact_is_read_from_the_history(bundle: Bundle) -> None:
    before = datetime.fromisoformat("2026-09-30T12:00:00+02:00")
    assert context_from_bundle(bundle, deal_id="d1", as_of=before).first_contact is True
    assert context_from_bundle(bundle, deal_id="d1").first_contact is False
    assert context_from_bundle(bundle, contact_id="c3").first_contact is True


def test_contact_alone_finds_its_one_open_deal(bundle: Bundle) -> None:
    ctx = context_from_bundle(bundle, contact_id="c3")
    assert (ctx.product, ctx.industry, ctx.timezone) == ("Bakery trays", "bakery", "Europe/London")


@pytest.mark.parametrize(("deal", "contact"), [("nope", None), (None, "nope")])
def test_unknown_ids_are_not_found(bundle: Bundle, deal: str | None, contact: str | None) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        context_from_bundle(bundle, deal_id=deal, contact_id=contact)


def test_suggestions_use_the_deal(bundle: Bundle) -> None:
    ctx = context_from_bundle(bundle, deal_id="d1")
    text = "Beste Eva,\n\nWat betaalt u nu voor de omdozen? Kunnen we dinsdag om 10.00 uur bellen?"
    result = review(text, context=ctx)
    by_id = {f.id: f for f in result.findings}
    # R-B2: the hypothetical price question with the deal's product and amount.
    assert "Als mijn prijs voor omdozen € 48.000 is, zou u dan bestellen?" in (
        by_id["current_price_question"].suggestion
    )
    # R-P1: free slots around Eva's own working hours, in her time zone.
    busy = by_id["meeting_in_busy_hours"]
    assert "(7.30-16.00 uur)" in busy.message
    assert "7.00 uur voor het werk" in busy.suggestion
    assert "16.15 uur na het werk" in busy.suggestion
    assert "Europe/Amsterdam" in busy.suggestion


def test_credibility_suggestion_names_the_same_industry_case(bundle: Bundle) -> None:
    before = datetime.fromisoformat("2026-09-01T00:00:00+02:00")
    ctx = context_from_bundle(bundle, deal_id="d1", as_of=before)
    assert ctx.first_contact
    result = review(
        "Beste Eva,\n\nIk las dat Zuivel BV in maart een tweede vullijn opent. Schikt dinsdag "
        "om 7.00 uur voor een kort gesprek, voordat de verpakking is gekozen?",
        context=ctx,
    )
    (finding,) = [f for f in result.findings if f.id == "no_credibility"]
    assert finding.suggestion == (
        'Open met uw case "Melkunie line waste -18%" (dairy): één regel over wat het opleverde.'
    )


def test_credibility_falls_back_to_an_award_outside_the_industry(bundle: Bundle) -> None:
    ctx = context_from_bundle(bundle, contact_id="c3")
    result = review(
        "Hi Olivia,\n\nI saw that Northgate opens a bakery in Leeds in March. Would 7:45 on "
        "Tuesday work for a short call before the trays are chosen?",
        context=ctx,
    )
    (finding,) = [f for f in result.findings if f.id == "no_credibility"]
    assert finding.suggestion == 'Mention "Supplier of the Year 2025" in one line.'


def test_naming_a_credential_of_the_library_counts_as_credibility(bundle: Bundle) -> None:
    ctx = context_from_bundle(bundle, contact_id="c3")
    result = review(
        "Hi Olivia,\n\nAs Supplier of the Year 2025 we know tight launches. Would 7:45 on "
        "Tuesday work for a short call before your Leeds bakery opens?",
        context=ctx,
    )
    assert "no_credibility" not in result.finding_ids


def test_context_from_json_checks_its_fields() -> None:
    ctx = CoachContext.from_json(
        {"first_contact": True, "working_hours": "08:00-16:30", "price": 0.92, "product": "trays"}
    )
    assert ctx.working_hours == (time(8, 0), time(16, 30))
    assert ctx.price == Money(amount=0.92, currency="EUR")
    with pytest.raises(BadInputError, match="unknown context field"):
        CoachContext.from_json({"timezon": "Europe/Amsterdam"})
    with pytest.raises(BadInputError, match="working hours"):
        CoachContext.from_json({"working_hours": "late"})
    with pytest.raises(BadInputError, match="risk_aversion"):
        CoachContext.from_json({"risk_aversion": "very"})


def test_risk_aversion_comes_from_the_diagnosis() -> None:
    # R-P2: a buyer who asks for references, guarantees and certificates is risk-averse;
    # the coach then asks for credibility even in a follow-up.
    data = json.loads(json.dumps(BUNDLE))
    data["interactions"] += [
        {
            "id": "i2",
            "deal": "d1",
            "contact": "c1",
            "direction": "inbound",
            "at": "2026-10-02T09:00:00+02:00",
            "text": "Beste Piet, kunt u referenties sturen van andere zuivelbedrijven? Welke "
            "garanties geeft u bij stilstand? Wij kunnen ons geen risico veroorloven.",
        },
        {
            "id": "i3",
            "deal": "d1",
            "contact": "c1",
            "direction": "inbound",
            "at": "2026-10-05T09:00:00+02:00",
            "text": "Wie gebruikt uw dozen nog meer? Ik wil zekerheid dat de overstap geen "
            "verstoring geeft.",
        },
    ]
    as_of = datetime.fromisoformat("2026-10-10T12:00:00+02:00")
    wary = context_from_bundle(parse_bundle(data, name="wary"), deal_id="d1", as_of=as_of)
    calm = context_from_bundle(parse_bundle(BUNDLE, name="calm"), deal_id="d1", as_of=as_of)
    assert (wary.risk_aversion, calm.risk_aversion) == ("high", "unknown")
    text = "Hoi Eva,\n\nKunnen we donderdag om 7.15 uur bellen, voor de proef op lijn 3 start?"
    assert "no_credibility" in review(text, context=wary).finding_ids
    assert "no_credibility" not in review(text, context=calm).finding_ids

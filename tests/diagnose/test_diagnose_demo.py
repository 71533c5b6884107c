"""A few robust conclusions on the demo bundle (src/buyerlens/data/DEMO.md tells each
deal's story). Only conclusions that rest on recorded facts or on many clear signals."""

from __future__ import annotations

from importlib import resources

import pytest
from diagnose_helpers import AS_OF

from buyerlens.diagnose import Diagnosis
from buyerlens.engine import analyze
from buyerlens.model import parse_bundle


@pytest.fixture(scope="module")
def demo() -> dict[str, Diagnosis]:
    path = resources.files("buyerlens.data").joinpath("demo.json")
    if not path.is_file():
        pytest.skip("the demo bundle src/buyerlens/data/demo.json is not there yet")
    bundle = parse_bundle(path.read_text("utf-8"))
    return {d.deal: d for d in analyze(bundle, as_of=AS_OF)}


def test_d1_is_an_audition_the_seller_is_failing(demo: dict[str, Diagnosis]) -> None:
    d1 = demo["d1"]
    assert d1.patterns.audition.level == "high"
    assert [p["id"] for p in d1.scorecard.to_json()["overdue"]] == ["k105", "k107"]
    assert d1.actions[0].id == "deliver_overdue_promises"


def test_d2_the_discouraged_price_question(demo: dict[str, Diagnosis]) -> None:
    d2 = demo["d2"]
    assert d2.patterns.price_focus.level == "high"
    assert "i203" in d2.patterns.price_focus.picture.discouraged_asked
    assert {"stop_asking_current_price", "ask_hypothetical_price"} <= {a.id for a in d2.actions}


def test_d3_the_recommended_price_question_asked_and_answered(
    demo: dict[str, Diagnosis],
) -> None:
    question = next(q for q in demo["d3"].questions if q.id == "price_if_y")
    assert (question.asked, question.answered) == (True, True)
    assert demo["d3"].actions == ()  # won: nothing left to do


def test_d5_and_d6_incumbents(demo: dict[str, Diagnosis]) -> None:
    assert demo["d5"].patterns.incumbent.relationship == "weak"
    assert "press_on_weak_incumbent" in {a.id for a in demo["d5"].actions}
    assert demo["d6"].patterns.incumbent.relationship == "strong"
    assert "persist_patiently_strong_incumbent" in {a.id for a in demo["d6"].actions}


def test_d5_the_incumbent_named_is_evidence(demo: dict[str, Diagnosis]) -> None:
    # R-B4: "Vorige week weer een levering van Lemmens die niet kwam, lijn 2 heeft een
    # halve dag stilgestaan." names the deal's incumbent (Kartonnage Lemmens) without
    # saying "leverancier": the CRM knows the name
    evidence = demo["d5"].patterns.incumbent.evidence
    named = [e for e in evidence if e.interaction == "i506"]
    assert [(e.text, e.kind) for e in named] == [("Lemmens", "incumbent")]
    assert named[0].weight < 0  # said in anger: it weakens the incumbent's hold


def test_d7_time_poor_gets_slots_in_london(demo: dict[str, Diagnosis]) -> None:
    d7 = demo["d7"]
    assert d7.contacts["c17"].priorities["time_poor"].level == "high"
    action = next(a for a in d7.actions if a.id == "propose_off_hours")
    assert action.details["timezone"] == "Europe/London"
    before = [s for s in action.details["slots"] if s["kind"] == "before_work"]
    assert before
    assert before[0]["start"][11:16] < "08:00"


def test_d8_credibility_from_the_bakery_industry(demo: dict[str, Diagnosis]) -> None:
    action = next(a for a in demo["d8"].actions if a.id == "lead_with_credibility")
    assert action.details["credential"]["industry"] == "bakery"
    assert demo["d8"].contacts["c19"].priorities["risk_averse"].level == "high"


def test_d10_the_healthy_deal_has_nothing_high(demo: dict[str, Diagnosis]) -> None:
    d10 = demo["d10"]
    levels = [f.level for f in d10.patterns.as_dict().values()]
    levels += [f.level for c in d10.contacts.values() for f in c.priorities.values()]
    assert "high" not in levels


def test_seller_due_dates_in_call_notes_make_nobody_time_poor(
    demo: dict[str, Diagnosis],
) -> None:
    # "- Ruud stuurt de ... verklaring (DoC) uiterlijk vrijdag 23/10." (d10, i1005) and
    # "Promised: down-gauging trial data by 23/10." (d6, i604) are the seller's lines
    for deal, person in (("d10", "c14"), ("d6", "c12")):
        time_poor = demo[deal].contacts[person].priorities["time_poor"]
        assert time_poor.level in ("none", "low")
        assert not [e for e in time_poor.evidence if e.kind == "time_pressure"]
        assert "keep_it_short" not in {a.id for a in demo[deal].actions}


def test_d6_the_sellers_rating_question_is_no_price_talk(demo: dict[str, Diagnosis]) -> None:
    # call note i604: "Asked how she'd rate Northern on 1-10" is the seller's question,
    # "they're not the cheapest" the buyer's quoted words (no vague claim of the seller)
    d6 = demo["d6"]
    assert d6.patterns.price_focus.level in ("none", "low")
    assert "ask_hypothetical_price" not in {a.id for a in d6.actions}
    assert "i604" not in {r.interaction for r in d6.scorecard.requests}
    assert not d6.scorecard.vague_claims

"""The review as a whole: the JSON contract, spans, stats, the score and its explanation."""

from __future__ import annotations

import pytest

from buyerlens.coach import CoachContext, detect_language, review
from buyerlens.coach._data import thresholds
from buyerlens.model.errors import BadInputError

DRAFT_EN = (
    "Hi Olivia,\n\nOur world-class cartons will save you a lot. I'll send the samples "
    "soon. What are you paying now per carton?\n\nKind regards,\nTom\n\n"
    "On Mon, 2 Nov 2026 at 09:12, Olivia Hart wrote:\n> We are the market leader, what "
    "do you pay now?"
)


def test_json_contract_shape() -> None:
    data = review(DRAFT_EN).to_json()
    assert set(data) == {"score", "lang", "stats", "findings", "explanation"}
    assert data["lang"] == "en"
    assert set(data["stats"]) >= {"words", "sentences", "questions", "readability"}
    assert 0 <= data["score"] <= 100
    for finding in data["findings"]:
        assert set(finding) - {"start", "end"} == {
            "id",
            "severity",
            "message",
            "suggestion",
            "rule",
        }
        assert finding["severity"] in ("high", "medium", "low")
        assert finding["rule"] in ("P1", "P2", "P3", "B1", "B2")
    assert {c["finding"] for c in data["explanation"]["costs"]} == {
        f["id"] for f in data["findings"]
    }


def test_spans_point_at_the_phrase_and_skip_quoted_history() -> None:
    result = review(DRAFT_EN)
    spans = {f.id: DRAFT_EN[f.start : f.end] for f in result.findings if f.start is not None}
    vague = [DRAFT_EN[f.start : f.end] for f in result.findings if f.id == "vague_claim"]
    assert vague == ["world-class", "save you a lot"]
    assert spans["current_price_question"] == "What are you paying now"
    assert spans["undated_promise"].startswith("I'll send the samples soon")
    quoted = DRAFT_EN.index("On Mon")
    assert all(f.end is None or f.end <= quoted for f in result.findings)


def test_stats_count_the_body_only() -> None:
    stats = review(DRAFT_EN).stats
    # Greeting, sign-off, signature and quoted history are not the seller's message.
    assert stats.words == 20
    assert stats.sentences == 3
    assert stats.questions == 1
    assert stats.readability is not None


def test_score_is_explained_cost_by_cost() -> None:
    result = review(DRAFT_EN)
    costs = result.explanation.costs
    assert result.score == max(0, 100 - sum(c.cost for c in costs))
    assert costs[0].finding == "current_price_question"
    assert costs[0].cost == 30
    assert "current_price_question (high) -30" in result.explanation.text


def test_repeats_cost_less_than_new_findings() -> None:
    one = review("Hi Tom,\n\nOur world-class cartons fit. Can we talk at 7:45?")
    three = review(
        "Hi Tom,\n\nOur world-class, innovative, best-in-class cartons fit. Can we talk at 7:45?"
    )
    cost_one = one.explanation.costs[0]
    cost_three = three.explanation.costs[0]
    assert (cost_one.count, cost_three.count) == (1, 3)
    assert cost_one.cost < cost_three.cost < 3 * cost_one.cost


def test_clean_draft_explains_nothing_was_taken_off() -> None:
    result = review(
        "Hoi Eva,\n\nDe specificatie stuur ik je donderdag vóór 12.00 uur. Klopt het dat "
        "jullie 120 dozen per pallet willen?\n\nGroet,\nPiet"
    )
    assert (result.score, result.findings, result.explanation.band) == (100, (), "ready")
    assert result.explanation.text.startswith("Geen bevindingen")


def test_messages_are_in_the_drafts_language() -> None:
    nl = review("Beste Eva,\n\nWat betaalt u nu per doos?\n\nGroet,\nPiet")
    en = review("Hi Olivia,\n\nWhat do you pay now per carton?\n\nBest,\nTom")
    assert (nl.lang, en.lang) == ("nl", "en")
    assert "Als mijn prijs voor [product] [prijs] is" in nl.findings[0].suggestion
    assert "If my price for [product] is [price]" in en.findings[0].suggestion


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kunnen we dinsdag bellen over de nieuwe dozen?", "nl"),
        ("Could we talk on Tuesday about the new cartons?", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_forced_language_wins() -> None:
    assert review("Could we talk on Tuesday?", lang="nl").lang == "nl"


@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [
        ("", None, "empty"),
        ("   \n ", None, "empty"),
        ("Hello there, can we talk?", "de", "Dutch (nl) and English (en)"),
        ("x" * 100_001, None, "up to 100000"),
        ("Hi Jan,", None, "no words of its own"),
        ("> Kunt u de offerte sturen?\n> Groet, Eva", None, "no words of its own"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    text: str, lang: str | None, fragment: str
) -> None:
    with pytest.raises(BadInputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        review(text, lang=lang)


def test_first_contact_is_held_to_stricter_limits() -> None:
    limits = thresholds()
    words = limits["too_long"]["max_words_first_contact"] + 5
    body = " ".join(["Our cartons ship from Venlo in two days."] * (words // 8 + 1))
    text = f"Hi Olivia,\n\n{body} Can we talk at 7:45 before your tender closes?\n\nBest,\nTom"
    assert "too_long" in review(text, context=CoachContext(first_contact=True)).finding_ids
    assert "too_long" not in review(text).finding_ids


def test_risk_averse_buyer_needs_credibility_even_in_a_follow_up() -> None:
    text = (
        "Hi Olivia,\n\nCould we talk at 7:45 on Tuesday, before your tender closes?\n\nBest,\nTom"
    )
    assert "no_credibility" not in review(text).finding_ids
    risky = review(text, context=CoachContext(risk_aversion="high"))
    assert [f.severity for f in risky.findings if f.id == "no_credibility"] == ["high"]

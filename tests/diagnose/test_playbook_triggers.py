"""Every action and question id of product.md, with the trigger that brings it up.

Each case starts from a healthy deal (which triggers nothing) and adds the one thing the
entry reacts to; the test asserts the entry appears, and is absent from the healthy deal.
"""

from __future__ import annotations

from typing import Any

import pytest
from diagnose_helpers import AS_OF, Spec, at, contact, facts_of, make_bundle, msg

from buyerlens.diagnose import Diagnosis
from buyerlens.engine import diagnose

REPLY = (
    "Dank voor uw bericht. Ik heb de informatie doorgelezen en met mijn collega's van "
    "de planning besproken. We komen er volgende week bij u op terug met onze vragen."
)
ASK_PROCESS = "Is er nog iemand anders betrokken bij de beslissing?"


def healthy(**changes: Any) -> dict[str, Any]:
    """A recent, calm thread; a buyer within their authority; the process question asked."""
    messages = [msg("o0", "outbound", at("2026-11-16", "09:00"), ASK_PROCESS)]
    for k, day in enumerate(("2026-11-17", "2026-11-19", "2026-11-23", "2026-11-25")):
        messages.append(msg(f"i{k}", "inbound", at(day, "11:00"), REPLY))
        messages.append(msg(f"o{k + 1}", "outbound", at(day, "15:00"), "Dank, tot snel."))
    kwargs: dict[str, Any] = {
        "messages": messages,
        "contacts": [contact(authority_limit={"amount": 50000, "currency": "EUR"})],
        "deal": {"stage": "qualification"},
    }
    kwargs.update(changes)
    return kwargs


BASE_SCRIPT: dict[str, list[Spec]] = {
    "o0": [("process_question", ASK_PROCESS, {"question": "process_who_decides"})]
}


def run(
    kwargs: dict[str, Any],
    script: dict[str, list[Spec]],
    *,
    lang: str | None = None,
) -> Diagnosis:
    facts = facts_of(make_bundle(**kwargs), {**BASE_SCRIPT, **script})
    return diagnose(facts, lang=lang)


def with_reply(kwargs: dict[str, Any], iid: str, text: str) -> dict[str, Any]:
    messages = [m if m["id"] != iid else {**m, "text": text} for m in kwargs["messages"]]
    return {**kwargs, "messages": messages}


BUSY = "Ik heb het erg druk, kort graag. " + REPLY
RISK = "Welke andere zuivelbedrijven gebruiken dit al? " + REPLY
DETAIL = "Wat is de tolerantie op de rilbreedte? " + REPLY
PRICE = "De prijs is te hoog voor ons. " + REPLY


def twice(text: str, kind: str, words: str) -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = with_reply(with_reply(healthy(), "i1", text), "i2", text)
    return kwargs, {"i1": [(kind, words)], "i2": [(kind, words)]}


def overdue() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    commitments = [
        {
            "id": "k1",
            "deal": "d1",
            "text": "palletspecificatie sturen",
            "due": at("2026-11-20", "17:00"),
        }
    ]
    return healthy(commitments=commitments), {}


def open_request() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = healthy()
    kwargs["messages"].append(
        msg("i9", "inbound", at("2026-11-26", "08:00"), "Kunt u de testrapporten sturen?")
    )
    return kwargs, {"i9": [("info_request", "Kunt u de testrapporten sturen?")]}


def current_price() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = healthy()
    kwargs["messages"][2] = {**kwargs["messages"][2], "text": "Wat betaalt u nu per doos?"}
    return kwargs, {"o1": [("current_price_question", "Wat betaalt u nu per doos?")]}


def above_limit() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = healthy(deal={"amount": 80000, "stage": "qualification"})
    return kwargs, {}


def stakeholder() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = with_reply(healthy(), "i2", "Dit moet ook langs kwaliteitscontrole. " + REPLY)
    return kwargs, {
        "i2": [("stakeholder", "kwaliteitscontrole", {"value": {"role": "quality_control"}})]
    }


def incumbent(rating: int | None) -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    answers = (
        []
        if rating is None
        else [
            {
                "deal": "d1",
                "contact": "c1",
                "question": "relationship_rating",
                "value": rating,
                "at": at("2026-11-20"),
            }
        ]
    )
    deal = {"incumbent": "Verpakkingen Oost", "stage": "qualification"}
    return healthy(deal=deal, answers=answers), {}


def vague() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = healthy()
    kwargs["messages"][2] = {**kwargs["messages"][2], "text": "Wij zijn marktleider."}
    return kwargs, {"o1": [("vague_claim", "marktleider")]}


def stalled() -> tuple[dict[str, Any], dict[str, list[Spec]]]:
    kwargs = healthy()
    kwargs["messages"] = [m for m in kwargs["messages"] if m["at"] < at("2026-11-18")]
    kwargs["messages"][0] = {**kwargs["messages"][0], "at": at("2026-10-01")}
    kwargs["messages"][1] = {**kwargs["messages"][1], "at": at("2026-10-02")}
    kwargs["messages"][2] = {**kwargs["messages"][2], "at": at("2026-10-03")}
    return kwargs, {}


ACTION_CASES = {
    "keep_it_short": lambda: twice(BUSY, "time_pressure", "erg druk"),
    "reason_to_talk_now": stalled,
    "propose_off_hours": lambda: twice(BUSY, "time_pressure", "erg druk"),
    "lead_with_credibility": lambda: twice(RISK, "risk_concern", "andere zuivelbedrijven"),
    "patient_persistence": lambda: twice(RISK, "risk_concern", "andere zuivelbedrijven"),
    "bring_technical_expert": lambda: twice(DETAIL, "detail_request", "tolerantie"),
    "answer_with_specifics": vague,
    "deliver_overdue_promises": overdue,
    "reply_to_open_requests": open_request,
    "ask_hypothetical_price": lambda: twice(PRICE, "price_focus", "De prijs is te hoog"),
    "stop_asking_current_price": current_price,
    "map_approval_path": above_limit,
    "meet_missing_stakeholders": stakeholder,
    "ask_relationship_questions": lambda: incumbent(None),
    "press_on_weak_incumbent": lambda: incumbent(4),
    "persist_patiently_strong_incumbent": lambda: incumbent(9),
}

QUESTION_CASES = {
    "price_if_y": lambda: twice(PRICE, "price_focus", "De prijs is te hoog"),
    "price_at_what": current_price,
    "process_add_supplier": lambda: (
        healthy(deal={"new_supplier": True, "stage": "qualification"}),
        {},
    ),
    "process_who_decides": above_limit,
    "process_who_else": stakeholder,
    "process_departments": above_limit,
    "relationship_rating": lambda: incumbent(None),
    "relationship_strengths": lambda: incumbent(9),
    "relationship_like_most": lambda: incumbent(None),
    "relationship_confidence": lambda: incumbent(None),
}


def test_the_healthy_deal_triggers_nothing_and_nothing_is_high() -> None:
    result = run(healthy(), {})
    assert result.actions == ()
    assert [q.id for q in result.questions] == ["process_who_decides"]  # asked: tracked
    assert (result.questions[0].asked, result.questions[0].answered) == (True, False)
    levels = [f.level for f in result.patterns.as_dict().values()]
    levels += [f.level for c in result.contacts.values() for f in c.priorities.values()]
    assert "high" not in levels
    assert "medium" not in levels


@pytest.mark.parametrize("action_id", sorted(ACTION_CASES))
def test_each_action_has_a_trigger(action_id: str) -> None:
    kwargs, script = ACTION_CASES[action_id]()
    ids = [a.id for a in run(kwargs, script).actions]
    assert action_id in ids


@pytest.mark.parametrize("question_id", sorted(QUESTION_CASES))
def test_each_question_has_a_trigger(question_id: str) -> None:
    kwargs, script = QUESTION_CASES[question_id]()
    questions = {q.id: q for q in run(kwargs, script).questions}
    assert question_id in questions
    assert questions[question_id].answered is False


def test_price_questions_come_up_in_a_price_stage() -> None:  # R-B2
    ids = [q.id for q in run(healthy(deal={"stage": "negotiation"}), {}).questions]
    assert ids == ["price_if_y", "price_at_what", "process_who_decides"]


def test_lead_with_credibility_names_the_case_from_the_buyers_industry() -> None:
    kwargs, script = twice(RISK, "risk_concern", "andere zuivelbedrijven")
    action = next(
        a for a in run(kwargs, script, lang="en").actions if a.id == "lead_with_credibility"
    )
    assert action.text == (
        "Open with credibility from the dairy industry: the case "
        '"Melkunie line waste -18%" (dairy).'
    )
    assert action.details["credential"]["title"] == "Melkunie line waste -18%"
    assert action.rule == "P2"


def test_lead_with_credibility_without_a_case_in_that_industry_says_so() -> None:
    kwargs, script = twice(RISK, "risk_concern", "andere zuivelbedrijven")
    kwargs["industry"] = "bakery"
    action = next(
        a for a in run(kwargs, script, lang="nl").actions if a.id == "lead_with_credibility"
    )
    assert "nog niets voor bakery" in action.text
    assert action.details == {}


def test_propose_off_hours_gives_slots_in_the_buyers_time_zone() -> None:
    kwargs, script = twice(BUSY, "time_pressure", "erg druk")
    action = next(a for a in run(kwargs, script, lang="nl").actions if a.id == "propose_off_hours")
    slots = action.details["slots"]
    assert action.details["timezone"] == "Europe/Amsterdam"
    assert sorted(s["kind"] for s in slots) == ["after_work", "before_work", "lunch"]
    assert all(s["start"] > AS_OF.isoformat() and s["start"].endswith("+01:00") for s in slots)
    assert "voor werktijd" in action.text
    assert "na werktijd" in action.text
    assert action.contact == "c1"


def test_deliver_overdue_promises_lists_them() -> None:
    kwargs, script = overdue()
    en = next(
        a for a in run(kwargs, script, lang="en").actions if a.id == "deliver_overdue_promises"
    )
    assert en.text == (
        "Deliver what you promised and is now overdue, before anything else: "
        "palletspecificatie sturen (due Fri 20 Nov)."
    )
    assert [p["id"] for p in en.details["promises"]] == ["k1"]
    assert en.priority == 1


def test_questions_are_tracked_as_asked_and_answered() -> None:
    kwargs, script = incumbent(None)
    kwargs["messages"][2] = {
        **kwargs["messages"][2],
        "text": "Welk cijfer geeft u Verpakkingen Oost?",
    }
    kwargs["answers"] = [
        {
            "deal": "d1",
            "contact": "c1",
            "question": "relationship_like_most",
            "value": "de snelle service",
            "at": at("2026-11-20"),
        }
    ]
    script = {
        "o1": [
            (
                "relationship_question",
                "Welk cijfer geeft u Verpakkingen Oost?",
                {"question": "relationship_rating"},
            )
        ]
    }
    questions = {q.id: q for q in run(kwargs, script).questions}
    assert (
        questions["relationship_rating"].asked,
        questions["relationship_rating"].answered,
        questions["relationship_rating"].asked_in,
    ) == (True, False, ("o1",))
    liked = questions["relationship_like_most"]
    assert (liked.asked, liked.answered, liked.answer) == (False, True, "de snelle service")
    assert liked.text == "Wat waardeert u het meest aan Verpakkingen Oost?"


def test_language_follows_the_main_contact_unless_asked() -> None:
    kwargs, script = overdue()
    assert run(kwargs, script).lang == "nl"
    assert run(kwargs, script).actions[0].text.startswith("Lever eerst")
    kwargs["contacts"] = [{**kwargs["contacts"][0], "language": "en"}]
    assert run(kwargs, script).lang == "en"
    kwargs["contacts"] = [{k: v for k, v in kwargs["contacts"][0].items() if k != "language"}]
    assert run(kwargs, script).lang == "en"


def test_a_closed_deal_keeps_only_its_obligations() -> None:
    kwargs, script = twice(BUSY, "time_pressure", "erg druk")
    kwargs["commitments"] = overdue()[0]["commitments"]
    kwargs["deal"] = {**kwargs.get("deal", {}), "outcome": "won", "stage": "negotiation"}
    result = run(kwargs, script)
    assert [a.id for a in result.actions] == ["deliver_overdue_promises"]
    assert [q.id for q in result.questions] == ["process_who_decides"]  # tracked: asked

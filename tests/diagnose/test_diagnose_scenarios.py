"""Scenario bundles in Dutch and English through the real signal extractor.

Each scenario is a small, realistic deal written to show one pattern; the healthy deals
show that nothing is flagged high when nothing is wrong.
"""

from __future__ import annotations

from typing import Any

from diagnose_helpers import AS_OF, at, contact, make_bundle, msg

from buyerlens.diagnose import Diagnosis
from buyerlens.engine import analyze

LONG_NL = (
    "Dank voor uw bericht. Ik heb de informatie doorgelezen en het ziet er goed "
    "uit. We gaan verder zoals gepland."
)
LONG_EN = (
    "Thanks for your message. I have read the information and it looks good. We "
    "will proceed as planned."
)


def run(**kwargs: Any) -> Diagnosis:
    [diagnosis] = analyze(make_bundle(**kwargs), as_of=AS_OF)
    return diagnosis


def ids(diagnosis: Diagnosis) -> list[str]:
    return [a.id for a in diagnosis.actions]


def english(**extra: Any) -> list[dict[str, Any]]:
    return [contact(name="Helen Ashworth", language="en", timezone="Europe/London", **extra)]


def test_nl_audition_with_overdue_promises() -> None:  # R-B1
    messages = [
        msg("i1", "inbound", at("2026-10-01"), "Kunt u mij de palletspecificatie sturen?"),
        msg("o1", "outbound", at("2026-10-02"), "Ik stuur u vrijdag de palletspecificatie."),
        msg("i2", "inbound", at("2026-10-14"), "Wilt u ook de testrapporten sturen?"),
        msg("o2", "outbound", at("2026-10-15"), "Zeker, die komen eraan."),
        msg("i3", "inbound", at("2026-10-28"), "Kunt u een overzicht van de levertijden sturen?"),
        msg("o3", "outbound", at("2026-10-29"), "Ik stuur het overzicht uiterlijk dinsdag."),
        msg("i4", "inbound", at("2026-11-12"), "Graag ontvang ik nog een referentie."),
    ]
    commitments = [
        {
            "id": "k1",
            "deal": "d1",
            "text": "overzicht levertijden",
            "due": at("2026-11-03", "17:00"),
            "source": "o3",
        }
    ]
    result = run(messages=messages, commitments=commitments)
    assert result.patterns.audition.level == "high"
    assert [p["id"] for p in result.scorecard.to_json()["overdue"]] == ["k1"]
    assert ids(result)[0] == "deliver_overdue_promises"
    assert "overzicht levertijden" in result.actions[0].text
    assert "reply_to_open_requests" in ids(result)  # i4 has no answer


def test_en_price_focus_with_the_discouraged_question() -> None:  # R-B2
    messages = [
        msg("o1", "outbound", at("2026-11-02"), "What do you pay now for these trays?"),
        msg(
            "i1",
            "inbound",
            at("2026-11-03"),
            "Your price is too expensive. We pay 0.80 per unit today.",
        ),
        msg("o2", "outbound", at("2026-11-04"), "Our price is EUR 0.95 per unit."),
        msg("i2", "inbound", at("2026-11-05"), "We need a discount of at least 10%."),
    ]
    result = run(messages=messages, contacts=english())
    price = result.patterns.price_focus
    assert price.level == "high"
    assert [a.amount for a in price.picture.anchors] == [0.8]
    assert price.picture.discouraged_asked == ("o1",)
    assert {"stop_asking_current_price", "ask_hypothetical_price"} <= set(ids(result))
    assert result.lang == "en"


def test_nl_approval_path_above_the_buyers_limit() -> None:  # R-B3
    messages = [
        msg(
            "i1",
            "inbound",
            at("2026-11-10"),
            "Dit bedrag moet langs onze inkoopdirecteur, dat kan ik niet zelf beslissen.",
        ),
        msg("o1", "outbound", at("2026-11-11"), "Dank, duidelijk."),
    ]
    people = [contact(authority_limit={"amount": 25000, "currency": "EUR"})]
    result = run(messages=messages, contacts=people, deal={"amount": 48000, "new_supplier": True})
    approval = result.patterns.approval_risk
    assert approval.level == "high"
    assert [s.step for s in approval.missing] == [
        "sign_off",
        "supplier_registration",
        "stakeholder",
    ]
    assert {"map_approval_path", "meet_missing_stakeholders"} <= set(ids(result))
    assert "process_add_supplier" in [q.id for q in result.questions]


def test_en_weak_incumbent() -> None:  # R-B4
    messages = [
        msg(
            "i1",
            "inbound",
            at("2026-11-02"),
            "Our current supplier has let us down twice this year.",
        ),
        msg("i2", "inbound", at("2026-11-09"), "Frankly our current supplier is unreliable."),
    ]
    answers = [
        {
            "deal": "d1",
            "contact": "c1",
            "question": "relationship_rating",
            "value": 4,
            "at": at("2026-11-09"),
        }
    ]
    result = run(
        messages=messages,
        contacts=english(),
        answers=answers,
        deal={"incumbent": "Northern Packaging"},
    )
    assert result.patterns.incumbent.relationship == "weak"
    assert "press_on_weak_incumbent" in ids(result)
    assert "Northern Packaging" in next(
        a.text for a in result.actions if a.id == "press_on_weak_incumbent"
    )


def test_nl_time_poor_gets_off_hours_slots() -> None:  # R-P1
    messages = [
        msg("i1", "inbound", at("2026-11-16"), "Ik heb het erg druk deze week, graag kort."),
        msg("o1", "outbound", at("2026-11-17"), "Begrepen, ik houd het kort."),
        msg("i2", "inbound", at("2026-11-23"), "Geen tijd, het is hier enorm druk."),
    ]
    result = run(messages=messages)
    assert result.contacts["c1"].priorities["time_poor"].level == "high"
    action = next(a for a in result.actions if a.id == "propose_off_hours")
    assert action.details["timezone"] == "Europe/Amsterdam"
    assert len(action.details["slots"]) == 3
    assert "keep_it_short" in ids(result)


def test_en_risk_averse_gets_credibility_from_the_industry() -> None:  # R-P2
    messages = [
        msg(
            "i1",
            "inbound",
            at("2026-11-16"),
            "Which other dairies use this? Please send references.",
        ),
        msg(
            "i2",
            "inbound",
            at("2026-11-20"),
            "What guarantee do you give if a batch fails? We cannot risk a recall.",
        ),
    ]
    result = run(messages=messages, contacts=english())
    assert result.contacts["c1"].priorities["risk_averse"].level == "high"
    action = next(a for a in result.actions if a.id == "lead_with_credibility")
    assert "Melkunie line waste -18%" in action.text


def test_nl_detail_oriented_after_a_vague_claim() -> None:  # R-P3
    messages = [
        msg("o1", "outbound", at("2026-11-10"), "Onze dozen zijn de beste van de markt."),
        msg("i1", "inbound", at("2026-11-11"), "Wat is de exacte tolerantie op de maatvoering?"),
        msg("i2", "inbound", at("2026-11-18"), "Welke ECT-waarde en welk gewicht per doos?"),
    ]
    result = run(messages=messages)
    assert result.contacts["c1"].priorities["detail_oriented"].level in {"medium", "high"}
    assert result.scorecard.vague_claims
    assert {"bring_technical_expert", "answer_with_specifics"} <= set(ids(result))


def test_en_stall_after_later() -> None:  # R-B1
    messages = [
        msg("i1", "inbound", at("2026-09-01"), LONG_EN),
        msg("i2", "inbound", at("2026-09-08"), LONG_EN),
        msg("i3", "inbound", at("2026-09-15"), "Let's revisit this next quarter."),
        msg("o1", "outbound", at("2026-09-16"), "Of course, I will check in then."),
    ]
    result = run(messages=messages, contacts=english(), deal={"stage": "qualification"})
    assert result.patterns.stall.level == "high"
    assert "reason_to_talk_now" in ids(result)


def _healthy(lang: str) -> Diagnosis:
    reply = LONG_NL if lang == "nl" else LONG_EN
    messages = []
    for k, day in enumerate(("2026-11-17", "2026-11-19", "2026-11-23", "2026-11-25")):
        messages.append(msg(f"i{k}", "inbound", at(day, "10:00"), reply))
        messages.append(
            msg(
                f"o{k}",
                "outbound",
                at(day, "14:00"),
                "Dank, tot snel." if lang == "nl" else "Thanks, speak soon.",
            )
        )
    people = [contact(language=lang, authority_limit={"amount": 50000, "currency": "EUR"})]
    answers = [
        {
            "deal": "d1",
            "contact": "c1",
            "question": "process_who_decides",
            "value": "Eva beslist zelf",
            "at": at("2026-11-17"),
        }
    ]
    return run(messages=messages, contacts=people, answers=answers, deal={"stage": "qualification"})


def test_healthy_deals_in_both_languages_have_nothing_high() -> None:
    for lang in ("nl", "en"):
        result = _healthy(lang)
        levels = [f.level for f in result.patterns.as_dict().values()]
        levels += [f.level for c in result.contacts.values() for f in c.priorities.values()]
        assert "high" not in levels, lang
        assert result.actions == (), lang
        assert result.lang == lang

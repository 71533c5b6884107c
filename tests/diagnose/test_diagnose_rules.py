"""One or more tests per rule of buyer-model.md (P1-P3, B1-B4, C1, G1), on the rules alone.

Signals are scripted (see diagnose_helpers.Scripted) so each test shows the rule's logic;
test_diagnose_scenarios.py runs the same ideas through the real extractor.
"""

from __future__ import annotations

from diagnose_helpers import AS_OF, at, contact, facts_of, make_bundle, msg

from buyerlens.diagnose import diagnose_deal
from buyerlens.model import Role
from buyerlens.playbook import LANGUAGES, load_catalog, role_card

BUSY_1 = "Ik heb het erg druk deze week, kort graag."
BUSY_2 = "Geen tijd voor een lang verhaal, sorry, alles loopt uit."


REPLY = (
    "Dank voor uw bericht. Ik heb de informatie doorgelezen en met mijn collega's van "
    "de planning besproken. We komen er volgende week bij u op terug met onze vragen "
    "over de levering."
)


def _thread(n: int, *, start_day: int = 2, words: str = REPLY) -> list[dict]:
    """n rounds of seller message + buyer reply, a day apart, in November 2026."""
    out = []
    for k in range(n):
        day = f"2026-11-{start_day + 2 * k:02d}"
        out.append(msg(f"o{k}", "outbound", at(day, "09:00"), "Hierbij de informatie."))
        out.append(msg(f"i{k}", "inbound", at(day, "11:00"), words))
    return out


def test_p1_time_pressure_in_two_messages_is_high() -> None:  # R-P1
    messages = _thread(3)
    messages[1] = msg("i0", "inbound", at("2026-11-02", "11:00"), BUSY_1)
    messages[3] = msg("i1", "inbound", at("2026-11-04", "11:00"), BUSY_2)
    facts = facts_of(
        make_bundle(messages=messages),
        {"i0": [("time_pressure", "erg druk")], "i1": [("time_pressure", "Geen tijd")]},
    )
    finding = diagnose_deal(facts).contacts["c1"].priorities["time_poor"]
    assert finding.level == "high"
    assert finding.rule == "P1"
    assert {e.interaction for e in finding.evidence if e.kind == "time_pressure"} == {"i0", "i1"}
    assert [e.text for e in finding.evidence if e.kind == "time_pressure"] == [
        "erg druk",
        "Geen tijd",
    ]


def test_p1_short_replies_and_confusion_after_long_message() -> None:  # R-P1
    long_text = " ".join(["Onze oplossing biedt veel voordelen voor uw lijn."] * 30)
    messages = _thread(3, words="Ok.")
    messages.append(msg("o9", "outbound", at("2026-11-10", "09:00"), long_text))
    messages.append(msg("i9", "inbound", at("2026-11-10", "12:00"), "Wat bedoelt u precies?"))
    facts = facts_of(
        make_bundle(messages=messages), {"i9": [("confusion", "Wat bedoelt u precies?")]}
    )
    finding = diagnose_deal(facts).contacts["c1"].priorities["time_poor"]
    kinds = {e.kind for e in finding.evidence}
    assert kinds == {"short_replies", "confusion_after_long"}
    assert finding.level == "medium"
    assert finding.details["weight"] == 1.2  # 0.4 + 0.8: just below "high"


def test_p1_unanswered_seller_messages_are_evidence() -> None:  # R-P1
    messages = [
        *_thread(3),
        msg("o7", "outbound", at("2026-11-12"), "Heeft u de offerte gezien?"),
        msg("o8", "outbound", at("2026-11-16"), "Ik hoor graag van u."),
    ]
    facts = facts_of(make_bundle(messages=messages), {})
    finding = diagnose_deal(facts).contacts["c1"].priorities["time_poor"]
    assert [e.kind for e in finding.evidence] == ["unanswered"]
    assert finding.evidence[0].value == {"messages": 2, "since": at("2026-11-12")}


def test_p2_risk_concerns_make_a_contact_risk_averse() -> None:  # R-P2
    messages = _thread(3)
    messages[1] = msg(
        "i0", "inbound", at("2026-11-02", "11:00"), "Welke andere zuivelbedrijven gebruiken dit al?"
    )
    messages[3] = msg(
        "i1", "inbound", at("2026-11-04", "11:00"), "Kunt u de certificaten en een garantie sturen?"
    )
    facts = facts_of(
        make_bundle(messages=messages),
        {
            "i0": [("risk_concern", "andere zuivelbedrijven gebruiken dit")],
            "i1": [("risk_concern", "certificaten"), ("risk_concern", "garantie")],
        },
    )
    found = diagnose_deal(facts).contacts["c1"].priorities
    assert found["risk_averse"].level == "high"
    assert found["time_poor"].level == "low"  # three messages seen, no P1 evidence


def test_p3_detail_requests_and_confusion_after_a_vague_claim() -> None:  # R-P3
    messages = _thread(3)
    messages[0] = msg(
        "o0", "outbound", at("2026-11-02", "09:00"), "Wij zijn de marktleider in verpakkingen."
    )
    messages[1] = msg(
        "i0",
        "inbound",
        at("2026-11-02", "11:00"),
        "Wat bedoelt u daarmee? Wat is de tolerantie op de rilbreedte?",
    )
    facts = facts_of(
        make_bundle(messages=messages),
        {
            "o0": [("vague_claim", "de marktleider")],
            "i0": [
                ("confusion", "Wat bedoelt u daarmee?"),
                ("detail_request", "Wat is de tolerantie op de rilbreedte?"),
            ],
        },
    )
    found = diagnose_deal(facts)
    p3 = found.contacts["c1"].priorities["detail_oriented"]
    assert {e.kind for e in p3.evidence} == {"confusion_after_vague", "detail_request"}
    assert p3.level == "medium"  # strong, but all from one message (G1)
    assert [v.text for v in found.scorecard.vague_claims] == ["de marktleider"]


def test_b1_requests_over_weeks_are_an_audition_and_the_scorecard_shows_the_seller() -> None:
    # R-B1
    messages = [
        msg("i1", "inbound", at("2026-10-01"), "Kunt u de palletspecificatie sturen?"),
        msg("o1", "outbound", at("2026-10-02", "16:00"), "Bijgevoegd. Ik stuur vrijdag de rest."),
        msg("i2", "inbound", at("2026-10-15"), "Graag ook de testrapporten."),
        msg("o2", "outbound", at("2026-10-16", "10:00"), "Correctie: de levertijd is 3 weken."),
        msg("i3", "inbound", at("2026-11-05"), "Stuur ook de referenties van andere klanten."),
    ]
    commitments = [
        {
            "id": "k1",
            "deal": "d1",
            "text": "palletspecificatie sturen",
            "due": at("2026-10-03", "17:00"),
            "done_at": at("2026-10-02", "16:00"),
            "source": "o1",
        },
        {
            "id": "k2",
            "deal": "d1",
            "text": "testrapporten sturen",
            "due": at("2026-10-20", "17:00"),
            "done_at": at("2026-10-22", "09:00"),
        },
        {"id": "k3", "deal": "d1", "text": "referenties sturen", "due": at("2026-11-10", "17:00")},
    ]
    facts = facts_of(
        make_bundle(messages=messages, commitments=commitments),
        {
            "i1": [("info_request", "Kunt u de palletspecificatie sturen?")],
            "i2": [("info_request", "Graag ook de testrapporten.")],
            "o2": [("correction", "Correctie: de levertijd is 3 weken.")],
            "i3": [("info_request", "Stuur ook de referenties")],
        },
    )
    found = diagnose_deal(facts)
    audition = found.patterns.audition
    assert audition.level == "high"
    assert "drawn_out" in {e.kind for e in audition.evidence}
    card = found.scorecard.to_json()
    assert card["requests"] == 3
    assert [r["interaction"] for r in card["open_requests"]] == ["i3"]
    assert card["median_reply_hours"] == 27.0  # 30 h and 24 h
    assert (card["promises"], card["kept_on_time"], card["late"]) == (3, 1, 1)
    assert [p["id"] for p in card["overdue"]] == ["k3"]
    assert card["corrections"] == 1


def test_b1_a_promise_found_in_words_past_due_is_unconfirmed_not_overdue() -> None:  # R-B1, G1
    messages = [msg("o1", "outbound", at("2026-11-02"), "Ik stuur u vrijdag de offerte.")]
    facts = facts_of(
        make_bundle(messages=messages),
        {
            "o1": [
                (
                    "commitment",
                    "Ik stuur u vrijdag de offerte",
                    {"value": {"due": at("2026-11-06", "17:00")}},
                )
            ]
        },
    )
    card = diagnose_deal(facts).scorecard
    assert [p.status for p in card.promises] == ["unconfirmed"]
    assert card.to_json()["overdue"] == []


def test_b1_stall_compares_silence_with_the_buyers_rhythm() -> None:  # R-B1
    messages = [msg(f"i{k}", "inbound", at(f"2026-10-{1 + 2 * k:02d}"), "Prima.") for k in range(4)]
    messages.append(msg("o9", "outbound", at("2026-10-08", "12:00"), "Hoe staat het ervoor?"))
    found = diagnose_deal(facts_of(make_bundle(messages=messages), {}))
    stall = found.patterns.stall
    assert stall.level == "high"
    assert stall.details["rhythm_basis"] == "own_rhythm"
    assert stall.details["rhythm_days"] == 3.0  # 2-day gaps, floored at min_rhythm_days
    recent = facts_of(
        make_bundle(messages=messages), {}, as_of=datetime_at("2026-10-09T12:00:00+01:00")
    )
    assert diagnose_deal(recent).patterns.stall.level == "low"


def test_b1_stall_when_the_seller_owes_the_answer_is_not_the_buyers_stall() -> None:  # R-B1
    messages = [msg("i1", "inbound", at("2026-09-01"), "Wanneer krijg ik de offerte?")]
    stall = diagnose_deal(facts_of(make_bundle(messages=messages), {})).patterns.stall
    assert stall.level == "low"
    assert stall.details["ball_with"] == "seller"


def test_b2_price_picture_anchor_quote_gap_and_questions() -> None:  # R-B2
    messages = [
        msg("o1", "outbound", at("2026-11-02"), "Onze prijs is 0,95 per stuk. Wat betaalt u nu?"),
        msg("i1", "inbound", at("2026-11-03"), "Te duur. Wij zitten op 0,85 per stuk."),
        msg("i2", "inbound", at("2026-11-05"), "Kunt u iets met de prijs doen?"),
    ]
    money = {"amount": 0.95, "currency": "EUR", "unit": "piece"}
    facts = facts_of(
        make_bundle(messages=messages),
        {
            "o1": [
                ("price_quote", "0,95 per stuk", {"value": money}),
                ("current_price_question", "Wat betaalt u nu?", {"question": "price_current"}),
            ],
            "i1": [
                ("price_focus", "Te duur"),
                ("price_anchor", "0,85 per stuk", {"value": {**money, "amount": 0.85}}),
            ],
            "i2": [("price_focus", "iets met de prijs doen")],
        },
    )
    price = diagnose_deal(facts).patterns.price_focus
    assert price.level == "high"
    picture = price.picture.to_json()
    assert [a["amount"] for a in picture["anchors"]] == [0.85]
    assert [q["amount"] for q in picture["quotes"]] == [0.95]
    assert picture["gap"] == 0.1
    assert picture["gap_ratio"] == 0.1053
    assert picture["estimated_range"] == [0.85, 0.95]  # 0.85 * 1.15 capped at the quote
    assert picture["discouraged_question_asked"] is True
    assert picture["recommended_question_asked"] is False


def test_b2_gap_takes_the_nearest_figure_of_the_latest_price_list() -> None:  # R-B2
    # "Bij 0,29 teken ik morgen." answered by a contract that prices three sizes: the gap
    # is to the 1/1 tray's 0,30, not to the last figure listed (the 1/3 tray's 0,22)
    messages = [
        msg("i1", "inbound", at("2026-08-31"), "Bij 0,29 teken ik morgen."),
        msg("o1", "outbound", at("2026-09-18"), "€ 0,30 (1/1), € 0,26 (1/2), € 0,22 (1/3)"),
    ]
    facts = facts_of(
        make_bundle(messages=messages),
        {
            "i1": [("price_anchor", "0,29", {"value": {"amount": 0.29, "currency": "EUR"}})],
            "o1": [
                ("price_quote", f"€ {a}", {"value": {"amount": v, "currency": "EUR"}})
                for a, v in (("0,30", 0.30), ("0,26", 0.26), ("0,22", 0.22))
            ],
        },
    )
    picture = diagnose_deal(facts).patterns.price_focus.picture.to_json()
    assert [q["amount"] for q in picture["quotes"]] == [0.30, 0.26, 0.22]
    assert picture["gap"] == 0.01
    assert picture["gap_ratio"] == 0.0333


def test_b3_amount_above_authority_and_unknown_sign_off_is_high_risk() -> None:  # R-B3
    people = [contact(authority_limit={"amount": 25000, "currency": "EUR"})]
    messages = [msg("i1", "inbound", at("2026-11-02"), "Dit moet ook langs onze kwaliteitsdienst.")]
    bundle = make_bundle(
        messages=messages, contacts=people, deal={"amount": 48000, "new_supplier": True}
    )
    facts = facts_of(
        bundle,
        {"i1": [("stakeholder", "kwaliteitsdienst", {"value": {"role": "quality_control"}})]},
    )
    approval = diagnose_deal(facts).patterns.approval_risk
    assert approval.level == "high"
    kinds = {e.kind for e in approval.evidence}
    assert {
        "amount_above_authority",
        "new_supplier",
        "stakeholder_not_met",
        "no_process_question",
    } <= kinds
    path = [(s.step, s.who, s.known, s.met) for s in approval.path]
    assert path == [
        ("buyer", "Eva de Vries", True, True),
        ("sign_off", None, False, False),
        ("supplier_registration", None, False, None),
        ("stakeholder", "quality_control", False, False),
    ]


def test_b3_unknown_authority_is_a_risk_not_a_pass() -> None:  # R-B3
    facts = facts_of(make_bundle(messages=_thread(3)), {})
    approval = diagnose_deal(facts).patterns.approval_risk
    assert "authority_unknown" in {e.kind for e in approval.evidence}
    assert approval.score > 0
    assert [s.step for s in approval.path] == ["buyer", "sign_off"]


def test_b3_known_limit_and_process_asked_is_low() -> None:  # R-B3
    people = [contact(authority_limit={"amount": 50000, "currency": "EUR"})]
    messages = [
        msg(
            "o1",
            "outbound",
            at("2026-11-02"),
            "Is er nog iemand anders betrokken bij de beslissing?",
        )
    ]
    facts = facts_of(
        make_bundle(messages=messages, contacts=people),
        {
            "o1": [
                (
                    "process_question",
                    "Is er nog iemand anders betrokken bij de beslissing?",
                    {"question": "process_who_decides"},
                )
            ]
        },
    )
    approval = diagnose_deal(facts).patterns.approval_risk
    assert approval.level == "low"
    assert approval.evidence == ()


def test_b4_rating_decides_the_relationship() -> None:  # R-B4
    for value, relationship, level in (
        (4, "weak", "low"),
        (9, "strong", "high"),
        (7, "unknown", "medium"),
    ):
        answers = [
            {
                "deal": "d1",
                "contact": "c1",
                "question": "relationship_rating",
                "value": value,
                "at": at("2026-11-03"),
            }
        ]
        bundle = make_bundle(answers=answers, deal={"incumbent": "Verpakkingen Oost"})
        found = diagnose_deal(facts_of(bundle, {})).patterns.incumbent
        assert (found.relationship, found.level) == (relationship, level), value
        assert found.incumbent == "Verpakkingen Oost"


def test_b4_tone_about_the_current_supplier() -> None:  # R-B4
    messages = [
        msg("i1", "inbound", at("2026-11-02"), "Verpakkingen Oost levert al twee keer te laat."),
        msg("i2", "inbound", at("2026-11-09"), "Oost reageert ook nooit op onze mails."),
    ]
    facts = facts_of(
        make_bundle(messages=messages),
        {
            "i1": [
                (
                    "incumbent",
                    "Verpakkingen Oost levert al twee keer te laat",
                    {"polarity": "negative"},
                )
            ],
            "i2": [("incumbent", "Oost reageert ook nooit", {"polarity": "negative"})],
        },
    )
    found = diagnose_deal(facts).patterns.incumbent
    assert found.relationship == "weak"
    assert found.to_json()["relationship"] == "weak"


def test_c1_every_role_has_a_card_in_both_languages() -> None:  # R-C1
    catalog = load_catalog()
    for role in Role:
        for lang in LANGUAGES:
            card = role_card(role.value, lang=lang, catalog=catalog)
            assert card is not None, (role, lang)
            assert card.rule == "C1"
            assert (bool(card.worries), bool(card.details), bool(card.ask)) == (True,) * 3
    nl = role_card("warehouse", lang="nl", catalog=catalog)
    en = role_card("warehouse", lang="en", catalog=catalog)
    assert nl is not None
    assert en is not None
    assert "palletopbouw" in nl.details[0]
    assert "pallet configuration" in en.details[0]


def test_g1_thin_evidence_is_unknown_and_one_message_is_never_high() -> None:  # R-G1
    messages = [msg("i1", "inbound", at("2026-11-02"), "Ok.")]
    found = diagnose_deal(facts_of(make_bundle(messages=messages), {}))
    levels = {k: f.level for k, f in found.contacts["c1"].priorities.items()}
    assert levels == {
        "time_poor": "unknown",
        "risk_averse": "unknown",
        "detail_oriented": "unknown",
    }
    assert found.patterns.incumbent.relationship == "unknown"
    one = [
        msg(
            "i1",
            "inbound",
            at("2026-11-02"),
            "Ik heb het ontzettend druk, ik heb echt geen tijd, alles is urgent.",
        )
    ]
    facts = facts_of(
        make_bundle(messages=one),
        {
            "i1": [
                ("time_pressure", "ontzettend druk"),
                ("time_pressure", "geen tijd"),
                ("time_pressure", "alles is urgent"),
            ]
        },
    )
    p1 = diagnose_deal(facts).contacts["c1"].priorities["time_poor"]
    assert p1.level == "medium"


def datetime_at(text: str):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_as_of_hides_the_future() -> None:
    messages = [msg("i1", "inbound", at("2026-12-01"), "Later bericht.")]
    facts = facts_of(make_bundle(messages=messages), {}, as_of=AS_OF)
    assert facts.messages == ()


def test_c1_b3_stakeholder_mentions_map_to_roles_in_both_languages() -> None:  # R-C1, R-B3
    from buyerlens.diagnose.stakeholders import stakeholder_role

    cases = {
        "onze inkoopdirecteur": "purchasing_director",
        "de kwaliteitsdienst": "quality_control",
        "het magazijn": "warehouse",
        "mijn baas": "management",
        "the QA team": "quality_control",
        "our warehouse manager": "warehouse",
        "accounts payable": "accounts_payable",
        "the coordinator": "other",  # "coo" only at the start of a word
    }
    assert {text: stakeholder_role(text) for text in cases} == cases


def test_g1_a_call_note_counts_half_for_a_persons_priorities() -> None:  # R-G1
    text = "Eva zegt dat ze het erg druk heeft."
    note = [msg("n1", "note", at("2026-11-02"), text)]
    mail = [msg("n1", "inbound", at("2026-11-02"), text)]
    script = {"n1": [("time_pressure", "erg druk")]}
    weights = [
        diagnose_deal(facts_of(make_bundle(messages=m), script))
        .contacts["c1"]
        .priorities["time_poor"]
        .details["weight"]
        for m in (note, mail)
    ]
    assert weights == [0.5, 1.0]

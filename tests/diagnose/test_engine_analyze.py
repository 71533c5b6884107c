"""engine.analyze: the contract shape, determinism under record order, selection, errors."""

from __future__ import annotations

import json
import random
from datetime import datetime
from typing import Any

import pytest
from diagnose_helpers import AS_OF, Scripted, at, contact, make_bundle, msg

from buyerlens.engine import analyze
from buyerlens.model import Bundle, NotFoundError, UsageError, parse_bundle

SCRIPT = Scripted(
    {
        "i1": [("time_pressure", "druk"), ("info_request", "Stuur")],
        "i2": [
            ("price_focus", "te duur"),
            (
                "price_anchor",
                "0,80",
                {"value": {"amount": 0.8, "currency": "EUR", "unit": "piece"}},
            ),
        ],
        "i3": [("incumbent", "Oost levert slecht", {"polarity": "negative"})],
        "o1": [("commitment", "ik stuur", {"value": {"due": at("2026-11-06", "17:00")}})],
        "e1": [("risk_concern", "references")],
    }
)


def _data() -> dict[str, Any]:
    return {
        "format": "buyerlens/v1",
        "seller": {
            "name": "Acme",
            "credentials": [{"kind": "case_study", "industry": "dairy", "title": "Melkunie"}],
        },
        "accounts": [
            {"id": "a1", "name": "Zuivel BV", "industry": "dairy", "timezone": "Europe/Amsterdam"},
            {"id": "a2", "name": "Pennine", "industry": "dairy", "timezone": "Europe/London"},
        ],
        "contacts": [
            contact("c1"),
            contact("c2", name="Jan Bos", role="quality_control"),
            {
                **contact("c3", name="Ann Lee", language="en"),
                "account": "a2",
                "timezone": "Europe/London",
            },
        ],
        "deals": [
            {
                "id": "d1",
                "account": "a1",
                "title": "Omdozen",
                "amount": 48000,
                "new_supplier": True,
                "incumbent": "Oost",
                "contacts": [{"contact": "c1", "buying_role": "buyer"}, {"contact": "c2"}],
            },
            {
                "id": "d2",
                "account": "a2",
                "title": "Trays",
                "amount": 9000,
                "contacts": [{"contact": "c3", "buying_role": "buyer"}],
            },
        ],
        "interactions": [
            msg("i1", "inbound", at("2026-11-02"), "Erg druk. Stuur de specificatie."),
            msg("o1", "outbound", at("2026-11-02", "15:00"), "Dank, ik stuur hem vrijdag."),
            msg("i2", "inbound", at("2026-11-04"), "Dat is te duur, wij betalen 0,80."),
            msg(
                "i3",
                "inbound",
                at("2026-11-05"),
                "Oost levert slecht de laatste tijd.",
                contact="c2",
            ),
            {
                "id": "e1",
                "contact": "c3",
                "direction": "inbound",
                "at": at("2026-11-03"),
                "text": "Could you send references?",
            },
        ],
        "commitments": [
            {
                "id": "k1",
                "deal": "d1",
                "text": "specificatie",
                "due": at("2026-11-06", "17:00"),
                "source": "o1",
            }
        ],
        "answers": [
            {
                "deal": "d1",
                "contact": "c1",
                "question": "relationship_rating",
                "value": 5,
                "at": at("2026-11-05"),
            }
        ],
    }


def _bundle(data: dict[str, Any] | None = None) -> Bundle:
    return parse_bundle(data or _data())


def test_the_json_has_the_contract_shape() -> None:
    [d1, d2] = analyze(_bundle(), as_of=AS_OF, read=SCRIPT)
    out = d1.to_json()
    assert {"deal", "as_of", "contacts", "patterns", "scorecard", "actions", "questions"} <= set(
        out
    )
    assert (out["deal"], out["as_of"]) == ("d1", "2026-11-26T12:00:00+01:00")
    assert set(out["contacts"]) == {"c1", "c2"}
    assert set(out["contacts"]["c1"]["priorities"]) == {
        "time_poor",
        "risk_averse",
        "detail_oriented",
    }
    assert set(out["patterns"]) == {
        "audition",
        "price_focus",
        "approval_risk",
        "incumbent",
        "stall",
    }
    for finding in [
        *out["patterns"].values(),
        *(p for c in out["contacts"].values() for p in c["priorities"].values()),
    ]:
        assert finding["level"] in {"high", "medium", "low", "unknown"}
        assert 0 <= finding["score"] <= 1
        assert finding["rule"] in {"P1", "P2", "P3", "B1", "B2", "B3", "B4"}
        for evidence in finding["evidence"]:
            assert {"interaction", "kind", "text", "rule"} <= set(evidence)
    assert out["patterns"]["incumbent"]["relationship"] == "weak"
    assert "price_picture" in out["patterns"]["price_focus"]
    assert "approval_path" in out["patterns"]["approval_risk"]
    card = out["scorecard"]
    assert {
        "requests",
        "open_requests",
        "median_reply_hours",
        "promises",
        "kept_on_time",
        "late",
        "overdue",
        "corrections",
    } <= set(card)
    assert [p["id"] for p in card["overdue"]] == ["k1"]
    assert card["promises"] == 1  # the detected promise in o1 is the recorded k1
    for action in out["actions"]:
        assert {"id", "rule", "priority", "text", "why"} <= set(action)
    for question in out["questions"]:
        assert {"id", "rule", "text", "asked", "answered"} <= set(question)
    json.dumps(out)  # serialisable as is
    assert d2.to_json()["contacts"]["c3"]["messages"] == 0  # deal-less e1 is no deal's
    assert d2.lang == "en"


def test_the_same_bundle_in_any_record_order_gives_the_same_output() -> None:
    expected = [d.to_json() for d in analyze(_bundle(), as_of=AS_OF, read=SCRIPT)]
    rng = random.Random(7)
    for _ in range(5):
        data = _data()
        for key in ("accounts", "contacts", "deals", "interactions", "commitments", "answers"):
            rng.shuffle(data[key])
        for deal in data["deals"]:
            rng.shuffle(deal["contacts"])
        got = [d.to_json() for d in analyze(_bundle(data), as_of=AS_OF, read=SCRIPT)]
        assert got == expected


def test_deal_selection_and_errors() -> None:
    bundle = _bundle()
    assert [d.deal for d in analyze(bundle, as_of=AS_OF, deal_ids=["d2"], read=SCRIPT)] == ["d2"]
    with pytest.raises(NotFoundError, match="no deal with id 'd9'"):
        analyze(bundle, as_of=AS_OF, deal_ids=["d9"], read=SCRIPT)
    with pytest.raises(UsageError, match="language"):
        analyze(bundle, as_of=AS_OF, lang="de", read=SCRIPT)
    with pytest.raises(UsageError, match="offset"):
        analyze(bundle, as_of=datetime(2026, 11, 26), read=SCRIPT)


def test_lang_forces_the_language_of_every_deal() -> None:
    result = analyze(_bundle(), as_of=AS_OF, lang="en", read=SCRIPT)
    assert {d.lang for d in result} == {"en"}
    nl = analyze(_bundle(), as_of=AS_OF, lang="nl", read=SCRIPT)
    assert nl[0].actions[0].text != result[0].actions[0].text


# ---------------------------------------------------------------- call notes (R-B1, R-P1)


@pytest.mark.parametrize(
    ("people", "note", "promise"),
    [
        (
            [contact("c1", name="Lotte De Smet"), contact("c2", name="Bart Van Damme")],
            "Bezoek met Lotte en Bart.\n- Bart wil minimaal 50% rPET.\n"
            "- Ruud stuurt de DoC uiterlijk vrijdag 13/11.",
            "Ruud stuurt de DoC uiterlijk vrijdag 13/11.",
        ),
        (
            [contact("c1", name="Helen Ashworth", language="en")],
            "Call with Helen, 20 min.\n- She is happy with Northern.\n"
            "Promised: trial data by 13/11.",
            "Promised: trial data by 13/11.",
        ),
    ],
)
def test_a_sellers_promise_in_a_call_note_is_tracked_not_read_as_the_buyers(
    people: list[dict[str, Any]], note: str, promise: str
) -> None:
    bundle = make_bundle(
        contacts=people,
        messages=[msg("n1", "note", at("2026-11-10"), note, channel="call")],
    )
    [diagnosis] = analyze(bundle, as_of=datetime.fromisoformat("2026-11-12T09:00:00+01:00"))
    promises = diagnosis.scorecard.promises
    assert [(p.text, p.detected, p.status) for p in promises] == [(promise, True, "open")]
    assert promises[0].due == datetime.fromisoformat("2026-11-13T17:00:00+01:00")
    for person in diagnosis.contacts.values():
        cited = [e.text for f in person.priorities.values() for e in f.evidence]
        assert not [t for t in cited if t in promise or promise in t]


def test_the_reader_knows_the_deals_incumbent_and_the_buyers_colleagues() -> None:
    """R-B4 and R-B3 through the engine's reader: the deal's incumbent and the other
    contacts of its account are found by name in a buyer's e-mail; the author is not
    their own colleague."""
    from buyerlens.engine.analyze import bundle_reader

    people = [
        contact("c1", name="Marloes Hoekstra"),
        contact("c3", name="Sietse Dijkstra", role="operations"),
    ]
    messages = [
        msg(
            "i1",
            "inbound",
            at("2026-11-02"),
            "Sietse heeft de proefdraai ingepland. Bij De Hoop ging het vorige keer mis, "
            "de dozen kwamen te laat.",
        ),
        msg(
            "i2",
            "inbound",
            at("2026-11-03"),
            "Sietse hier: de proefdraai is dinsdag.",
            contact="c3",
        ),
    ]
    bundle = make_bundle(
        messages=messages, contacts=people, deal={"incumbent": "Kartonfabriek De Hoop"}
    )
    read = bundle_reader(bundle)
    first, second = bundle.interactions
    buyer, _ = read(first, "nl")
    named = [
        (s.kind, s.text, s.value, s.polarity) for s in buyer if (s.entry or "").startswith("name.")
    ]
    assert named == [
        ("stakeholder", "Sietse", {"role": "operations"}, None),
        ("incumbent", "De Hoop", None, "negative"),
    ]
    buyer, _ = read(second, "nl")
    assert not [s for s in buyer if s.entry == "name.stakeholder"]

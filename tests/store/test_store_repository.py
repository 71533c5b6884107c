"""The store on SQLite and PostgreSQL: round trips, idempotent upserts, partial loads."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy.orm import Session

from buyerlens.model import BadInputError, NotFoundError, parse_bundle
from buyerlens.store import load_bundle, save_bundle
from buyerlens.store.repository import count
from buyerlens.store.tables import AnswerRow, DealContactRow, InteractionRow


def test_save_then_load_gives_the_same_bundle(
    session: Session, small_bundle_data: dict[str, Any]
) -> None:
    bundle = parse_bundle(small_bundle_data)
    stats = save_bundle(session, bundle)
    assert stats.created == {
        "accounts": 2,
        "contacts": 3,
        "deals": 2,
        "interactions": 4,
        "commitments": 1,
        "answers": 2,
    }
    assert stats.seller == "created"
    assert load_bundle(session) == bundle


def test_saving_twice_changes_nothing(session: Session, small_bundle_data: dict[str, Any]) -> None:
    bundle = parse_bundle(small_bundle_data)
    save_bundle(session, bundle)
    again = save_bundle(session, bundle)
    assert again.changes == 0
    assert sum(again.unchanged.values()) == 14
    assert count(session, InteractionRow) == 4
    assert count(session, AnswerRow) == 2


def test_a_changed_record_is_updated_not_duplicated(
    session: Session, small_bundle_data: dict[str, Any]
) -> None:
    save_bundle(session, parse_bundle(small_bundle_data))
    data = copy.deepcopy(small_bundle_data)
    data["deals"][0]["amount"] = 52000
    data["deals"][0]["contacts"] = [{"contact": "c1", "buying_role": "decision_maker"}]
    data["answers"][0]["value"] = 4
    data["seller"]["credentials"].pop()
    changed = parse_bundle(data)
    stats = save_bundle(session, changed)
    assert stats.updated["deals"] == 1
    assert stats.created["deals"] == 0
    assert stats.updated["answers"] == 1
    assert stats.seller == "updated"
    assert count(session, DealContactRow) == 2  # d1 now has one link, d2 one
    assert load_bundle(session) == changed


def test_offsets_survive_the_round_trip(
    session: Session, small_bundle_data: dict[str, Any]
) -> None:
    save_bundle(session, parse_bundle(small_bundle_data))
    loaded = load_bundle(session)
    at = {i.id: i.at.isoformat() for i in loaded.interactions}
    assert at["i1"] == "2026-09-03T10:12:00+02:00"
    assert at["i3"] == "2026-10-27T08:05:00+00:00"


def test_load_one_deal_brings_what_it_needs(
    session: Session, small_bundle_data: dict[str, Any]
) -> None:
    save_bundle(session, parse_bundle(small_bundle_data))
    part = load_bundle(session, deal_ids=["d2"])
    assert [d.id for d in part.deals] == ["d2"]
    assert [a.id for a in part.accounts] == ["a2"]
    assert [c.id for c in part.contacts] == ["c3"]
    # i4 has no deal yet but belongs to d2's contact: it is kept with it.
    assert [i.id for i in part.interactions] == ["i3", "i4"]
    assert [a.question for a in part.answers] == ["process_who_decides"]
    assert part.commitments == []
    parse_bundle(part.to_json_dict())  # a partial bundle is itself valid


def test_unknown_deal_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError, match="no deal with id 'nope'"):
        load_bundle(session, deal_ids=["nope"])


def test_references_may_point_into_the_store(
    session: Session, small_bundle_data: dict[str, Any]
) -> None:
    save_bundle(session, parse_bundle(small_bundle_data))
    extra = parse_bundle(
        {
            "format": "buyerlens/v1",
            "accounts": [
                {
                    "id": "a1",
                    "name": "Zuivel BV",
                    "industry": "dairy",
                    "country": "NL",
                    "timezone": "Europe/Amsterdam",
                    "domain": "zuivel.nl",
                }
            ],
        }
    )
    from buyerlens.model import Bundle, Interaction

    later = Bundle(
        interactions=[
            Interaction.model_validate(
                {
                    "id": "i9",
                    "deal": "d1",
                    "contact": "c2",
                    "direction": "inbound",
                    "at": "2026-11-02T09:00:00+01:00",
                    "text": "Wie tekent er bij jullie voor QC?",
                }
            )
        ]
    )
    assert save_bundle(session, extra).changes == 0
    assert save_bundle(session, later).created["interactions"] == 1


def test_dangling_reference_is_refused(session: Session) -> None:
    from buyerlens.model import Bundle, Interaction

    orphan = Bundle(
        interactions=[
            Interaction.model_validate(
                {
                    "id": "i9",
                    "deal": "d404",
                    "direction": "inbound",
                    "at": "2026-11-02T09:00:00+01:00",
                    "text": "hello",
                }
            )
        ]
    )
    with pytest.raises(BadInputError, match="unknown deal 'd404'"):
        save_bundle(session, orphan)


def test_the_demo_bundle_round_trips_whole(session: Session) -> None:
    import json
    from importlib import resources

    from buyerlens.importing import demo_bundle

    raw = json.loads(resources.files("buyerlens.data").joinpath("demo.json").read_text("utf-8"))
    bundle = demo_bundle()
    stats = save_bundle(session, bundle)
    assert stats.created["interactions"] == len(raw["interactions"]) >= 150
    assert save_bundle(session, bundle).changes == 0
    assert load_bundle(session).to_json_dict() == raw

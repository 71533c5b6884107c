"""Record-level CRUD used by the REST API, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from buyerlens.model import ConflictError, Deal, NotFoundError, parse_bundle
from buyerlens.store import crud, save_bundle


@pytest.fixture
def stored(session: Session, small_bundle_data: dict[str, Any]) -> Session:
    save_bundle(session, parse_bundle(small_bundle_data))
    return session


def test_list_pages_in_bundle_order(stored: Session) -> None:
    page, total = crud.list_records(stored, "interactions", offset=1, limit=2)
    assert total == 4
    assert [rid for rid, _ in page] == ["i2", "i3"]


def test_create_get_replace_remove_a_deal(stored: Session) -> None:
    deal = Deal.model_validate(
        {
            "id": "d3",
            "account": "a2",
            "title": "Lids",
            "amount": 900,
            "contacts": [{"contact": "c3", "buying_role": "buyer"}],
        }
    )
    assert crud.create(stored, "deals", deal) == "d3"
    assert crud.get(stored, "deals", "d3") == deal
    with pytest.raises(ConflictError, match="already exists"):
        crud.create(stored, "deals", deal)
    bigger = deal.model_copy(update={"amount": 1200.0})
    crud.replace(stored, "deals", "d3", bigger)
    assert crud.get(stored, "deals", "d3") == bigger
    crud.remove(stored, "deals", "d3")
    with pytest.raises(NotFoundError, match="no deal with id 'd3'"):
        crud.get(stored, "deals", "d3")


def test_a_deal_with_history_cannot_be_deleted(stored: Session) -> None:
    with pytest.raises(ConflictError, match="still used by 2 interactions"):
        crud.remove(stored, "deals", "d1")


def test_answers_are_created_once(stored: Session) -> None:
    from buyerlens.model import Answer

    answer = Answer.model_validate(
        {
            "deal": "d2",
            "contact": "c3",
            "question": "relationship_rating",
            "value": 9,
            "at": "2026-11-01T10:00:00+00:00",
        }
    )
    new_id = crud.create(stored, "answers", answer)
    assert crud.get(stored, "answers", new_id) == answer
    with pytest.raises(ConflictError):
        crud.create(stored, "answers", answer)

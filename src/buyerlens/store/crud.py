"""Record-level create, read, update and delete, for the REST API and the web app.

Each entity kind of the bundle has one :class:`Entity` entry; every function takes the
kind's name (``"deals"``) so routes stay generic. Reference checks and errors are the
same as for imports (:func:`buyerlens.store.repository.check_references`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from buyerlens.model import (
    Account,
    Answer,
    Bundle,
    Commitment,
    ConflictError,
    Contact,
    Deal,
    Interaction,
    NotFoundError,
)
from buyerlens.store import convert
from buyerlens.store.repository import check_references
from buyerlens.store.tables import (
    AccountRow,
    AnswerRow,
    Base,
    CommitmentRow,
    ContactRow,
    DealContactRow,
    DealRow,
    InteractionRow,
)


@dataclass(frozen=True)
class Entity:
    name: str
    row: type[Base]
    model: type[BaseModel]
    to_row: Callable[[Any], dict[str, Any]]
    to_model: Callable[[Session, Any], BaseModel]


def _deal(session: Session, r: DealRow) -> Deal:
    links = list(session.scalars(select(DealContactRow).where(DealContactRow.deal == r.id)))
    return convert.deal_model(r, links)


ENTITIES: dict[str, Entity] = {
    "accounts": Entity(
        "accounts", AccountRow, Account, convert.account_row, lambda s, r: convert.account_model(r)
    ),
    "contacts": Entity(
        "contacts", ContactRow, Contact, convert.contact_row, lambda s, r: convert.contact_model(r)
    ),
    "deals": Entity("deals", DealRow, Deal, convert.deal_row, _deal),
    "interactions": Entity(
        "interactions",
        InteractionRow,
        Interaction,
        convert.interaction_row,
        lambda s, r: convert.interaction_model(r),
    ),
    "commitments": Entity(
        "commitments",
        CommitmentRow,
        Commitment,
        convert.commitment_row,
        lambda s, r: convert.commitment_model(r),
    ),
    "answers": Entity(
        "answers", AnswerRow, Answer, convert.answer_row, lambda s, r: convert.answer_model(r)
    ),
}

_SINGULAR = {
    "accounts": "account",
    "contacts": "contact",
    "deals": "deal",
    "interactions": "interaction",
    "commitments": "commitment",
    "answers": "answer",
}


def _entity(kind: str) -> Entity:
    if kind not in ENTITIES:
        raise NotFoundError(f"unknown kind of record {kind!r}")
    return ENTITIES[kind]


def _row(session: Session, kind: str, record_id: str | int) -> Any:
    entity = _entity(kind)
    row = session.get(entity.row, record_id)
    if row is None:
        raise NotFoundError(f"no {_SINGULAR[kind]} with id {record_id!r}")
    return row


def get(session: Session, kind: str, record_id: str | int) -> BaseModel:
    """One record by id, or :class:`NotFoundError`."""
    return _entity(kind).to_model(session, _row(session, kind, record_id))


def list_records(
    session: Session,
    kind: str,
    *,
    offset: int = 0,
    limit: int = 50,
    where: Sequence[Any] = (),
) -> tuple[list[tuple[str | int, BaseModel]], int]:
    """A page of records (with their ids) and the total count, in bundle order."""
    entity = _entity(kind)
    table = entity.row.__table__
    stmt = select(entity.row).where(*where)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(stmt.order_by(table.c.position, table.c.id).offset(offset).limit(limit))
    return [(r.id, entity.to_model(session, r)) for r in rows], total  # type: ignore[attr-defined]


def _bundle_of(kind: str, record: BaseModel) -> Bundle:
    return Bundle.model_validate({kind: [record]})


def create(session: Session, kind: str, record: BaseModel) -> str | int:
    """Insert a new record; :class:`ConflictError` when its id is taken."""
    entity = _entity(kind)
    check_references(session, _bundle_of(kind, record))
    if kind == "answers":
        from buyerlens.store.repository import SaveStats, _save_answers

        stats = SaveStats()
        _save_answers(session, [record], stats)  # type: ignore[list-item]
        if not stats.created["answers"]:
            raise ConflictError("this answer is already recorded")
        session.flush()
        return int(session.scalar(select(func.max(AnswerRow.id))) or 0)
    record_id = record.id  # type: ignore[attr-defined]
    if session.get(entity.row, record_id) is not None:
        raise ConflictError(f"a {_SINGULAR[kind]} with id {record_id!r} already exists")
    session.execute(insert(entity.row), [entity.to_row(record)])
    if isinstance(record, Deal):
        _links(session, record)
    session.flush()
    return str(record_id)


def replace(session: Session, kind: str, record_id: str | int, record: BaseModel) -> None:
    """Overwrite an existing record with ``record`` (whose id must match)."""
    entity = _entity(kind)
    _row(session, kind, record_id)
    check_references(session, _bundle_of(kind, record))
    values = entity.to_row(record)
    table = entity.row.__table__
    if kind != "answers" and str(values["id"]) != str(record_id):
        raise ConflictError(f"the body's id {values['id']!r} differs from {record_id!r}")
    values.pop("id", None)
    session.execute(update(entity.row).where(table.c.id == record_id).values(**values))
    if isinstance(record, Deal):
        _links(session, record)
    session.flush()


def remove(session: Session, kind: str, record_id: str | int) -> None:
    """Delete a record and what only exists through it (a deal's links, say)."""
    entity = _entity(kind)
    _row(session, kind, record_id)
    table = entity.row.__table__
    if kind == "deals":
        _refuse_if_used(session, record_id, "deal")
        session.execute(delete(DealContactRow).where(DealContactRow.deal == record_id))
    elif kind in {"accounts", "contacts", "interactions"}:
        _refuse_if_used(session, record_id, _SINGULAR[kind])
    session.execute(delete(entity.row).where(table.c.id == record_id))
    session.flush()


def _refuse_if_used(session: Session, record_id: str | int, what: str) -> None:
    users: dict[str, list[tuple[type[Base], Any]]] = {
        "account": [(ContactRow, ContactRow.account), (DealRow, DealRow.account)],
        "contact": [
            (DealContactRow, DealContactRow.contact),
            (InteractionRow, InteractionRow.contact),
        ],
        "deal": [
            (InteractionRow, InteractionRow.deal),
            (CommitmentRow, CommitmentRow.deal),
            (AnswerRow, AnswerRow.deal),
        ],
        "interaction": [(CommitmentRow, CommitmentRow.source)],
    }
    for row, column in users[what]:
        n = session.scalar(select(func.count()).select_from(row).where(column == record_id))
        if n:
            raise ConflictError(
                f"the {what} {record_id!r} is still used by {n} {row.__tablename__};"
                " delete or move those first"
            )


def _links(session: Session, deal: Deal) -> None:
    session.execute(delete(DealContactRow).where(DealContactRow.deal == deal.id))
    rows = convert.deal_contact_rows(deal)
    if rows:
        session.execute(insert(DealContactRow), rows)

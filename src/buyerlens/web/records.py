"""Record access for the API with the user's scope applied (the store's crud underneath).

A rep reads and writes only their own deals and what hangs off them (interactions,
commitments, answers); accounts and contacts are the team's shared directory. Managers
and admins see everything. Records outside the caller's scope are "not found".
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from buyerlens.model import (
    Answer,
    BadInputError,
    Commitment,
    Deal,
    Interaction,
    Issue,
    NotFoundError,
)
from buyerlens.store import crud
from buyerlens.store.tables import AnswerRow, CommitmentRow, DealRow, InteractionRow
from buyerlens.store.users import User, UserRole
from buyerlens.web.cache import DiagnosisCache
from buyerlens.web.errors import ForbiddenError

T = TypeVar("T")

#: Kinds whose records belong to a deal (the deal decides who may see them).
DEAL_KINDS = {"interactions": InteractionRow, "commitments": CommitmentRow, "answers": AnswerRow}
SINGULAR = {
    "accounts": "account",
    "contacts": "contact",
    "deals": "deal",
    "interactions": "interaction",
    "commitments": "commitment",
    "answers": "answer",
}


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items``, the ``total`` count, and the window asked for."""

    items: list[T]
    total: int
    limit: int
    offset: int


class StoredAnswer(Answer):
    """An answer as stored, with the id the API addresses it by."""

    id: int = Field(description="The answer's id in the store.")


def _own_deals(user: User) -> Any:
    return select(DealRow.id).where(DealRow.owner == user.name)


def scope(kind: str, user: User, *, deal: str | None = None) -> list[Any]:
    """SQL conditions restricting ``kind`` to what ``user`` may see (and to ``deal``)."""
    where: list[Any] = []
    if kind == "deals" and not user.sees_all_deals:
        where.append(DealRow.owner == user.name)
    if kind in DEAL_KINDS:
        row = DEAL_KINDS[kind]
        column = row.deal  # type: ignore[attr-defined]
        if deal is not None:
            where.append(column == deal)
        if not user.sees_all_deals:
            where.append(column.in_(_own_deals(user)))
    return where


def visible(session: Session, user: User, kind: str, record: BaseModel) -> bool:
    if user.sees_all_deals:
        return True
    deal_id: str | None
    if isinstance(record, Deal):
        return record.owner == user.name
    if isinstance(record, Interaction | Commitment | Answer):
        deal_id = record.deal
    else:
        return True
    if deal_id is None:
        return False
    row = session.get(DealRow, deal_id)
    return row is not None and row.owner == user.name


def list_page(
    session: Session, user: User, kind: str, *, limit: int, offset: int, deal: str | None = None
) -> Page[Any]:
    rows, total = crud.list_records(
        session, kind, offset=offset, limit=limit, where=scope(kind, user, deal=deal)
    )
    items = [_out(kind, rid, record) for rid, record in rows]
    return Page[Any](items=items, total=total, limit=limit, offset=offset)


def _out(kind: str, record_id: str | int, record: BaseModel) -> BaseModel:
    if kind == "answers":
        return StoredAnswer(id=int(record_id), **record.model_dump())
    return record


def get(session: Session, user: User, kind: str, record_id: str | int) -> BaseModel:
    record = crud.get(session, kind, record_id)
    if not visible(session, user, kind, record):
        raise NotFoundError(f"no {SINGULAR[kind]} with id {record_id!r}")
    return _out(kind, record_id, record)


def _check_write(session: Session, user: User, kind: str, record: BaseModel) -> BaseModel:
    """Refuse records a rep may not write; a rep's new deal is theirs."""
    if user.sees_all_deals:
        return record
    if isinstance(record, Deal):
        if record.owner is None:
            return record.model_copy(update={"owner": user.name})
        if record.owner != user.name:
            raise ForbiddenError("a rep can only own their own deals (leave owner empty)")
        return record
    if isinstance(record, Interaction | Commitment | Answer):
        if record.deal is None:
            raise BadInputError(
                "a rep's interactions must name one of their deals",
                issues=[Issue("deal", "is required")],
            )
        row = session.get(DealRow, record.deal)
        if row is None or row.owner != user.name:
            raise BadInputError(
                f"unknown deal {record.deal!r} is referenced",
                issues=[Issue("deal", f"unknown deal {record.deal!r}")],
            )
    return record


def _guard(error: Exception) -> BadInputError:
    return BadInputError(f"a value cannot be stored: {error}")


def create(
    session: Session, user: User, kind: str, record: BaseModel, *, cache: DiagnosisCache
) -> BaseModel:
    record = _check_write(session, user, kind, record)
    try:
        record_id = crud.create(session, kind, record)
    except (OverflowError, ValueError) as exc:
        raise _guard(exc) from None
    _invalidate(cache, record)
    return _out(kind, record_id, record)


def replace(
    session: Session,
    user: User,
    kind: str,
    record_id: str | int,
    record: BaseModel,
    *,
    cache: DiagnosisCache,
) -> BaseModel:
    old = get(session, user, kind, record_id)
    record = _check_write(session, user, kind, record)
    if kind != "answers" and getattr(record, "id", None) != record_id:
        raise BadInputError(
            f"the body's id {getattr(record, 'id', None)!r} differs from the path's {record_id!r}",
            issues=[Issue("id", "must equal the id in the path")],
        )
    try:
        crud.replace(session, kind, record_id, record)
    except (OverflowError, ValueError) as exc:
        raise _guard(exc) from None
    _invalidate(cache, old)
    _invalidate(cache, record)
    return _out(kind, record_id, record)


def remove(
    session: Session, user: User, kind: str, record_id: str | int, *, cache: DiagnosisCache
) -> None:
    old = get(session, user, kind, record_id)
    if kind in {"accounts", "contacts"} and user.role is UserRole.REP:
        raise ForbiddenError(f"only a manager or an admin may delete {kind}")
    crud.remove(session, kind, record_id)
    _invalidate(cache, old)


def _invalidate(cache: DiagnosisCache, record: BaseModel) -> None:
    if isinstance(record, Deal):
        cache.invalidate(record.id)
    elif isinstance(record, Interaction | Commitment | Answer) and record.deal:
        cache.invalidate(record.deal)

"""The repository: bundles in and out of the database, idempotently.

:func:`save_bundle` upserts: a record that is already there and unchanged is left
alone, a changed one is updated in place, a new one inserted; importing the same bundle
twice changes nothing. It runs inside the caller's transaction (see
:func:`buyerlens.store.db.session_scope`), so an import is all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from buyerlens.model import (
    Answer,
    BadInputError,
    Bundle,
    Deal,
    Issue,
    NotFoundError,
    Seller,
    answer_key,
)
from buyerlens.store import convert
from buyerlens.store.tables import (
    AccountRow,
    AnswerRow,
    Base,
    CommitmentRow,
    ContactRow,
    CredentialRow,
    DealContactRow,
    DealRow,
    InteractionRow,
    SellerRow,
)

KINDS = ("accounts", "contacts", "deals", "interactions", "commitments", "answers")
CHUNK = 500
M = TypeVar("M", bound=BaseModel)


@dataclass
class SaveStats:
    """How many records of each kind were created, updated or left unchanged."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    seller: str = "unchanged"

    @property
    def changes(self) -> int:
        return (
            sum(self.created.values()) + sum(self.updated.values()) + (self.seller != "unchanged")
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "seller": self.seller,
        }


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _existing(session: Session, row: type[Base], ids: Sequence[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    pk = row.__table__.c.id
    for chunk in _chunks(list(ids)):
        for r in session.scalars(select(row).where(pk.in_(chunk))):
            found[r.id] = r  # type: ignore[attr-defined]
    return found


def _ids_present(session: Session, row: type[Base], ids: set[str]) -> set[str]:
    if not ids:
        return set()
    return set(_existing(session, row, sorted(ids)))


def check_references(session: Session, bundle: Bundle) -> None:
    """Every reference must point at a record of the bundle or of the store."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for c in bundle.contacts:
        wanted["accounts"].add(c.account)
    for d in bundle.deals:
        wanted["accounts"].add(d.account)
        wanted["contacts"].update(dc.contact for dc in d.contacts)
    for i in bundle.interactions:
        if i.deal:
            wanted["deals"].add(i.deal)
        if i.contact:
            wanted["contacts"].add(i.contact)
    for k in bundle.commitments:
        wanted["deals"].add(k.deal)
        if k.source:
            wanted["interactions"].add(k.source)
    for a in bundle.answers:
        wanted["deals"].add(a.deal)
        if a.contact:
            wanted["contacts"].add(a.contact)
    rows: dict[str, type[Base]] = {
        "accounts": AccountRow,
        "contacts": ContactRow,
        "deals": DealRow,
        "interactions": InteractionRow,
    }
    issues: list[Issue] = []
    for kind, ids in wanted.items():
        missing = ids - {r.id for r in getattr(bundle, kind)}
        missing -= _ids_present(session, rows[kind], missing)
        issues.extend(
            Issue(kind, f"unknown {kind[:-1]} {ref!r} is referenced") for ref in sorted(missing)
        )
    if issues:
        raise BadInputError(
            f"the records refer to {len(issues)} record(s) neither in the input nor in the"
            f" database: {issues[0].message}",
            issues=issues,
        )


def _upsert(
    session: Session,
    kind: str,
    row: type[Base],
    records: Sequence[M],
    to_model: Callable[[Any], M],
    to_row: Callable[[M], dict[str, Any]],
    stats: SaveStats,
    after_change: Callable[[list[M]], None] | None = None,
) -> None:
    existing = _existing(session, row, [r.id for r in records])  # type: ignore[attr-defined]
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changed: list[M] = []
    for position, record in enumerate(records):
        old = existing.get(record.id)  # type: ignore[attr-defined]
        if old is None:
            inserts.append({**to_row(record), "position": position})
            changed.append(record)
        elif to_model(old) != record:
            updates.append(to_row(record))
            changed.append(record)
        else:
            stats.unchanged[kind] += 1
    if inserts:
        session.execute(insert(row), inserts)
    if updates:
        session.execute(update(row), updates)
    stats.created[kind] += len(inserts)
    stats.updated[kind] += len(updates)
    if after_change and changed:
        after_change(changed)


def _deal_model(session: Session, deals: Sequence[Deal]) -> Callable[[DealRow], Deal]:
    """Rows to deals, with the links of every deal of ``deals`` loaded in bulk."""
    links: dict[str, list[DealContactRow]] = defaultdict(list)
    for chunk in _chunks([d.id for d in deals]):
        for link in session.scalars(select(DealContactRow).where(DealContactRow.deal.in_(chunk))):
            links[link.deal].append(link)

    def build(r: DealRow) -> Deal:
        return convert.deal_model(r, links[r.id])

    return build


def _replace_deal_contacts(session: Session, deals: list[Deal]) -> None:
    for chunk in _chunks([d.id for d in deals]):
        session.execute(delete(DealContactRow).where(DealContactRow.deal.in_(chunk)))
    rows = [row for deal in deals for row in convert.deal_contact_rows(deal)]
    if rows:
        session.execute(insert(DealContactRow), rows)


def save_seller(session: Session, seller: Seller) -> str:
    """Store the seller; returns ``created``, ``updated`` or ``unchanged``."""
    current = load_seller(session)
    if current == seller:
        return "unchanged"
    session.execute(delete(CredentialRow))
    session.execute(delete(SellerRow))
    session.execute(insert(SellerRow), [convert.seller_row(seller)])
    rows = convert.credential_rows(seller)
    if rows:
        session.execute(insert(CredentialRow), rows)
    return "created" if current is None else "updated"


def load_seller(session: Session) -> Seller | None:
    row = session.get(SellerRow, 1)
    if row is None:
        return None
    return convert.seller_model(row, list(session.scalars(select(CredentialRow))))


def _save_answers(session: Session, answers: Sequence[Answer], stats: SaveStats) -> None:
    stored: dict[tuple[str, str, str, str], AnswerRow] = {}
    for chunk in _chunks(sorted({a.deal for a in answers})):
        for row in session.scalars(select(AnswerRow).where(AnswerRow.deal.in_(chunk))):
            stored[(row.deal, row.contact, row.question, row.at_key)] = row
    inserts: list[dict[str, Any]] = []
    for position, answer in enumerate(answers):
        old = stored.get(answer_key(answer))
        if old is None:
            inserts.append({**convert.answer_row(answer), "position": position})
            stats.created["answers"] += 1
        elif convert.answer_model(old) != answer:
            values = convert.answer_row(answer)
            session.execute(update(AnswerRow).where(AnswerRow.id == old.id).values(**values))
            stats.updated["answers"] += 1
        else:
            stats.unchanged["answers"] += 1
    if inserts:
        session.execute(insert(AnswerRow), inserts)


def save_bundle(session: Session, bundle: Bundle) -> SaveStats:
    """Upsert every record of ``bundle``; see the module docstring."""
    check_references(session, bundle)
    stats = SaveStats()
    if bundle.seller is not None:
        stats.seller = save_seller(session, bundle.seller)
    _upsert(
        session,
        "accounts",
        AccountRow,
        bundle.accounts,
        convert.account_model,
        convert.account_row,
        stats,
    )
    _upsert(
        session,
        "contacts",
        ContactRow,
        bundle.contacts,
        convert.contact_model,
        convert.contact_row,
        stats,
    )
    _upsert(
        session,
        "deals",
        DealRow,
        bundle.deals,
        _deal_model(session, bundle.deals),
        convert.deal_row,
        stats,
        after_change=lambda changed: _replace_deal_contacts(session, changed),
    )
    _upsert(
        session,
        "interactions",
        InteractionRow,
        bundle.interactions,
        convert.interaction_model,
        convert.interaction_row,
        stats,
    )
    _upsert(
        session,
        "commitments",
        CommitmentRow,
        bundle.commitments,
        convert.commitment_model,
        convert.commitment_row,
        stats,
    )
    _save_answers(session, bundle.answers, stats)
    session.flush()
    return stats


def _ordered(row: type[Base]) -> Any:
    table = row.__table__
    return select(row).order_by(table.c.position, table.c.id)


def load_bundle(session: Session, *, deal_ids: Sequence[str] | None = None) -> Bundle:
    """The store's contents as a bundle; with ``deal_ids``, only what those deals need."""
    if deal_ids is None:
        return _load_all(session)
    return _load_deals(session, list(dict.fromkeys(deal_ids)))


def _links(session: Session, deal_ids: Sequence[str] | None) -> dict[str, list[DealContactRow]]:
    stmt = select(DealContactRow)
    if deal_ids is not None:
        stmt = stmt.where(DealContactRow.deal.in_(deal_ids))
    links: dict[str, list[DealContactRow]] = defaultdict(list)
    for link in session.scalars(stmt):
        links[link.deal].append(link)
    return links


def _load_all(session: Session) -> Bundle:
    links = _links(session, None)
    return Bundle(
        seller=load_seller(session),
        accounts=[convert.account_model(r) for r in session.scalars(_ordered(AccountRow))],
        contacts=[convert.contact_model(r) for r in session.scalars(_ordered(ContactRow))],
        deals=[convert.deal_model(r, links[r.id]) for r in session.scalars(_ordered(DealRow))],
        interactions=[
            convert.interaction_model(r) for r in session.scalars(_ordered(InteractionRow))
        ],
        commitments=[convert.commitment_model(r) for r in session.scalars(_ordered(CommitmentRow))],
        answers=[convert.answer_model(r) for r in session.scalars(_ordered(AnswerRow))],
    )


def _load_deals(session: Session, deal_ids: list[str]) -> Bundle:
    deal_rows = list(session.scalars(_ordered(DealRow).where(DealRow.id.in_(deal_ids))))
    missing = set(deal_ids) - {r.id for r in deal_rows}
    if missing:
        raise NotFoundError(f"no deal with id {sorted(missing)[0]!r} in the database")
    links = _links(session, deal_ids)
    contact_ids = {link.contact for rows in links.values() for link in rows}
    interactions = list(
        session.scalars(_ordered(InteractionRow).where(InteractionRow.deal.in_(deal_ids)))
    )
    if contact_ids:  # messages of these contacts not yet tied to any deal
        interactions += list(
            session.scalars(
                _ordered(InteractionRow).where(
                    InteractionRow.deal.is_(None), InteractionRow.contact.in_(sorted(contact_ids))
                )
            )
        )
    commitments = list(
        session.scalars(_ordered(CommitmentRow).where(CommitmentRow.deal.in_(deal_ids)))
    )
    answers = list(session.scalars(_ordered(AnswerRow).where(AnswerRow.deal.in_(deal_ids))))
    have = {r.id for r in interactions}
    extra_sources = {k.source for k in commitments if k.source and k.source not in have}
    if extra_sources:
        interactions += list(
            session.scalars(
                _ordered(InteractionRow).where(InteractionRow.id.in_(sorted(extra_sources)))
            )
        )
    contact_ids |= {r.contact for r in interactions if r.contact}
    contact_ids |= {r.contact for r in answers if r.contact}
    contacts = list(
        session.scalars(_ordered(ContactRow).where(ContactRow.id.in_(sorted(contact_ids))))
    )
    account_ids = {r.account for r in deal_rows} | {r.account for r in contacts}
    accounts = list(
        session.scalars(_ordered(AccountRow).where(AccountRow.id.in_(sorted(account_ids))))
    )
    return Bundle(
        seller=load_seller(session),
        accounts=[convert.account_model(r) for r in accounts],
        contacts=[convert.contact_model(r) for r in contacts],
        deals=[convert.deal_model(r, links[r.id]) for r in deal_rows],
        interactions=[convert.interaction_model(r) for r in interactions],
        commitments=[convert.commitment_model(r) for r in commitments],
        answers=[convert.answer_model(r) for r in answers],
    )


def count(session: Session, row: type[Base]) -> int:
    """Number of rows in a table."""
    return int(session.scalar(select(func.count()).select_from(row)) or 0)

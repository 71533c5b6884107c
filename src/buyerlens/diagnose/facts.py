"""The facts of one deal, gathered once: its contacts, its messages with their signals.

:class:`DealFacts` is what every rule reads. It holds only what was known at ``as_of``
(later messages, commitments done later and later answers are left out), with messages
sorted by time and id so the result never depends on the order of the bundle's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from buyerlens.model import (
    Account,
    Answer,
    Bundle,
    Commitment,
    Contact,
    Deal,
    Direction,
    Interaction,
    Seller,
)
from buyerlens.signals.types import Signal

#: Reads one interaction: (the buyer's signals, the seller's signals).
Reader = Callable[[Interaction, str | None], tuple[tuple[Signal, ...], tuple[Signal, ...]]]


@dataclass(frozen=True, slots=True)
class Message:
    """One interaction with its signals: ``buyer`` (inbound, notes) and ``seller`` ones."""

    interaction: Interaction
    buyer: tuple[Signal, ...]
    seller: tuple[Signal, ...]
    words: int

    @property
    def id(self) -> str:
        return self.interaction.id

    @property
    def at(self) -> datetime:
        return self.interaction.at

    @property
    def contact(self) -> str | None:
        return self.interaction.contact

    @property
    def inbound(self) -> bool:
        return self.interaction.direction is Direction.INBOUND

    @property
    def outbound(self) -> bool:
        return self.interaction.direction is Direction.OUTBOUND

    def buyer_kinds(self, *kinds: str) -> list[Signal]:
        return [s for s in self.buyer if s.kind in kinds]

    def seller_kinds(self, *kinds: str) -> list[Signal]:
        return [s for s in self.seller if s.kind in kinds]


@dataclass(frozen=True, slots=True)
class DealFacts:
    """Everything known about one deal at ``as_of``, in a canonical order."""

    deal: Deal
    account: Account | None
    seller: Seller | None
    contacts: dict[str, Contact]
    buying_roles: dict[str, str | None]
    messages: tuple[Message, ...]
    commitments: tuple[Commitment, ...]
    answers: tuple[Answer, ...]
    as_of: datetime

    def buyer_signals(self, *kinds: str) -> list[tuple[Message, Signal]]:
        return [(m, s) for m in self.messages for s in m.buyer if s.kind in kinds]

    def seller_signals(self, *kinds: str) -> list[tuple[Message, Signal]]:
        return [(m, s) for m in self.messages for s in m.seller if s.kind in kinds]

    def name(self, contact: str | None) -> str:
        if contact is None or contact not in self.contacts:
            return contact or "?"
        return self.contacts[contact].name


def _deal_contact_ids(bundle: Bundle) -> dict[str, set[str]]:
    """contact id -> the deals it takes part in (listed or through interactions)."""
    deals: dict[str, set[str]] = {}
    for deal in bundle.deals:
        for link in deal.contacts:
            deals.setdefault(link.contact, set()).add(deal.id)
    for item in bundle.interactions:
        if item.deal is not None and item.contact is not None:
            deals.setdefault(item.contact, set()).add(item.deal)
    return deals


def deal_interactions(bundle: Bundle, deal: Deal) -> list[Interaction]:
    """The deal's interactions, plus deal-less ones of a contact in this deal only."""
    memberships = _deal_contact_ids(bundle)
    out = []
    for item in bundle.interactions:
        if item.deal == deal.id:
            out.append(item)
        elif item.deal is None and item.contact is not None:
            if memberships.get(item.contact) == {deal.id}:
                out.append(item)
    return out


def _language(item: Interaction, contacts: dict[str, Contact]) -> str | None:
    if item.language is not None:
        return item.language.value
    contact = contacts.get(item.contact or "")
    if contact is not None and contact.language is not None:
        return contact.language.value
    return None


def build_facts(
    bundle: Bundle,
    deal: Deal,
    *,
    as_of: datetime,
    read: Reader,
    interactions: Iterable[Interaction] | None = None,
) -> DealFacts:
    """Gather one deal's facts at ``as_of``; ``read`` turns an interaction into signals."""
    all_contacts = {c.id: c for c in bundle.contacts}
    items = sorted(
        (i for i in (interactions or deal_interactions(bundle, deal)) if i.at <= as_of),
        key=lambda i: (i.at, i.id),
    )
    ids = [link.contact for link in deal.contacts]
    ids += [i.contact for i in items if i.contact is not None]
    contacts = {cid: all_contacts[cid] for cid in sorted(set(ids)) if cid in all_contacts}
    roles: dict[str, str | None] = {cid: None for cid in contacts}
    for link in deal.contacts:
        if link.contact in roles and link.buying_role is not None:
            roles[link.contact] = link.buying_role.value
    messages = []
    for item in items:
        buyer, seller = read(item, _language(item, contacts))
        messages.append(Message(item, buyer, seller, len(item.text.split())))
    commitments = sorted(
        (c for c in bundle.commitments if c.deal == deal.id and (c.made_at or as_of) <= as_of),
        key=lambda c: c.id,
    )
    answers = sorted(
        (a for a in bundle.answers if a.deal == deal.id and (a.at is None or a.at <= as_of)),
        key=lambda a: (a.question, a.contact or "", a.at.isoformat() if a.at else "", str(a.value)),
    )
    account = next((a for a in bundle.accounts if a.id == deal.account), None)
    return DealFacts(
        deal=deal,
        account=account,
        seller=bundle.seller,
        contacts=contacts,
        buying_roles=roles,
        messages=tuple(messages),
        commitments=tuple(commitments),
        answers=tuple(answers),
        as_of=as_of,
    )

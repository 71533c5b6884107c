"""The facts of one deal, gathered once: its contacts, its messages with their signals.

:class:`DealFacts` is what every rule reads. It holds only what was known at ``as_of``
(later messages, commitments done later and later answers are left out), with messages
sorted by time and id so the result never depends on the order of the bundle's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Message:
    """One interaction with its signals: ``buyer`` (inbound, notes) and ``seller`` ones.

    ``id``, ``at``, ``contact``, ``inbound`` and ``outbound`` repeat the interaction's
    fields as plain attributes: every rule reads them, often.
    """

    interaction: Interaction
    buyer: tuple[Signal, ...]
    seller: tuple[Signal, ...]
    words: int
    id: str = field(init=False)
    at: datetime = field(init=False)
    contact: str | None = field(init=False)
    inbound: bool = field(init=False)
    outbound: bool = field(init=False)

    def __post_init__(self) -> None:
        # Not frozen, for speed (built once per interaction); treat it as read-only.
        item = self.interaction
        self.id = item.id
        self.at = item.at
        self.contact = item.contact
        self.inbound = item.direction is Direction.INBOUND
        self.outbound = item.direction is Direction.OUTBOUND

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
    #: Contacts the seller has talked to in any deal or none (up to ``as_of``).
    met: frozenset[str] = frozenset()
    _buyer: dict[str, list[tuple[Message, Signal]]] = field(init=False, repr=False)
    _seller: dict[str, list[tuple[Message, Signal]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        buyer: dict[str, list[tuple[Message, Signal]]] = {}
        seller: dict[str, list[tuple[Message, Signal]]] = {}
        for message in self.messages:
            for signal in message.buyer:
                buyer.setdefault(signal.kind, []).append((message, signal))
            for signal in message.seller:
                seller.setdefault(signal.kind, []).append((message, signal))
        object.__setattr__(self, "_buyer", buyer)
        object.__setattr__(self, "_seller", seller)

    def buyer_signals(self, *kinds: str) -> list[tuple[Message, Signal]]:
        """The buyer's signals of these kinds, in message order."""
        return _merge([self._buyer.get(kind, []) for kind in kinds])

    def seller_signals(self, *kinds: str) -> list[tuple[Message, Signal]]:
        """The seller's signals of these kinds, in message order."""
        return _merge([self._seller.get(kind, []) for kind in kinds])

    def name(self, contact: str | None) -> str:
        if contact is None or contact not in self.contacts:
            return contact or "?"
        return self.contacts[contact].name


def _merge(lists: list[list[tuple[Message, Signal]]]) -> list[tuple[Message, Signal]]:
    found = [pair for pairs in lists for pair in pairs]
    if len([p for p in lists if p]) > 1:
        found.sort(key=lambda pair: (pair[0].at, pair[0].id, pair[1].start, pair[1].kind))
    return found


def deal_interactions(bundle: Bundle, deal: Deal) -> list[Interaction]:
    """The deal's interactions (those without a deal belong to no deal yet)."""
    return [item for item in bundle.interactions if item.deal == deal.id]


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
    met: frozenset[str] | None = None,
) -> DealFacts:
    """Gather one deal's facts at ``as_of``; ``read`` turns an interaction into signals."""
    all_contacts = {c.id: c for c in bundle.contacts}
    items = sorted(
        (
            i
            for i in (deal_interactions(bundle, deal) if interactions is None else interactions)
            if i.at <= as_of
        ),
        key=lambda i: (i.at, i.id),
    )
    ids = [link.contact for link in deal.contacts]
    ids += [i.contact for i in items if i.contact is not None]
    contacts = {cid: all_contacts[cid] for cid in sorted(set(ids)) if cid in all_contacts}
    roles: dict[str, str | None] = dict.fromkeys(contacts)
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
        met=met_contacts(bundle, as_of=as_of) if met is None else met,
    )


def met_contacts(bundle: Bundle, *, as_of: datetime) -> frozenset[str]:
    """Contacts with at least one interaction up to ``as_of``, in any deal or none."""
    return frozenset(i.contact for i in bundle.interactions if i.contact and i.at <= as_of)

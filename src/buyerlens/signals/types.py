"""The signal: one piece of evidence read from a message (product.md, Signal vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SpeakerRole = Literal["buyer", "seller"]
Polarity = Literal["positive", "negative", "neutral"]

#: Buyer's words: kind -> the rules it serves (buyer-model.md).
BUYER_KINDS: dict[str, tuple[str, ...]] = {
    "time_pressure": ("P1",),
    "confusion": ("P1", "P3"),
    "risk_concern": ("P2",),
    "detail_request": ("P3",),
    "info_request": ("B1",),
    "price_focus": ("B2",),
    "price_anchor": ("B2",),
    "approval_process": ("B3",),
    "stakeholder": ("B3", "C1"),
    "incumbent": ("B4",),
    "objection": ("B3", "B4"),
    "stall": ("B1",),
    "buying_intent": (),
    "availability": ("P1",),
}

#: Seller's words: kind -> the rules it serves.
SELLER_KINDS: dict[str, tuple[str, ...]] = {
    "commitment": ("B1", "P3"),
    "vague_claim": ("P3",),
    "credibility": ("P2",),
    "price_probe": ("B2",),
    "current_price_question": ("B2",),
    "process_question": ("B3",),
    "relationship_question": ("B4",),
    "correction": ("B1",),
}

#: Kinds that ask something (the vocabulary's "asks for", "asks how", the seller's
#: questions): where such a kind's evidence is a whole sentence, a question is the best one.
ASKING_KINDS = frozenset(
    {
        "confusion",
        "detail_request",
        "info_request",
        "price_probe",
        "current_price_question",
        "process_question",
        "relationship_question",
    }
)


@dataclass(frozen=True, slots=True)
class Signal:
    """A kind of evidence at ``text[start:end]`` of the original message.

    ``value`` holds parsed data where the vocabulary says so: on ``price_anchor``
    ``{"amount": 0.92, "currency": "EUR", "unit": "piece"}``; on ``commitment``
    ``{"due": "2026-09-05T17:00:00+02:00"}``. ``entry`` is the lexicon entry that matched
    and ``question`` (seller kinds) the playbook question id it asks, when known.
    """

    kind: str
    start: int
    end: int
    text: str
    polarity: Polarity | None = None
    value: dict[str, Any] | None = None
    entry: str | None = None
    rule: str | None = None
    question: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The contract shape ``{"kind", "start", "end", "text", "polarity"?, "value"?}``."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        if self.polarity is not None:
            out["polarity"] = self.polarity
        if self.value is not None:
            out["value"] = self.value
        if self.rule is not None:
            out["rule"] = self.rule
        if self.question is not None:
            out["question"] = self.question
        return out

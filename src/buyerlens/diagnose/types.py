"""The typed results of a diagnosis: evidence, findings, the scorecard and the Diagnosis.

Every conclusion is a :class:`Finding` with a level, a score in [0, 1], the evidence it
rests on and the rule of buyer-model.md it serves (G1: probabilities with evidence, never
labels). ``to_json()`` on each type gives exactly the contract shape of product.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Level = Literal["high", "medium", "low", "unknown"]
Relationship = Literal["weak", "strong", "unknown"]
LEVELS: tuple[Level, ...] = ("unknown", "low", "medium", "high")
PRIORITY_KEYS: tuple[str, ...] = ("time_poor", "risk_averse", "detail_oriented")
PATTERN_KEYS: tuple[str, ...] = ("audition", "price_focus", "approval_risk", "incumbent", "stall")


def level_at_least(level: Level, floor: Level) -> bool:
    """True when ``level`` is known and at least ``floor`` (``unknown`` is below ``low``)."""
    return LEVELS.index(level) >= LEVELS.index(floor)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """One observation behind a finding.

    ``kind`` is a signal kind (``time_pressure``) or a behaviour or fact kind
    (``short_replies``, ``amount_above_authority``); ``text`` the quoted words or a
    language-neutral statement of the fact; ``interaction`` the interaction id it comes
    from (``None`` for deal facts and recorded answers).
    """

    interaction: str | None
    kind: str
    text: str
    rule: str
    at: datetime | None = None
    contact: str | None = None
    weight: float = 0.0
    value: dict[str, Any] | None = None

    def sort_key(self) -> tuple[datetime, str, str, str]:
        """Time, interaction, kind, text: a total order independent of input order."""
        return (self.at or _EPOCH, self.interaction or "", self.kind, self.text)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "interaction": self.interaction,
            "kind": self.kind,
            "text": self.text,
            "rule": self.rule,
        }
        if self.at is not None:
            out["at"] = self.at.isoformat()
        if self.contact is not None:
            out["contact"] = self.contact
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A conclusion: ``level`` (high/medium/low/unknown), ``score`` in [0, 1], evidence, rule.

    ``details`` holds the figures the level was computed from (counts, ratios), so a
    reader can check the reasoning; it is part of the JSON.
    """

    level: Level
    score: float
    rule: str
    evidence: tuple[Evidence, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "level": self.level,
            "score": round(self.score, 3),
            "evidence": [e.to_json() for e in self.evidence],
            "rule": self.rule,
        }
        if self.details:
            out["details"] = self.details
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceFigure:
    """A price stated in a message: by the buyer (an anchor) or by the seller (a quote)."""

    interaction: str
    at: datetime
    amount: float
    currency: str | None
    unit: str | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "interaction": self.interaction,
            "at": self.at.isoformat(),
            "amount": self.amount,
            "currency": self.currency,
            "unit": self.unit,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PricePicture:
    """B2: the buyer's stated figures (a low anchor), the seller's quotes and the gap."""

    anchors: tuple[PriceFigure, ...] = ()
    quotes: tuple[PriceFigure, ...] = ()
    gap: float | None = None
    gap_ratio: float | None = None
    estimated_range: tuple[float, float] | None = None
    recommended_asked: tuple[str, ...] = ()
    discouraged_asked: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "anchors": [a.to_json() for a in self.anchors],
            "quotes": [q.to_json() for q in self.quotes],
            "gap": self.gap,
            "gap_ratio": self.gap_ratio,
            "estimated_range": list(self.estimated_range) if self.estimated_range else None,
            "recommended_question_asked": bool(self.recommended_asked),
            "recommended_asked_in": list(self.recommended_asked),
            "discouraged_question_asked": bool(self.discouraged_asked),
            "discouraged_asked_in": list(self.discouraged_asked),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalStep:
    """One step of the approval path (B3): who, and whether the seller knows it."""

    step: str
    who: str | None
    contact: str | None
    known: bool
    met: bool | None = None
    note: str = ""
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "who": self.who,
            "contact": self.contact,
            "known": self.known,
            "met": self.met,
            "note": self.note,
            "interactions": list(self.evidence),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceFinding(Finding):
    picture: PricePicture = field(default_factory=PricePicture)

    def to_json(self) -> dict[str, Any]:
        out = Finding.to_json(self)
        out["price_picture"] = self.picture.to_json()
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalFinding(Finding):
    path: tuple[ApprovalStep, ...] = ()

    @property
    def missing(self) -> tuple[ApprovalStep, ...]:
        return tuple(s for s in self.path if not s.known or s.met is False)

    def to_json(self) -> dict[str, Any]:
        out = Finding.to_json(self)
        out["approval_path"] = [s.to_json() for s in self.path]
        out["missing"] = [s.step for s in self.missing]
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class IncumbentFinding(Finding):
    """B4. ``level`` is the incumbent's hold on the buyer: high = strong relationship."""

    relationship: Relationship = "unknown"
    incumbent: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = Finding.to_json(self)
        out["relationship"] = self.relationship
        out["incumbent"] = self.incumbent
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """A buyer's request (B1) and the seller's reply to it."""

    interaction: str
    at: datetime
    contact: str | None
    text: str
    replied_in: str | None = None
    reply_hours: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "interaction": self.interaction,
            "at": self.at.isoformat(),
            "contact": self.contact,
            "text": self.text,
            "replied_in": self.replied_in,
            "reply_hours": None if self.reply_hours is None else round(self.reply_hours, 1),
        }


PromiseStatus = Literal["kept_on_time", "late", "overdue", "open", "unconfirmed", "done"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Promise:
    """A seller's promise: a recorded commitment or one found in the seller's words.

    ``status``: kept_on_time, late, overdue (recorded, past due, not done), open (not due
    yet or no due date), done (done, no due date), unconfirmed (found in the seller's
    words, past due, and nothing records whether it was kept).
    """

    id: str
    text: str
    due: datetime | None
    done_at: datetime | None
    interaction: str | None
    detected: bool
    status: PromiseStatus

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "due": iso(self.due),
            "done_at": iso(self.done_at),
            "interaction": self.interaction,
            "detected": self.detected,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Scorecard:
    """B1/P3: how the seller is doing in the audition: replies, promises, corrections."""

    requests: tuple[Request, ...] = ()
    promises: tuple[Promise, ...] = ()
    corrections: tuple[Evidence, ...] = ()
    vague_claims: tuple[Evidence, ...] = ()

    @property
    def open_requests(self) -> tuple[Request, ...]:
        return tuple(r for r in self.requests if r.replied_in is None)

    @property
    def median_reply_hours(self) -> float | None:
        hours = sorted(r.reply_hours for r in self.requests if r.reply_hours is not None)
        if not hours:
            return None
        mid = len(hours) // 2
        return hours[mid] if len(hours) % 2 else (hours[mid - 1] + hours[mid]) / 2

    def with_status(self, status: PromiseStatus) -> tuple[Promise, ...]:
        return tuple(p for p in self.promises if p.status == status)

    def to_json(self) -> dict[str, Any]:
        median = self.median_reply_hours
        return {
            "requests": len(self.requests),
            "request_items": [r.to_json() for r in self.requests],
            "open_requests": [r.to_json() for r in self.open_requests],
            "median_reply_hours": None if median is None else round(median, 1),
            "promises": len(self.promises),
            "promise_items": [p.to_json() for p in self.promises],
            "kept_on_time": len(self.with_status("kept_on_time")),
            "late": len(self.with_status("late")),
            "overdue": [p.to_json() for p in self.with_status("overdue")],
            "open_promises": [p.to_json() for p in self.with_status("open")],
            "unconfirmed": [p.to_json() for p in self.with_status("unconfirmed")],
            "corrections": len(self.corrections),
            "correction_items": [c.to_json() for c in self.corrections],
            "vague_claims": [v.to_json() for v in self.vague_claims],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleCard:
    """C1: what a stakeholder role worries about, the details to get right, what to ask."""

    role: str
    title: str
    worries: tuple[str, ...]
    details: tuple[str, ...]
    ask: tuple[str, ...]
    rule: str = "C1"

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "title": self.title,
            "worries": list(self.worries),
            "details": list(self.details),
            "ask": list(self.ask),
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactDiagnosis:
    """The three priorities (P1-P3) of one contact, and the card for their role (C1)."""

    contact: str
    name: str
    role: str
    buying_role: str | None
    messages: int
    priorities: dict[str, Finding]
    role_card: RoleCard | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "role": self.role,
            "buying_role": self.buying_role,
            "messages": self.messages,
            "priorities": {k: self.priorities[k].to_json() for k in PRIORITY_KEYS},
        }
        if self.role_card is not None:
            out["role_card"] = self.role_card.to_json()
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """A playbook action for this deal: what to do, why (with its rule), and details."""

    id: str
    rule: str
    priority: int
    text: str
    why: str
    contact: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "priority": self.priority,
            "text": self.text,
            "why": self.why,
        }
        if self.contact is not None:
            out["contact"] = self.contact
        if self.details:
            out["details"] = self.details
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A playbook question for this deal, tracked: asked by the seller, answered (recorded)."""

    id: str
    rule: str
    text: str
    asked: bool
    answered: bool
    asked_in: tuple[str, ...] = ()
    answer: Any = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "text": self.text,
            "asked": self.asked,
            "answered": self.answered,
            "asked_in": list(self.asked_in),
        }
        if self.answer is not None:
            out["answer"] = self.answer
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Patterns:
    """The five deal patterns, typed: B1 audition, B2 price, B3 approval, B4 incumbent, stall."""

    audition: Finding
    price_focus: PriceFinding
    approval_risk: ApprovalFinding
    incumbent: IncumbentFinding
    stall: Finding

    def as_dict(self) -> dict[str, Finding]:
        return {
            "audition": self.audition,
            "price_focus": self.price_focus,
            "approval_risk": self.approval_risk,
            "incumbent": self.incumbent,
            "stall": self.stall,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DealFindings:
    """What diagnose concludes for one deal, before the playbook turns it into advice."""

    deal: str
    as_of: datetime
    contacts: dict[str, ContactDiagnosis]
    patterns: Patterns
    scorecard: Scorecard


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnosis:
    """The complete analysis of one deal at one moment: the product's central result.

    Built by :func:`buyerlens.engine.analyze` (pure: the same bundle and ``as_of`` give
    the same Diagnosis whatever the order of the bundle's records).

    - ``contacts``: contact id -> :class:`ContactDiagnosis` with the priorities
      ``time_poor`` (P1), ``risk_averse`` (P2), ``detail_oriented`` (P3), each a
      :class:`Finding`, and the contact's role card (C1).
    - ``patterns`` (:class:`Patterns`): ``audition`` (B1), ``price_focus`` (B2, a
      :class:`PriceFinding` with the price picture), ``approval_risk`` (B3, an
      :class:`ApprovalFinding` with the approval path), ``incumbent`` (B4, an
      :class:`IncumbentFinding` with ``relationship`` weak/strong/unknown), ``stall`` (B1).
    - ``scorecard``: the seller's record (:class:`Scorecard`): requests and reply
      times, promises kept/late/overdue, corrections.
    - ``actions`` and ``questions``: the playbook advice, sorted by priority, in
      ``lang`` (nl or en).

    ``to_json()`` is the contract of product.md (``buyerlens analyze --json``).
    """

    deal: str
    title: str
    account: str | None
    as_of: datetime
    lang: str
    contacts: dict[str, ContactDiagnosis]
    patterns: Patterns
    scorecard: Scorecard
    actions: tuple[Action, ...] = ()
    questions: tuple[Question, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The DIAGNOSIS object of product.md's ``analyze --json`` contract."""
        return {
            "deal": self.deal,
            "title": self.title,
            "account": self.account,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "contacts": {cid: self.contacts[cid].to_json() for cid in sorted(self.contacts)},
            "patterns": {k: f.to_json() for k, f in self.patterns.as_dict().items()},
            "scorecard": self.scorecard.to_json(),
            "actions": [a.to_json() for a in self.actions],
            "questions": [q.to_json() for q in self.questions],
        }

"""What the pages and the API show, as data: visibility, the deal view, the pipeline.

Routes call these functions and render what they return; nothing here knows about
HTTP. Visibility (R: roles) lives here too: a rep sees the deals they own, a manager and
an admin every deal; a deal the user may not see is reported as not found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from buyerlens.model import Bundle, Deal, Direction, Interaction, NotFoundError
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS, Signal
from buyerlens.store import load_bundle
from buyerlens.store.tables import DealRow
from buyerlens.store.users import QuestionMark, User, question_marks
from buyerlens.web.cache import DiagnosisCache, fingerprint

if TYPE_CHECKING:
    from buyerlens.diagnose.types import Diagnosis

PATTERNS: tuple[str, ...] = ("audition", "price_focus", "approval_risk", "incumbent", "stall")
RULE_OF_PATTERN = {
    "audition": "B1",
    "price_focus": "B2",
    "approval_risk": "B3",
    "incumbent": "B4",
    "stall": "B1",
}


def minute(value: datetime) -> datetime:
    """``as_of`` rounded down to the minute: diagnoses are cached per minute."""
    return value.replace(second=0, microsecond=0)


def visible_deal_ids(session: Session, user: User) -> list[str]:
    stmt = select(DealRow.id).order_by(DealRow.position, DealRow.id)
    if not user.sees_all_deals:
        stmt = stmt.where(DealRow.owner == user.name)
    return list(session.scalars(stmt))


def can_see(session: Session, user: User, deal_id: str) -> bool:
    row = session.get(DealRow, deal_id)
    return row is not None and (user.sees_all_deals or row.owner == user.name)


def require_deal(session: Session, user: User, deal_id: str) -> None:
    """404 for a deal that does not exist and for one the user may not see alike."""
    if not can_see(session, user, deal_id):
        raise NotFoundError(f"no deal with id {deal_id!r}")


# ---------------------------------------------------------------- signals in messages


def signals_of(
    item: Interaction,
    people: Collection[str] = (),
    incumbents: Mapping[str, Collection[str]] | None = None,
    colleagues: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
) -> list[Signal]:
    """The signals to show in a message; a call note is read as the engine reads it
    (its seller's lines are the seller's; ``people``, from :func:`people_of`, are the
    buyer's people who may act in it; ``incumbents`` and ``colleagues``, from
    :func:`incumbents_of` and :func:`colleagues_of`, each deal's current supplier and
    buyer-side people by name)."""
    from buyerlens.engine.analyze import default_reader

    lang = item.language.value if item.language else None
    buyer, seller = default_reader(
        item, lang, buyer_people=people, incumbents=incumbents, colleagues=colleagues
    )
    return [*buyer, *(s for s in seller if s.kind != "price_quote")]


def people_of(bundle: Bundle) -> tuple[str, ...]:
    """The buyer's people a call note of ``bundle`` may name (contacts and accounts)."""
    from buyerlens.engine.analyze import buyer_people

    return buyer_people(bundle)


def incumbents_of(bundle: Bundle) -> dict[str, tuple[str, ...]]:
    """Each deal's current supplier by name (R-B4)."""
    from buyerlens.engine.analyze import deal_incumbents

    return deal_incumbents(bundle)


def colleagues_of(bundle: Bundle) -> dict[str, dict[str, tuple[str, str]]]:
    """Each deal's buyer-side people by name and role (R-B3)."""
    from buyerlens.engine.analyze import deal_colleagues

    return deal_colleagues(bundle)


def rule_of_kind(kind: str) -> str:
    rules = BUYER_KINDS.get(kind) or SELLER_KINDS.get(kind) or ()
    return rules[0] if rules else "none"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a message: plain text, or a signal (``kind``) to highlight."""

    text: str
    kind: str | None = None
    rule: str | None = None


def segments(text: str, found: Sequence[Signal]) -> list[Segment]:
    """Split ``text`` into plain and highlighted pieces (overlaps: the earlier one wins)."""
    out: list[Segment] = []
    pos = 0
    for sig in sorted(found, key=lambda s: (s.start, -(s.end - s.start))):
        if sig.start < pos or sig.end <= sig.start or sig.end > len(text):
            continue
        if sig.start > pos:
            out.append(Segment(text[pos : sig.start]))
        out.append(Segment(text[sig.start : sig.end], sig.kind, rule_of_kind(sig.kind)))
        pos = sig.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


@dataclass(frozen=True, slots=True)
class Message:
    item: Interaction
    contact_name: str | None
    segments: list[Segment]
    kinds: tuple[str, ...]
    patterns: tuple[str, ...]


def _cited(diagnosis: Diagnosis) -> dict[str, set[str]]:
    """Interaction id -> the patterns whose evidence cites it."""
    cited: dict[str, set[str]] = defaultdict(set)
    for key, finding in diagnosis.patterns.as_dict().items():
        for ev in finding.evidence:
            if ev.interaction:
                cited[ev.interaction].add(key)
    return cited


def messages(bundle: Bundle, deal_id: str, diagnosis: Diagnosis) -> list[Message]:
    names = {c.id: c.name for c in bundle.contacts}
    cited = _cited(diagnosis)
    out: list[Message] = []
    items = [i for i in bundle.interactions if i.deal == deal_id or i.deal is None]
    people, incumbents, team = people_of(bundle), incumbents_of(bundle), colleagues_of(bundle)
    for item in sorted(items, key=lambda i: i.at, reverse=True):
        found = signals_of(item, people, incumbents, team)
        out.append(
            Message(
                item=item,
                contact_name=names.get(item.contact or ""),
                segments=segments(item.text, found),
                kinds=tuple(sorted({s.kind for s in found})),
                patterns=tuple(p for p in PATTERNS if p in cited.get(item.id, ())),
            )
        )
    return out


# ---------------------------------------------------------------- the deal view


@dataclass(frozen=True, slots=True)
class Analysed:
    """What is cached per deal: the diagnosis and the messages with their highlights."""

    diagnosis: Diagnosis
    messages: list[Message]


@dataclass(slots=True)
class DealView:
    deal: Deal
    bundle: Bundle
    diagnosis: Diagnosis
    messages: list[Message]
    marks: dict[str, QuestionMark] = field(default_factory=dict)
    cached: bool = False

    @property
    def contacts(self) -> dict[str, Any]:
        return {c.id: c for c in self.bundle.contacts}


def analyse(bundle: Bundle, deal_id: str, *, as_of: datetime, lang: str) -> Analysed:
    """Diagnose one deal and prepare its messages (uncached)."""
    from buyerlens.engine import analyze

    [diagnosis] = analyze(bundle, as_of=as_of, deal_ids=[deal_id], lang=lang)
    return Analysed(diagnosis, messages(bundle, deal_id, diagnosis))


def analysed(
    bundle: Bundle, deal_id: str, *, cache: DiagnosisCache | None, as_of: datetime, lang: str
) -> tuple[Analysed, bool]:
    """The cached analysis when the deal's records and the minute are the same."""
    as_of = minute(as_of)
    if cache is None:
        return analyse(bundle, deal_id, as_of=as_of, lang=lang), False
    key = fingerprint(bundle)
    hit = cache.get(deal_id, lang, fingerprint=key, as_of=as_of)
    if isinstance(hit, Analysed):
        return hit, True
    value = analyse(bundle, deal_id, as_of=as_of, lang=lang)
    cache.put(deal_id, lang, value, fingerprint=key, as_of=as_of)
    return value, False


def deal_view(
    session: Session,
    user: User,
    deal_id: str,
    *,
    cache: DiagnosisCache | None,
    as_of: datetime,
) -> DealView:
    require_deal(session, user, deal_id)
    bundle = load_bundle(session, deal_ids=[deal_id])
    [deal] = [d for d in bundle.deals if d.id == deal_id]
    result, hit = analysed(bundle, deal_id, cache=cache, as_of=as_of, lang=user.language.value)
    return DealView(
        deal=deal,
        bundle=bundle,
        diagnosis=result.diagnosis,
        messages=result.messages,
        marks=question_marks(session, deal_id),
        cached=hit,
    )


def diagnosis_for(
    session: Session,
    user: User,
    deal_id: str,
    *,
    cache: DiagnosisCache | None,
    as_of: datetime,
    lang: str | None = None,
) -> Diagnosis:
    require_deal(session, user, deal_id)
    bundle = load_bundle(session, deal_ids=[deal_id])
    result, _ = analysed(
        bundle, deal_id, cache=cache, as_of=as_of, lang=lang or user.language.value
    )
    return result.diagnosis


# ---------------------------------------------------------------- the pipeline


@dataclass(frozen=True, slots=True)
class PipelineRow:
    deal: Deal
    account: str
    days_since_buyer: int | None
    levels: dict[str, str]
    relationship: str
    overdue: int

    def flagged(self, pattern: str) -> bool:
        if pattern == "overdue":
            return self.overdue > 0
        return self.levels.get(pattern) in {"high", "medium"}


def _days_since_buyer(bundle: Bundle, deal_id: str, as_of: datetime) -> int | None:
    times = [
        i.at
        for i in bundle.interactions
        if i.direction is Direction.INBOUND and (i.deal == deal_id or i.deal is None)
    ]
    if not times:
        return None
    return max(0, (as_of - max(times)) // timedelta(days=1))


def pipeline(
    session: Session, user: User, *, cache: DiagnosisCache | None, as_of: datetime
) -> list[PipelineRow]:
    rows: list[PipelineRow] = []
    for deal_id in visible_deal_ids(session, user):
        bundle = load_bundle(session, deal_ids=[deal_id])
        result, _ = analysed(bundle, deal_id, cache=cache, as_of=as_of, lang=user.language.value)
        diagnosis = result.diagnosis
        [deal] = [d for d in bundle.deals if d.id == deal_id]
        accounts = {a.id: a.name for a in bundle.accounts}
        patterns = diagnosis.patterns
        rows.append(
            PipelineRow(
                deal=deal,
                account=accounts.get(deal.account, deal.account),
                days_since_buyer=_days_since_buyer(bundle, deal_id, as_of),
                levels={k: f.level for k, f in patterns.as_dict().items()},
                relationship=patterns.incumbent.relationship,
                overdue=len(diagnosis.scorecard.with_status("overdue")),
            )
        )
    return rows


SORT_KEYS = ("title", "amount", "stage", "owner", "days", "overdue", *PATTERNS)
_LEVEL_ORDER = {"high": 3, "medium": 2, "low": 1, "unknown": 0}


def filter_sort(
    rows: list[PipelineRow],
    *,
    pattern: str | None = None,
    owner: str | None = None,
    stage: str | None = None,
    sort: str = "title",
    desc: bool = False,
) -> list[PipelineRow]:
    """Filter by a flagged pattern (or ``overdue``), an owner, a stage; sort by a column."""
    out = [
        r
        for r in rows
        if (not pattern or r.flagged(pattern))
        and (not owner or r.deal.owner == owner)
        and (not stage or r.deal.stage == stage)
    ]

    def key(r: PipelineRow) -> tuple[Any, ...]:
        if sort == "amount":
            return (r.deal.amount or 0.0,)
        if sort in {"stage", "owner"}:
            return (getattr(r.deal, sort) or "",)
        if sort == "days":
            return (r.days_since_buyer if r.days_since_buyer is not None else -1,)
        if sort == "overdue":
            return (r.overdue,)
        if sort in PATTERNS:
            return (_LEVEL_ORDER.get(r.levels.get(sort, "unknown"), 0),)
        return (r.deal.title.lower(),)

    return sorted(out, key=key, reverse=desc)

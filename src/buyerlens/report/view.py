"""The brief as data: what goes on the page, already in words, cut to fit.

:func:`build_view` turns a bundle, the deal's :class:`Diagnosis` and its slot plan into
a :class:`BriefView` that the Markdown and HTML templates only lay out. :class:`Limits`
says how many items of each kind fit; the PDF renderer tightens them step by step
until the brief is one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from buyerlens.diagnose.types import (
    PRIORITY_KEYS,
    ContactDiagnosis,
    Diagnosis,
    Evidence,
    IncumbentFinding,
    Promise,
    level_at_least,
)
from buyerlens.model import Bundle, Contact, Credential, CredentialKind, Deal
from buyerlens.report.evidence import Line, evidence_line, interaction_index, strongest
from buyerlens.report.labels import Labels
from buyerlens.schedule import SlotPlan

BUYING_ORDER = ("buyer", "decision_maker", "approver", "influencer", "gatekeeper", "user")
# Actions whose content has a section of its own on the page.
OWN_SECTION = frozenset({"propose_off_hours", "lead_with_credibility"})
T = TypeVar("T")
QUESTION_PATTERN = {"B2": "price_focus", "B3": "approval_risk", "B4": "incumbent"}


@dataclass(frozen=True, slots=True)
class Limits:
    """How many items of each kind the page holds; ``density`` 0 (roomy) to 3 (tight)."""

    contacts: int = 4
    priorities: int = 3
    points: int = 3
    promises: int = 6
    questions: int = 6
    credentials: int = 2
    slots: int = 4
    actions: int = 3
    quote_width: int = 110
    density: int = 0


DENSITIES: tuple[Limits, ...] = (
    Limits(),
    Limits(points=2, promises=5, questions=5, density=1),
    Limits(contacts=3, priorities=2, points=2, promises=4, questions=4, actions=2,
           quote_width=90, density=2),
    Limits(contacts=3, priorities=2, points=1, promises=3, questions=3, credentials=1,
           slots=3, actions=1, quote_width=70, density=3),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Item:
    """A line with a level or status key (for colour) and an optional evidence line."""

    label: str
    text: str = ""
    key: str = ""
    detail: str = ""
    evidence: Line | None = None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    title: str
    role: str
    priorities: tuple[Item, ...]
    points: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class SlotRow:
    kind: str
    buyer: str
    seller: str


@dataclass(frozen=True, slots=True)
class Slots:
    intro: str
    buyer_head: str
    seller_head: str
    same_zone: bool
    rows: tuple[SlotRow, ...]
    notes: tuple[str, ...]
    empty: str = ""


@dataclass(frozen=True, slots=True)
class BriefView:
    lang: str
    words: Labels
    deal: str
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    people: tuple[Person, ...]
    patterns: tuple[Item, ...]
    promises: tuple[Item, ...]
    questions: tuple[Item, ...]
    credentials: tuple[Item, ...]
    actions: tuple[Item, ...]
    slots: Slots
    footer: str
    density: int = 0
    more: dict[str, int] = field(default_factory=dict)


def _cut(items: Sequence[T], limit: int, more: dict[str, int], key: str) -> tuple[T, ...]:
    if len(items) > limit:
        more[key] = len(items) - limit
    return tuple(items[:limit])


def _deal_facts(deal: Deal, words: Labels, as_of: datetime) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if deal.amount is not None:
        facts.append((words("field.amount"), words.money(deal.amount, deal.currency)))
    if deal.stage:
        facts.append((words("field.stage"), deal.stage.replace("_", " ")))
    if deal.outcome is not None:
        facts.append((words("field.outcome"), words(f"outcome.{deal.outcome.value}")))
    elif deal.expected_close:
        facts.append((words("field.close"), words.date(deal.expected_close)))
    if deal.new_supplier is not None:
        facts.append(
            (words("field.new_supplier"), words("text.yes" if deal.new_supplier else "text.no"))
        )
    if deal.incumbent:
        facts.append((words("field.incumbent"), deal.incumbent))
    if deal.owner:
        facts.append((words("field.owner"), deal.owner))
    facts.append((words("field.as_of"), words.moment(as_of)))
    return facts


def _ordered_contacts(diagnosis: Diagnosis, deal: Deal) -> list[ContactDiagnosis]:
    listed = [dc.contact for dc in deal.contacts if dc.contact in diagnosis.contacts]
    rest = sorted(set(diagnosis.contacts) - set(listed))

    def rank(cid: str) -> int:
        role = diagnosis.contacts[cid].buying_role
        return BUYING_ORDER.index(role) if role in BUYING_ORDER else len(BUYING_ORDER)

    return [diagnosis.contacts[c] for c in sorted(listed, key=rank) + rest]


class _Builder:
    """Builds one :class:`BriefView`; holds the lookups every section needs."""

    def __init__(self, bundle: Bundle, diagnosis: Diagnosis, words: Labels, limits: Limits):
        self.bundle, self.diagnosis, self.words, self.limits = bundle, diagnosis, words, limits
        self.interactions = interaction_index(bundle)
        self.contacts: dict[str, Contact] = {c.id: c for c in bundle.contacts}
        self.names = {cid: c.name for cid, c in self.contacts.items()}
        self.more: dict[str, int] = {}

    def evidence(self, items: Sequence[Evidence]) -> Line | None:
        best = strongest(items)
        if best is None:
            return None
        return evidence_line(
            best,
            interactions=self.interactions,
            names=self.names,
            words=self.words,
            width=self.limits.quote_width,
        )

    def person(self, found: ContactDiagnosis) -> Person:
        words, contact = self.words, self.contacts.get(found.contact)
        role = words(f"role.{found.role}") if words.has(f"role.{found.role}") else found.role
        if found.buying_role and words.has(f"buying_role.{found.buying_role}"):
            role = f"{role} · {words(f'buying_role.{found.buying_role}')}"
        if contact is not None and contact.authority_limit is not None:
            limit = contact.authority_limit
            role += (
                f" · {words('text.authority', amount=words.money(limit.amount, limit.currency))}"
            )
        shown = sorted(
            (k for k in PRIORITY_KEYS if level_at_least(found.priorities[k].level, "medium")),
            key=lambda k: -found.priorities[k].score,
        )[: self.limits.priorities]
        priorities = tuple(
            Item(
                label=words(f"priority.{key}"),
                text=words(f"level.{found.priorities[key].level}"),
                key=found.priorities[key].level,
                evidence=self.evidence(found.priorities[key].evidence),
            )
            for key in shown
        )
        card = found.role_card
        points: tuple[str, ...] = ()
        if card is not None:
            pool = [*card.worries[:1], *card.details[:1], *card.ask[:1], *card.worries[1:],
                    *card.details[1:]]  # fmt: skip
            points = tuple(pool[: self.limits.points])
        note = "" if priorities else words("text.no_priorities", messages=found.messages)
        title = contact.title if contact is not None and contact.title else ""
        return Person(found.name, title, role, priorities, points, note)

    def patterns(self) -> tuple[Item, ...]:
        words, out = self.words, []
        for key, finding in self.diagnosis.patterns.as_dict().items():
            detail = ""
            if isinstance(finding, IncumbentFinding) and finding.incumbent:
                relationship = words(f"relationship.{finding.relationship}")
                detail = (
                    f"{finding.incumbent}: {words('text.relationship', relationship=relationship)}"
                )
            out.append(
                Item(
                    label=words(f"pattern.{key}"),
                    text=words(f"level.{finding.level}"),
                    key=finding.level,
                    detail=detail,
                    evidence=self.evidence(finding.evidence),
                )
            )
        return tuple(out)

    def _promise(self, promise: Promise) -> Item:
        words = self.words
        if promise.status == "overdue" and promise.due:
            when = words("text.overdue", date=words.day(promise.due))
        elif promise.status == "unconfirmed" and promise.due:
            when = words("text.unconfirmed", date=words.day(promise.due))
        elif promise.due:
            when = words("text.due", date=words.day(promise.due))
        else:
            when = words("text.no_due")
        return Item(label=promise.text, text=when, key=promise.status, detail=promise.id)

    def promises(self) -> tuple[Item, ...]:
        card, words = self.diagnosis.scorecard, self.words
        late = sorted(card.with_status("overdue"), key=lambda p: p.due or self.diagnosis.as_of)
        unsure = list(card.with_status("unconfirmed"))
        waiting = sorted(
            card.with_status("open"),
            key=lambda p: (p.due is None, p.due.isoformat() if p.due else "", p.id),
        )
        requests = [
            Item(
                label=f"“{r.text}”",
                text=words("text.open_request", date=words.day(r.at)),
                key="request",
                detail=(self.names.get(r.contact or "", "") + f" · {r.interaction}").strip(" ·"),
            )
            for r in card.open_requests
        ]
        items = [
            *(self._promise(p) for p in late + unsure),
            *requests,
            *(self._promise(p) for p in waiting),
        ]
        return _cut(items, self.limits.promises, self.more, "promises")

    def questions(self) -> tuple[Item, ...]:
        patterns = self.diagnosis.patterns.as_dict()

        def urgency(rule: str) -> float:
            key = QUESTION_PATTERN.get(rule)
            return -patterns[key].score if key else 0.0

        todo = [q for q in self.diagnosis.questions if not q.asked and not q.answered]
        ranked = sorted(todo, key=lambda q: urgency(q.rule))  # stable: catalog order on ties
        items = [Item(label=q.text, key=q.rule, detail=q.id) for q in ranked]
        return _cut(items, self.limits.questions, self.more, "questions")

    def credentials(self, deal: Deal) -> tuple[Item, ...]:
        words = self.words
        account = next((a for a in self.bundle.accounts if a.id == deal.account), None)
        industry = (account.industry or "") if account else ""
        creds = self.bundle.seller.credentials if self.bundle.seller else []
        kinds = [CredentialKind.CASE_STUDY, CredentialKind.YEARS_IN_INDUSTRY, CredentialKind.AWARD]

        def same(cred: Credential) -> bool:
            return bool(industry) and (cred.industry or "").lower() == industry.lower()

        matched = sorted((c for c in creds if same(c)), key=lambda c: kinds.index(c.kind))
        if not matched:
            text = words("text.no_credibility", industry=industry or words("text.unknown"))
            awards = [c for c in creds if c.kind is CredentialKind.AWARD]
            return (Item(label=text, key="none"), *(self._credential(c, False) for c in awards[:1]))
        return _cut([self._credential(c, True) for c in matched], self.limits.credentials,
                    self.more, "credentials")  # fmt: skip

    def _credential(self, cred: Credential, matched: bool) -> Item:
        words = self.words
        industry = cred.industry or ""
        if cred.kind is CredentialKind.YEARS_IN_INDUSTRY:
            label = words("text.credibility_years", years=cred.years or 0, industry=industry)
        else:
            label = cred.title or industry
        detail = cred.summary or ""
        if not matched and industry:
            detail = words("text.credibility_other_industry", industry=industry)
        return Item(label=label, key=cred.kind.value, detail=detail)

    def actions(self) -> tuple[Item, ...]:
        chosen = [a for a in self.diagnosis.actions if a.id not in OWN_SECTION]
        items = [Item(label=a.text, key=a.rule, detail=a.id) for a in chosen]
        return _cut(items, self.limits.actions, self.more, "actions")


def slot_rows(plan: SlotPlan, words: Labels, limit: int) -> tuple[SlotRow, ...]:
    """Up to ``limit`` slots: one of each kind first, then the earliest; in time order."""
    chosen, kinds = [], set()
    for slot in plan.slots:
        if slot.kind not in kinds:
            kinds.add(slot.kind)
            chosen.append(slot)
    chosen += [s for s in plan.slots if s not in chosen]
    rows = []
    for slot in sorted(chosen[:limit], key=lambda s: s.start):
        b_start, b_end = slot.local(plan.buyer_zone.name)
        s_start, s_end = slot.local(plan.seller_zone.name)
        seller = f"{s_start:%H:%M}–{s_end:%H:%M}"
        if s_start.date() != b_start.date():
            seller = f"{words.day(s_start)} {seller}"
        rows.append(
            SlotRow(
                kind=words(f"slot.{slot.kind}"),
                buyer=f"{words.moment(b_start)}–{b_end:%H:%M}",
                seller=seller,
            )
        )
    return tuple(rows)


def slots_view(plan: SlotPlan | None, words: Labels, limit: int, *, name: str,
               problem: str = "") -> Slots:  # fmt: skip
    """The slot section; ``problem`` explains why there is no plan."""
    if plan is None:
        return Slots("", "", "", True, (), (), empty=problem or words("note.no_zone", name=name))
    params = {
        "name": plan.contact_name,
        "zone": plan.buyer_zone.name,
        "hours": str(plan.working_hours),
    }
    notes = tuple(words(f"note.{code}", **params) for code in plan.notes)
    rows = slot_rows(plan, words, limit)
    # One column when both sides read the same wall-clock time (Berlin and Amsterdam).
    same = all(row.buyer.endswith(row.seller) for row in rows)
    if same:
        zones = sorted({plan.buyer_zone.name, plan.seller_zone.name})
        notes = (*notes, words("text.same_zone", zone=" / ".join(zones)))
    return Slots(
        intro=words("text.slot_for", name=plan.contact_name, hours=str(plan.working_hours)),
        buyer_head=words("text.buyer_time", name=plan.contact_name, zone=plan.buyer_zone.name),
        seller_head=words("text.seller_time", zone=plan.seller_zone.name),
        same_zone=same,
        rows=rows,
        notes=notes,
        empty="" if rows else words("text.no_slots", days=plan.days),
    )


def build_view(
    bundle: Bundle,
    deal: Deal,
    diagnosis: Diagnosis,
    *,
    words: Labels,
    slots: Slots,
    limits: Limits,
) -> BriefView:
    """Everything on the page, in ``words``' language, cut to ``limits``."""
    build = _Builder(bundle, diagnosis, words, limits)
    account = next((a for a in bundle.accounts if a.id == deal.account), None)
    subtitle = " · ".join(
        part
        for part in (
            account.name if account else deal.account,
            account.industry if account else None,
            account.country if account else None,
            deal.product_category,
        )
        if part
    )
    people = _cut([build.person(c) for c in _ordered_contacts(diagnosis, deal)],
                  limits.contacts, build.more, "people")  # fmt: skip
    return BriefView(
        lang=words.lang,
        words=words,
        deal=deal.id,
        title=deal.title,
        subtitle=subtitle,
        facts=tuple(_deal_facts(deal, words, diagnosis.as_of)),
        people=people,
        patterns=build.patterns(),
        promises=build.promises(),
        questions=build.questions(),
        credentials=build.credentials(deal),
        actions=build.actions(),
        slots=slots,
        footer=words("text.footer", deal=deal.id, as_of=words.moment(diagnosis.as_of)),
        density=limits.density,
        more=build.more,
    )

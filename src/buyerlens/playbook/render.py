"""Turn a deal's findings into actions and questions in one language.

Texts come from the playbook files; the placeholders are filled with this deal's facts:
the contacts concerned, the seller's credibility for the buyer's industry, the overdue
promises, the open requests, the unknown approval steps, the proposed off-hours slots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from buyerlens.diagnose.facts import DealFacts
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import (
    Action,
    DealFindings,
    Level,
    Question,
    RoleCard,
    level_at_least,
)
from buyerlens.model import Credential, CredentialKind
from buyerlens.playbook.catalog import Catalog, _Labels
from buyerlens.playbook.triggers import fact_values

_PERIODS = frozenset({"year", "month", "week", "day"})
RULE_PRIORITY = {"P1": "time_poor", "P2": "risk_averse", "P3": "detail_oriented"}


@dataclass(frozen=True, slots=True)
class OffHours:
    """A proposed off-hours slot: ``kind`` before_work/lunch/after_work, local times."""

    kind: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class SlotOffer:
    """The slots for one contact, in the contact's time zone (None when unknown)."""

    contact: str
    timezone: str | None
    slots: tuple[OffHours, ...]
    notes: tuple[str, ...] = ()


def _join(items: Sequence[str], labels: _Labels) -> str:
    items = [i for i in items if i]
    if not items:
        return labels.none
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {labels.and_} {items[-1]}"


def _date(value: datetime, labels: _Labels, *, time: bool = False) -> str:
    out = f"{labels.days[value.weekday()]} {value.day} {labels.months[value.month - 1]}"
    return f"{out} {value:%H:%M}" if time else out


def _amount(value: float, lang: str) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    if lang == "nl":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def pick_credential(facts: DealFacts) -> Credential | None:
    """R-P2: the case study from the buyer's industry, else years there, else an award."""
    creds = facts.seller.credentials if facts.seller else []
    industry = (facts.account.industry or "").lower() if facts.account else ""
    same = [c for c in creds if industry and (c.industry or "").lower() == industry]
    for kind in (CredentialKind.CASE_STUDY, CredentialKind.YEARS_IN_INDUSTRY, CredentialKind.AWARD):
        for cred in same:
            if cred.kind is kind:
                return cred
    return None


class _Params:
    """The placeholder values of one deal in one language."""

    def __init__(
        self,
        facts: DealFacts,
        found: DealFindings,
        labels: _Labels,
        lang: str,
        offer: SlotOffer | None,
        roles: dict[str, str],
    ) -> None:
        self.facts, self.found, self.labels, self.lang, self.offer = (
            facts,
            found,
            labels,
            lang,
            offer,
        )
        self.roles = roles  # role id -> its title in this language (role cards, C1)

    def contacts_for(self, rule: str) -> list[str]:
        key = RULE_PRIORITY.get(rule)
        if key is None:
            return []
        minimum: Level = "medium"
        return [
            cid
            for cid, c in sorted(self.found.contacts.items())
            if level_at_least(c.priorities[key].level, minimum)
        ]

    def credibility(self) -> tuple[str, dict[str, Any]]:
        cred = pick_credential(self.facts)
        industry = (self.facts.account.industry if self.facts.account else None) or "?"
        if cred is None:
            return self.labels.no_credibility.format(industry=industry), {}
        template = {
            CredentialKind.CASE_STUDY: self.labels.case_study,
            CredentialKind.YEARS_IN_INDUSTRY: self.labels.years,
            CredentialKind.AWARD: self.labels.award,
        }[cred.kind]
        text = template.format(
            title=cred.title or "", industry=cred.industry or industry, years=cred.years or ""
        )
        return text, {"credential": cred.model_dump(mode="json", exclude_none=True)}

    def slots(self) -> tuple[str, str, dict[str, Any]]:
        offer, labels = self.offer, self.labels
        if offer is None or offer.timezone is None or not offer.slots:
            return labels.none, labels.unknown_timezone, {}
        names = {
            "before_work": labels.before_work,
            "lunch": labels.lunch,
            "after_work": labels.after_work,
        }
        text = _join(
            [
                f"{_date(s.start, labels, time=True)} ({names.get(s.kind, s.kind)})"
                for s in offer.slots
            ],
            labels,
        )
        details = {
            "contact": offer.contact,
            "timezone": offer.timezone,
            "notes": list(offer.notes),
            "slots": [
                {"kind": s.kind, "start": s.start.isoformat(), "end": s.end.isoformat()}
                for s in offer.slots
            ],
        }
        return text, offer.timezone, details

    def who(self, name: str | None) -> str:
        """A person's name, or a role id as the role's name in this language."""
        return self.roles.get(name or "", name or "")

    def price(self) -> str:
        """The seller's latest quote, a unit price when there is one (B2: "if my price is Y")."""
        quotes = self.found.patterns.price_focus.picture.quotes
        if not quotes:
            return self.labels.your_price
        per_unit = [q for q in quotes if q.unit and q.unit not in _PERIODS]
        quote = (per_unit or list(quotes))[-1]
        unit = f"/{self.labels.units.get(quote.unit, quote.unit)}" if quote.unit else ""
        return f"{quote.currency or ''} {_amount(quote.amount, self.lang)}{unit}".strip()

    def values(self, rule: str) -> tuple[dict[str, str], dict[str, Any]]:
        """The placeholder values and action details for an entry of ``rule``."""
        facts, labels = self.facts, self.labels
        concerned = self.contacts_for(rule) or [main_contact(facts) or ""]
        names = [facts.name(c) if c else labels.the_buyer for c in concerned]
        common, details = self.common()
        offer_contact = self.offer.contact if self.offer else concerned[0]
        values = {
            **common,
            "contact": facts.name(offer_contact) if offer_contact else labels.the_buyer,
            "contacts": _join(names, labels),
        }
        return values, {**details, "_contacts": concerned}

    @cached_property
    def _common(self) -> tuple[dict[str, str], dict[str, Any]]:
        facts, labels, card = self.facts, self.labels, self.found.scorecard
        credibility, cred_details = self.credibility()
        slots, timezone, slot_details = self.slots()
        late = [*card.with_status("overdue"), *card.with_status("unconfirmed")]
        promises = [
            f"{p.text} ({labels.due} {_date(p.due, labels)})" if p.due else p.text for p in late
        ]
        path = self.found.patterns.approval_risk.path
        unknown = [
            getattr(labels, s.step, s.step).format(who=self.who(s.who)) for s in path if not s.known
        ]
        people = [
            self.who(s.who)
            for s in path
            if s.met is False and s.who and (s.contact is not None or s.step == "stakeholder")
        ]
        values = {
            "deal": facts.deal.title,
            "account": facts.account.name if facts.account else "",
            "slots": slots,
            "timezone": timezone,
            "credibility": credibility,
            "industry": (facts.account.industry if facts.account else None) or "?",
            "promises": _join(promises, labels),
            "requests": _join(
                [f'"{r.text}" ({_date(r.at, labels)})' for r in card.open_requests], labels
            ),
            "steps": _join(unknown, labels),
            "people": _join(people, labels),
            "incumbent": facts.deal.incumbent or labels.incumbent,
            "product": facts.deal.product_category or facts.deal.title,
            "price": self.price(),
        }
        details: dict[str, Any] = {
            "lead_with_credibility": cred_details,
            "propose_off_hours": slot_details,
            "deliver_overdue_promises": {"promises": [p.to_json() for p in late]},
            "reply_to_open_requests": {"requests": [r.to_json() for r in card.open_requests]},
            "map_approval_path": {"unknown": [s.to_json() for s in path if not s.known]},
            "meet_missing_stakeholders": {"people": people},
        }
        return values, details

    def common(self) -> tuple[dict[str, str], dict[str, Any]]:
        """The values that do not depend on the entry (computed once per deal)."""
        return self._common


def main_contact(facts: DealFacts) -> str | None:
    """The deal's buyer (buying_role buyer), else its first contact by id."""
    buyers = [cid for cid, role in sorted(facts.buying_roles.items()) if role == "buyer"]
    listed = [link.contact for link in facts.deal.contacts if link.contact in facts.contacts]
    candidates = buyers or listed or sorted(facts.contacts)
    return candidates[0] if candidates else None


def advise(
    facts: DealFacts,
    found: DealFindings,
    *,
    lang: str,
    th: Thresholds,
    catalog: Catalog,
    offer: SlotOffer | None = None,
) -> tuple[tuple[Action, ...], tuple[Question, ...]]:
    """The actions and questions of one deal, in ``lang``, most urgent first."""
    texts = catalog.texts[lang]
    values = fact_values(facts, found, th)
    roles = {role: card.title.lower() for role, card in texts.roles.items()}
    params = _Params(facts, found, texts.labels, lang, offer, roles)
    closed = facts.deal.outcome is not None
    actions = []
    for spec in catalog.actions:
        if closed and spec.id not in catalog.closed_deal_actions:
            continue
        if not any(clause.holds(values) for clause in spec.when):
            continue
        filled, details = params.values(spec.rule)
        text = texts.actions[spec.id]
        # The contact an action is about: the one person whose priority triggered it.
        concerned = params.contacts_for(spec.rule)
        actions.append(
            Action(
                id=spec.id,
                rule=spec.rule,
                priority=spec.priority,
                text=text.text.format(**filled),
                why=text.why,
                contact=concerned[0] if len(concerned) == 1 else None,
                details=details.get(spec.id, {}),
            )
        )
    actions.sort(key=lambda a: a.priority)  # stable: data order within a priority
    return tuple(actions), _questions(facts, values, params, catalog, lang)


def _questions(
    facts: DealFacts, values: dict[str, Any], params: _Params, catalog: Catalog, lang: str
) -> tuple[Question, ...]:
    """R-B2/B3/B4 questions, tracked: asked (the seller's words), answered (recorded)."""
    asked: dict[str, list[str]] = {}
    for message, signal in facts.seller_signals(
        "price_probe", "current_price_question", "process_question", "relationship_question"
    ):
        if signal.question and not message.inbound:
            asked.setdefault(signal.question, []).append(message.id)
    answers = {a.question: a for a in facts.answers}
    filled, _ = params.values("B2")
    out = []
    for spec in catalog.questions:
        triggered = facts.deal.outcome is None and any(c.holds(values) for c in spec.when)
        answer = answers.get(spec.id)
        if not (triggered or spec.id in asked or answer is not None):
            continue
        out.append(
            Question(
                id=spec.id,
                rule=spec.rule,
                text=catalog.texts[lang].questions[spec.id].text.format(**filled),
                asked=spec.id in asked,
                answered=answer is not None,
                asked_in=tuple(dict.fromkeys(asked.get(spec.id, []))),
                answer=None if answer is None else answer.value,
            )
        )
    return tuple(out)


def role_card(role: str, *, lang: str, catalog: Catalog) -> RoleCard | None:
    """C1: the card for a contact's role, in ``lang``."""
    card = catalog.texts[lang].roles.get(role)
    if card is None:
        return None
    return RoleCard(
        role=role,
        title=card.title,
        worries=tuple(card.worries),
        details=tuple(card.details),
        ask=tuple(card.ask),
    )

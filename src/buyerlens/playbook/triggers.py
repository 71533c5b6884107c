"""Playbook triggers: named facts about a diagnosed deal, and the clauses that test them.

A clause is ``"fact & not fact & fact >= level"``; an entry fires when any of its
clauses holds. Level facts are the highest level of a priority over the deal's contacts
or a pattern's level; ``unknown`` never satisfies ``>=`` (G1: no advice from no evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from buyerlens.diagnose.facts import DealFacts
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import (
    LEVELS,
    PRIORITY_KEYS,
    DealFindings,
    Level,
    level_at_least,
)

LEVEL_FACTS = frozenset(
    [f"priority.{k}" for k in PRIORITY_KEYS]
    + ["pattern.audition", "pattern.price_focus", "pattern.approval_risk", "pattern.stall"]
)
BOOL_FACTS = frozenset(
    {
        "seller.long_messages",
        "seller.showed_credibility",
        "deal.new_supplier",
        "deal.has_incumbent",
        "deal.in_price_stage",
        "scorecard.overdue",
        "scorecard.unconfirmed",
        "scorecard.open_requests",
        "scorecard.vague_claims",
        "price.recommended_asked",
        "price.discouraged_asked",
        "approval.unknown_steps",
        "approval.people_not_met",
        "approval.stakeholders_mentioned",
        "incumbent.weak",
        "incumbent.strong",
        "incumbent.unknown",
    }
)

FactValue = Level | bool
_LEVEL_NAMES: dict[str, Level] = {"low": "low", "medium": "medium", "high": "high"}


@dataclass(frozen=True, slots=True)
class Condition:
    fact: str
    negate: bool = False
    level: Level | None = None

    def holds(self, values: dict[str, FactValue]) -> bool:
        value = values[self.fact]
        if self.level is not None:
            return isinstance(value, str) and level_at_least(value, self.level)
        return bool(value) != self.negate


@dataclass(frozen=True, slots=True)
class Clause:
    conditions: tuple[Condition, ...]

    def holds(self, values: dict[str, FactValue]) -> bool:
        return all(c.holds(values) for c in self.conditions)


def _condition(text: str) -> Condition:
    words = text.split()
    if len(words) == 3 and words[1] == ">=":
        fact, level = words[0], words[2]
        if fact not in LEVEL_FACTS:
            raise ValueError(f"{fact!r} has no level; level facts: {sorted(LEVEL_FACTS)}")
        if level not in _LEVEL_NAMES:
            raise ValueError(f"{level!r} is not one of low, medium, high")
        return Condition(fact, level=_LEVEL_NAMES[level])
    negate = len(words) == 2 and words[0] == "not"
    if len(words) != 1 + negate:
        raise ValueError(f"cannot read condition {text!r}")
    fact = words[-1]
    if fact not in BOOL_FACTS:
        raise ValueError(f"unknown fact {fact!r}; known: {sorted(BOOL_FACTS)}")
    return Condition(fact, negate=negate)


def parse_clause(text: str) -> Clause:
    """``"pattern.price_focus >= medium & not price.recommended_asked"`` -> a Clause."""
    parts = [p.strip() for p in text.split("&")]
    if not all(parts):
        raise ValueError(f"empty condition in {text!r}")
    return Clause(tuple(_condition(p) for p in parts))


def highest(levels: list[Level]) -> Level:
    return max(levels, key=LEVELS.index, default="unknown")


def fact_values(facts: DealFacts, found: DealFindings, th: Thresholds) -> dict[str, FactValue]:
    """Every trigger fact of one deal."""
    values: dict[str, FactValue] = {}
    for key in PRIORITY_KEYS:
        values[f"priority.{key}"] = highest(
            [c.priorities[key].level for c in found.contacts.values()]
        )
    pats = found.patterns
    values["pattern.audition"] = pats.audition.level
    values["pattern.price_focus"] = pats.price_focus.level
    values["pattern.approval_risk"] = pats.approval_risk.level
    values["pattern.stall"] = pats.stall.level
    outbound = [m.words for m in facts.messages if m.outbound]
    values["seller.long_messages"] = (
        len(outbound) >= 2 and median(outbound) > th.playbook.long_outbound_words
    )
    values["seller.showed_credibility"] = bool(facts.seller_signals("credibility"))
    values["deal.new_supplier"] = facts.deal.new_supplier is True
    values["deal.has_incumbent"] = bool(facts.deal.incumbent) or bool(
        facts.buyer_signals("incumbent")
    )
    values["deal.in_price_stage"] = (facts.deal.stage or "").lower() in th.playbook.price_stages
    card = found.scorecard
    values["scorecard.overdue"] = bool(card.with_status("overdue"))
    values["scorecard.unconfirmed"] = bool(card.with_status("unconfirmed"))
    values["scorecard.open_requests"] = bool(card.open_requests)
    values["scorecard.vague_claims"] = bool(card.vague_claims)
    picture = pats.price_focus.picture
    values["price.recommended_asked"] = bool(picture.recommended_asked)
    values["price.discouraged_asked"] = bool(picture.discouraged_asked)
    path = pats.approval_risk.path
    values["approval.unknown_steps"] = any(not s.known for s in path)
    values["approval.people_not_met"] = any(
        s.met is False and (s.contact is not None or s.step == "stakeholder") for s in path
    )
    values["approval.stakeholders_mentioned"] = bool(facts.buyer_signals("stakeholder"))
    relationship = pats.incumbent.relationship
    values["incumbent.weak"] = relationship == "weak"
    values["incumbent.strong"] = relationship == "strong"
    values["incumbent.unknown"] = relationship == "unknown"
    missing = (LEVEL_FACTS | BOOL_FACTS) - set(values)
    if missing:  # a fact declared but not computed is a programming error
        raise RuntimeError(f"trigger facts not computed: {sorted(missing)}")
    return values

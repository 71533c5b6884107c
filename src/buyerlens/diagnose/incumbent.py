"""B4: the relationship with the current supplier: weak, strong or unknown.

The buyer's own rating (question ``relationship_rating``, 1-10) weighs most; the tone of
the buyer's remarks about the current supplier (signals of kind ``incumbent`` with a
polarity) adds to one side. The relationship is called only when one side leads by the
margin in the thresholds (G1); the level is the incumbent's hold on the buyer
(high = strong relationship, low = weak).
"""

from __future__ import annotations

from buyerlens.diagnose.facts import DealFacts
from buyerlens.diagnose.scoring import signal_evidence
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import Evidence, IncumbentFinding, Level, Relationship

_HOLD: dict[Relationship, Level] = {"strong": "high", "weak": "low", "unknown": "medium"}
RELATIONSHIP_QUESTIONS = (
    "relationship_rating",
    "relationship_strengths",
    "relationship_like_most",
    "relationship_confidence",
)


def _rating(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ".").split("/")[0].strip())
        except ValueError:
            return None
    return None


def _answers(facts: DealFacts, th: Thresholds) -> list[Evidence]:
    inc = th.incumbent
    out = []
    for answer in facts.answers:
        if answer.question not in RELATIONSHIP_QUESTIONS:
            continue
        weight, kind = 0.0, "answer"
        rating = _rating(answer.value) if answer.question == "relationship_rating" else None
        if rating is not None:
            if rating <= inc.weak_max_rating:
                weight, kind = -inc.rating_weight, "rating_weak"
            elif rating >= inc.strong_min_rating:
                weight, kind = inc.rating_weight, "rating_strong"
            else:
                kind = "rating_middle"
        text = f"{answer.question}: {answer.value}" + (f" ({answer.note})" if answer.note else "")
        out.append(
            Evidence(
                interaction=None,
                kind=kind,
                text=text,
                rule="B4",
                at=answer.at,
                contact=answer.contact,
                weight=weight,
                value={"question": answer.question, "answer": answer.value},
            )
        )
    return out


def incumbent(facts: DealFacts, th: Thresholds) -> IncumbentFinding:
    """R-B4: weak, strong or unknown, with the evidence on each side."""
    inc = th.incumbent
    evidence = _answers(facts, th)
    for message, signal in facts.buyer_signals("incumbent"):
        if message.outbound:
            continue
        sign = {"positive": 1.0, "negative": -1.0}.get(signal.polarity or "", 0.0)
        evidence.append(signal_evidence(message, signal, rule="B4", weight=sign * inc.tone_weight))
    strong = sum(e.weight for e in evidence if e.weight > 0)
    weak = -sum(e.weight for e in evidence if e.weight < 0)
    relationship: Relationship = "unknown"
    if strong - weak >= inc.min_margin:
        relationship = "strong"
    elif weak - strong >= inc.min_margin:
        relationship = "weak"
    level: Level = "unknown"
    score = 0.0
    if evidence:
        # 0.5 is even; the lead of one side, damped by how little evidence there is.
        score = 0.5 + 0.5 * (strong - weak) / (strong + weak + 1.0)
        level = _HOLD[relationship]
    # Evidence weights here carry a side (negative = weak); the JSON keeps the sign out.
    ordered = tuple(sorted(evidence, key=Evidence.sort_key))
    name = facts.deal.incumbent
    return IncumbentFinding(
        level=level,
        score=score,
        rule="B4",
        evidence=ordered,
        relationship=relationship,
        incumbent=name,
        details={
            "strong_weight": round(strong, 3),
            "weak_weight": round(weak, 3),
            "new_supplier": facts.deal.new_supplier,
        },
    )

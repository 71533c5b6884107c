"""From evidence to a finding: weights, score, level and the G1 rules for ``unknown``.

The score is ``1 - exp(-w)`` where ``w`` is the summed weight of the evidence (each
further observation of the same kind counts ``repeat_factor`` of its weight), so scores
rise quickly with the first clear observations and saturate below 1. The level follows
from the score and the thresholds; ``high`` also needs evidence from several
interactions (G1: one message never labels a person).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from buyerlens.diagnose.facts import Message
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import Evidence, Finding, Level
from buyerlens.signals.types import Signal


def quote(message: Message, signal: Signal) -> str:
    """The words of a signal as they stand in the message."""
    text = message.interaction.text
    if 0 <= signal.start < signal.end <= len(text):
        return text[signal.start : signal.end]
    return signal.text


_ENDS = ".!?\n"


def sentence(message: Message, signal: Signal, *, limit: int = 160) -> str:
    """The sentence (or line) around a signal, for promises and requests to read well."""
    text = message.interaction.text
    if not 0 <= signal.start < signal.end <= len(text):
        return signal.text
    start = max((text.rfind(c, 0, signal.start) for c in _ENDS), default=-1) + 1
    ends = [i for c in _ENDS if (i := text.find(c, signal.end)) >= 0]
    end = min(ends) + 1 if ends else len(text)
    found = " ".join(text[start:end].split()).lstrip("-*>• ").strip()
    if len(found) > limit:
        return quote(message, signal)
    return found or signal.text


def signal_evidence(
    message: Message, signal: Signal, *, rule: str, weight: float, kind: str | None = None
) -> Evidence:
    return Evidence(
        interaction=message.id,
        kind=kind or signal.kind,
        text=quote(message, signal),
        rule=rule,
        at=message.at,
        contact=message.contact,
        weight=weight,
        value=signal.value,
    )


def total_weight(
    evidence: Iterable[Evidence], *, repeat_factor: float, spread_factor: float = 0.5
) -> float:
    """Summed weight. The first item of a kind counts fully; a repeat of that kind in
    another interaction ``spread_factor`` of its weight, in the same one ``repeat_factor``."""
    kinds: set[str] = set()
    places: set[tuple[str, str | None]] = set()
    total = 0.0
    for item in evidence:  # callers pass it sorted (Evidence.sort_key)
        if item.kind not in kinds:
            factor = 1.0
        elif (item.kind, item.interaction) in places:
            factor = repeat_factor
        else:
            factor = spread_factor
        kinds.add(item.kind)
        places.add((item.kind, item.interaction))
        total += item.weight * factor
    return total


def score_of(weight: float) -> float:
    return 1.0 - math.exp(-max(weight, 0.0))


def level_of(score: float, evidence: Iterable[Evidence], th: Thresholds) -> Level:
    sources = {e.interaction or e.kind for e in evidence if e.weight > 0}
    if score >= th.levels.high and len(sources) >= th.levels.high_min_interactions:
        return "high"
    if score >= th.levels.medium:
        return "medium"
    return "low"


def make_finding(
    evidence: list[Evidence],
    *,
    rule: str,
    th: Thresholds,
    observed: int,
    min_observed: int | None = None,
    details: dict[str, Any] | None = None,
) -> Finding:
    """A finding from its evidence; ``unknown`` when nothing was seen in too little data.

    ``observed`` is how much data could have shown the pattern (the contact's messages,
    the deal's messages); below ``min_observed`` (default ``evidence.min_messages``) and
    with no positive evidence, the honest answer is ``unknown`` (G1).
    """
    floor = th.evidence.min_messages if min_observed is None else min_observed
    ordered = tuple(sorted(evidence, key=Evidence.sort_key))
    info = {"observed": observed, **(details or {})}
    if not any(e.weight > 0 for e in ordered) and observed < floor:
        return Finding(level="unknown", score=0.0, rule=rule, evidence=ordered, details=info)
    weight = total_weight(
        ordered,
        repeat_factor=th.evidence.repeat_factor,
        spread_factor=th.evidence.spread_factor,
    )
    score = score_of(weight)
    info["weight"] = round(weight, 3)
    return Finding(
        level=level_of(score, ordered, th), score=score, rule=rule, evidence=ordered, details=info
    )

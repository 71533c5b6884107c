"""B1 patterns: the audition (requests piling up without a decision) and the stall.

The audition finding says how strongly the deal looks like a test of the seller; its
``details`` carry how the seller is doing in it (open requests, overdue promises, reply
time), taken from the scorecard. The stall compares the buyer's current silence with
this buyer's own rhythm, or with the normal pace of the deal's stage when there is no
rhythm yet.
"""

from __future__ import annotations

import itertools
import math
from statistics import median

from buyerlens.diagnose.facts import DealFacts, Message
from buyerlens.diagnose.scoring import make_finding, signal_evidence
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import Evidence, Finding, Level, Scorecard


def _info_requests(facts: DealFacts) -> set[str]:
    return {m.id for m, _ in facts.buyer_signals("info_request")}


def audition(facts: DealFacts, card: Scorecard, th: Thresholds) -> Finding:
    """R-B1: many information requests over a long time without a decision."""
    au = th.audition
    weights = {
        "info_request": au.info_request,
        "detail_request": au.detail_request,
        "stall": au.stall,
        "buying_intent": au.buying_intent,
    }
    evidence = [
        signal_evidence(m, s, rule="B1", weight=weights[s.kind])
        for m, s in facts.buyer_signals(*weights)
        if not m.outbound
    ]
    # Requests for information (not the detail questions of P3) piling up over weeks.
    asking = _info_requests(facts)
    requests = [r for r in card.requests if r.interaction in asking]
    span = (requests[-1].at - requests[0].at).days / 7 if requests else 0.0
    if len(requests) >= au.drawn_out_min_requests and span >= au.span_weeks_min:
        evidence.append(
            Evidence(
                interaction=None,
                kind="drawn_out",
                rule="B1",
                at=requests[-1].at,
                weight=au.span_weight,
                text=f"{len(requests)} requests over {span:.1f} weeks without a decision",
                value={"requests": len(requests), "weeks": round(span, 1)},
            )
        )
    details = {
        "requests": len(requests),
        "span_weeks": round(span, 1),
        "open_requests": len(card.open_requests),
        "overdue_promises": len(card.with_status("overdue")),
        "median_reply_hours": card.median_reply_hours,
        "corrections": len(card.corrections),
    }
    found = make_finding(evidence, rule="B1", th=th, observed=len(facts.messages), details=details)
    if len(requests) < au.min_requests and found.level in ("medium", "high"):
        # Fewer requests than an audition needs: the other signals alone say "low".
        return Finding(
            level="low",
            score=min(found.score, th.levels.medium - 0.01),
            rule="B1",
            evidence=found.evidence,
            details=found.details,
        )
    return found


def _silence_score(ratio: float, th: Thresholds) -> float:
    """Maps silence/rhythm onto the level scale: medium_ratio -> medium, high_ratio -> high."""
    st, lv = th.stall, th.levels
    if ratio <= 1:
        return lv.medium * 0.5 * ratio
    if ratio <= st.medium_ratio:
        return lv.medium * (0.5 + 0.5 * (ratio - 1) / (st.medium_ratio - 1))
    if ratio <= st.high_ratio:
        part = (ratio - st.medium_ratio) / (st.high_ratio - st.medium_ratio)
        return lv.medium + (lv.high - lv.medium) * part
    return 1 - (1 - lv.high) * math.exp(-(ratio - st.high_ratio) / st.high_ratio)


def _rhythm(words: list[Message], facts: DealFacts, th: Thresholds) -> tuple[float, str]:
    gaps = [(b.at - a.at).total_seconds() / 86400 for a, b in itertools.pairwise(words)]
    if len(gaps) >= th.stall.rhythm_min_gaps:
        return max(median(gaps), th.stall.min_rhythm_days), "own_rhythm"
    stage = (facts.deal.stage or "").lower()
    return th.stall.stage_days.get(stage, th.stall.default_days), "stage_default"


def _ball_with(facts: DealFacts, card: Scorecard, last: Message) -> str:
    """Who owes the next step: the seller when the buyer spoke last, or when the buyer
    waits for something the seller promised that is not yet due."""
    seller_after = any(m.outbound and m.at > last.at for m in facts.messages)
    when = {m.id: m.at for m in facts.messages}
    owed = [
        p
        for p in card.promises
        if p.status == "open"
        and p.due is not None
        and (p.interaction is None or when.get(p.interaction, facts.as_of) >= last.at)
    ]
    return "buyer" if seller_after and not owed else "seller"


def stall(facts: DealFacts, card: Scorecard, th: Thresholds) -> Finding:
    """R-B1: days since the buyer's last word against their own rhythm and the stage,
    and the buyer's own "later" in their last messages."""
    words = [m for m in facts.messages if not m.outbound]
    if not words:
        return Finding(
            level="unknown", score=0.0, rule="B1", details={"reason": "no word from the buyer yet"}
        )
    last = words[-1]
    silence = (facts.as_of - last.at).total_seconds() / 86400
    rhythm, basis = _rhythm(words, facts, th)
    ratio = silence / rhythm
    details: dict[str, object] = {
        "days_silent": round(silence, 1),
        "rhythm_days": round(rhythm, 1),
        "rhythm_basis": basis,
        "ratio": round(ratio, 2),
        "stage": facts.deal.stage,
    }
    if facts.deal.outcome is not None:
        details["closed"] = facts.deal.outcome.value
        return Finding(level="low", score=0.0, rule="B1", details=details)
    details["ball_with"] = ball = _ball_with(facts, card, last)
    evidence: list[Evidence] = []
    score = 0.0
    if ball == "buyer":
        score = _silence_score(ratio, th)
        evidence.append(
            Evidence(
                interaction=last.id,
                kind="silence",
                rule="B1",
                at=last.at,
                contact=last.contact,
                weight=score,
                text=f"last word from the buyer {silence:.0f} days ago "
                f"(usual gap {rhythm:.0f} days)",
                value={"days": round(silence, 1), "rhythm_days": round(rhythm, 1)},
            )
        )
    # The buyer's own "later" in their latest messages; next to a move toward buying
    # ("can the first delivery be in January?") it is planning, not a stall.
    recent = words[-th.stall.recent_messages :]
    said = [
        signal_evidence(m, s, rule="B1", weight=th.stall.stall)
        for m in recent
        if not m.buyer_kinds("buying_intent")
        for s in m.buyer_kinds("stall")
    ]
    evidence += said
    if said:
        score = 1 - (1 - score) * math.exp(-th.stall.stall)
    level: Level = (
        "high" if score >= th.levels.high else "medium" if score >= th.levels.medium else "low"
    )
    return Finding(
        level=level,
        score=score,
        rule="B1",
        evidence=tuple(sorted(evidence, key=Evidence.sort_key)),
        details=details,
    )

"""B1 patterns: the audition (requests piling up without a decision) and the stall.

The audition finding says how strongly the deal looks like a test of the seller; its
``details`` carry how the seller is doing in it (open requests, overdue promises, reply
time), taken from the scorecard. The stall compares the buyer's current silence with
this buyer's own rhythm, or with the normal pace of the deal's stage when there is no
rhythm yet.
"""

from __future__ import annotations

import math
from statistics import median

from buyerlens.diagnose.facts import DealFacts, Message
from buyerlens.diagnose.scoring import make_finding, signal_evidence
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import Evidence, Finding, Level, Scorecard


def audition(facts: DealFacts, card: Scorecard, th: Thresholds) -> Finding:
    """R-B1: many information requests over a long time without a decision."""
    au = th.audition
    weights = {"info_request": au.info_request, "detail_request": au.detail_request,
               "stall": au.stall, "buying_intent": au.buying_intent}
    evidence = [
        signal_evidence(m, s, rule="B1", weight=weights[s.kind])
        for m, s in facts.buyer_signals(*weights) if not m.outbound
    ]
    requests = card.requests
    span = (requests[-1].at - requests[0].at).days / 7 if requests else 0.0
    if len(requests) >= au.min_requests and span >= au.span_weeks_min:
        evidence.append(Evidence(
            interaction=None, kind="drawn_out", rule="B1", at=requests[-1].at,
            weight=au.span_weight,
            text=f"{len(requests)} requests over {span:.1f} weeks without a decision",
            value={"requests": len(requests), "weeks": round(span, 1)},
        ))
    details = {
        "requests": len(requests),
        "span_weeks": round(span, 1),
        "open_requests": len(card.open_requests),
        "overdue_promises": len(card.with_status("overdue")),
        "median_reply_hours": card.median_reply_hours,
        "corrections": len(card.corrections),
    }
    found = make_finding(evidence, rule="B1", th=th, observed=len(facts.messages),
                         details=details)
    if len(requests) < au.min_requests and found.level in ("medium", "high"):
        # Fewer requests than an audition needs: the other signals alone say "low".
        return Finding(level="low", score=min(found.score, th.levels.medium - 0.01),
                       rule="B1", evidence=found.evidence, details=found.details)
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
    gaps = [(b.at - a.at).total_seconds() / 86400 for a, b in zip(words, words[1:], strict=False)]
    if len(gaps) >= th.stall.rhythm_min_gaps:
        return max(median(gaps), th.stall.min_rhythm_days), "own_rhythm"
    stage = (facts.deal.stage or "").lower()
    return th.stall.stage_days.get(stage, th.stall.default_days), "stage_default"


def stall(facts: DealFacts, th: Thresholds) -> Finding:
    """R-B1: days since the buyer's last word against their own rhythm and the stage."""
    words = [m for m in facts.messages if not m.outbound]
    if not words:
        return Finding(level="unknown", score=0.0, rule="B1",
                       details={"reason": "no word from the buyer yet"})
    last = words[-1]
    silence = (facts.as_of - last.at).total_seconds() / 86400
    rhythm, basis = _rhythm(words, facts, th)
    ratio = silence / rhythm
    details = {"days_silent": round(silence, 1), "rhythm_days": round(rhythm, 1),
               "rhythm_basis": basis, "ratio": round(ratio, 2), "stage": facts.deal.stage}
    evidence = [Evidence(
        interaction=last.id, kind="silence", rule="B1", at=last.at, contact=last.contact,
        text=f"last word from the buyer {silence:.0f} days ago (usual gap {rhythm:.0f} days)",
        value={"days": round(silence, 1), "rhythm_days": round(rhythm, 1)},
    )]
    said = [signal_evidence(m, s, rule="B1", weight=th.stall.stall)
            for m, s in facts.buyer_signals("stall") if not m.outbound]
    recent = [e for e in said if e.at is not None and (facts.as_of - e.at).days <= 2 * rhythm]
    evidence += recent
    score = _silence_score(ratio, th)
    if recent:
        score = 1 - (1 - score) * math.exp(-th.stall.stall)
    if facts.deal.outcome is not None:
        details["closed"] = facts.deal.outcome.value
        return Finding(level="low", score=0.0, rule="B1", evidence=tuple(evidence),
                       details=details)
    seller_after = any(m.outbound and m.at > last.at for m in facts.messages)
    details["ball_with"] = "buyer" if seller_after else "seller"
    level: Level = "high" if score >= th.levels.high else (
        "medium" if score >= th.levels.medium else "low")
    if not seller_after and level != "low":
        # R-B1: the buyer spoke last; the seller owes the answer, the buyer is not stalling.
        level, score = "low", min(score, th.levels.medium - 0.01)
    return Finding(level=level, score=score, rule="B1",
                   evidence=tuple(sorted(evidence, key=Evidence.sort_key)), details=details)

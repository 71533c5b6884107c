"""Per contact, the three buyer priorities: P1 time-poor, P2 risk-averse, P3 detail-oriented.

Evidence comes from the contact's own words (signals of buyer kinds in their inbound
messages and in call notes about them) and from behaviour: short replies, slow replies,
unanswered seller messages, confusion right after a long or a sweeping seller message.
"""

from __future__ import annotations

from itertools import pairwise
from statistics import median

from buyerlens.diagnose.facts import DealFacts, Message
from buyerlens.diagnose.scoring import make_finding, signal_evidence
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import Evidence, Finding


def _previous_outbound(facts: DealFacts, index: int) -> Message | None:
    """The seller message this one answers: the last one before it, notes skipped."""
    messages = facts.messages
    for back in range(index - 1, -1, -1):
        message = messages[back]
        if message.outbound:
            return message
        if message.inbound:
            return None
    return None


def _hand(message: Message, th: Thresholds) -> float:
    """First-hand words count fully; a call note is a paraphrase (G1)."""
    return 1.0 if message.inbound else th.evidence.note_factor


def _buyer_messages(facts: DealFacts, contact: str) -> list[tuple[int, Message]]:
    """The contact's own words: their inbound messages and notes about them."""
    return [(i, m) for i, m in enumerate(facts.messages) if m.contact == contact and not m.outbound]


def _reply_delays(facts: DealFacts, contact: str) -> list[float]:
    """Hours the contact took to answer a seller message (inbound right after outbound)."""
    thread = [m for m in facts.messages if m.contact == contact and (m.inbound or m.outbound)]
    return [
        (after.at - before.at).total_seconds() / 3600
        for before, after in pairwise(thread)
        # Only a seller message that asks something expects an answer; "thanks, noted"
        # left unanswered for a week says nothing about the buyer's time.
        if before.outbound and after.inbound and "?" in before.interaction.text
    ]


def _unanswered(facts: DealFacts, contact: str, th: Thresholds) -> Evidence | None:
    """R-P1: seller messages to the contact after their last word, none answered."""
    last_inbound = max(
        (m.at for m in facts.messages if m.inbound and m.contact == contact), default=None
    )
    waiting = [
        m
        for m in facts.messages
        if m.outbound and m.contact == contact and (last_inbound is None or m.at > last_inbound)
    ]
    if last_inbound is None or len(waiting) < th.time_poor.unanswered_min:
        return None
    hours = (facts.as_of - waiting[0].at).total_seconds() / 3600
    if hours < th.time_poor.slow_reply_hours:
        return None
    return Evidence(
        interaction=waiting[-1].id,
        kind="unanswered",
        rule="P1",
        at=waiting[-1].at,
        contact=contact,
        weight=th.time_poor.unanswered,
        text=f"{len(waiting)} seller messages unanswered since {waiting[0].at.date()}",
        value={"messages": len(waiting), "since": waiting[0].at.isoformat()},
    )


def _behaviour_p1(facts: DealFacts, contact: str, th: Thresholds) -> list[Evidence]:
    """R-P1 behaviour: short replies, slow replies, unanswered messages."""
    tp = th.time_poor
    out: list[Evidence] = []
    replies = [m for m in facts.messages if m.inbound and m.contact == contact]
    if len(replies) >= th.evidence.min_messages:
        words = median(m.words for m in replies)
        if words < tp.short_reply_words:
            out.append(
                Evidence(
                    interaction=None,
                    kind="short_replies",
                    rule="P1",
                    contact=contact,
                    weight=tp.short_replies,
                    at=replies[-1].at,
                    text=f"median reply {words:g} words over {len(replies)} messages",
                    value={"median_words": words, "messages": len(replies)},
                )
            )
    delays = _reply_delays(facts, contact)
    if len(delays) >= th.evidence.min_messages and median(delays) > tp.slow_reply_hours:
        hours = round(median(delays), 1)
        out.append(
            Evidence(
                interaction=None,
                kind="slow_replies",
                rule="P1",
                contact=contact,
                weight=tp.slow_replies,
                at=replies[-1].at if replies else None,
                text=f"median reply delay {hours:g} hours over {len(delays)} replies",
                value={"median_hours": hours, "replies": len(delays)},
            )
        )
    unanswered = _unanswered(facts, contact, th)
    if unanswered is not None:
        out.append(unanswered)
    return out


def _time_poor(
    facts: DealFacts, contact: str, th: Thresholds, own: list[tuple[int, Message]]
) -> Finding:
    tp = th.time_poor
    evidence = _behaviour_p1(facts, contact, th)
    weights = {
        "time_pressure": tp.time_pressure,
        "confusion": tp.confusion,
        "availability": tp.availability,
    }
    for index, message in own:
        for signal in message.buyer_kinds(*weights):
            kind, weight = signal.kind, weights[signal.kind]
            if kind == "confusion":
                before = _previous_outbound(facts, index)
                if before and before.words > tp.long_message_words:
                    kind, weight = "confusion_after_long", tp.confusion_after_long
            evidence.append(
                signal_evidence(
                    message, signal, rule="P1", kind=kind, weight=weight * _hand(message, th)
                )
            )
    return make_finding(evidence, rule="P1", th=th, observed=len(own))


def _risk_averse(
    facts: DealFacts, contact: str, th: Thresholds, own: list[tuple[int, Message]]
) -> Finding:
    ra = th.risk_averse
    evidence: list[Evidence] = []
    for _, message in own:
        for signal in message.buyer_kinds("risk_concern", "incumbent"):
            if signal.kind == "incumbent":
                if signal.polarity != "positive":
                    continue
                weight, kind = ra.incumbent_positive, "incumbent_positive"
            else:
                weight, kind = getattr(ra, signal.kind), signal.kind
            evidence.append(
                signal_evidence(
                    message, signal, rule="P2", kind=kind, weight=weight * _hand(message, th)
                )
            )
    return make_finding(evidence, rule="P2", th=th, observed=len(own))


def _detail_oriented(
    facts: DealFacts, contact: str, th: Thresholds, own: list[tuple[int, Message]]
) -> Finding:
    do = th.detail_oriented
    evidence: list[Evidence] = []
    for index, message in own:
        for signal in message.buyer_kinds("detail_request", "confusion"):
            kind = signal.kind
            weight = do.detail_request if kind == "detail_request" else do.confusion
            if kind == "confusion":
                before = _previous_outbound(facts, index)
                if before and before.seller_kinds("vague_claim"):
                    kind, weight = "confusion_after_vague", do.confusion_after_vague
            evidence.append(
                signal_evidence(
                    message, signal, rule="P3", kind=kind, weight=weight * _hand(message, th)
                )
            )
    return make_finding(evidence, rule="P3", th=th, observed=len(own))


def priorities(facts: DealFacts, contact: str, th: Thresholds) -> dict[str, Finding]:
    """The three priority findings of one contact (R-P1, R-P2, R-P3)."""
    own = _buyer_messages(facts, contact)
    return {
        "time_poor": _time_poor(facts, contact, th, own),
        "risk_averse": _risk_averse(facts, contact, th, own),
        "detail_oriented": _detail_oriented(facts, contact, th, own),
    }

"""The seller scorecard (R-B1, R-P3): how the seller performs in the buyer's audition.

- requests: each buyer message (or call note) asking for information or a detail, and
  the first seller message after it (the reply) with the delay in hours;
- promises: recorded commitments and those found in the seller's own words, with their
  status at ``as_of`` (kept on time, late, overdue, open, unconfirmed);
- corrections the seller had to make, and the seller's sweeping claims (P3).
"""

from __future__ import annotations

import re
from datetime import datetime

from buyerlens.diagnose.facts import DealFacts, Message
from buyerlens.diagnose.scoring import sentence, signal_evidence
from buyerlens.diagnose.types import Promise, PromiseStatus, Request, Scorecard

REQUEST_KINDS = ("info_request", "detail_request")


def _requests(facts: DealFacts) -> tuple[Request, ...]:
    out = []
    reply: Message | None = None
    # Walk backwards so each request knows the first seller message after it: one pass.
    for message in reversed(facts.messages):
        if message.outbound:
            reply = message
            continue
        asked = message.buyer_kinds(*REQUEST_KINDS)
        if not asked:
            continue
        hours = None if reply is None else (reply.at - message.at).total_seconds() / 3600
        out.append(
            Request(
                interaction=message.id,
                at=message.at,
                contact=message.contact,
                text=" ".join(dict.fromkeys(sentence(message, s) for s in asked)),
                replied_in=None if reply is None else reply.id,
                reply_hours=hours,
            )
        )
    return tuple(reversed(out))


def _words(text: str) -> set[str]:
    """The distinctive words of a promise (six letters or more): "FAI-rapport", "palletspec"."""
    return {w for w in re.findall(r"[\w-]+", text.lower()) if len(w) >= 6}


def _status(
    due: datetime | None, done: datetime | None, as_of: datetime, *, detected: bool
) -> PromiseStatus:
    if done is not None and done <= as_of:
        if due is None:
            return "done"
        return "kept_on_time" if done <= due else "late"
    if due is None or due > as_of:
        return "open"
    return "unconfirmed" if detected else "overdue"


def _due(value: dict[str, object] | None) -> datetime | None:
    raw = (value or {}).get("due")
    if not isinstance(raw, str):
        return None
    try:
        due = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return due if due.tzinfo is not None else None


def _promises(facts: DealFacts) -> tuple[Promise, ...]:
    out = [
        Promise(
            id=c.id,
            text=c.text,
            due=c.due,
            done_at=c.done_at,
            interaction=c.source,
            detected=False,
            status=_status(c.due, c.done_at, facts.as_of, detected=False),
        )
        for c in facts.commitments
    ]
    # A promise found in words is the recorded one when the record names that message as
    # its source, or has the same due day: never count one promise twice.
    recorded = {c.source for c in facts.commitments if c.source}
    due_days = {c.due.date() for c in facts.commitments if c.due}
    recorded_words = [_words(c.text) for c in facts.commitments]
    for message, signal in facts.seller_signals("commitment"):
        due = _due(signal.value)
        if message.inbound or message.id in recorded or (due and due.date() in due_days):
            continue
        said = sentence(message, signal)
        distinctive = _words(said)
        if any(distinctive & words for words in recorded_words):
            continue
        out.append(
            Promise(
                id=f"{message.id}:{signal.start}",
                text=said,
                due=due,
                done_at=None,
                interaction=message.id,
                detected=True,
                status=_status(due, None, facts.as_of, detected=True),
            )
        )
    return tuple(sorted(out, key=lambda p: (p.due or facts.as_of, p.id)))


def scorecard(facts: DealFacts) -> Scorecard:
    """The seller's record in this deal at ``as_of`` (R-B1)."""
    corrections = tuple(
        signal_evidence(m, s, rule="B1", weight=0.0)
        for m, s in facts.seller_signals("correction")
        if not m.inbound
    )
    vague = tuple(
        signal_evidence(m, s, rule="P3", weight=0.0)
        for m, s in facts.seller_signals("vague_claim")
        if not m.inbound
    )
    return Scorecard(
        requests=_requests(facts),
        promises=_promises(facts),
        corrections=corrections,
        vague_claims=vague,
    )

"""Diagnosis: what the buyer is thinking and which pattern the deal is in (buyer-model.md).

Per contact the priorities P1-P3; per deal the patterns audition (B1), price focus with
the price picture (B2), approval risk with the approval path (B3), the incumbent
relationship (B4) and the stall; the seller scorecard. Pure: :func:`diagnose_deal`
reads :class:`DealFacts` (gathered by :func:`build_facts`) and returns findings.
"""

from __future__ import annotations

from buyerlens.diagnose.approval import approval_risk
from buyerlens.diagnose.audition import audition, stall
from buyerlens.diagnose.facts import DealFacts, Message, Reader, build_facts, deal_interactions
from buyerlens.diagnose.incumbent import incumbent
from buyerlens.diagnose.price import price_focus
from buyerlens.diagnose.priorities import priorities
from buyerlens.diagnose.scorecard import scorecard
from buyerlens.diagnose.thresholds import Thresholds, load_thresholds, parse_thresholds
from buyerlens.diagnose.types import (
    Action,
    ApprovalFinding,
    ApprovalStep,
    ContactDiagnosis,
    DealFindings,
    Diagnosis,
    Evidence,
    Finding,
    IncumbentFinding,
    Level,
    Patterns,
    PriceFigure,
    PriceFinding,
    PricePicture,
    Promise,
    Question,
    Request,
    RoleCard,
    Scorecard,
)


def diagnose_deal(facts: DealFacts, *, thresholds: Thresholds | None = None) -> DealFindings:
    """All findings of one deal (R-P1..P3 per contact, R-B1..B4 per deal)."""
    th = thresholds or load_thresholds()
    contacts = {}
    for cid, contact in facts.contacts.items():
        contacts[cid] = ContactDiagnosis(
            contact=cid,
            name=contact.name,
            role=contact.role.value,
            buying_role=facts.buying_roles.get(cid),
            messages=sum(1 for m in facts.messages if m.contact == cid and not m.outbound),
            priorities=priorities(facts, cid, th),
        )
    card = scorecard(facts)
    patterns = Patterns(
        audition=audition(facts, card, th),
        price_focus=price_focus(facts, th),
        approval_risk=approval_risk(facts, th),
        incumbent=incumbent(facts, th),
        stall=stall(facts, card, th),
    )
    return DealFindings(
        deal=facts.deal.id, as_of=facts.as_of, contacts=contacts, patterns=patterns, scorecard=card
    )


__all__ = [
    "Action",
    "ApprovalFinding",
    "ApprovalStep",
    "ContactDiagnosis",
    "DealFacts",
    "DealFindings",
    "Diagnosis",
    "Evidence",
    "Finding",
    "IncumbentFinding",
    "Level",
    "Message",
    "Patterns",
    "PriceFigure",
    "PriceFinding",
    "PricePicture",
    "Promise",
    "Question",
    "Reader",
    "Request",
    "RoleCard",
    "Scorecard",
    "Thresholds",
    "build_facts",
    "deal_interactions",
    "diagnose_deal",
    "load_thresholds",
    "parse_thresholds",
]

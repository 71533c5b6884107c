"""B3: approval risk and the approval path.

Risk comes from the deal amount against each buyer's authority limit (an unknown limit
is a risk, not a pass), new-supplier status, sign-offs and stakeholders the buyer
mentions, approvers nobody has met, objections, and process questions never asked.
The approval path lists the steps and people, each known or missing, met or not.
"""

from __future__ import annotations

from buyerlens.diagnose.facts import DealFacts
from buyerlens.diagnose.scoring import make_finding, quote, signal_evidence
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import ApprovalFinding, ApprovalStep, Evidence
from buyerlens.model import Contact

SIGNERS = {"approver", "decision_maker"}
SIGNER_ROLES = {"purchasing_director", "management", "finance"}
OTHERS = {"influencer", "user", "gatekeeper"}
PROCESS_QUESTIONS = ("process_add_supplier", "process_who_decides", "process_who_else",
                     "process_departments")


def _buyers(facts: DealFacts) -> list[Contact]:
    by_role = [c for cid, c in facts.contacts.items() if facts.buying_roles[cid] == "buyer"]
    if by_role:
        return by_role
    return [c for c in facts.contacts.values() if c.role.value == "purchasing"]


def _met(facts: DealFacts, contact: str) -> bool:
    return any(m.contact == contact for m in facts.messages)


def _authority(facts: DealFacts, th: Thresholds) -> tuple[list[Evidence], list[ApprovalStep],
                                                           bool]:
    """Each buyer's limit against the amount; returns (evidence, steps, sign-off needed)."""
    ar, deal = th.approval_risk, facts.deal
    evidence: list[Evidence] = []
    steps: list[ApprovalStep] = []
    needs_signoff = False
    if deal.amount is None:
        evidence.append(Evidence(interaction=None, kind="amount_unknown", rule="B3",
                                 weight=ar.amount_unknown, text="the deal has no amount"))
    for contact in _buyers(facts):
        limit = contact.authority_limit
        if limit is None or (deal.amount is not None and limit.currency != deal.currency):
            needs_signoff = True
            note = "authority limit unknown"
            evidence.append(Evidence(interaction=None, kind="authority_unknown", rule="B3",
                                     contact=contact.id, weight=ar.authority_unknown,
                                     text=f"{contact.name}: {note}"))
        elif deal.amount is not None and deal.amount > limit.amount:
            needs_signoff = True
            note = f"limit {limit.amount:g} {limit.currency} < amount {deal.amount:g}"
            evidence.append(Evidence(
                interaction=None, kind="amount_above_authority", rule="B3", contact=contact.id,
                weight=ar.amount_above_authority, text=f"{contact.name}: {note}",
                value={"limit": limit.amount, "amount": deal.amount, "currency": limit.currency},
            ))
        else:
            note = f"limit {limit.amount:g} {limit.currency} covers the amount"
        steps.append(ApprovalStep(step="buyer", who=contact.name, contact=contact.id, known=True,
                                  met=_met(facts, contact.id), note=note))
    return evidence, steps, needs_signoff


def _signers(facts: DealFacts, needs_signoff: bool, mentioned: list[str]) -> list[ApprovalStep]:
    listed = [c for cid, c in facts.contacts.items() if facts.buying_roles[cid] in SIGNERS]
    if not listed and needs_signoff:
        listed = [c for c in facts.contacts.values() if c.role.value in SIGNER_ROLES]
    steps = [ApprovalStep(step="sign_off", who=c.name, contact=c.id, known=True,
                          met=_met(facts, c.id), note=c.role.value) for c in listed]
    if not steps and (needs_signoff or mentioned):
        steps.append(ApprovalStep(step="sign_off", who=None, contact=None, known=False,
                                  met=False, note="who signs is not known",
                                  evidence=tuple(mentioned)))
    return steps


def _stakeholder_role(text: str, value: dict[str, object] | None, entry: str | None) -> str:
    role = (value or {}).get("role")
    if isinstance(role, str):
        return role
    return entry or text.lower()


def _stakeholders(facts: DealFacts, th: Thresholds, seen: set[str],
                  ) -> tuple[list[Evidence], list[ApprovalStep]]:
    ar = th.approval_risk
    evidence, steps = [], []
    mentions: dict[str, list[str]] = {}
    for message, signal in facts.buyer_signals("stakeholder"):
        if not message.outbound:
            role = _stakeholder_role(quote(message, signal), signal.value, signal.entry)
            mentions.setdefault(role, []).append(message.id)
            if not any(c.role.value == role for c in facts.contacts.values()):
                evidence.append(signal_evidence(message, signal, rule="B3",
                                                weight=ar.stakeholder_not_met,
                                                kind="stakeholder_not_met"))
    for role in sorted(mentions):
        people = [c for c in facts.contacts.values() if c.role.value == role]
        if not people:
            steps.append(ApprovalStep(step="stakeholder", who=role, contact=None, known=False,
                                      met=False, note="mentioned, not met",
                                      evidence=tuple(dict.fromkeys(mentions[role]))))
    for cid, contact in facts.contacts.items():
        if cid in seen:
            continue
        role = facts.buying_roles[cid]
        if role in OTHERS or role is None:
            steps.append(ApprovalStep(step="stakeholder", who=contact.name, contact=cid,
                                      known=True, met=_met(facts, cid),
                                      note=role or contact.role.value))
    return evidence, steps


def approval_risk(facts: DealFacts, th: Thresholds) -> ApprovalFinding:
    """R-B3: the risk of an objection out of nowhere, and the approval path."""
    ar = th.approval_risk
    evidence, steps, needs_signoff = _authority(facts, th)
    process = [(m, s) for m, s in facts.buyer_signals("approval_process") if not m.outbound]
    evidence += [signal_evidence(m, s, rule="B3", weight=ar.approval_process) for m, s in process]
    steps += _signers(facts, needs_signoff, [m.id for m, _ in process])
    if facts.deal.new_supplier:
        evidence.append(Evidence(interaction=None, kind="new_supplier", rule="B3",
                                 weight=ar.new_supplier, text="adding a new supplier"))
        answered = any(a.question == "process_add_supplier" for a in facts.answers)
        steps.append(ApprovalStep(step="supplier_registration", who=None, contact=None,
                                  known=answered, note="how a supplier gets added",
                                  evidence=tuple(dict.fromkeys(m.id for m, _ in process))))
    for step in steps:
        if step.step == "sign_off" and step.contact and step.met is False:
            evidence.append(Evidence(interaction=None, kind="approver_not_met", rule="B3",
                                     contact=step.contact, weight=ar.approver_not_met,
                                     text=f"{step.who} signs but has not been met"))
    seen = {s.contact for s in steps if s.contact}
    more_evidence, more_steps = _stakeholders(facts, th, seen)
    evidence += more_evidence
    steps += more_steps
    evidence += [signal_evidence(m, s, rule="B3", weight=ar.objection)
                 for m, s in facts.buyer_signals("objection") if not m.outbound]
    asked = facts.seller_signals("process_question")
    answered = [a for a in facts.answers if a.question in PROCESS_QUESTIONS]
    if not asked and not answered:
        evidence.append(Evidence(interaction=None, kind="no_process_question", rule="B3",
                                 weight=ar.no_process_question,
                                 text="the seller has not asked how the decision is made"))
    base = make_finding(evidence, rule="B3", th=th, observed=len(facts.messages), min_observed=0,
                        details={"amount": facts.deal.amount, "currency": facts.deal.currency,
                                 "new_supplier": facts.deal.new_supplier,
                                 "process_questions_asked": len(asked)})
    return ApprovalFinding(level=base.level, score=base.score, rule="B3", evidence=base.evidence,
                           details=base.details, path=tuple(steps))

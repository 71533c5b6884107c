"""B3: approval risk and the approval path.

Risk comes from the deal amount against each buyer's authority limit (an unknown limit
is a risk, not a pass), new-supplier status, sign-offs and stakeholders the buyer
mentions, approvers nobody has met, objections, and process questions never asked.
The approval path lists the steps and people, each known or missing, met or not.
"""

from __future__ import annotations

from buyerlens.diagnose.facts import DealFacts
from buyerlens.diagnose.scoring import make_finding, quote, signal_evidence
from buyerlens.diagnose.stakeholders import stakeholder_role
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import ApprovalFinding, ApprovalStep, Evidence
from buyerlens.model import Contact

SIGNERS = {"approver", "decision_maker"}
SIGNER_ROLES = {"purchasing_director", "management", "finance"}
OTHERS = {"influencer", "user", "gatekeeper"}
PROCESS_QUESTIONS = (
    "process_add_supplier",
    "process_who_decides",
    "process_who_else",
    "process_departments",
)


def _buyers(facts: DealFacts) -> list[Contact]:
    by_role = [c for cid, c in facts.contacts.items() if facts.buying_roles[cid] == "buyer"]
    if by_role:
        return by_role
    return [c for c in facts.contacts.values() if c.role.value == "purchasing"]


def _met(facts: DealFacts, contact: str) -> bool:
    """Talked to in this deal, or in another one (the seller knows the person)."""
    return contact in facts.met or any(m.contact == contact for m in facts.messages)


def _authority(facts: DealFacts, th: Thresholds) -> tuple[list[Evidence], list[ApprovalStep], bool]:
    """Each buyer's limit against the amount; returns (evidence, steps, sign-off needed)."""
    ar, deal = th.approval_risk, facts.deal
    evidence: list[Evidence] = []
    steps: list[ApprovalStep] = []
    needs_signoff = False
    if deal.amount is None:
        evidence.append(_fact("amount_unknown", "the deal has no amount", ar.amount_unknown))
    for contact in _buyers(facts):
        limit = contact.authority_limit
        if limit is None or (deal.amount is not None and limit.currency != deal.currency):
            needs_signoff = True
            note = "authority limit unknown"
            evidence.append(
                _fact(
                    "authority_unknown", f"{contact.name}: {note}", ar.authority_unknown, contact.id
                )
            )
        elif deal.amount is not None and deal.amount > limit.amount:
            needs_signoff = True
            note = f"limit {limit.amount:g} {limit.currency} < amount {deal.amount:g}"
            evidence.append(
                _fact(
                    "amount_above_authority",
                    f"{contact.name}: {note}",
                    ar.amount_above_authority,
                    contact.id,
                    {"limit": limit.amount, "amount": deal.amount, "currency": limit.currency},
                )
            )
        else:
            note = f"limit {limit.amount:g} {limit.currency} covers the amount"
        steps.append(
            ApprovalStep(
                step="buyer",
                who=contact.name,
                contact=contact.id,
                known=True,
                met=_met(facts, contact.id),
                note=note,
            )
        )
    return evidence, steps, needs_signoff


def _signers(
    facts: DealFacts, needs_signoff: bool, mentioned: list[str], buyers: set[str]
) -> list[ApprovalStep]:
    """Who signs beyond the buyers: listed approvers, else senior contacts, else unknown."""
    listed = [
        c
        for cid, c in facts.contacts.items()
        if facts.buying_roles[cid] in SIGNERS and cid not in buyers
    ]
    if not listed and needs_signoff:
        listed = [
            c
            for c in facts.contacts.values()
            if c.role.value in SIGNER_ROLES and c.id not in buyers
        ]
    steps = [
        ApprovalStep(
            step="sign_off",
            who=c.name,
            contact=c.id,
            known=True,
            met=_met(facts, c.id),
            note=c.role.value,
        )
        for c in listed
    ]
    if not steps and (needs_signoff or mentioned):
        steps.append(
            ApprovalStep(
                step="sign_off",
                who=None,
                contact=None,
                known=False,
                met=False,
                note="who signs is not known",
                evidence=tuple(mentioned),
            )
        )
    return steps


SENIOR = {"purchasing_director", "management"}


def _stakeholder_role(text: str, value: dict[str, object] | None) -> str:
    role = (value or {}).get("role")
    return role if isinstance(role, str) else stakeholder_role(text)


def _same_role(mentioned: str, contact: Contact) -> bool:
    """A mention matches a contact of that role; "the director" matches either senior role."""
    role = contact.role.value
    return role == mentioned or (role in SENIOR and mentioned in SENIOR)


def _stakeholders(
    facts: DealFacts,
    th: Thresholds,
    seen: set[str],
    factor: float,
) -> tuple[list[Evidence], list[ApprovalStep]]:
    """R-B3/C1: people and departments the buyer mentions, met or not."""
    evidence, steps = [], []
    mentions: dict[str, list[tuple[str, str]]] = {}
    for message, signal in facts.buyer_signals("stakeholder"):
        if message.outbound:
            continue
        words = quote(message, signal)
        role = _stakeholder_role(words, signal.value)
        if role == "other":
            # G1: a mention that names no role ("colleagues", "he") cannot say who is
            # missing; it is no step and no evidence.
            continue
        mentions.setdefault(role, []).append((message.id, words))
        if not any(_same_role(role, c) for c in facts.contacts.values()):
            evidence.append(
                signal_evidence(
                    message,
                    signal,
                    rule="B3",
                    kind="stakeholder_not_met",
                    weight=th.approval_risk.stakeholder_not_met * factor,
                )
            )
    for role in sorted(mentions):
        if any(_same_role(role, c) for c in facts.contacts.values()):
            continue
        steps.append(
            ApprovalStep(
                step="stakeholder",
                who=role,
                contact=None,
                known=False,
                met=False,
                note="mentioned, not met",
                evidence=tuple(dict.fromkeys(i for i, _ in mentions[role])),
            )
        )
    for cid, contact in facts.contacts.items():
        if cid in seen:
            continue
        buying = facts.buying_roles[cid]
        if buying in OTHERS or buying is None:
            steps.append(
                ApprovalStep(
                    step="stakeholder",
                    who=contact.name,
                    contact=cid,
                    known=True,
                    met=_met(facts, cid),
                    note=buying or contact.role.value,
                )
            )
    return evidence, steps


def _fact(
    kind: str,
    text: str,
    weight: float,
    contact: str | None = None,
    value: dict[str, object] | None = None,
) -> Evidence:
    """Evidence from the deal's facts rather than from words (no interaction)."""
    return Evidence(
        interaction=None,
        kind=kind,
        rule="B3",
        weight=weight,
        text=text,
        contact=contact,
        value=value,
    )


def _new_supplier(
    facts: DealFacts,
    th: Thresholds,
    process: list[str],
) -> tuple[list[Evidence], list[ApprovalStep]]:
    """R-B3: adding a supplier needs sign-offs whatever the product and amount."""
    if not facts.deal.new_supplier:
        return [], []
    answered = any(a.question == "process_add_supplier" for a in facts.answers)
    step = ApprovalStep(
        step="supplier_registration",
        who=None,
        contact=None,
        known=answered,
        note="how a supplier gets added",
        evidence=tuple(dict.fromkeys(process)),
    )
    return [_fact("new_supplier", "adding a new supplier", th.approval_risk.new_supplier)], [step]


def approval_risk(facts: DealFacts, th: Thresholds) -> ApprovalFinding:
    """R-B3: the risk of an objection out of nowhere, and the approval path."""
    ar = th.approval_risk
    asked = facts.seller_signals("process_question")
    process_answers = [a for a in facts.answers if a.question in PROCESS_QUESTIONS]
    # Once the seller asked how the decision is made, what the buyer says about sign-offs
    # and people is the map itself, no longer a hidden risk.
    factor = ar.mapped_factor if asked or process_answers else 1.0
    evidence, steps, needs_signoff = _authority(facts, th)
    process = [(m, s) for m, s in facts.buyer_signals("approval_process") if not m.outbound]
    evidence += [
        signal_evidence(m, s, rule="B3", weight=ar.approval_process * factor) for m, s in process
    ]
    buyers = {s.contact for s in steps if s.contact}
    steps += _signers(facts, needs_signoff, [m.id for m, _ in process], buyers)
    more_evidence, more_steps = _new_supplier(facts, th, [m.id for m, _ in process])
    evidence += more_evidence
    steps += more_steps
    evidence += [
        _fact(
            "approver_not_met",
            f"{step.who} signs but has not been met",
            ar.approver_not_met,
            step.contact,
        )
        for step in steps
        if step.step == "sign_off" and step.contact and step.met is False
    ]
    more_evidence, more_steps = _stakeholders(
        facts, th, {s.contact for s in steps if s.contact}, factor
    )
    evidence += more_evidence
    steps += more_steps
    evidence += [
        signal_evidence(m, s, rule="B3", weight=ar.objection)
        for m, s in facts.buyer_signals("objection")
        if not m.outbound
    ]
    if not asked and not process_answers:
        evidence.append(
            _fact(
                "no_process_question",
                "the seller has not asked how the decision is made",
                ar.no_process_question,
            )
        )
    base = make_finding(
        evidence,
        rule="B3",
        th=th,
        observed=len(facts.messages),
        min_observed=0,
        details={
            "amount": facts.deal.amount,
            "currency": facts.deal.currency,
            "new_supplier": facts.deal.new_supplier,
            "process_questions_asked": len(asked),
        },
    )
    return ApprovalFinding(
        level=base.level,
        score=base.score,
        rule="B3",
        evidence=base.evidence,
        details=base.details,
        path=tuple(steps),
    )

"""Adapters from the pages and the API to the brief, the slots and the coach."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from buyerlens.model import BadInputError, Bundle, ConfigError, Issue, NotFoundError, UsageError
from buyerlens.store import load_bundle
from buyerlens.store.users import User
from buyerlens.web.cache import DiagnosisCache

if TYPE_CHECKING:
    from buyerlens.diagnose.types import Diagnosis
    from buyerlens.schedule import SlotPlan

BRIEF_FORMATS = ("md", "html", "pdf")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def brief_bytes(bundle: Bundle, deal_id: str, *, as_of: datetime, fmt: str, lang: str) -> bytes:
    """The call-prep brief of ``deal_id`` as bytes in ``fmt`` (md, html or pdf)."""
    try:
        from buyerlens.report import render_brief
    except ImportError:
        raise ConfigError("the brief (buyerlens.report) is not part of this build") from None
    if fmt not in BRIEF_FORMATS:
        raise UsageError(f"unknown brief format {fmt!r}; use md, html or pdf")
    out = render_brief(bundle, deal_id, as_of=as_of, fmt=fmt, lang=lang)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def slot_plan(bundle: Bundle, deal_id: str, *, as_of: datetime) -> tuple[SlotPlan | None, str]:
    """Off-hours slots for the deal's main contact (R-P1), or None and the reason."""
    from buyerlens.schedule import plan_slots

    try:
        return plan_slots(bundle, deal_id, as_of=as_of), ""
    except (BadInputError, NotFoundError, UsageError) as exc:
        return None, exc.message


def coach_review(
    session: Session,
    user: User,
    text: str,
    *,
    lang: str | None,
    deal: str | None,
    contact: str | None,
    as_of: datetime,
    cache: DiagnosisCache | None,
) -> dict[str, Any]:
    """The coach's review of ``text``, with the deal's buyer as context when given.

    The context carries the buyer's time zone, hours, industry, the seller's case
    studies (R-P2), the deal's product and price (R-B2), and the contact's risk aversion
    from the diagnosis (R-P2).
    """
    from buyerlens.coach import context_from_bundle, review

    context = None
    if deal:
        from buyerlens.web import service

        service.require_deal(session, user, deal)
        bundle = load_bundle(session, deal_ids=[deal])
        if contact and contact not in {c.id for c in bundle.contacts}:
            raise BadInputError(
                f"the deal has no contact {contact!r}",
                issues=[Issue("contact", "is not a contact of the deal")],
            )
        diagnosis = service.diagnosis_for(session, user, deal, cache=cache, as_of=as_of)
        who = contact or _main_contact(diagnosis)
        level = None
        if who and who in diagnosis.contacts:
            level = diagnosis.contacts[who].priorities["risk_averse"].level
        # The cached diagnosis gives the risk level, so the coach need not analyse again.
        context = context_from_bundle(
            bundle, deal_id=deal, contact_id=who, as_of=as_of, risk_aversion=level
        )
    result: dict[str, Any] = review(text, lang=lang, context=context).to_json()
    return result


def _main_contact(diagnosis: Diagnosis) -> str | None:
    for cid, item in diagnosis.contacts.items():
        if item.buying_role == "buyer":
            return cid
    return next(iter(diagnosis.contacts), None)

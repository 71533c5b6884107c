"""The deal page and what it changes: questions asked, answers, promises done, the brief,
slot invitations, and logging an interaction (signals shown before saving)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from buyerlens.model import (
    Answer,
    BadInputError,
    Bundle,
    Channel,
    Commitment,
    Direction,
    Interaction,
    Issue,
    NotFoundError,
)
from buyerlens.store import crud, load_bundle
from buyerlens.store.users import mark_question
from buyerlens.web import service
from buyerlens.web.deps import CacheDep, PageAuthDep, SessionDep, SettingsDep
from buyerlens.web.i18n import labels, translate
from buyerlens.web.render import page
from buyerlens.web.tools import brief_bytes, slot_plan

router = APIRouter(include_in_schema=False)

FLASHES = {"logged", "asked", "answered", "done"}


def _back(deal_id: str, flash: str, anchor: str = "") -> Response:
    return RedirectResponse(f"/deals/{deal_id}?flash={flash}{anchor}", status_code=303)


@router.get("/deals/{deal_id}", response_class=HTMLResponse)
def deal_page(
    request: Request,
    deal_id: str,
    auth: PageAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
    flash: str | None = None,
) -> Response:
    as_of = settings.clock()
    view = service.deal_view(session, auth.user, deal_id, cache=cache, as_of=as_of)
    slots, slots_error = slot_plan(view.bundle, deal_id, as_of=as_of)
    accounts = {a.id: a.name for a in view.bundle.accounts}
    lang = auth.user.language.value
    return page(
        request,
        auth,
        "deal.html",
        view=view,
        account_name=accounts.get(view.deal.account, view.deal.account),
        patterns=list(service.PATTERNS),
        priorities=["time_poor", "risk_averse", "detail_oriented"],
        slots=slots,
        slots_error=slots_error,
        known_labels=labels(),
        flash=translate(f"flash_{flash}", lang) if flash in FLASHES else None,
    )


@router.post("/deals/{deal_id}/questions/{question}/asked")
def question_asked(
    deal_id: str,
    question: str,
    auth: PageAuthDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    mark_question(session, deal_id, question=question, by=auth.user.name, at=settings.clock())
    return _back(deal_id, "asked", "#questions")


def parse_value(text: str) -> bool | int | float | str:
    """An answer typed in a form: a whole number, a number, or the text itself."""
    text = text.strip()
    if not text:
        raise BadInputError("the answer is empty", issues=[Issue("value", "is required")])
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


@router.post("/deals/{deal_id}/answers")
def record_answer(
    deal_id: str,
    auth: PageAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
    question: Annotated[str, Form()],
    value: Annotated[str, Form()],
    contact: Annotated[str, Form()] = "",
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    answer = Answer(
        deal=deal_id,
        contact=contact or None,
        question=question,
        value=parse_value(value),
        at=settings.clock(),
    )
    crud.create(session, "answers", answer)
    cache.invalidate(deal_id)
    return _back(deal_id, "answered", "#patterns")


@router.post("/deals/{deal_id}/commitments/{commitment_id}/done")
def promise_done(
    deal_id: str,
    commitment_id: str,
    auth: PageAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    record = crud.get(session, "commitments", commitment_id)
    if not isinstance(record, Commitment) or record.deal != deal_id:
        raise NotFoundError(f"no promise {commitment_id!r} in deal {deal_id!r}")
    crud.replace(
        session,
        "commitments",
        commitment_id,
        record.model_copy(update={"done_at": settings.clock()}),
    )
    cache.invalidate(deal_id)
    return _back(deal_id, "done", "#promises")


@router.get("/deals/{deal_id}/brief", response_class=HTMLResponse)
def brief_html(
    deal_id: str, auth: PageAuthDep, session: SessionDep, settings: SettingsDep
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    bundle = load_bundle(session, deal_ids=[deal_id])
    body = brief_bytes(
        bundle, deal_id, as_of=settings.clock(), fmt="html", lang=auth.user.language.value
    )
    return Response(body, media_type="text/html; charset=utf-8")


@router.get("/deals/{deal_id}/brief.pdf")
def brief_pdf(
    deal_id: str, auth: PageAuthDep, session: SessionDep, settings: SettingsDep
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    bundle = load_bundle(session, deal_ids=[deal_id])
    body = brief_bytes(
        bundle, deal_id, as_of=settings.clock(), fmt="pdf", lang=auth.user.language.value
    )
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="brief-{_safe(deal_id)}.pdf"'},
    )


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)[:80] or "deal"


@router.get("/deals/{deal_id}/slots/{pick}.ics")
def slot_invitation(
    deal_id: str, pick: int, auth: PageAuthDep, session: SessionDep, settings: SettingsDep
) -> Response:
    from buyerlens.schedule import plan_invitation

    service.require_deal(session, auth.user, deal_id)
    bundle = load_bundle(session, deal_ids=[deal_id])
    plan, error = slot_plan(bundle, deal_id, as_of=settings.clock())
    if plan is None:
        raise NotFoundError(error or "no slots for this deal")
    body = plan_invitation(
        bundle, plan, pick=pick, organizer_email=f"{auth.user.name}@buyerlens.invalid"
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="meeting-{_safe(deal_id)}-{pick}.ics"'
        },
    )


# ---------------------------------------------------------------- log an interaction


def _zone(bundle: Bundle, deal_id: str, contact: str | None) -> ZoneInfo:
    contacts = {c.id: c for c in bundle.contacts}
    accounts = {a.id: a for a in bundle.accounts}
    deal = next(d for d in bundle.deals if d.id == deal_id)
    for name in (
        contacts[contact].timezone if contact in contacts else None,
        accounts[deal.account].timezone if deal.account in accounts else None,
    ):
        if name:
            return ZoneInfo(name)
    return ZoneInfo("UTC")


def _log_context(session: Session, deal_id: str) -> dict[str, Any]:
    bundle = load_bundle(session, deal_ids=[deal_id])
    deal = next(d for d in bundle.deals if d.id == deal_id)
    names = {c.id: c.name for c in bundle.contacts}
    return {
        "deal": deal,
        "bundle": bundle,
        "contacts": [
            (link.contact, names.get(link.contact, link.contact)) for link in deal.contacts
        ],
        "directions": [d.value for d in Direction],
        "channels": [c.value for c in Channel],
    }


@router.get("/deals/{deal_id}/log", response_class=HTMLResponse)
def log_form(
    request: Request, deal_id: str, auth: PageAuthDep, session: SessionDep, settings: SettingsDep
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    ctx = _log_context(session, deal_id)
    zone = _zone(ctx["bundle"], deal_id, None)
    now = settings.clock().astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    form = {
        "direction": "note",
        "channel": "call",
        "contact": "",
        "at": now,
        "subject": "",
        "text": "",
    }
    return page(request, auth, "log.html", form=form, preview=None, **ctx)


def _interaction(form: dict[str, str], deal_id: str, zone: ZoneInfo) -> Interaction:
    try:
        at = datetime.fromisoformat(form["at"]).replace(tzinfo=zone)
    except ValueError:
        raise BadInputError(
            "the time must look like 2026-11-26T14:30", issues=[Issue("at", "is not a time")]
        ) from None
    if not form["text"].strip():
        raise BadInputError(
            "paste the text of the message or the call notes", issues=[Issue("text", "is required")]
        )
    return Interaction(
        id="web-" + secrets.token_hex(6),
        deal=deal_id,
        contact=form["contact"] or None,
        direction=Direction(form["direction"]),
        channel=Channel(form["channel"]),
        at=at,
        subject=form["subject"] or None,
        text=form["text"],
    )


@router.post("/deals/{deal_id}/log", response_class=HTMLResponse)
def log_submit(
    request: Request,
    deal_id: str,
    auth: PageAuthDep,
    session: SessionDep,
    cache: CacheDep,
    direction: Annotated[Direction, Form()],
    channel: Annotated[Channel, Form()],
    at: Annotated[str, Form()],
    text: Annotated[str, Form()],
    contact: Annotated[str, Form()] = "",
    subject: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "preview",
) -> Response:
    service.require_deal(session, auth.user, deal_id)
    ctx = _log_context(session, deal_id)
    form = {
        "direction": direction.value,
        "channel": channel.value,
        "contact": contact,
        "at": at,
        "subject": subject,
        "text": text,
    }
    item = _interaction(form, deal_id, _zone(ctx["bundle"], deal_id, contact or None))
    if action != "save":
        bundle = ctx["bundle"]
        found = service.signals_of(
            item,
            service.people_of(bundle),
            service.incumbents_of(bundle),
            service.colleagues_of(bundle),
        )
        preview = {
            "segments": service.segments(item.text, found),
            "signals": sorted(found, key=lambda s: s.start),
        }
        return page(request, auth, "log.html", form=form, preview=preview, **ctx)
    crud.create(session, "interactions", item)
    cache.invalidate(deal_id)
    return _back(deal_id, "logged", "#patterns")

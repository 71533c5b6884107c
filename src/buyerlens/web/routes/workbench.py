"""The coach page (findings as you type) and the import page (upload, see rejects)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from buyerlens.model import BuyerlensError
from buyerlens.store.tables import DealRow
from buyerlens.store.users import UserRole
from buyerlens.web import service
from buyerlens.web.deps import CacheDep, EngineDep, PageAuthDep, SessionDep, SettingsDep
from buyerlens.web.errors import ForbiddenError
from buyerlens.web.render import page
from buyerlens.web.routes.api_deal import MAX_UPLOAD, import_files
from buyerlens.web.tools import coach_review

router = APIRouter(include_in_schema=False)


def _deal_choices(session: Any, user: Any) -> list[tuple[str, str]]:
    out = []
    for deal_id in service.visible_deal_ids(session, user):
        row = session.get(DealRow, deal_id)
        out.append((deal_id, row.title if row else deal_id))
    return out


@router.get("/coach", response_class=HTMLResponse)
def coach_page(
    request: Request, auth: PageAuthDep, session: SessionDep, deal: str = ""
) -> Response:
    return page(
        request,
        auth,
        "coach.html",
        deals=_deal_choices(session, auth.user),
        form={"text": "", "lang": "", "deal": deal},
        review=None,
        error=None,
    )


@router.post("/coach", response_class=HTMLResponse)
def coach_submit(
    request: Request,
    auth: PageAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
    text: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "",
    deal: Annotated[str, Form()] = "",
) -> Response:
    """Without JavaScript the form posts here and the findings come back in the page."""
    review, error = None, None
    try:
        review = coach_review(
            session,
            auth.user,
            text,
            lang=lang or None,
            deal=deal or None,
            contact=None,
            as_of=settings.clock(),
            cache=cache,
        )
    except BuyerlensError as exc:
        error = exc.message
    return page(
        request,
        auth,
        "coach.html",
        deals=_deal_choices(session, auth.user),
        form={"text": text, "lang": lang, "deal": deal},
        review=review,
        error=error,
    )


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, auth: PageAuthDep) -> Response:
    return page(
        request,
        auth,
        "import.html",
        report=None,
        error=None,
        allowed=auth.user.role is not UserRole.REP,
    )


@router.post("/import", response_class=HTMLResponse)
async def import_submit(
    request: Request, auth: PageAuthDep, session: SessionDep, engine: EngineDep, cache: CacheDep
) -> Response:
    if auth.user.role is UserRole.REP:
        raise ForbiddenError("only a manager or an admin may import")
    form = await request.form()
    try:
        uploads: list[tuple[str | None, bytes]] = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and item.filename:
                uploads.append((item.filename, await item.read(MAX_UPLOAD + 1)))
        fmt = form.get("format")
        dry_run = form.get("dry_run") == "1"
    finally:
        await form.close()
    report, error = None, None
    session.commit()  # the import writes in its own transaction; release ours first
    try:
        report = await run_in_threadpool(
            import_files,
            engine,
            uploads,
            fmt=fmt if isinstance(fmt, str) and fmt else None,
            dry_run=dry_run,
        )
        cache.clear()
    except BuyerlensError as exc:
        error = str(exc)
    return page(
        request,
        auth,
        "import.html",
        report=report,
        error=error,
        allowed=True,
        status=200 if error is None else 422,
    )

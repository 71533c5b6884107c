"""Login, logout, the language switch and the pipeline page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from buyerlens.store.users import authenticate, end_session, start_session, update_user
from buyerlens.web import service
from buyerlens.web.auth import ANON_COOKIE, SESSION_COOKIE, clear_cookie, csrf_ok, set_cookie
from buyerlens.web.deps import CacheDep, OptionalAuthDep, PageAuthDep, SessionDep, SettingsDep
from buyerlens.web.errors import CsrfError
from buyerlens.web.i18n import translate
from buyerlens.web.render import anonymous_page, page

router = APIRouter(include_in_schema=False)


def safe_next(value: str | None) -> str:
    """Only local paths: never redirect a login to another site."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, auth: OptionalAuthDep, next: str = "/") -> Response:
    if auth is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    lang = "nl" if request.headers.get("accept-language", "").startswith("nl") else "en"
    return anonymous_page(request, "login.html", next=safe_next(next), lang=lang)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not csrf_ok(settings, request.cookies.get(ANON_COOKIE), csrf):
        raise CsrfError("the login form has expired; reload the page and try again")
    user = authenticate(session, username.strip().lower(), password)
    if user is None:
        lang = "nl" if request.headers.get("accept-language", "").startswith("nl") else "en"
        return anonymous_page(
            request,
            "login.html",
            status=401,
            next=safe_next(next),
            username=username,
            error=translate("login_failed", lang),
            lang=lang,
        )
    raw = start_session(session, user, now=settings.clock(), ttl=settings.session_ttl)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(response, settings, SESSION_COOKIE, raw, request=request)
    clear_cookie(response, settings, ANON_COOKIE, request=request)
    return response


@router.post("/logout")
def logout(
    request: Request, auth: PageAuthDep, session: SessionDep, settings: SettingsDep
) -> Response:
    if auth.session_token:
        end_session(session, auth.session_token)
    response = RedirectResponse("/login", status_code=303)
    clear_cookie(response, settings, SESSION_COOKIE, request=request)
    return response


@router.post("/settings/language")
def set_language(
    auth: PageAuthDep,
    session: SessionDep,
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    update_user(session, auth.user.name, language=language)
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/", response_class=HTMLResponse)
def pipeline_page(
    request: Request,
    auth: PageAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
    pattern: Annotated[str | None, Query()] = None,
    owner: Annotated[str | None, Query()] = None,
    stage: Annotated[str | None, Query()] = None,
    sort: Annotated[str, Query()] = "title",
    desc: Annotated[str | None, Query()] = None,
) -> Response:
    rows = service.pipeline(session, auth.user, cache=cache, as_of=settings.clock())
    sort = sort if sort in service.SORT_KEYS else "title"
    shown = service.filter_sort(
        rows,
        pattern=pattern or None,
        owner=owner or None,
        stage=stage or None,
        sort=sort,
        desc=bool(desc),
    )
    params = {"pattern": pattern or "", "owner": owner or "", "stage": stage or ""}

    def query(**changes: str) -> str:
        return urlencode({k: v for k, v in {**params, **changes}.items() if v})

    return page(
        request,
        auth,
        "pipeline.html",
        rows=rows,
        shown=shown,
        patterns=list(service.PATTERNS),
        owners=sorted({r.deal.owner for r in rows if r.deal.owner}),
        stages=sorted({r.deal.stage for r in rows if r.deal.stage}),
        pattern=pattern,
        owner=owner,
        stage=stage,
        sort=sort,
        desc=bool(desc),
        query=query,
    )

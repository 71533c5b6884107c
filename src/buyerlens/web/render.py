"""Jinja2 templates of the package, with the user's language and CSRF token at hand."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from buyerlens.web.auth import ANON_COOKIE, Auth, anon_seed, csrf_token, set_cookie
from buyerlens.web.i18n import Translator
from buyerlens.web.settings import WebSettings


def _money(value: float | None, currency: str = "EUR") -> str:
    if value is None:
        return "–"
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency, currency + " ")
    return f"{symbol}{value:,.0f}".replace(",", "\u202f")


def _when(value: datetime | date | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime(fmt)
    return value.isoformat()


@cache
def templates() -> Jinja2Templates:
    folder = str(resources.files("buyerlens.web").joinpath("templates"))
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = _money
    env.filters["when"] = _when
    return Jinja2Templates(env=env)


def page(
    request: Request,
    auth: Auth,
    name: str,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render template ``name`` for a logged-in user."""
    settings: WebSettings = request.app.state.settings
    csrf = csrf_token(settings, auth.session_token or "")
    context.update(
        user=auth.user,
        t=Translator(auth.user.language.value),
        lang=auth.user.language.value,
        csrf=csrf,
        path=request.url.path,
    )
    return templates().TemplateResponse(request, name, context, status_code=status)


def anonymous_page(
    request: Request, name: str, *, status: int = 200, lang: str = "en", **context: Any
) -> HTMLResponse:
    """Render a page before login (the login form), with a pre-login CSRF cookie."""
    settings: WebSettings = request.app.state.settings
    seed, new = anon_seed(request)
    context.update(
        user=None,
        t=Translator(lang),
        lang=lang,
        csrf=csrf_token(settings, seed),
        path=request.url.path,
    )
    response = templates().TemplateResponse(request, name, context, status_code=status)
    if new:
        set_cookie(response, settings, ANON_COOKIE, seed, request=request)
    return response


def render_error(request: Request, *, status: int, message: str) -> HTMLResponse:
    lang = request.query_params.get("lang", "en")
    return templates().TemplateResponse(
        request,
        "error.html",
        {
            "user": None,
            "t": Translator(lang),
            "lang": lang,
            "csrf": "",
            "status": status,
            "message": message,
            "path": request.url.path,
        },
        status_code=status,
    )

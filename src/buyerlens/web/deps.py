"""Typed dependencies of the routes (``SessionDep``, ``UserDep``, ``ApiUserDep`` ...).

Every page and API route depends on one of the user dependencies, so nothing is
readable without a login session or a personal API token.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from buyerlens.store import session_scope
from buyerlens.store.users import User, UserRole, user_for_session, user_for_token
from buyerlens.web.auth import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    Auth,
    bearer,
    csrf_ok,
)
from buyerlens.web.cache import DiagnosisCache
from buyerlens.web.errors import AuthRequiredError, CsrfError, ForbiddenError
from buyerlens.web.settings import WebSettings

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_cache(request: Request) -> DiagnosisCache:
    cache: DiagnosisCache = request.app.state.cache
    return cache


SettingsDep = Annotated[WebSettings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
CacheDep = Annotated[DiagnosisCache, Depends(get_cache)]


def get_session(engine: EngineDep) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, else rolled back."""
    with session_scope(engine) as session:
        yield session


#: ``scope="function"``: the transaction ends before the response leaves. With the
#: default scope the commit ran after the response was sent, so the page a redirect led
#: to could be read before the write it followed (a language switch that did not show,
#: a question marked asked still open), and a commit that failed came after a success
#: status had gone out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def _from_cookie(request: Request, session: Session, settings: WebSettings) -> Auth | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    user = user_for_session(session, raw, now=settings.clock())
    return None if user is None else Auth(user=user, via="session", session_token=raw)


def get_auth_optional(request: Request, session: SessionDep, settings: SettingsDep) -> Auth | None:
    return _from_cookie(request, session, settings)


OptionalAuthDep = Annotated[Auth | None, Depends(get_auth_optional)]


async def get_page_auth(request: Request, session: SessionDep, settings: SettingsDep) -> Auth:
    """A logged-in browser; forms that change data must carry the CSRF token."""
    auth = _from_cookie(request, session, settings)
    if auth is None:
        raise AuthRequiredError("log in to see this page")
    if request.method in UNSAFE:
        form = await request.form()
        given = form.get(CSRF_FIELD)
        if not csrf_ok(settings, auth.session_token, given if isinstance(given, str) else None):
            raise CsrfError("the form has expired or was not sent by this site; reload the page")
    return auth


PageAuthDep = Annotated[Auth, Depends(get_page_auth)]


def get_api_auth(request: Request, session: SessionDep, settings: SettingsDep) -> Auth:
    """A bearer token, or a browser session (which must send X-CSRF-Token to change data)."""
    raw = bearer(request)
    if raw is not None:
        user = user_for_token(session, raw, now=settings.clock())
        if user is None:
            raise AuthRequiredError(
                "the API token is not valid; create one with `buyerlens user token`"
            )
        return Auth(user=user, via="token")
    auth = _from_cookie(request, session, settings)
    if auth is None:
        raise AuthRequiredError(
            "send 'Authorization: Bearer <token>' (create one with `buyerlens user token NAME`)"
        )
    if request.method in UNSAFE and not csrf_ok(
        settings, auth.session_token, request.headers.get(CSRF_HEADER)
    ):
        raise CsrfError("browser requests that change data must send the X-CSRF-Token header")
    return auth


ApiAuthDep = Annotated[Auth, Depends(get_api_auth)]


def _admin(auth: Auth) -> Auth:
    if auth.user.role is not UserRole.ADMIN:
        raise ForbiddenError("only an admin may manage users")
    return auth


def get_admin_page(auth: PageAuthDep) -> Auth:
    return _admin(auth)


AdminPageDep = Annotated[Auth, Depends(get_admin_page)]


def current_user(auth: Auth) -> User:
    return auth.user

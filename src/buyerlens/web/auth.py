"""Login sessions, CSRF tokens and bearer tokens.

- A login session is a random token in an HttpOnly, SameSite=Lax cookie (Secure when
  the app runs behind https); the database keeps only its SHA-256
  (:mod:`buyerlens.store.users`), so logout really ends it.
- Every form carries a CSRF token: an HMAC of the session token (or, before login, of
  a random pre-login cookie) under the app's secret. Browser calls to the API that
  change data send it in the ``X-CSRF-Token`` header.
- API clients send ``Authorization: Bearer <token>`` with a personal token; those
  requests need no CSRF token (no cookie is involved).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response

from buyerlens.store.users import User
from buyerlens.web.settings import WebSettings

SESSION_COOKIE = "bl_session"
ANON_COOKIE = "bl_anon"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True, slots=True)
class Auth:
    """Who is asking and how: ``via`` is ``session`` or ``token``."""

    user: User
    via: str
    session_token: str | None = None


def csrf_token(settings: WebSettings, seed: str) -> str:
    """The CSRF token bound to a session (or pre-login) cookie value."""
    mac = hmac.new(settings.secret.encode(), f"csrf:{seed}".encode(), hashlib.sha256)
    return mac.hexdigest()


def csrf_ok(settings: WebSettings, seed: str | None, given: str | None) -> bool:
    if not seed or not given:
        return False
    return hmac.compare_digest(csrf_token(settings, seed), given)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def secure(request: Request, settings: WebSettings) -> bool:
    """Cookies are Secure when configured so, and whenever the request came over https."""
    return settings.https_only or request.url.scheme == "https"


def set_cookie(
    response: Response, settings: WebSettings, name: str, value: str, *, request: Request
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(settings.session_ttl.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure(request, settings),
        path="/",
    )


def clear_cookie(response: Response, settings: WebSettings, name: str, *, request: Request) -> None:
    response.delete_cookie(
        name, httponly=True, samesite="lax", secure=secure(request, settings), path="/"
    )


def anon_seed(request: Request) -> tuple[str, bool]:
    """The pre-login cookie value, and whether it is new (and must be set)."""
    value = request.cookies.get(ANON_COOKIE)
    if value and len(value) >= 32:
        return value, False
    return secrets.token_urlsafe(32), True

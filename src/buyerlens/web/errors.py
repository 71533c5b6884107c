"""The web edge of the error hierarchy: one JSON shape under /api, an HTML page elsewhere.

``{"error": {"code": "not_found", "message": "...", "field": "deals[0].amount"}}`` with
the HTTP status carried by the exception class (:mod:`buyerlens.model.errors`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from buyerlens.model import BadInputError, BuyerlensError, json_path

log = logging.getLogger("buyerlens.web")


class ForbiddenError(BuyerlensError):
    """The user is logged in but their role does not allow this."""

    http_status = 403


class AuthRequiredError(BuyerlensError):
    """No valid login session or API token."""

    http_status = 401


class CsrfError(BuyerlensError):
    """A form or browser request without the right CSRF token."""

    http_status = 403


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "bad_input",
    500: "internal",
}


def error_code(exc: BuyerlensError) -> str:
    """``NotFoundError`` -> ``not_found``."""
    name = type(exc).__name__.removesuffix("Error")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() or "error"


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if field:
        error["field"] = field
    return {"error": error}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _page(request: Request, status: int, message: str) -> Response:
    from buyerlens.web.render import render_error

    return render_error(request, status=status, message=message)


def _field_of(exc: BuyerlensError) -> str | None:
    if isinstance(exc, BadInputError) and exc.issues:
        return exc.issues[0].path or None
    return getattr(exc, "field", None)


async def on_buyerlens_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, BuyerlensError):
        raise exc
    if isinstance(exc, AuthRequiredError) and not _is_api(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if _is_api(request):
        body = error_body(error_code(exc), exc.message, _field_of(exc))
        headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
        return JSONResponse(body, status_code=exc.http_status, headers=headers)
    return _page(request, exc.http_status, exc.message)


def _validation_field(loc: tuple[Any, ...]) -> str:
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return json_path([p for p in parts if isinstance(p, int | str)])


async def on_validation_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):
        raise exc
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    field = _validation_field(tuple(first.get("loc", ())))
    message = f"{field or 'request'}: {first.get('msg', 'invalid')}"
    if _is_api(request):
        body = error_body("bad_input", message, field or None)
        body["error"]["issues"] = [
            {"field": _validation_field(tuple(e.get("loc", ()))), "message": e.get("msg", "")}
            for e in errors
        ]
        return JSONResponse(body, status_code=422)
    return _page(request, 422, message)


async def on_http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):
        raise exc
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = str(exc.detail)
    if _is_api(request):
        return JSONResponse(
            error_body(code, message), status_code=exc.status_code, headers=exc.headers
        )
    return _page(request, exc.status_code, message)


async def on_integrity_error(request: Request, exc: Exception) -> Response:
    message = "the change clashes with data already stored (a duplicate id or a record in use)"
    if _is_api(request):
        return JSONResponse(error_body("conflict", message), status_code=409)
    return _page(request, 409, message)


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = "an unexpected error occurred; the server log has the details"
    if _is_api(request):
        return JSONResponse(error_body("internal", message), status_code=500)
    return _page(request, 500, message)


def install(app: FastAPI) -> None:
    app.add_exception_handler(BuyerlensError, on_buyerlens_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(IntegrityError, on_integrity_error)
    app.add_exception_handler(Exception, on_unexpected)

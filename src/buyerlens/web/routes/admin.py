"""Users, for admins: add a user, change a role or language, make a token, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from buyerlens.model import BuyerlensError, ConflictError
from buyerlens.store.users import create_token, create_user, delete_user, list_users, update_user
from buyerlens.web.deps import AdminPageDep, SessionDep, SettingsDep
from buyerlens.web.render import page

router = APIRouter(include_in_schema=False)


def _users_page(
    request: Request,
    auth: AdminPageDep,
    session: SessionDep,
    *,
    token: str | None = None,
    token_for: str | None = None,
    error: str | None = None,
) -> Response:
    return page(
        request,
        auth,
        "users.html",
        users=list_users(session),
        token=token,
        token_for=token_for,
        error=error,
        status=200 if error is None else 422,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, auth: AdminPageDep, session: SessionDep) -> Response:
    return _users_page(request, auth, session)


@router.post("/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    auth: AdminPageDep,
    session: SessionDep,
    settings: SettingsDep,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
) -> Response:
    try:
        create_user(
            session,
            name.strip().lower(),
            role=role,
            password=password,
            language=language,
            now=settings.clock(),
        )
    except BuyerlensError as exc:
        return _users_page(request, auth, session, error=exc.message)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/role")
def change_role(
    name: str, auth: AdminPageDep, session: SessionDep, role: Annotated[str, Form()]
) -> Response:
    if name == auth.user.name and role != "admin":
        raise ConflictError("you cannot take away your own admin role")
    update_user(session, name, role=role)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/token", response_class=HTMLResponse)
def new_token(
    request: Request, name: str, auth: AdminPageDep, session: SessionDep, settings: SettingsDep
) -> Response:
    token = create_token(session, name, now=settings.clock())
    return _users_page(request, auth, session, token=token, token_for=name)


@router.post("/users/{name}/delete")
def remove_user(name: str, auth: AdminPageDep, session: SessionDep) -> Response:
    if name == auth.user.name:
        raise ConflictError("you cannot delete yourself")
    delete_user(session, name)
    return RedirectResponse("/users", status_code=303)

"""Web commands: ``buyerlens serve`` and ``buyerlens user add|token|list``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from buyerlens.cli.common import DbOption, open_store, out
from buyerlens.model import UsageError


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    users = typer.Typer(help="Manage the users of the web app.", no_args_is_help=True)
    users.command("add")(user_add)
    users.command("token")(user_token)
    users.command("list")(user_list)
    app.add_typer(users, name="user")


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    https_only: Annotated[
        bool, typer.Option("--https-only", help="Mark cookies Secure (behind a TLS proxy).")
    ] = False,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Load the demo deals and demo users, print the logins."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Serve the web app and the REST API (docs at /api/docs)."""
    from buyerlens.store import default_url
    from buyerlens.web import run_demo
    from buyerlens.web import serve as run_server

    url = db or default_url()
    if demo:
        run_demo(
            database_url=url,
            host=host,
            port=port,
            announce=lambda line: out().print(line, highlight=False),
        )
        return
    open_store(url).dispose()
    out().print(
        f"buyerlens is serving at http://{host}:{port} (API docs at /api/docs)", highlight=False
    )
    run_server(database_url=url, host=host, port=port, https_only=https_only)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return password


def user_add(
    name: Annotated[str, typer.Argument(help="The user name (lower case).")],
    role: Annotated[str, typer.Option("--role", help="rep, manager or admin.")] = "rep",
    language: Annotated[str, typer.Option("--language", help="nl or en.")] = "en",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add a user (the first one should be an admin)."""
    from buyerlens.store import session_scope
    from buyerlens.store.users import create_user

    if role not in {"rep", "manager", "admin"}:
        raise UsageError(f"--role must be rep, manager or admin, got {role!r}")
    password = _read_password(password_stdin)
    engine = open_store(db)
    with session_scope(engine) as session:
        user = create_user(
            session, name, role=role, password=password, language=language, now=datetime.now(UTC)
        )
    out().print(
        f"user {user.name} added ({user.role.value}, {user.language.value})", highlight=False
    )


def user_token(
    name: Annotated[str, typer.Argument(help="The user who gets the token.")],
    db: DbOption = None,
) -> None:
    """Create a personal API token; it is printed once and stored only as a hash."""
    from buyerlens.store import session_scope
    from buyerlens.store.users import create_token

    engine = open_store(db)
    with session_scope(engine) as session:
        token = create_token(session, name, now=datetime.now(UTC))
    typer.echo(token)


def user_list(db: DbOption = None) -> None:
    """List the users with their roles and languages."""
    from buyerlens.store import session_scope
    from buyerlens.store.users import list_users

    engine = open_store(db)
    with session_scope(engine) as session:
        for user in list_users(session):
            typer.echo(f"{user.name}\t{user.role.value}\t{user.language.value}")

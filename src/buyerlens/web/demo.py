"""The demo: the demo deals in a database, a manager and the reps who own them, served.

``buyerlens demo --serve`` (and the README's main command) call :func:`run_demo`; a
test or another program may call :func:`seed_demo_users` on its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from buyerlens.store import session_scope
from buyerlens.store.tables import DealRow
from buyerlens.store.users import (
    UserRole,
    create_user,
    list_users,
    set_password,
)

MANAGER = "manager"
ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class DemoUsers:
    """Who can log in to the demo, and with which password (the same for all)."""

    password: str
    users: dict[str, str] = field(default_factory=dict)  # name -> role

    def lines(self, url: str) -> list[str]:
        """What to print: the address and the logins."""
        out = [f"buyerlens is serving the demo at {url}", "log in as one of:"]
        for name, role in self.users.items():
            out.append(f"  {name:<10} {role:<8} password: {self.password}")
        out.append("press Ctrl+C to stop")
        return out


def seed_demo_users(engine: Engine, *, password: str | None = None) -> DemoUsers:
    """A manager, an admin and one rep per owner of the deals in the store.

    Existing users keep their role and get ``password`` (random when not given), so
    every demo run prints a password that works.
    """
    password = password or "demo-" + secrets.token_urlsafe(6)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        owners = sorted({o for o in session.scalars(select(DealRow.owner)) if o})
        wanted: dict[str, UserRole] = {MANAGER: UserRole.MANAGER, ADMIN: UserRole.ADMIN}
        for owner in owners:
            if owner and owner not in wanted:
                wanted[str(owner)] = UserRole.REP
        existing = {u.name: u for u in list_users(session)}
        users: dict[str, str] = {}
        for name, role in wanted.items():
            if name in existing:
                set_password(session, name, password=password)
                users[name] = existing[name].role.value
            else:
                create_user(session, name, role=role, password=password, now=now)
                users[name] = role.value
    return DemoUsers(password=password, users=users)


def serve(
    *,
    database_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    secret: str | None = None,
    https_only: bool = False,
) -> None:
    """Serve the web app with Uvicorn until interrupted (blocking)."""
    import uvicorn

    from buyerlens.web.app import create_app

    app = create_app(database_url=database_url, secret=secret, https_only=https_only)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def run_demo(
    *,
    database_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    password: str | None = None,
    announce: Callable[[str], None] = lambda line: None,
) -> None:
    """Load the demo deals, create the demo users, announce the address and logins, serve.

    ``announce`` receives each line to show (the CLI passes its printer).
    """
    import buyerlens.store.users  # noqa: F401
    from buyerlens.importing import load_demo
    from buyerlens.store import connect, migrate

    engine = connect(database_url)
    migrate(engine)
    load_demo(engine)
    demo = seed_demo_users(engine, password=password)
    engine.dispose()
    for line in demo.lines(f"http://{host}:{port}"):
        announce(line)
    serve(database_url=database_url, host=host, port=port)

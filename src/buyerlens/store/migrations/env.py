"""Alembic environment: the URL and connection come from buyerlens, not from an ini file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from buyerlens.store.db import connect
from buyerlens.store.tables import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = context.config.attributes.get("engine") or connect(
        context.config.get_main_option("sqlalchemy.url")
    )
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("buyerlens migrations run online only (buyerlens init)")
run_migrations_online()

"""Connections, sessions and migrations.

The default database is a SQLite file in the user's data directory; ``--db`` or
``BUYERLENS_DATABASE_URL`` choose another (``postgresql://`` URLs use psycopg 3).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from buyerlens.model import ConfigError

ENV_URL = "BUYERLENS_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_path() -> Path:
    """Where the embedded SQLite database lives by default."""
    from platformdirs import user_data_path

    return user_data_path("buyerlens", appauthor=False) / "buyerlens.db"


def default_url() -> str:
    """``BUYERLENS_DATABASE_URL`` when set, else the SQLite file of :func:`default_path`."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    return f"sqlite:///{default_path()}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``postgres://`` URLs; use psycopg 3 for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def connect(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (default :func:`default_url`); SQLite gets foreign keys on."""
    url = normalise_url(url or default_url())
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError(f"cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        # pysqlite's own transaction handling breaks SAVEPOINT and transactional DDL;
        # let SQLAlchemy emit BEGIN itself (the recipe of the SQLAlchemy SQLite docs).
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def alembic_config(engine: Engine | None = None) -> Any:
    """An Alembic config pointing at the package's migrations (and ``engine`` when given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
        config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database up to ``revision`` (idempotent)."""
    from alembic import command

    try:
        with engine.begin() as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as exc:
        raise ConfigError(
            f"cannot open the database {engine.url.render_as_string()}: {exc.orig}"
        ) from None


def is_initialised(engine: Engine) -> bool:
    """Whether the database has buyerlens' tables."""
    return inspect(engine).has_table("deals")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

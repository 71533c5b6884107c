"""Shared fixtures: databases (SQLite always, PostgreSQL whenever it answers), bundles.

Each store test runs inside a transaction that is rolled back. PostgreSQL tests use the
database ``test`` at 127.0.0.1:5432 (``BUYERLENS_TEST_POSTGRES_URL`` overrides it) in a
schema of their own, dropped at the end, so parallel runs never see each other.
CI sets ``BUYERLENS_REQUIRE_POSTGRES=1``: there, an unreachable server fails the run
instead of skipping the PostgreSQL half.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from buyerlens import store

FIXTURES = Path(__file__).parent / "fixtures"
PG_URL = os.environ.get(
    "BUYERLENS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_engine() -> Iterator[Engine]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        admin = store.connect(PG_URL, connect_args={"connect_timeout": 3})
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # the server does not answer
        if os.environ.get("BUYERLENS_REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"PostgreSQL at {PG_URL} does not answer: {exc}")
    engine = store.connect(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        store.migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "buyerlens.db"
        eng = store.connect(f"sqlite:///{path}")
        store.migrate(eng)
        yield eng
        eng.dispose()
    else:
        yield from _postgres_engine()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose whole work is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    with Session(bind=connection, join_transaction_mode="create_savepoint") as s:
        yield s
    outer.rollback()
    connection.close()


@pytest.fixture
def small_bundle_data() -> dict[str, Any]:
    """A small bilingual bundle as JSON data (a fresh copy per test)."""
    data: dict[str, Any] = json.loads((FIXTURES / "small_bundle.json").read_text("utf-8"))
    return data

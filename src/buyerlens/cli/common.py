"""Helpers every command module shares: the database option, time parsing, consoles."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from buyerlens.model import Bundle, UsageError, parse_bundle

if TYPE_CHECKING:  # the store's modules import SQLAlchemy when a command opens it
    from sqlalchemy import Engine

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $BUYERLENS_DATABASE_URL, else a SQLite file in the"
        " user's data directory).",
        show_default=False,
    ),
]

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The moment of the analysis, ISO 8601 with an offset (default: now).",
        show_default=False,
    ),
]


def out() -> Console:
    return Console(soft_wrap=True)


def err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def open_store(db: str | None) -> Engine:
    """Connect to the database and bring its schema up to date."""
    from buyerlens import store

    engine = store.connect(db)
    store.migrate(engine)
    return engine


def parse_as_of(value: str | None) -> datetime:
    """``--as-of`` as an aware datetime; the current time when not given."""
    if value is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--as-of: {value!r} is not an ISO 8601 time (e.g. 2026-11-26T12:00:00+01:00)"
        ) from None
    if moment.tzinfo is None:
        raise UsageError(f"--as-of: {value!r} has no UTC offset; add one such as +01:00")
    return moment


def read_bundle_file(path: Path) -> Bundle:
    """A bundle from a file (``-`` is standard input)."""
    if str(path) == "-":
        return parse_bundle(sys.stdin.buffer.read(), name="<stdin>")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    return parse_bundle(path.read_bytes(), name=str(path))


def load_from_store(db: str | None, deal_ids: list[str] | None = None) -> Bundle:
    """The bundle of ``deal_ids`` (or everything) from the database."""
    from buyerlens import store

    engine = open_store(db)
    with store.session_scope(engine) as session:
        return store.load_bundle(session, deal_ids=deal_ids)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))

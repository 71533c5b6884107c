"""The store: SQLAlchemy tables, the repository (rows <-> model), Alembic migrations.

SQLite by default (a file in the user's data directory), PostgreSQL through psycopg 3.
Imports only :mod:`buyerlens.model`.
"""

from buyerlens.store.db import (
    ENV_URL,
    connect,
    default_path,
    default_url,
    is_initialised,
    migrate,
    normalise_url,
    session_scope,
)
from buyerlens.store.repository import (
    SaveStats,
    check_references,
    load_bundle,
    load_seller,
    save_bundle,
)

__all__ = [
    "ENV_URL",
    "SaveStats",
    "check_references",
    "connect",
    "default_path",
    "default_url",
    "is_initialised",
    "load_bundle",
    "load_seller",
    "migrate",
    "normalise_url",
    "save_bundle",
    "session_scope",
]

"""Helpers of the web tests (constants, logging in, tokens), shared by conftest and tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from buyerlens.importing import load_demo
from buyerlens.store import connect, migrate, session_scope
from buyerlens.store.users import create_token
from buyerlens.web import seed_demo_users

PASSWORD = "correct horse battery"
SECRET = "test-secret-" + "x" * 32
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def demo_database(folder: Path) -> str:
    """A SQLite file with the demo deals and the demo users (password PASSWORD)."""
    url = f"sqlite:///{folder / 'web.db'}"
    engine = connect(url)
    migrate(engine)
    load_demo(engine)
    seed_demo_users(engine, password=PASSWORD)
    engine.dispose()
    return url


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf": csrf_of(form.text), "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def token_for(app: FastAPI, name: str) -> str:
    with session_scope(app.state.engine) as session:
        return create_token(session, name, now=NOW)

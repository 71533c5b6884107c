"""Fixtures of the web tests: a demo database per test module, logged-in clients.

The database is a SQLite file in a temporary directory, created once per module with
the demo deals and the demo users (manager, admin, and the reps tom and sanne who own
the demo deals). The app's clock is fixed so diagnoses are reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import NOW, SECRET, demo_database, login, token_for

from buyerlens.web import create_app


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_database(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(demo_url: str) -> FastAPI:
    return create_app(database_url=demo_url, secret=SECRET, clock=lambda: NOW)


@pytest.fixture
def client_as(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """Log in as the named user in a fresh browser-like client."""
    clients: list[TestClient] = []

    def make(name: str) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        return login(client, name)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def api_as(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """A client sending a bearer token of the named user (no cookies)."""
    clients: dict[str, TestClient] = {}

    def make(name: str) -> TestClient:
        if name not in clients:
            token = token_for(app, name)
            clients[name] = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        return clients[name]

    yield make
    for client in clients.values():
        client.close()

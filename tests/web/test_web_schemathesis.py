"""API fuzzing: schemathesis against the app's own OpenAPI document (issue 7, point 5).

Every operation gets a few generated requests, authenticated as the manager (who sees
every deal); the app must never answer with a 5xx. Bounded (few examples per
operation, no example database) so it runs in CI in well under a minute or two.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from web_helpers import NOW, SECRET, demo_database, token_for

from buyerlens.web import create_app

MAX_EXAMPLES = 12


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    url = demo_database(tmp_path_factory.mktemp("fuzz"))
    return create_app(database_url=url, secret=SECRET, clock=lambda: NOW)


@pytest.fixture(scope="module")
def api_schema(fuzz_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", fuzz_app)


@pytest.fixture(scope="module")
def bearer(fuzz_app: FastAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(fuzz_app, 'manager')}"}


def check_operation(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time in CI
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
        kind = response.headers.get("content-type") or [""]
        if response.status_code >= 400 and kind[0].startswith("application/json"):
            body = response.json()
            assert set(body) == {"error"}, body
            assert {"code", "message"} <= set(body["error"])

    run()


def test_no_server_errors(api_schema: Any, bearer: dict[str, str]) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 34  # six kinds x five operations, diagnosis, brief, coach, import
    failures: list[str] = []
    for operation in operations:
        try:
            check_operation(operation, bearer)
        except Exception as exc:  # collect all, report together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)

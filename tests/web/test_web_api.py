"""The REST API: CRUD with pagination, one error shape, diagnosis, brief, coach, import."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import NOW

from buyerlens.engine import analyze
from buyerlens.store import load_bundle, session_scope

Api = Callable[[str], TestClient]

ACCOUNT = {
    "id": "a-api",
    "name": "Bakkerij Zoet BV",
    "industry": "bakery",
    "country": "NL",
    "timezone": "Europe/Amsterdam",
}
CONTACT = {
    "id": "c-api",
    "account": "a-api",
    "name": "Eva de Vries",
    "role": "purchasing",
    "language": "nl",
    "authority_limit": {"amount": 25000, "currency": "EUR"},
}
DEAL = {
    "id": "d-api",
    "account": "a-api",
    "title": "Taartdozen 2027",
    "amount": 48000,
    "stage": "proposal",
    "new_supplier": True,
    "incumbent": "Verpakkingen Oost",
    "contacts": [{"contact": "c-api", "buying_role": "buyer"}],
}


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"])
    return dict(body["error"])


def test_create_get_replace_delete_in_order(api_as: Api) -> None:
    api = api_as("manager")
    assert api.post("/api/accounts", json=ACCOUNT).status_code == 201
    assert api.post("/api/contacts", json=CONTACT).status_code == 201
    created = api.post("/api/deals", json={**DEAL, "owner": "sanne"})
    assert created.status_code == 201
    assert created.json()["owner"] == "sanne"
    got = api.get("/api/deals/d-api").json()
    assert got["title"] == "Taartdozen 2027"
    assert got["contacts"] == [{"contact": "c-api", "buying_role": "buyer"}]
    changed = api.put("/api/deals/d-api", json={**DEAL, "owner": "sanne", "stage": "negotiation"})
    assert changed.status_code == 200
    assert api.get("/api/deals/d-api").json()["stage"] == "negotiation"
    # the account is in use: 409 in the one error shape
    conflict = api.delete("/api/accounts/a-api")
    assert conflict.status_code == 409
    assert error_of(conflict)["code"] == "conflict"
    assert api.delete("/api/deals/d-api").status_code == 204
    assert api.get("/api/deals/d-api").status_code == 404
    assert api.delete("/api/contacts/c-api").status_code == 204
    assert api.delete("/api/accounts/a-api").status_code == 204


def test_pagination(api_as: Api) -> None:
    api = api_as("manager")
    first = api.get("/api/interactions", params={"limit": 5}).json()
    second = api.get("/api/interactions", params={"limit": 5, "offset": 5}).json()
    assert first["limit"] == 5
    assert second["offset"] == 5
    assert first["total"] == second["total"] >= 192
    assert len(first["items"]) == len(second["items"]) == 5
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})
    only = api.get("/api/commitments", params={"deal": "d1", "limit": 500}).json()
    assert only["total"] > 0
    assert {c["deal"] for c in only["items"]} == {"d1"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/deals", {**DEAL, "amount": "48k"}, "amount"),
        ("/api/deals", {**DEAL, "currency": "euro"}, "currency"),
        ("/api/contacts", {**CONTACT, "working_hours": "17:00-08:00"}, "working_hours"),
        (
            "/api/interactions",
            {
                "id": "i-x",
                "deal": "d1",
                "direction": "sideways",
                "at": "2026-11-20T10:00:00+01:00",
                "text": "Hallo",
            },
            "direction",
        ),
        (
            "/api/interactions",
            {
                "id": "i-x",
                "deal": "d1",
                "direction": "inbound",
                "at": "2026-11-20T10:00:00",
                "text": "Hallo",
            },
            "at",
        ),
        ("/api/accounts", {"name": "Zonder id"}, "id"),
    ],
)
def test_validation_errors_name_the_field(
    api_as: Api, path: str, body: dict[str, Any], field: str
) -> None:
    response = api_as("manager").post(path, json=body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "bad_input"
    assert error["field"] == field
    assert field in error["message"]


def test_duplicate_id_is_a_conflict(api_as: Api) -> None:
    response = api_as("manager").post("/api/accounts", json={"id": "a1", "name": "Dubbel"})
    assert response.status_code == 409
    assert "already exists" in error_of(response)["message"]


def test_unknown_reference_is_bad_input(api_as: Api) -> None:
    body = {"id": "k-x", "deal": "no-such-deal", "text": "offerte sturen"}
    response = api_as("manager").post("/api/commitments", json=body)
    assert response.status_code == 422
    assert "no-such-deal" in error_of(response)["message"]


def test_unknown_route_uses_the_error_shape(api_as: Api) -> None:
    response = api_as("manager").get("/api/nothing-here")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_rep_writes_only_to_own_deals(api_as: Api) -> None:
    api = api_as("tom")
    foreign = {
        "id": "i-tom-x",
        "deal": "d2",
        "direction": "note",
        "channel": "call",
        "at": "2026-11-25T10:00:00+01:00",
        "text": "Gebeld met de inkoper.",
    }
    response = api.post("/api/interactions", json=foreign)
    assert response.status_code == 422
    assert error_of(response)["field"] == "deal"
    mine = api.post("/api/deals", json={**DEAL, "id": "d-tom", "account": "a1", "contacts": []})
    assert mine.status_code == 201
    assert mine.json()["owner"] == "tom"
    theirs = api.post(
        "/api/deals",
        json={**DEAL, "id": "d-tom2", "account": "a1", "contacts": [], "owner": "sanne"},
    )
    assert theirs.status_code == 403
    assert api.delete("/api/deals/d-tom").status_code == 204
    assert api_as("tom").delete("/api/accounts/a1").status_code == 403


def test_diagnosis_is_the_engines(api_as: Api, app: FastAPI) -> None:
    as_of = "2026-11-20T09:00:00+01:00"
    response = api_as("manager").get(
        "/api/deals/d1/diagnosis", params={"as_of": as_of, "lang": "en"}
    )
    assert response.status_code == 200
    with session_scope(app.state.engine) as session:
        bundle = load_bundle(session, deal_ids=["d1"])
    from datetime import datetime

    [expected] = analyze(bundle, as_of=datetime.fromisoformat(as_of), deal_ids=["d1"], lang="en")
    assert response.json() == json.loads(json.dumps(expected.to_json()))
    assert set(response.json()["patterns"]) == {
        "audition",
        "price_focus",
        "approval_risk",
        "incumbent",
        "stall",
    }


def test_answer_updates_the_incumbent_relationship(api_as: Api) -> None:
    """R-B4: a low rating of the current supplier means a weak relationship."""
    api = api_as("tom")
    before = api.get("/api/deals/d4/diagnosis").json()["patterns"]["incumbent"]
    assert before["relationship"] == "unknown"
    answer = {"deal": "d4", "question": "relationship_rating", "value": 3, "at": NOW.isoformat()}
    created = api.post("/api/answers", json=answer)
    assert created.status_code == 201
    answer_id = created.json()["id"]
    after = api.get("/api/deals/d4/diagnosis").json()["patterns"]["incumbent"]
    assert after["relationship"] == "weak"
    assert api.get(f"/api/answers/{answer_id}").json()["value"] == 3
    assert api.delete(f"/api/answers/{answer_id}").status_code == 204
    again = api.get("/api/deals/d4/diagnosis").json()["patterns"]["incumbent"]
    assert again["relationship"] == "unknown"


def test_coach_reviews_a_dutch_draft_with_deal_context(api_as: Api) -> None:
    draft = (
        "Beste Lotte, wij zijn marktleider in verpakkingen. Wat betaalt u nu per stuk? "
        "Ik stuur u binnenkort een voorstel."
    )
    response = api_as("tom").post("/api/coach", json={"text": draft, "deal": "d10"})
    assert response.status_code == 200
    review = response.json()
    assert review["lang"] == "nl"
    ids = {f["id"] for f in review["findings"]}
    assert {"current_price_question", "vague_claim"} <= ids
    assert 0 <= review["score"] < 100


def test_coach_refuses_another_reps_deal(api_as: Api) -> None:
    response = api_as("tom").post("/api/coach", json={"text": "Hello", "deal": "d2"})
    assert response.status_code == 404


def test_import_reports_rejects_with_lines(api_as: Api) -> None:
    bad = b'{"format": "buyerlens/v1",\n "accounts": [{"id": "a-imp", "name": ""}]}'
    response = api_as("manager").post(
        "/api/import", files={"files": ("kapot.json", bad)}, data={"format": "bundle"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == "accounts[0].name"
    good = b'{"format": "buyerlens/v1", "accounts": [{"id": "a-imp", "name": "Import BV"}]}'
    response = api_as("manager").post("/api/import", files={"files": ("goed.json", good)})
    assert response.status_code == 200
    assert response.json()["created"]["accounts"] == 1
    assert response.json()["rejected"] == []
    again = api_as("manager").post("/api/import", files={"files": ("goed.json", good)})
    assert again.json()["unchanged"]["accounts"] == 1


def test_openapi_documents_the_api(anonymous: TestClient) -> None:
    spec = anonymous.get("/api/openapi.json").json()
    paths = spec["paths"]
    for kind in ("accounts", "contacts", "deals", "interactions", "commitments", "answers"):
        assert set(paths[f"/api/{kind}"]) == {"get", "post"}
        item = next(p for p in paths if p.startswith(f"/api/{kind}/{{"))
        assert set(paths[item]) == {"get", "put", "delete"}
    for path in (
        "/api/deals/{deal_id}/diagnosis",
        "/api/deals/{deal_id}/brief",
        "/api/coach",
        "/api/import",
    ):
        assert path in paths
    assert not any(p == "/" or p.startswith("/deals") for p in paths)  # pages stay out


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [
        ("md", "text/markdown", b"# "),
        ("html", "text/html", b"<!"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_brief_in_every_format(api_as: Api, fmt: str, media: str, start: bytes) -> None:
    response = api_as("tom").get("/api/deals/d1/brief", params={"format": fmt, "lang": "nl"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.content.lstrip()[: len(start)].upper() == start.upper()


def test_naive_as_of_is_refused(api_as: Api) -> None:
    response = api_as("tom").get("/api/deals/d1/diagnosis", params={"as_of": "2026-11-20T09:00:00"})
    assert response.status_code == 422
    assert error_of(response)["field"] == "as_of"

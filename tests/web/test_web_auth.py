"""Users, sessions, CSRF, tokens and roles (issue 7, point 3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import NOW, PASSWORD, SECRET, csrf_of, login, token_for

from buyerlens.store import session_scope
from buyerlens.store.users import ApiTokenRow, UserRow, hash_secret
from buyerlens.web import create_app


@pytest.mark.parametrize("path", ["/", "/deals/d1", "/coach", "/import", "/deals/d1/log"])
def test_pages_redirect_to_login_without_a_session(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


@pytest.mark.parametrize(
    "path", ["/api/deals", "/api/accounts", "/api/deals/d1/diagnosis", "/api/answers"]
)
def test_api_needs_a_token(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path)
    assert response.status_code == 401
    body = response.json()
    assert body["error"]["code"] == "auth_required"
    assert "Bearer" in body["error"]["message"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_bad_token_is_refused(anonymous: TestClient) -> None:
    response = anonymous.get("/api/deals", headers={"Authorization": "Bearer bl_nope"})
    assert response.status_code == 401


def test_wrong_password_shows_the_form_again(anonymous: TestClient) -> None:
    form = anonymous.get("/login")
    response = anonymous.post(
        "/login",
        data={"username": "tom", "password": "wrong password", "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text
    assert "bl_session" not in response.cookies


def test_login_without_csrf_is_refused(anonymous: TestClient) -> None:
    anonymous.get("/login")
    response = anonymous.post("/login", data={"username": "tom", "password": PASSWORD})
    assert response.status_code == 403


def test_session_cookie_flags(anonymous: TestClient) -> None:
    form = anonymous.get("/login")
    response = anonymous.post(
        "/login",
        data={"username": "tom", "password": PASSWORD, "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "bl_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie


@pytest.mark.parametrize("https_only", [True, False])
def test_cookie_is_secure_over_https(demo_url: str, https_only: bool) -> None:
    app = create_app(database_url=demo_url, secret=SECRET, https_only=https_only, clock=lambda: NOW)
    with TestClient(app, base_url="https://testserver") as client:
        form = client.get("/login")
        response = client.post(
            "/login",
            data={"username": "tom", "password": PASSWORD, "csrf": csrf_of(form.text)},
            follow_redirects=False,
        )
    assert "Secure" in response.headers["set-cookie"]


def test_short_secret_is_refused(demo_url: str) -> None:
    from buyerlens.model import ConfigError

    with pytest.raises(ConfigError, match="at least 32 characters"):
        create_app(database_url=demo_url, secret="short")


def test_forms_without_csrf_are_refused(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("tom")
    response = client.post("/deals/d1/questions/relationship_rating/asked", data={})
    assert response.status_code == 403
    response = client.post("/deals/d1/questions/relationship_rating/asked", data={"csrf": "forged"})
    assert response.status_code == 403


def test_browser_api_writes_need_the_csrf_header(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("tom")
    body = {"text": "Beste Eva, kunnen we dinsdag bellen?"}
    assert client.post("/api/coach", json=body).status_code == 403
    page = client.get("/coach")
    response = client.post("/api/coach", json=body, headers={"X-CSRF-Token": csrf_of(page.text)})
    assert response.status_code == 200


def test_logout_ends_the_session(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("sanne")
    page = client.get("/")
    assert page.status_code == 200
    cookie = client.cookies.get("bl_session")
    response = client.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.set("bl_session", cookie or "")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_passwords_and_tokens_are_hashed_at_rest(app: FastAPI) -> None:
    token = token_for(app, "tom")
    with session_scope(app.state.engine) as session:
        stored = list(session.scalars(select(ApiTokenRow.token_hash)))
        hashes = list(session.scalars(select(UserRow.password_hash)))
    assert token not in stored
    assert hash_secret(token) in stored
    assert all(h.startswith("$argon2") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_rep_sees_only_own_deals(client_as: Callable[[str], TestClient]) -> None:
    page = client_as("tom").get("/")
    assert page.status_code == 200
    assert 'data-deal="d1"' in page.text  # tom's
    assert 'data-deal="d2"' not in page.text  # sanne's


def test_manager_sees_every_deal(client_as: Callable[[str], TestClient]) -> None:
    page = client_as("manager").get("/")
    for deal in ("d1", "d2", "d11", "d12"):
        assert f'data-deal="{deal}"' in page.text


@pytest.mark.parametrize(
    "path", ["/deals/d2", "/deals/d2/log", "/deals/d2/brief.pdf", "/deals/d2/slots/1.ics"]
)
def test_rep_gets_404_for_another_reps_deal_page(
    client_as: Callable[[str], TestClient], path: str
) -> None:
    assert client_as("tom").get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/deals/d2",
        "/api/deals/d2/diagnosis",
        "/api/deals/d2/brief",
        "/api/deals/nope",
        "/api/interactions/i201",  # sanne's deal d2
        "/api/commitments/k201",
    ],
)
def test_rep_gets_404_for_another_reps_deal_in_the_api(
    api_as: Callable[[str], TestClient], path: str
) -> None:
    response = api_as("tom").get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_rep_lists_only_own_records(api_as: Callable[[str], TestClient]) -> None:
    deals = api_as("tom").get("/api/deals", params={"limit": 500}).json()
    assert {d["owner"] for d in deals["items"]} == {"tom"}
    interactions = api_as("tom").get("/api/interactions", params={"limit": 500}).json()
    own = {d["id"] for d in deals["items"]}
    assert interactions["total"] > 0
    assert {i["deal"] for i in interactions["items"]} <= own


def test_only_admins_manage_users(client_as: Callable[[str], TestClient]) -> None:
    assert client_as("manager").get("/users").status_code == 403
    admin = client_as("admin")
    page = admin.get("/users")
    assert page.status_code == 200
    response = admin.post(
        "/users",
        data={
            "csrf": csrf_of(page.text),
            "name": "noor",
            "role": "rep",
            "password": "lang genoeg wachtwoord",
            "language": "nl",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    noor = login(TestClient(admin.app), "noor", "lang genoeg wachtwoord")
    assert "Pijplijn" in noor.get("/").text


def test_rep_may_not_import(api_as: Callable[[str], TestClient]) -> None:
    response = api_as("tom").post(
        "/api/import", files={"files": ("b.json", b'{"format": "buyerlens/v1"}')}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"

"""The pages, through the test client: pipeline, deal, logging, answers, promises, i18n."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import csrf_of, login

from buyerlens.web.i18n import LANGUAGES, labels

Client = Callable[[str], TestClient]
TEMPLATES = Path(str(resources.files("buyerlens.web").joinpath("templates")))


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-deal="([^"]+)"', html)


def test_pipeline_filters_and_sorts(client_as: Client) -> None:
    client = client_as("manager")
    everything = rows(client.get("/").text)
    assert len(everything) == 12
    sanne = rows(client.get("/", params={"owner": "sanne"}).text)
    assert set(sanne) == {"d2", "d6", "d7", "d8", "d11", "d12"}
    by_amount = client.get("/", params={"sort": "amount", "desc": "1"}).text
    amounts = [float(a.replace("\u202f", "")) for a in re.findall(r"€([\d\u202f]+)", by_amount)]
    assert amounts == sorted(amounts, reverse=True)
    incumbents = rows(client.get("/", params={"pattern": "incumbent"}).text)
    assert incumbents
    assert set(incumbents) < set(everything)
    overdue = client.get("/", params={"pattern": "overdue"}).text
    assert rows(overdue)
    assert all("overdue" in row for row in overdue.split("<tr")[2:])


def test_pipeline_shows_days_since_the_buyers_last_word(client_as: Client) -> None:
    html = client_as("tom").get("/").text
    row = html.split('data-deal="d1"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert cells[1].strip().isdigit()


def test_deal_page_has_every_panel(client_as: Client) -> None:
    html = client_as("tom").get("/deals/d1").text
    for anchor in (
        "patterns",
        "actions",
        "questions",
        "buyers",
        "approval",
        "price",
        "incumbent",
        "promises",
        "slots",
        "messages",
    ):
        assert f'id="{anchor}"' in html, anchor
    for key in ("audition", "price_focus", "approval_risk", "incumbent", "stall"):
        assert f'id="pattern-{key}"' in html
    assert '<mark class="sig-' in html  # evidence highlighted inside the messages
    assert 'href="#msg-' in html  # evidence links to its message


def test_logging_shows_signals_before_saving(client_as: Client) -> None:
    client = client_as("tom")
    form = client.get("/deals/d9/log").text
    at = re.search(r'name="at" value="([^"]+)"', form)
    assert at
    data = {
        "csrf": csrf_of(form),
        "direction": "inbound",
        "channel": "email",
        "contact": "",
        "at": at.group(1),
        "subject": "",
        "action": "preview",
        "text": "Your price is too high; our budget is 0.80 per piece.",
    }
    before = client.get(
        "/api/interactions",
        params={"deal": "d9", "limit": 1},
        headers={"X-CSRF-Token": csrf_of(form)},
    ).json()["total"]
    preview = client.post("/deals/d9/log", data=data)
    assert preview.status_code == 200
    assert 'data-kind="price_focus"' in preview.text
    assert 'data-kind="price_anchor"' in preview.text
    after_preview = client.get("/api/interactions", params={"deal": "d9", "limit": 1}).json()
    assert after_preview["total"] == before
    saved = client.post("/deals/d9/log", data={**data, "action": "save"}, follow_redirects=False)
    assert saved.status_code == 303
    after = client.get("/api/interactions", params={"deal": "d9", "limit": 1}).json()["total"]
    assert after == before + 1


def test_log_preview_of_a_call_note_shows_the_sellers_promise_as_the_sellers(
    client_as: Client,
) -> None:
    """R-B1, R-P1: "Ruud stuurt ... uiterlijk vrijdag" in a note is the seller's promise,
    highlighted as a commitment, not as the buyer's time pressure."""
    client = client_as("tom")
    form = client.get("/deals/d9/log").text
    at = re.search(r'name="at" value="([^"]+)"', form)
    assert at
    promise = "Ruud stuurt het FAI-rapport uiterlijk vrijdag 4/12."
    data = {
        "csrf": csrf_of(form),
        "direction": "note",
        "channel": "call",
        "contact": "",
        "at": at.group(1),
        "subject": "",
        "action": "preview",
        "text": f"Wim gebeld, 10 min.\n- Wim wil eerst het rapport zien.\n- {promise}",
    }
    preview = client.post("/deals/d9/log", data=data)
    assert preview.status_code == 200
    assert 'data-kind="commitment"' in preview.text
    highlighted = re.findall(r'data-kind="(\w+)"[^>]*>([^<]*)<', preview.text)
    assert ("commitment", promise) in highlighted
    assert not [kind for kind, words in highlighted if words in promise and kind != "commitment"]


def test_bad_log_input_names_the_problem(client_as: Client) -> None:
    client = client_as("tom")
    form = client.get("/deals/d9/log").text
    data = {
        "csrf": csrf_of(form),
        "direction": "note",
        "channel": "call",
        "at": "gisteren",
        "text": "Gebeld.",
        "action": "save",
    }
    response = client.post("/deals/d9/log", data=data)
    assert response.status_code == 422
    assert "2026-11-26T14:30" in response.text


def test_rating_answer_updates_the_diagnosis(client_as: Client) -> None:
    """R-B4: the buyer rates the current supplier 9 of 10: a strong relationship."""
    client = client_as("tom")
    page = client.get("/deals/d9")
    assert re.search(r'class="relationship">unknown<', page.text)
    response = client.post(
        "/deals/d9/answers",
        data={"csrf": csrf_of(page.text), "question": "relationship_rating", "value": "9"},
    )
    assert response.status_code == 200  # followed the redirect back to the deal
    assert re.search(r'class="relationship">strong<', response.text)
    assert "Answer saved" in response.text


def test_mark_question_asked_and_promise_done(client_as: Client) -> None:
    client = client_as("tom")
    page = client.get("/deals/d1").text
    assert '<li data-question="relationship_strengths" class="open">' in page
    marked = client.post(
        "/deals/d1/questions/relationship_strengths/asked", data={"csrf": csrf_of(page)}
    )
    assert '<li data-question="relationship_strengths" class="asked">' in marked.text
    assert "marked by tom" in marked.text
    overdue = re.search(r'<li data-promise="([^"]+)" class="st-overdue">', marked.text)
    assert overdue, "the demo deal d1 has an overdue promise"
    done = client.post(
        f"/deals/d1/commitments/{overdue.group(1)}/done", data={"csrf": csrf_of(marked.text)}
    )
    assert f'<li data-promise="{overdue.group(1)}" class="st-late">' in done.text


def test_slot_invitation_is_an_ics_file(client_as: Client) -> None:
    response = client_as("tom").get("/deals/d1/slots/1.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_dutch_user_sees_dutch(client_as: Client) -> None:
    client = client_as("sanne")
    page = client.get("/")
    switched = client.post(
        "/settings/language", data={"csrf": csrf_of(page.text), "language": "nl", "next": "/"}
    )
    assert "Pijplijn" in switched.text
    assert "Dagen sinds laatste woord koper" in switched.text
    deal = client.get("/deals/d12").text
    assert "Vragen om te stellen" in deal
    assert "Questions to ask" not in deal
    client.post("/settings/language", data={"csrf": csrf_of(deal), "language": "en"})


def test_every_label_has_both_languages() -> None:
    for key, entry in labels().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key


def template_keys() -> set[str]:
    keys: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text()))
    return keys


def test_templates_use_only_known_labels() -> None:
    missing = template_keys() - set(labels())
    assert not missing


@pytest.mark.parametrize("prefix", ["pattern_", "level_", "rel_", "badge_", "promise_", "dir_"])
def test_labels_cover_every_value_of_a_vocabulary(prefix: str) -> None:
    values = {
        "pattern_": ["audition", "price_focus", "approval_risk", "incumbent", "stall", "overdue"],
        "level_": ["high", "medium", "low", "unknown"],
        "rel_": ["weak", "strong", "unknown"],
        "badge_": ["audition", "price_focus", "approval_risk", "incumbent", "stall", "overdue"],
        "promise_": ["kept_on_time", "late", "overdue", "open", "unconfirmed", "done"],
        "dir_": ["inbound", "outbound", "note"],
    }[prefix]
    assert {prefix + v for v in values} <= set(labels())


def test_a_write_is_committed_before_its_response_leaves(app: Any, demo_url: str) -> None:
    """The request's transaction ends before the response is sent: the page a redirect
    leads to must see the write (the browser's next request can come at once). An ASGI
    wrapper reads the database, on its own connection, at the moment the response to the
    language switch starts."""
    from buyerlens.store import connect, session_scope
    from buyerlens.store.users import get_user

    seen: list[str] = []

    async def wrapper(scope: Any, receive: Any, send: Any) -> None:
        async def watch(message: Any) -> None:
            if (
                message["type"] == "http.response.start"
                and scope.get("path") == "/settings/language"
            ):
                engine = connect(demo_url)
                with session_scope(engine) as session:
                    seen.append(get_user(session, "sanne").language.value)
                engine.dispose()
            await send(message)

        await app(scope, receive, watch)

    with TestClient(wrapper) as client:
        login(client, "sanne")
        page = client.get("/")
        client.post(
            "/settings/language",
            data={"csrf": csrf_of(page.text), "language": "nl", "next": "/"},
            follow_redirects=False,
        )
        back = client.get("/")
        client.post("/settings/language", data={"csrf": csrf_of(back.text), "language": "en"})
    assert seen[:1] == ["nl"]

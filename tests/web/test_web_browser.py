"""The web app in a real browser: Playwright driving Debian's Chromium, headless, against
a real Uvicorn server on a free port (issue 7, point 5).

Screenshots of the main pages go to ``test-artifacts/screenshots/`` at the repository
root. Needs ``/usr/bin/chromium`` (Debian package ``chromium``); skipped without it.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from web_helpers import NOW, PASSWORD, SECRET, demo_database

from buyerlens.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Uvicorn serving the demo on 127.0.0.1:<free port> in a background thread."""
    url = demo_database(tmp_path_factory.mktemp("browser"))
    app = create_app(database_url=url, secret=SECRET, clock=lambda: NOW)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("BUYERLENS_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and BUYERLENS_REQUIRE_BROWSER is set")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(45_000)  # generous: CI machines may be busy
    yield tab
    context.close()


def shot(page: Any, name: str, *, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def log_in(page: Any, name: str) -> None:
    page.goto("/")
    assert "/login" in page.url
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_load_state("load")


def pattern_state(page: Any, key: str) -> tuple[str, str, int]:
    card = page.locator(f"#pattern-{key}")
    level = card.get_attribute("data-level") or ""
    score = card.locator(".score").inner_text()
    return level, score, card.locator("ul.evidence li").count()


NOTE = (
    "Belnotitie met Lotte: de prijs is haar te hoog. Ze wil 10% korting, anders gaat het "
    "niet door; haar budget is 0,24 per stuk. Ze vraagt of we nog iets aan de prijs kunnen doen."
)


def test_a_rep_works_a_deal_in_the_browser(page: Any) -> None:
    log_in(page, "tom")
    assert page.locator("table.pipeline tbody tr").count() == 6  # tom owns six deals
    assert page.locator("span.user").inner_text().startswith("tom")
    shot(page, "01-pipeline")

    page.click("tr[data-deal=d10] a.deal-link")
    page.wait_for_url(re.compile(r"/deals/d10$"))
    before = pattern_state(page, "price_focus")
    assert page.locator("article.message").count() > 0
    shot(page, "02-deal")

    # Log a call note: signals first, then save; the price pattern changes. # R-B2
    page.click("text=Log an interaction")
    page.select_option("select[name=direction]", "note")
    page.fill("textarea[name=text]", NOTE)
    page.click("#preview")
    page.wait_for_selector("#signals-preview mark")  # the preview is fetched, not instant
    kinds = page.locator("#signals-preview mark").evaluate_all(
        "els => els.map(e => e.dataset.kind)"
    )
    assert "price_focus" in kinds
    shot(page, "03-log-preview")
    page.click("#save")
    page.wait_for_url(re.compile(r"/deals/d10\?flash=logged"))
    after = pattern_state(page, "price_focus")
    assert after != before
    assert after[2] > before[2]  # more evidence
    assert page.locator("article.message mark[data-kind=price_focus]").count() > 0

    # Mark a question asked. # R-B3
    question = page.locator("li[data-question=price_at_what]")
    assert question.get_attribute("class") == "open"
    question.locator("button.mark-asked").click()
    page.wait_for_url(re.compile(r"flash=asked"))
    assert page.locator("li[data-question=price_at_what]").get_attribute("class") == ("asked")

    # Download the PDF brief.
    with page.expect_download() as download_info:
        page.click("#brief-pdf")
    path = download_info.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")

    # The coach: findings appear as you type (debounced fetch of /api/coach). # R-P1
    page.goto("/coach")
    page.select_option("select[name=deal]", "d10")
    page.locator("#draft").press_sequentially(
        "Beste Lotte, wij zijn marktleider en de beste leverancier van Nederland. "
        "Wat betaalt u nu per stuk? Ik stuur de offerte binnenkort.",
        delay=2,
    )
    # Findings arrive while typing; wait for the ones the whole draft must give.
    page.wait_for_selector("#coach-list li[data-finding=current_price_question]")
    page.wait_for_selector("#coach-list li[data-finding=vague_claim]")
    findings = page.locator("#coach-list li").evaluate_all("els => els.map(e => e.dataset.finding)")
    assert "current_price_question" in findings
    assert "vague_claim" in findings
    shot(page, "04-coach")

    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/deals/d10")
    assert "/login" in page.url


def test_a_rep_cannot_open_another_reps_deal(page: Any) -> None:
    log_in(page, "tom")
    response = page.goto("/deals/d2")  # sanne's deal
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "404"
    assert "Transportdozen" not in page.content()


def test_a_manager_filters_the_pipeline_and_imports(page: Any, tmp_path: Path) -> None:
    log_in(page, "manager")
    assert page.locator("table.pipeline tbody tr").count() == 12
    page.select_option("select[name=pattern]", "incumbent")
    page.select_option("select[name=owner]", "sanne")
    page.click("#filters button")
    page.wait_for_url(re.compile(r"pattern=incumbent"))
    rows = page.locator("table.pipeline tbody tr")
    assert rows.count() >= 1
    for deal in rows.evaluate_all("els => els.map(e => e.dataset.deal)"):
        assert deal in {"d2", "d6", "d7", "d8", "d11", "d12"}
    shot(page, "05-pipeline-filtered")

    companies = tmp_path / "companies.csv"
    companies.write_text(
        '"Record ID","Company name","Industry","Country/Region","Time Zone"\n'
        '"5101","Zuivelhoeve Zuid B.V.","Dairy","Netherlands","Europe/Amsterdam"\n',
        encoding="utf-8",
    )
    deals = tmp_path / "deals.csv"
    deals.write_text(
        '"Record ID","Deal Name","Deal Stage","Amount","Close Date","Create Date",'
        '"Deal owner","Associated Company IDs"\n'
        '"9201","Kratten 2027","Contract Sent","48,000.00","12/15/2026","09/01/2026 09:00",'
        '"tom","5101"\n'
        '"9202","Trays zuid","Appointment Scheduled","veel geld","12/15/2026",'
        '"09/01/2026 09:00","tom","5101"\n',
        encoding="utf-8",
    )
    page.goto("/import")
    page.set_input_files("input[name=files]", [str(companies), str(deals)])
    page.select_option("select[name=format]", "hubspot")
    page.click("#import-form button")
    page.wait_for_selector("#import-report")
    assert "accounts" in page.locator("#import-report").inner_text()
    rejected = page.locator("#rejected tbody tr")
    assert rejected.count() == 1
    cells = rejected.first.locator("td").all_inner_texts()
    assert cells[:3] == ["deals.csv", "3", "Amount"]
    shot(page, "06-import")


def _switch_language(page: Any, lang: str) -> None:
    """Choose the interface language with the header button (it offers the other one).

    The page must have finished loading before the click, and the click's form post and
    redirect are awaited: on a busy machine a click on a page still loading was lost, and
    the test then waited for a language that never came."""
    page.wait_for_load_state("load")
    button = page.locator("header .who form button[name=language]")
    if button.get_attribute("value") == lang:
        with page.expect_navigation():
            button.click()
        page.wait_for_load_state("load")
    page.wait_for_selector(f"html[lang={lang}]", state="attached")


def test_dutch_interface(page: Any) -> None:
    log_in(page, "sanne")
    _switch_language(page, "nl")
    page.wait_for_selector("text=Pijplijn")
    page.click("tr[data-deal=d12] a.deal-link")
    page.wait_for_url(re.compile(r"/deals/d12$"))
    assert page.locator("#pattern-incumbent h3").inner_text().startswith("Huidige leverancier")
    shot(page, "07-deal-nl")
    _switch_language(page, "en")  # back to English

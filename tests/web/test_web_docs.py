"""docs/web.md cannot drift: every API path, page and web command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from buyerlens.cli import build_app

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_every_api_path_is_documented(app: FastAPI) -> None:
    text = DOC.read_text(encoding="utf-8")
    with TestClient(app) as client:
        paths = client.get("/api/openapi.json").json()["paths"]
    for path in paths:
        generic = re.sub(
            r"^/api/(accounts|contacts|deals|interactions|commitments|answers)"
            r"/\{record_id\}$",
            "/api/{kind}/{id}",
            path,
        )
        generic = generic.replace("{deal_id}", "{id}")
        assert f"`{generic}`" in text or f"`{generic}" in text, path


def test_every_page_is_documented(app: FastAPI) -> None:
    text = DOC.read_text(encoding="utf-8")
    pages = {
        str(getattr(r, "path", ""))
        for r in app.routes
        if getattr(r, "include_in_schema", True) is False
    }
    for path in pages:
        if path.startswith(("/login", "/logout", "/settings", "/users/", "/static")):
            continue
        if "/questions/" in path or "/commitments/" in path or "/answers" in path:
            continue  # actions of the deal page, described there
        documented = path.replace("{deal_id}", "{id}").replace("/slots/{pick}.ics", "")
        assert documented in text, path


def test_every_web_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    runner = CliRunner()
    for command in ("serve", "user add", "user token", "user list"):
        result = runner.invoke(build_app(), [*command.split(), "--help"])
        assert result.exit_code == 0, result.output
        assert f"buyerlens {command}" in text, command
    serve_help = runner.invoke(build_app(), ["serve", "--help"]).output
    for option in re.findall(r"--[a-z][a-z-]+", serve_help):
        if option != "--help":
            assert option in text, option

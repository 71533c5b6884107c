"""Docs that cannot drift: every command of the CLI is in the README's command table."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_group

from buyerlens.cli import build_app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(app: typer.Typer) -> list[str]:
    group = get_group(app)
    names: list[str] = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            names += [f"{name} {child}" for child in sub]
        else:
            names.append(name)
    return sorted(names)


def test_every_command_is_in_the_readme() -> None:
    missing = [n for n in _commands(build_app()) if f"buyerlens {n}" not in README]
    assert missing == []


def test_the_commands_are_found() -> None:
    names = _commands(build_app())
    assert {"import", "analyze", "eval signals", "user add"} <= set(names)

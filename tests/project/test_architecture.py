"""The one-way arrows of architecture.md, checked on the source: a package imports only
the packages its row allows, and the pure core reads no clock and opens no connection."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "buyerlens"

CORE = {"model", "signals", "diagnose", "playbook", "coach", "schedule", "learn", "engine"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "signals": {"model"},
    "diagnose": {"model", "signals", "schedule"},
    "playbook": {"model", "diagnose", "signals", "schedule"},
    "coach": {"model", "signals", "schedule", "engine", "diagnose", "playbook"},
    "schedule": {"model"},
    "learn": {"model", "diagnose"},
    "engine": CORE - {"engine", "coach", "learn"},
    "store": {"model"},
    "ingest": {"model", "signals"},
    "report": {"model", "engine", "diagnose", "playbook", "schedule", "signals"},
    "batch": {"model", "engine", "signals"},
    "data": set(),
}
SHELLS = {"store", "ingest", "report", "batch", "web", "cli", "importing"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "buyerlens" and len(parts) > 1:
                found.add(parts[1])
    return found


def _packages() -> list[str]:
    return sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _present(names: set[str]) -> list[str]:
    return sorted(n for n in names if (SRC / n).is_dir())


@pytest.mark.parametrize("package", _present(set(ALLOWED)))
def test_package_imports_only_what_its_row_allows(package: str) -> None:
    root = SRC / package
    bad: list[str] = []
    for path in sorted(root.rglob("*.py")):
        for used in _imports(path) - ALLOWED[package] - {package}:
            bad.append(f"{path.relative_to(SRC)} imports buyerlens.{used}")
    assert bad == []


def test_every_package_has_a_row() -> None:
    assert set(_packages()) - set(ALLOWED) - SHELLS == set()


@pytest.mark.parametrize("package", _present(CORE))
def test_core_reads_no_clock(package: str) -> None:
    root = SRC / package
    offenders = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow("):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []

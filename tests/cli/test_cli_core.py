"""The foundation commands, run as a user runs them: real files, a real SQLite database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from buyerlens.model import parse_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(
    *args: str, db: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "buyerlens", *args]
    if db is not None:
        cmd += ["--db", f"sqlite:///{db}"]
    return subprocess.run(
        cmd, capture_output=True, text=True, input=stdin, timeout=120, check=False
    )


def test_version() -> None:
    result = run("version")
    assert result.returncode == 0
    assert result.stdout.startswith("buyerlens 0.")


def test_help_lists_the_foundation_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("version", "init", "validate", "import", "export", "demo", "schema"):
        assert command in result.stdout


def test_unknown_option_is_a_usage_error() -> None:
    assert run("validate", "--nope").returncode == 2


def test_validate_good_bundle() -> None:
    result = run("validate", str(FIXTURES / "small_bundle.json"))
    assert result.returncode == 0, result.stderr
    assert "valid buyerlens/v1 bundle with 2 accounts" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("{oops", "not valid JSON at line 1"),
        (
            '{"format": "buyerlens/v1", "deals": [{"id": "d1", "account": "a1", "title": "x",'
            ' "amount": "48k"}]}',
            'deals[0].amount: must be a number, got "48k"',
        ),
    ],
    ids=["empty", "not-json", "wrong-type"],
)
def test_validate_bad_bundle_exits_1(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert expected in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["$id"] == "buyerlens/v1"
    assert "Deal" in schema["$defs"]


def _table(db: Path) -> list[tuple[Any, ...]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows: list[tuple[Any, ...]] = []
        for (name,) in conn.execute(
            "select name from sqlite_master where type='table' order by name"
        ):
            found = conn.execute(f'select * from "{name}"').fetchall()
            rows += sorted(((name, *r) for r in found), key=repr)
        return rows


def test_import_twice_gives_an_identical_database(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    source = str(FIXTURES / "small_bundle.json")
    first = run("import", source, "--json", db=db)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"]["interactions"] == 4
    before = _table(db)
    second = run("import", source, "--json", db=db)
    report = json.loads(second.stdout)
    assert sum(report["created"].values()) == 0
    assert sum(report["updated"].values()) == 0
    assert _table(db) == before


def test_import_then_export_gives_the_same_bundle(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    source = FIXTURES / "small_bundle.json"
    assert run("import", str(source), db=db).returncode == 0
    exported = run("export", db=db)
    assert exported.returncode == 0, exported.stderr
    original = parse_bundle(source.read_bytes())
    # The whole bundle, in its canonical JSON form (defaults written out, nulls left out).
    assert json.loads(exported.stdout) == original.to_json_dict()
    assert parse_bundle(exported.stdout) == original


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    result = run("import", str(FIXTURES / "small_bundle.json"), "--dry-run", "--json", db=db)
    assert json.loads(result.stdout)["created"]["deals"] == 2
    assert json.loads(run("export", db=db).stdout)["deals"] == []


def test_import_of_broken_bundle_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    bad = tmp_path / "bad.json"
    data = json.loads((FIXTURES / "small_bundle.json").read_text("utf-8"))
    data["interactions"][2]["at"] = "2026-10-27T08:05:00"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(bad), db=db)
    assert result.returncode == 1
    assert "interactions[2].at: must carry a UTC offset" in result.stderr
    assert json.loads(run("export", db=db).stdout)["deals"] == []


def test_export_unknown_deal(tmp_path: Path) -> None:
    result = run("export", "--deal", "zz", db=tmp_path / "b.db")
    assert result.returncode == 1
    assert "no deal with id 'zz'" in result.stderr

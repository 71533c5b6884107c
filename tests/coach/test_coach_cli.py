"""``buyerlens coach`` and ``buyerlens eval coach`` as a user runs them."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from buyerlens.cli import main

DRAFT_NL = (
    "Beste Eva,\n\nWij zijn marktleider in omdozen. Wat betaalt u nu voor de omdozen? "
    "Kunnen we dinsdag om 10.00 uur bellen?\n\nMet vriendelijke groet,\nPiet\n"
)


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], *, stdin: str | None = None
) -> tuple[int, str, str]:
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stdin = old
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT_NL, encoding="utf-8")
    return path


@pytest.fixture
def bundle_file() -> Path:
    return Path(__file__).parent / "coach_bundle.json"


def test_json_output_is_the_contract(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["coach", str(draft), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["lang"] == "nl"
    assert [f["id"] for f in data["findings"]] == [
        "current_price_question",
        "no_reason_now",
        "vague_claim",
        "meeting_in_busy_hours",
    ]
    assert DRAFT_NL[data["findings"][2]["start"] : data["findings"][2]["end"]] == "marktleider"


def test_stdin_and_deal_context_from_a_bundle(
    bundle_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["coach", "-", "--bundle", str(bundle_file), "--deal", "d1", "--json"]
    code, out, _ = run(args, capsys, stdin=DRAFT_NL)
    assert code == 0
    findings = {f["id"]: f for f in json.loads(out)["findings"]}
    assert "omdozen € 48.000" in findings["current_price_question"]["suggestion"]
    assert "Europe/Amsterdam" in findings["meeting_in_busy_hours"]["suggestion"]


def test_first_contact_flag_adds_credibility(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["coach", str(draft), "--first-contact", "--json"], capsys)
    assert code == 0
    assert "no_credibility" in {f["id"] for f in json.loads(out)["findings"]}


def test_human_output_marks_the_draft(draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["coach", str(draft)], capsys)
    assert code == 0
    assert "/100" in out
    assert "marktleider[2]" in out
    assert "current_price_question" in out
    assert "Stel liever de hypothetische prijsvraag" in out


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["coach", "missing.txt"], 2, "no such file"),
        (["coach", "{draft}", "--lang", "de"], 2, "--lang must be nl, en or auto"),
        (["coach", "{draft}", "--bundle", "{bundle}", "--deal", "nope"], 1, "deal 'nope'"),
    ],
)
def test_errors_have_their_exit_code(
    args: list[str],
    code: int,
    fragment: str,
    draft: Path,
    bundle_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(draft=draft, bundle=bundle_file) for a in args]
    got, _, err = run(filled, capsys)
    assert got == code
    assert fragment in err


def test_empty_draft_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n", encoding="utf-8")
    code, _, err = run(["coach", str(path)], capsys)
    assert code == 1
    assert "empty" in err


def test_deal_from_the_store(
    tmp_path: Path, bundle_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    code, _, err = run(["import", str(bundle_file), "--db", db], capsys)
    assert code == 0, err
    args = ["coach", "-", "--deal", "d1", "--db", db, "--json"]
    code, out, err = run(args, capsys, stdin=DRAFT_NL)
    assert code == 0, err
    findings = {f["id"]: f for f in json.loads(out)["findings"]}
    assert "omdozen € 48.000" in findings["current_price_question"]["suggestion"]

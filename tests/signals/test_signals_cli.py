"""``buyerlens signals`` and ``buyerlens eval signals`` through the real app and real files."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from buyerlens.cli import build_app
from buyerlens.model.errors import BadInputError, UsageError

runner = CliRunner()


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(build_app(), args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_signals_json_lines_in_order(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(
        "\n".join(
            json.dumps(o, ensure_ascii=False)
            for o in [
                {"id": "a", "text": "De prijs is te hoog.", "role": "buyer"},
                {
                    "id": "b",
                    "text": "I'll send it by Friday.",
                    "role": "seller",
                    "at": "2026-09-02T10:00:00+02:00",
                },
                {"id": "c", "text": "Bedankt, goed ontvangen."},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run(["signals", str(f), "--role", "buyer"])
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["lang"] == "nl"
    assert rows[0]["signals"][0]["kind"] == "price_focus"
    assert rows[1]["signals"][0]["value"]["due"] == "2026-09-04T17:00:00+02:00"
    assert rows[2] == {"id": "c", "lang": "nl", "signals": []}


def test_bad_line_is_reported_skipped_and_exit_1(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(
        '{"id": "1", "text": "We hebben haast.", "role": "buyer"}\n'
        "{not json\n"
        '{"id": "3", "text": "No rush.", "role": "buyer"}\n'
        '{"id": "4", "text": "Hi", "role": "nobody"}\n',
        encoding="utf-8",
    )
    code, out, err = run(["signals", str(f)])
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "3"]
    assert f"{f}:2: not valid JSON" in err
    assert f"{f}:4:" in err


def test_stdin_and_lang_option() -> None:
    code, out, _ = run(
        ["signals", "-", "--role", "buyer", "--lang", "en"], '{"id": 1, "text": "Any discount?"}\n'
    )
    assert code == 0
    assert json.loads(out) == {
        "id": 1,
        "lang": "en",
        "signals": [
            {"kind": "price_focus", "start": 4, "end": 12, "text": "discount", "rule": "B2"}
        ],
    }


def test_the_deals_incumbent_and_colleagues_by_name(tmp_path: Path) -> None:
    # R-B4 and R-B3: the CRM's names come with the line; a malformed list is reported
    f = tmp_path / "in.jsonl"
    lines = [
        {
            "id": "n1",
            "role": "buyer",
            "text": "Sietse vraagt ernaar. Lemmens heeft weer te laat geleverd.",
            "incumbents": ["Kartonnage Lemmens"],
            "colleagues": {"Sietse Dijkstra": "operations"},
        },
        {"id": "n2", "role": "buyer", "text": "Lemmens belde.", "incumbents": "Lemmens"},
        {"id": "n3", "role": "buyer", "text": "Sietse belde.", "colleagues": ["Sietse"]},
    ]
    f.write_text("\n".join(json.dumps(o) for o in lines) + "\n", encoding="utf-8")
    code, out, err = run(["signals", str(f)])
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["n1"]
    named = [(s["kind"], s["text"], s.get("value"), s.get("polarity")) for s in rows[0]["signals"]]
    assert named == [
        ("stakeholder", "Sietse", {"role": "operations"}, None),
        ("incumbent", "Lemmens", None, "negative"),
    ]
    assert f'{f}:2: "incumbents" must be a list' in err
    assert f'{f}:3: "colleagues" must map' in err


def test_usage_and_input_errors_reach_the_cli_edge() -> None:
    result = runner.invoke(build_app(), ["signals", "-", "--role", "note"], input="")
    assert isinstance(result.exception, UsageError)
    assert "--role must be buyer or seller" in str(result.exception)
    missing = runner.invoke(build_app(), ["signals", "no-such-file.jsonl"])
    assert isinstance(missing.exception, BadInputError)
    assert "no-such-file.jsonl: no such file" in str(missing.exception)


def test_eval_signals_report(tmp_path: Path) -> None:
    f = tmp_path / "set.jsonl"
    f.write_text(
        '{"id": "1", "text": "Is er korting mogelijk?", "role": "buyer",'
        ' "kinds": ["price_focus"]}\n'
        '{"id": "2", "text": "Bedankt!", "role": "buyer", "kinds": ["stall"]}\n',
        encoding="utf-8",
    )
    code, out, err = run(["eval", "signals", str(f), "--json"])
    assert code == 0, err
    report = json.loads(out)
    assert report["kinds"]["price_focus"]["f1"] == 1.0
    assert report["kinds"]["stall"]["recall"] == 0.0
    assert report["micro"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "support": 2,
        "tp": 1,
        "fp": 0,
        "fn": 1,
    }
    code, text, _ = run(["eval", "signals", str(f), "--errors"])
    assert code == 0
    assert "micro" in text
    assert "2: fp=- fn=stall" in text


def test_eval_signals_reads_a_folder_of_writers_files(tmp_path: Path) -> None:
    """eval/signals/heldout_writers/ holds one file per writer: the report covers them all."""
    (tmp_path / "t1.jsonl").write_text(
        '{"id": "a", "text": "Is er korting mogelijk?", "role": "buyer",'
        ' "kinds": ["price_focus"]}\n',
        encoding="utf-8",
    )
    (tmp_path / "t2.jsonl").write_text(
        '{"id": "b", "text": "Is the price negotiable?", "role": "buyer", "kinds": ["stall"]}\n',
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a labelled file", encoding="utf-8")
    code, out, err = run(["eval", "signals", str(tmp_path), "--json"])
    assert code == 0, err
    report = json.loads(out)
    assert report["kinds"]["price_focus"]["tp"] == 1  # from t1.jsonl
    assert report["kinds"]["stall"]["fn"] == 1  # from t2.jsonl
    (tmp_path / "none").mkdir()
    missing = runner.invoke(build_app(), ["eval", "signals", str(tmp_path / "none")])
    assert isinstance(missing.exception, BadInputError)
    assert "no .jsonl file in this folder" in str(missing.exception)


def test_eval_signals_gives_the_extractor_the_deals_names(tmp_path: Path) -> None:
    # R-B4, R-B3: a labelled line may carry what the CRM knows of its deal; --no-names
    # scores the same lines without it, so the report shows what reading names adds
    f = tmp_path / "names.jsonl"
    lines = [
        {
            "id": "n1",
            "role": "buyer",
            "lang": "nl",
            "text": "Lemmens heeft vorige week weer te laat geleverd.",
            "kinds": ["incumbent"],
            "incumbents": ["Kartonnage Lemmens B.V."],
        },
        {
            "id": "n2",
            "role": "buyer",
            "lang": "en",
            "text": "Niamh wants to run the trial on line 3 before we decide.",
            "kinds": ["stakeholder"],
            "colleagues": {"Niamh Byrne": "production"},
        },
    ]
    f.write_text("\n".join(json.dumps(o) for o in lines) + "\n", encoding="utf-8")
    code, out, err = run(["eval", "signals", str(f), "--json"])
    assert code == 0, err
    with_names = json.loads(out)["kinds"]
    assert (with_names["incumbent"]["tp"], with_names["stakeholder"]["tp"]) == (1, 1)
    code, out, err = run(["eval", "signals", str(f), "--json", "--no-names"])
    assert code == 0, err
    without = json.loads(out)["kinds"]
    assert (without["incumbent"]["fn"], without["stakeholder"]["fn"]) == (1, 1)


def test_eval_signals_refuses_malformed_names_with_the_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(
        '{"id": "a", "text": "x", "role": "buyer", "kinds": [], "incumbents": "Lemmens"}\n'
        '{"id": "b", "text": "x", "role": "buyer", "kinds": [], "colleagues": ["Sietse"]}\n',
        encoding="utf-8",
    )
    result = runner.invoke(build_app(), ["eval", "signals", str(f)])
    assert isinstance(result.exception, BadInputError)
    found = [(i.line, i.message) for i in result.exception.issues]
    assert [line for line, _ in found] == [1, 2]
    assert '"incumbents" must be a list' in found[0][1]
    assert '"colleagues" must map' in found[1][1]


def test_signals_answers_each_standard_input_line_before_the_next_arrives() -> None:
    """A program that feeds messages one by one through a pipe gets each answer at once
    (a file's output is written in blocks; a pipe's must not wait for the next line)."""
    with subprocess.Popen(
        [sys.executable, "-m", "buyerlens", "signals", "-", "--role", "buyer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        # Python's own output buffer, as on a machine without PYTHONUNBUFFERED set
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    ) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        for i, text in enumerate(["De prijs is te hoog voor ons.", "Who else signs this off?"]):
            proc.stdin.write((json.dumps({"id": str(i), "text": text}) + "\n").encode())
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 120)
            assert ready, f"no answer to line {i + 1} while the input stays open"
            answer = json.loads(proc.stdout.readline())
            assert answer["id"] == str(i)
            assert answer["signals"]
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0

"""``buyerlens signals`` and ``buyerlens eval signals``.

``eval_app`` is the ``eval`` command group; other areas add their own evaluation
commands to it (``eval_app.command("coach")(...)``).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import typer

from buyerlens.cli import shards
from buyerlens.model.errors import BadInputError, UsageError

eval_app = typer.Typer(
    name="eval",
    help="Measure buyerlens against labelled data.",
    no_args_is_help=True,
)


def _read_lines(source: str) -> Iterator[str]:
    if source == "-":
        yield from sys.stdin
        return
    path = Path(source)
    if not path.is_file():
        raise BadInputError(f"{source}: no such file; give a JSON-lines file or '-' for stdin.")
    with path.open(encoding="utf-8") as fh:
        yield from fh


def process_lines(
    lines: Iterable[str],
    first: int = 1,
    *,
    role: str | None,
    lang: str | None,
    learned: bool = True,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """For each input line: ``(line_no, output record)`` or ``(line_no, error message)``;
    the first line is number ``first``."""
    from buyerlens.signals import detect_language, extract
    from buyerlens.signals.names import deal_names

    for no, line in enumerate(lines, first):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield no, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield no, 'expected an object with a "text" string'
            continue
        r = obj.get("role") or role
        if r not in ("buyer", "seller"):
            yield no, 'no "role" (buyer or seller) in the line and no --role given'
            continue
        lg = obj.get("lang") or lang
        if lg not in (None, "nl", "en"):
            yield no, f'"lang" must be nl or en, not {lg!r}'
            continue
        try:
            at = datetime.fromisoformat(obj["at"]) if obj.get("at") else None
        except (TypeError, ValueError):
            yield no, f'"at" is not an ISO 8601 time: {obj.get("at")!r}'
            continue
        try:
            incumbents, colleagues = deal_names(obj)
        except ValueError as exc:
            yield no, str(exc)
            continue
        text = obj["text"]
        language = lg or detect_language(text)
        signals = extract(
            text,
            role=r,
            lang=language,
            at=at,
            learned=learned,
            incumbents=incumbents,
            colleagues=colleagues,
        )
        yield no, {"id": obj.get("id"), "lang": language, "signals": [s.to_json() for s in signals]}


def signals_command(
    source: str = typer.Argument("-", metavar="[FILE|-]", help="JSON lines; '-' reads stdin."),
    role: str | None = typer.Option(None, "--role", help="buyer or seller, when a line has none."),
    lang: str = typer.Option("auto", "--lang", help="nl, en or auto (detect)."),
    lexicon_only: bool = typer.Option(
        False, "--lexicon-only", help="Without the learned layer: faster, less accurate."
    ),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        help="Worker processes (0: one per core); each reads its own part of the input."
        " The output is the same, in the same order.",
    ),
) -> None:
    """Read JSON lines {"id","text","role"?,"lang"?,"at"?,"incumbents"?,"colleagues"?};
    write {"id","lang","signals"}. "incumbents" lists the deal's current suppliers by name,
    "colleagues" maps the buyer's colleagues' names to their roles: their mentions are
    incumbent and stakeholder signals."""
    if role not in (None, "buyer", "seller"):
        raise UsageError(f"--role must be buyer or seller, not {role!r}.")
    if lang not in ("auto", "nl", "en"):
        raise UsageError(f"--lang must be nl, en or auto, not {lang!r}.")
    if jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per core) or more, not {jobs}.")
    name = "<stdin>" if source == "-" else source
    process = partial(
        process_lines, role=role, lang=None if lang == "auto" else lang, learned=not lexicon_only
    )
    workers = jobs or shards.cpu_count()
    bad = 0
    if workers == 1:
        out = sys.stdout
        # a program that feeds standard input line by line reads each answer at once; a
        # file's output is written in blocks (click's echo flushed after every line)
        each_line = source == "-"
        for no, result in process(_read_lines(source)):
            if isinstance(result, str):
                bad += 1
                out.flush()
                typer.echo(f"{name}:{no}: {result}; line skipped.", err=True)
            else:
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
                if each_line:
                    out.flush()
        out.flush()
    else:
        bad = _signals_in_parts(source, name, workers, process, learned=not lexicon_only)
    if bad:
        raise BadInputError(f"{name}: {bad} line(s) could not be read (see above).")


def _signals_in_parts(
    source: str, name: str, workers: int, process: shards.Process, *, learned: bool
) -> int:
    """``buyerlens signals --jobs N`` (see :mod:`buyerlens.cli.shards`); the bad lines."""
    from buyerlens.signals.extractor import default_matcher, lexicon_matcher

    def warm() -> None:
        for r in ("buyer", "seller"):
            (default_matcher if learned else lexicon_matcher)(r)

    bad = 0
    with tempfile.TemporaryDirectory(prefix="buyerlens-stdin-") as tmp:
        if source == "-":
            path = shards.stdin_to_file(tmp)
        else:
            path = Path(source)
            if not path.is_file():
                raise BadInputError(
                    f"{source}: no such file; give a JSON-lines file or '-' for stdin."
                )
        sys.stdout.flush()
        for out, errors in shards.run_parts(path, workers, process, warm=warm):
            shards.copy_to(out, sys.stdout)
            sys.stdout.flush()
            for no, msg in errors:
                bad += 1
                typer.echo(f"{name}:{no}: {msg}; line skipped.", err=True)
    return bad


@eval_app.command("signals")
def eval_signals_command(
    file: Path = typer.Argument(
        ...,
        help="Labelled JSON lines (eval/signals/dev.jsonl), or a folder of such .jsonl files"
        " (eval/signals/heldout_writers/).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    show_errors: bool = typer.Option(False, "--errors", help="List the messages with misses."),
    lexicon_only: bool = typer.Option(
        False, "--lexicon-only", help="Score the lexicon alone, without the learned layer."
    ),
    no_names: bool = typer.Option(
        False,
        "--no-names",
        help="Ignore the lines' incumbents and colleagues (what reading the CRM's names adds).",
    ),
) -> None:
    """Per-kind precision, recall and F1 of the signal extractor at message level."""
    from buyerlens.signals.evaluate import evaluate, format_report, parse_eval_lines

    if file.is_dir():
        paths = sorted(file.glob("*.jsonl"))
        if not paths:
            raise BadInputError(f"{file}: no .jsonl file in this folder.")
    elif file.is_file():
        paths = [file]
    else:
        raise BadInputError(f"{file}: no such file.")
    items = [
        item
        for path in paths
        for item in parse_eval_lines(path.read_text(encoding="utf-8").splitlines(), name=str(path))
    ]
    report = evaluate(items, learned=not lexicon_only, names=not no_names)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    typer.echo(format_report(report))
    if show_errors:
        for err in report.errors:
            typer.echo(
                f"{err['id']}: fp={','.join(err['false_positive']) or '-'} "
                f"fn={','.join(err['false_negative']) or '-'}"
            )


def register(app: typer.Typer) -> None:
    """Add ``signals`` and the ``eval`` group (with ``eval signals``) to the app."""
    app.command("signals")(signals_command)
    app.add_typer(eval_app, name="eval")

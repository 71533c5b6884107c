"""``buyerlens coach``: read a draft before the buyer does; ``buyerlens eval coach``."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from buyerlens.cli.common import AsOfOption, DbOption, out, parse_as_of, print_json
from buyerlens.coach import CoachContext, EvalReport, Review
from buyerlens.model import BadInputError, UsageError

_STYLES = {"high": "bold red underline", "medium": "yellow underline", "low": "cyan underline"}
_MARK_STYLES = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def register(app: typer.Typer) -> None:
    """Add ``coach``, and ``coach`` to the ``eval`` group of :mod:`buyerlens.cli.signals`."""
    from buyerlens.cli.signals import eval_app

    app.command("coach")(coach)
    if not any(c.name == "coach" for c in eval_app.registered_commands):
        eval_app.command("coach")(eval_coach)


def _read_text(file: str) -> str:
    if file == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file")
        data, name = path.read_bytes(), file
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def build_context(
    *,
    deal: str | None,
    contact: str | None,
    first_contact: bool,
    bundle: Path | None,
    db: str | None,
    as_of: str | None,
) -> CoachContext:
    """The context of a draft from the options: a bundle file or the store."""
    from buyerlens.coach import context_from_bundle

    ctx = CoachContext()
    if deal or contact or bundle:
        from buyerlens.cli.common import load_from_store, read_bundle_file

        if bundle is not None:
            data = read_bundle_file(bundle)
        else:
            data = load_from_store(db, [deal] if deal else None)
        ctx = context_from_bundle(data, deal_id=deal, contact_id=contact, as_of=parse_as_of(as_of))
    if first_contact:
        ctx = replace(ctx, first_contact=True)
    return ctx


def coach(
    file: Annotated[str, typer.Argument(help="The draft: a text file, or - for standard input.")],
    lang: Annotated[
        str | None, typer.Option("--lang", help="nl, en or auto (default: detected).")
    ] = None,
    deal: Annotated[str | None, typer.Option("--deal", help="The deal the draft is about.")] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="The contact the draft goes to.")
    ] = None,
    first_contact: Annotated[
        bool, typer.Option("--first-contact", help="Read it as a first (cold) contact.")
    ] = False,
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Read --deal/--contact from this bundle, not the store."),
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
) -> None:
    """Read a draft message the way a busy buyer would: a score and what to change."""
    from buyerlens.coach import review

    language = None if lang in (None, "auto") else lang
    if language not in (None, "nl", "en"):
        raise UsageError(f"--lang must be nl, en or auto, not {lang!r}")
    text = _read_text(file)
    ctx = build_context(
        deal=deal, contact=contact, first_contact=first_contact, bundle=bundle, db=db, as_of=as_of
    )
    result = review(text, lang=language, context=ctx)
    if json_out:
        print_json(result.to_json())
    else:
        render_review(text, result)


def marked_draft(text: str, result: Review) -> Text:
    """The draft with each finding's span styled and numbered."""
    marks: list[tuple[int, str, str]] = []
    numbered = [f for f in result.findings if f.start is not None and f.end is not None]
    for number, finding in enumerate(numbered, 1):
        marks.append((finding.end or 0, f"[{number}]", _MARK_STYLES[finding.severity]))
    marks.sort(key=lambda m: m[0])
    body = Text()
    position = 0
    for end, label, style in marks:
        body.append(text[position:end])
        body.append(label, style=style)
        position = end
    body.append(text[position:])
    for finding in numbered:
        start, end = finding.start or 0, finding.end or 0
        shift_start = sum(len(lbl) for e, lbl, _ in marks if e <= start)
        shift_end = sum(len(lbl) for e, lbl, _ in marks if e < end)
        body.stylize(_STYLES[finding.severity], start + shift_start, end + shift_end)
    return body


def render_review(text: str, result: Review) -> None:
    """The human output: score, stats, the marked draft, the findings."""
    console = out()
    stats = result.stats
    formula = "Flesch" if stats.readability_formula == "flesch" else "Flesch-Douma"
    ease = "-" if stats.readability is None else f"{stats.readability:.0f}"
    colour = "green" if result.score >= 85 else "yellow" if result.score >= 60 else "red"
    console.print(
        f"[bold {colour}]{result.score}/100[/]  {result.lang} · {stats.words} words · "
        f"{stats.sentences} sentences · {stats.questions} questions · {formula} {ease}",
        highlight=False,
    )
    console.print()
    console.print(marked_draft(text, result))
    console.print()
    if not result.findings:
        console.print(result.explanation.text, highlight=False)
        return
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("finding")
    table.add_column("what and how to fix it")
    number = 0
    for finding in result.findings:
        label = ""
        if finding.start is not None:
            number += 1
            label = str(number)
        table.add_row(
            label,
            Text(
                f"{finding.id}\n{finding.severity} · {finding.rule}",
                style=_MARK_STYLES[finding.severity],
            ),
            Text(f"{finding.message}\n→ {finding.suggestion}"),
        )
    console.print(table)
    console.print(result.explanation.text, highlight=False)


def eval_coach(
    file: Annotated[Path, typer.Argument(help="Labelled drafts, JSON lines (eval/coach/).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score the coach against labelled drafts: per-finding precision and recall."""
    from buyerlens.coach import evaluate, read_eval_set

    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    report = evaluate(read_eval_set(file.read_text(encoding="utf-8"), name=str(file)))
    if json_out:
        print_json(report.to_json())
    else:
        render_eval(report)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def render_eval(report: EvalReport) -> None:
    """The evaluation report as a table."""
    console = out()
    table = Table(title=f"coach on {report.drafts} labelled drafts")
    for name in ("finding", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(name, justify="left" if name == "finding" else "right")
    rows = [*report.per_finding, report.micro, *report.by_lang.values()]
    for tally in rows:
        table.add_row(
            tally.finding, str(tally.tp), str(tally.fp), str(tally.fn),
            _pct(tally.precision), _pct(tally.recall), _pct(tally.f1),
        )  # fmt: skip
    console.print(table)
    for miss in report.misses:
        missed, extra = ", ".join(miss.missed) or "-", ", ".join(miss.extra) or "-"
        console.print(f"{miss.id}: missed {missed}; extra {extra}", highlight=False)

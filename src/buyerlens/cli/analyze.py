"""``buyerlens analyze BUNDLE``: diagnose the deals of a bundle file (no database).

``--json`` prints the contract of product.md (``{"deals": [DIAGNOSIS, ...]}``); without
it, a readable report per deal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from buyerlens.cli.common import AsOfOption, out, parse_as_of, print_json, read_bundle_file
from buyerlens.diagnose.types import Diagnosis, Finding

_LEVEL_STYLE = {"high": "bold red", "medium": "yellow", "low": "green", "unknown": "dim"}


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_command)


def analyze_command(
    bundle: Annotated[
        Path, typer.Argument(help="The bundle file (buyerlens/v1 JSON), - for stdin.")
    ],
    as_of: AsOfOption = None,
    deal: Annotated[
        list[str] | None,
        typer.Option("--deal", help="Only this deal (repeatable).", show_default=False),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the advice: nl or en (default: the main "
            "contact's language, else en).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Diagnose each deal: buyer priorities, buying patterns, scorecard, actions, questions."""
    from buyerlens.engine import analyze

    moment = parse_as_of(as_of)
    result = analyze(read_bundle_file(bundle), as_of=moment, deal_ids=deal, lang=lang)
    if json_out:
        print_json({"deals": [d.to_json() for d in result]})
        return
    console = out()
    for diagnosis in result:
        render(diagnosis, console)


def _level(finding: Finding) -> str:
    style = _LEVEL_STYLE[finding.level]
    return f"[{style}]{finding.level}[/] {finding.score:.2f}"


def _quotes(finding: Finding, limit: int = 2) -> str:
    items = [e for e in finding.evidence if e.text][-limit:]
    return "; ".join(escape(f"{e.interaction or e.kind}: \u201c{e.text}\u201d") for e in items)


def _contacts(diagnosis: Diagnosis, console: Console) -> None:
    table = Table(title="Contacts (P1-P3)", title_justify="left", expand=False)
    for column in ("contact", "role", "time-poor P1", "risk-averse P2", "detail P3"):
        table.add_column(column)
    for cid in sorted(diagnosis.contacts):
        c = diagnosis.contacts[cid]
        p = c.priorities
        table.add_row(
            escape(f"{c.name} ({cid})"),
            f"{c.role}/{c.buying_role or '-'}",
            _level(p["time_poor"]),
            _level(p["risk_averse"]),
            _level(p["detail_oriented"]),
        )
    console.print(table)


def _patterns(diagnosis: Diagnosis, console: Console) -> None:
    table = Table(title="Patterns", title_justify="left")
    table.add_column("pattern")
    table.add_column("level")
    table.add_column("evidence", overflow="fold")
    pats = diagnosis.patterns
    for name, finding in pats.as_dict().items():
        label = f"{name} ({finding.rule})"
        if name == "incumbent":
            label += f": {pats.incumbent.relationship}"
        table.add_row(label, _level(finding), _quotes(finding))
    console.print(table)
    picture = pats.price_focus.picture
    if picture.anchors or picture.quotes:
        anchors = ", ".join(f"{a.amount:g} {a.currency or ''}" for a in picture.anchors)
        quotes = ", ".join(f"{q.amount:g} {q.currency or ''}" for q in picture.quotes)
        console.print(
            f"Price picture (B2): buyer's figures {anchors or '-'}; "
            f"seller's quotes {quotes or '-'}; gap {picture.gap}; "
            f"estimated real range {picture.estimated_range}"
        )
    steps = [
        f"{s.step}: {s.who or '?'} ({'known' if s.known else 'MISSING'}"
        f"{', not met' if s.met is False else ''})"
        for s in pats.approval_risk.path
    ]
    if steps:
        console.print("Approval path (B3): " + escape(" \u2192 ".join(steps)))


def _scorecard(diagnosis: Diagnosis, console: Console) -> None:
    card = diagnosis.scorecard
    median = card.median_reply_hours
    console.print(
        f"Scorecard (B1): {len(card.requests)} requests, {len(card.open_requests)} open, "
        f"median reply {'-' if median is None else f'{median:.1f} h'}; "
        f"{len(card.promises)} promises: {len(card.with_status('kept_on_time'))} on time, "
        f"{len(card.with_status('late'))} late, {len(card.with_status('overdue'))} overdue; "
        f"{len(card.corrections)} corrections"
    )
    for promise in card.with_status("overdue"):
        due = promise.due.date() if promise.due else "-"
        console.print(f"  [red]overdue[/] {escape(promise.text)} (due {due})")


def render(diagnosis: Diagnosis, console: Console) -> None:
    """A readable report of one diagnosis."""
    title, account = escape(diagnosis.title), escape(diagnosis.account or "")
    console.rule(f"[bold]{title}[/] ({escape(diagnosis.deal)}) \u2014 {account}")
    console.print(f"as of {diagnosis.as_of.isoformat()}, advice in {diagnosis.lang}")
    _contacts(diagnosis, console)
    _patterns(diagnosis, console)
    _scorecard(diagnosis, console)
    console.print("[bold]Actions[/]")
    for action in diagnosis.actions:
        console.print(
            f"  {action.priority}. [bold]{escape(action.text)}[/] "
            f"[dim]({action.id}; {escape(action.why)})[/]"
        )
    if not diagnosis.actions:
        console.print("  none")
    console.print("[bold]Questions[/]")
    for question in diagnosis.questions:
        mark = "answered" if question.answered else "asked" if question.asked else "to ask"
        console.print(
            f"  {escape(f'[{mark}]')} {escape(question.text)} "
            f"[dim]({question.id}, {question.rule})[/]"
        )
    if not diagnosis.questions:
        console.print("  none")
    console.print()

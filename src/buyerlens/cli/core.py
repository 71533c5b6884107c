"""Foundation commands: version, init, schema, validate, import, export, demo."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from buyerlens import __version__
from buyerlens.cli.common import DbOption, err, open_store, out, print_json
from buyerlens.model import Bundle, BundleError

if TYPE_CHECKING:
    from buyerlens.importing import ImportReport


def register(app: typer.Typer) -> None:
    app.command("version")(version)
    app.command("init")(init)
    app.command("schema")(schema)
    app.command("validate")(validate)
    app.command("import")(import_)
    app.command("export")(export)
    app.command("demo")(demo)


def version() -> None:
    """Print the version of buyerlens."""
    typer.echo(f"buyerlens {__version__}")


def init(db: DbOption = None) -> None:
    """Create the database (or bring its schema up to date) and say where it is."""
    engine = open_store(db)
    out().print(f"database ready: {engine.url.render_as_string()}")


def schema() -> None:
    """Print the JSON Schema of the bundle format buyerlens/v1."""
    data = Bundle.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "buyerlens/v1"
    print_json(data)


def validate(
    bundle: Annotated[Path, typer.Argument(help="The bundle file (buyerlens/v1 JSON).")],
) -> None:
    """Check a bundle: JSON, schema, times with offsets, unique ids, references."""
    from buyerlens.cli.common import read_bundle_file

    try:
        parsed = read_bundle_file(bundle)
    except BundleError as exc:
        console = err()
        console.print(f"[red]error:[/] {exc.message}", highlight=False)
        for issue in exc.issues[1:]:
            console.print(f"  {issue}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    out().print(
        f"{bundle}: valid buyerlens/v1 bundle with {len(parsed.accounts)} accounts, "
        f"{len(parsed.contacts)} contacts, {len(parsed.deals)} deals, "
        f"{len(parsed.interactions)} interactions, {len(parsed.commitments)} commitments, "
        f"{len(parsed.answers)} answers",
        highlight=False,
    )


def import_(
    paths: Annotated[list[Path], typer.Argument(help="Files to import.", show_default=False)],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="bundle, hubspot, salesforce, pipedrive, mail, calendar"
            " (detected from the file when omitted).",
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--map", help="TOML/JSON file mapping custom columns.")
    ] = None,
    ours: Annotated[
        list[str] | None, typer.Option("--ours", help="The seller's own e-mail domain(s).")
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Time zone for times written without one.")
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option("--currency", help="Currency of amounts written without one (EUR)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Import files into the database: one transaction, idempotent, rejects kept aside."""
    from buyerlens.importing import run_import

    engine = open_store(db)
    with _progress() as advance:
        report = run_import(
            engine,
            paths,
            fmt=fmt,
            mapping=mapping,
            ours=tuple(ours or ()),
            tz=tz,
            currency=currency,
            dry_run=dry_run,
            progress=advance,
        )
    if as_json:
        print_json(report.to_json())
    else:
        _print_import(report)
    if report.rejected:
        raise typer.Exit(1)


@contextmanager
def _progress() -> Iterator[Callable[[int], None]]:
    """A progress line on standard error while records are read (terminals only)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("reading: {task.completed:,} records"),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("import", total=None)
        yield lambda n: bar.advance(task, n)


def _print_import(report: ImportReport) -> None:
    console = out()
    title = "dry run: nothing was written" if report.dry_run else "imported"
    table = Table(title=f"{title} ({report.format}, {report.read} records read)")
    for column in ("kind", "created", "updated", "unchanged"):
        table.add_column(column, justify="right" if column != "kind" else "left")
    stats = report.stats
    for kind in stats.created:
        table.add_row(
            kind, str(stats.created[kind]), str(stats.updated[kind]), str(stats.unchanged[kind])
        )
    console.print(table)
    for note in report.notes:
        console.print(f"note: {note}", highlight=False)
    if report.rejected:
        problems = err()
        problems.print(
            f"[red]{len(report.rejected)} record(s) rejected[/]; written to "
            f"{', '.join(str(p) for p in report.reject_files)}",
            highlight=False,
        )
        for rejected in report.rejected[:20]:
            problems.print(f"  {rejected.issue()}", highlight=False, markup=False)
        if len(report.rejected) > 20:
            problems.print(f"  ... and {len(report.rejected) - 20} more", highlight=False)


def export(
    deal: Annotated[
        list[str] | None, typer.Option("--deal", help="Export only this deal (repeatable).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the database (or some deals) as a buyerlens/v1 bundle to standard output."""
    from buyerlens.cli.common import load_from_store

    bundle = load_from_store(db, deal or None)
    typer.echo(json.dumps(bundle.to_json_dict(), ensure_ascii=False, indent=2))


def demo(
    db: DbOption = None,
    analyze: Annotated[
        bool, typer.Option("--analyze/--no-analyze", help="Print the analysis of the demo deals.")
    ] = True,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the web app with the demo users.")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8000,
) -> None:
    """Load the demo data (a seller, its buyers and deals) into the database."""
    from buyerlens.cli.common import load_from_store
    from buyerlens.importing import load_demo
    from buyerlens.store import default_url

    engine = open_store(db)
    stats = load_demo(engine)
    out().print(
        f"demo data loaded into {engine.url.render_as_string()}: "
        f"{sum(stats.created.values())} created, {sum(stats.updated.values())} updated, "
        f"{sum(stats.unchanged.values())} unchanged",
        highlight=False,
    )
    if analyze:
        _print_analysis(load_from_store(db))
    if serve:
        from buyerlens.web.demo import run_demo

        console = out()
        run_demo(
            database_url=db or default_url(),
            host=host,
            port=port,
            announce=lambda line: console.print(line, highlight=False, markup=False),
        )


def _print_analysis(bundle: Bundle) -> None:
    from buyerlens.cli.analyze import render
    from buyerlens.cli.common import parse_as_of
    from buyerlens.engine import analyze

    console = out()
    for diagnosis in analyze(bundle, as_of=parse_as_of(None)):
        render(diagnosis, console)

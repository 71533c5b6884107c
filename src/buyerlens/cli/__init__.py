"""The ``buyerlens`` command: a Typer app whose commands live in one module each.

Each module in :data:`COMMAND_MODULES` has a ``register(app)`` function that adds its
commands. Commands only parse options, call an importable function and print what it
returns. Errors of the :mod:`buyerlens.model.errors` hierarchy become one sentence on
stderr and their exit code here, at the edge, and nowhere else (``--debug`` shows the
traceback).
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

COMMAND_MODULES: tuple[str, ...] = (
    "buyerlens.cli.core",
    "buyerlens.cli.analyze",
    "buyerlens.cli.coach",
    "buyerlens.cli.web",
    "buyerlens.cli.signals",
    "buyerlens.cli.brief",
)


def build_app() -> typer.Typer:
    """Create the Typer app with every command registered."""
    app = typer.Typer(
        name="buyerlens",
        help="buyerlens: see every deal from behind the buyer's desk.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    ) -> None:
        """buyerlens reads a team's deals and conversations and tells the seller what the
        buyer is really thinking about, which buying pattern the deal is in, and what to
        do and ask next."""
        if debug:
            os.environ["BUYERLENS_DEBUG"] = "1"

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``buyerlens`` script."""
    from buyerlens.model.errors import BuyerlensError

    app = build_app()
    try:
        app(args=argv, standalone_mode=True)
    except BuyerlensError as exc:
        if os.environ.get("BUYERLENS_DEBUG"):
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)

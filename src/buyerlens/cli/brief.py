"""``buyerlens brief DEAL`` and ``buyerlens slots DEAL``: the call-prep page and meeting slots.

Both read the deal from a bundle file (``--bundle``) or the database (``--db``, default
the store's default URL), the seller's busy times from an ``.ics`` file
(``--calendar``), and call :func:`buyerlens.report.render_brief` or
:func:`buyerlens.schedule.plan_slots`. File I/O happens here, nowhere in the core.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from buyerlens.cli.common import (
    AsOfOption,
    DbOption,
    err,
    load_from_store,
    out,
    parse_as_of,
    print_json,
    read_bundle_file,
)
from buyerlens.model import BadInputError, Bundle, UsageError

if TYPE_CHECKING:
    from buyerlens.schedule import Busy, SlotPlan

BundleOption = Annotated[
    Path | None,
    typer.Option(
        "--bundle",
        help="Read the deal from this bundle file (buyerlens/v1 JSON) instead of the database.",
        show_default=False,
    ),
]
CalendarOption = Annotated[
    Path | None,
    typer.Option(
        "--calendar",
        help="The seller's calendar (.ics); its busy times, recurring events included, "
        "are avoided.",
        show_default=False,
    ),
]
TzOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="The buyer's time zone (IANA, e.g. Europe/Amsterdam); overrides the "
        "contact's and the account's.",
        show_default=False,
    ),
]
SellerTzOption = Annotated[
    str | None,
    typer.Option(
        "--seller-tz",
        help="Your time zone, when the bundle's seller has none.",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="nl or en (default: the main contact's language, else en).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("brief")(brief_command)
    app.command("slots")(slots_command)


def load_deal(deal: str, *, bundle: Path | None, db: str | None) -> Bundle:
    """The bundle holding ``deal``: from the file when given, else from the database."""
    if bundle is not None:
        if db is not None:
            raise UsageError("give either --bundle or --db, not both")
        return read_bundle_file(bundle)
    return load_from_store(db, [deal])


def read_calendar(
    path: Path | None,
    *,
    bundle: Bundle,
    deal: str,
    as_of: datetime,
    days: int,
    contact: str | None = None,
    tz: str | None = None,
    seller_tz: str | None = None,
) -> list[Busy]:
    """The busy times of ``path`` around the days slots are proposed for."""
    from buyerlens.schedule import plan_slots, read_busy

    if path is None:
        return []
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:  # floating and all-day events are read in the seller's zone
        zone = plan_slots(
            bundle, deal, as_of=as_of, contact_id=contact, days=1, tz=tz, seller_tz=seller_tz
        ).seller_zone.name
    except BadInputError:
        zone = "UTC"
    return read_busy(
        path.read_bytes(),
        start=as_of - timedelta(days=1),
        end=as_of + timedelta(days=days + 1),
        default_tz=zone,
        name=str(path),
    )


def brief_command(
    deal: Annotated[str, typer.Argument(help="The deal id.")],
    bundle: BundleOption = None,
    db: DbOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md, html or pdf.", show_default=True)
    ] = "md",
    lang: LangOption = None,
    as_of: AsOfOption = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file (default: standard output)."),
    ] = None,
    calendar: CalendarOption = None,
    tz: TzOption = None,
    seller_tz: SellerTzOption = None,
) -> None:
    """The one-page call-prep brief of a deal: people, patterns, promises, questions,
    credibility and meeting slots (Markdown, HTML or PDF)."""
    from buyerlens.report import FORMATS, render_brief
    from buyerlens.report.render import SLOT_DAYS

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise UsageError("a PDF is binary: give -o FILE.pdf or redirect standard output")
    moment = parse_as_of(as_of)
    data = load_deal(deal, bundle=bundle, db=db)
    busy = read_calendar(
        calendar, bundle=data, deal=deal, as_of=moment, days=SLOT_DAYS, tz=tz,
        seller_tz=seller_tz,
    )  # fmt: skip
    result = render_brief(
        data, deal, as_of=moment, fmt=fmt, lang=lang, busy=busy, tz=tz, seller_tz=seller_tz
    )
    if output is not None:
        if isinstance(result, bytes):
            output.write_bytes(result)
        else:
            output.write_text(result, encoding="utf-8")
        err().print(f"brief of {deal} written to {output}", highlight=False, markup=False)
    elif isinstance(result, bytes):
        sys.stdout.buffer.write(result)
        sys.stdout.buffer.flush()
    else:
        typer.echo(result, nl=False)


def slots_command(
    deal: Annotated[str, typer.Argument(help="The deal id.")],
    bundle: BundleOption = None,
    db: DbOption = None,
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="Plan for this contact (default: the deal's buyer)."),
    ] = None,
    calendar: CalendarOption = None,
    days: Annotated[int, typer.Option("--days", help="Look this many days ahead.")] = 5,
    tz: TzOption = None,
    seller_tz: SellerTzOption = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Write an invitation (.ics) for a slot to this file."),
    ] = None,
    pick: Annotated[
        int, typer.Option("--pick", help="Which slot --ics invites to (1 = first).")
    ] = 1,
    organizer: Annotated[
        str | None,
        typer.Option("--organizer", help="Your e-mail address, when the seller has none."),
    ] = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
) -> None:
    """Off-hours meeting slots (before work, lunch, after work) in the buyer's time zone,
    free of your busy times, shown in both time zones (R-P1)."""
    from buyerlens.schedule import plan_invitation, plan_slots

    moment = parse_as_of(as_of)
    data = load_deal(deal, bundle=bundle, db=db)
    busy = read_calendar(
        calendar, bundle=data, deal=deal, as_of=moment, days=days, contact=contact, tz=tz,
        seller_tz=seller_tz,
    )  # fmt: skip
    plan = plan_slots(
        data, deal, as_of=moment, contact_id=contact, busy=busy, days=days, tz=tz,
        seller_tz=seller_tz,
    )  # fmt: skip
    invite = plan_invitation(data, plan, pick=pick, organizer_email=organizer) if ics else None
    if json_out:
        print_json(plan.to_json())
    else:
        _print_plan(plan, data, lang)
    if ics is not None and invite is not None:
        ics.write_bytes(invite)
        err().print(f"invitation for slot {pick} written to {ics}", highlight=False, markup=False)


def _print_plan(plan: SlotPlan, bundle: Bundle, lang: str | None) -> None:
    from buyerlens.report import labels

    contact = next(c for c in bundle.contacts if c.id == plan.contact)
    words = labels(lang or (contact.language.value if contact.language else "en"))
    console = out()
    table = Table(title=words("text.slot_for", name=plan.contact_name,
                              hours=str(plan.working_hours)), title_justify="left")  # fmt: skip
    table.add_column("#", justify="right")
    table.add_column(words("text.when"))
    table.add_column(words("text.buyer_time", name=plan.contact_name, zone=plan.buyer_zone.name))
    table.add_column(words("text.seller_time", zone=plan.seller_zone.name))
    for number, slot in enumerate(plan.slots, start=1):
        b_start, b_end = slot.local(plan.buyer_zone.name)
        s_start, s_end = slot.local(plan.seller_zone.name)
        table.add_row(
            str(number),
            words(f"slot.{slot.kind}"),
            f"{words.moment(b_start)}–{b_end:%H:%M}",
            f"{words.moment(s_start)}–{s_end:%H:%M}",
        )
    console.print(table)
    if not plan.slots:
        console.print(words("text.no_slots", days=plan.days), highlight=False)
    params = {"name": plan.contact_name, "zone": plan.buyer_zone.name,
              "hours": str(plan.working_hours)}  # fmt: skip
    for code in plan.notes:
        console.print(escape(words(f"note.{code}", **params)), highlight=False)

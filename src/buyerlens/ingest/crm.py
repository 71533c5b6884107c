"""The CRM readers: HubSpot, Salesforce, Pipedrive and generic pipeline CSV exports.

One import may hold several files (companies, contacts, deals, activities); each file's
kind is judged from its header, and files are read accounts first, activities last, so
references between them resolve whatever order they are given in. Every data row is
either a record in the result or a :class:`~buyerlens.ingest.base.Rejected` entry with
its file, line, field and reason: ``read == records + rejected``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError

from buyerlens.ingest.base import ReadOptions, ReadResult, Rejected
from buyerlens.ingest.crm_records import (
    Context,
    RowError,
    build_account,
    build_activity,
    build_contact,
    build_deal,
    deal_note,
)
from buyerlens.ingest.layouts import KINDS, FileMap, Kind, best_system, layout, map_file
from buyerlens.ingest.parties import Directory
from buyerlens.ingest.tabular import Row, Table, head_text, open_table, rows, split_header
from buyerlens.ingest.values import day_order, decimal_mark
from buyerlens.ingest.vocab import Stages
from buyerlens.model import Account, Bundle, Contact, Deal, Interaction, UsageError
from buyerlens.model.validate import json_path

Builder = Callable[[Context, dict[str, str]], BaseModel]
BUILDERS: dict[Kind, Builder] = {
    "account": build_account,
    "contact": build_contact,
    "deal": build_deal,
    "activity": build_activity,
}
PLURAL = {"account": "accounts", "contact": "contacts", "deal": "deals", "activity": "activities"}
_DATE_FIELDS = ("created", "expected_close", "at")
#: How often (in rows) the progress callback hears of progress.
PROGRESS_EVERY = 2000


def zone_option(options: ReadOptions) -> tzinfo:
    """The zone for times without an offset: ``extra["tz"]``, else the seller's, else UTC."""
    name = options.extra.get("tz")
    existing = options.extra.get("existing")
    if not name and isinstance(existing, Bundle) and existing.seller is not None:
        name = existing.seller.timezone
    if not name:
        return UTC
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown time zone {name!r}; use an IANA name such as 'Europe/Amsterdam'"
        ) from None


def _progress(options: ReadOptions) -> Callable[[int], None]:
    callback = options.extra.get("progress")
    if callable(callback):
        return callback  # type: ignore[no-any-return]
    return lambda _done: None


def read_crm(paths: list[Path], options: ReadOptions, *, system: str) -> ReadResult:
    """Read CRM export files of ``system`` into one result."""
    lay = layout(system)
    existing = options.extra.get("existing")
    directory = Directory(existing if isinstance(existing, Bundle) else None)
    ctx = Context(
        layout=lay,
        directory=directory,
        stages=Stages(lay, extra=options.mapping),
        zone=zone_option(options),
        currency=str(options.extra.get("currency") or "EUR").upper(),
    )
    files: list[tuple[Table, FileMap]] = []
    for path in paths:
        table = open_table(path)
        files.append((table, map_file(lay, table.header, mapping=options.mapping, name=str(path))))
    files.sort(key=lambda item: KINDS.index(item[1].kind))
    result = ReadResult(bundle=Bundle())
    interactions: dict[str, Interaction] = {}
    tick = _progress(options)
    for table, fmap in files:
        if fmap.unmapped:
            result.notes.append(
                f"{table.path.name}: columns not imported: {', '.join(fmap.unmapped)}"
            )
        result.notes.append(
            f"{table.path.name}: read as {lay.system} {PLURAL[fmap.kind]} "
            f"({table.encoding}, delimiter {table.delimiter!r})"
        )
        _read_file(ctx, table, fmap, result=result, interactions=interactions, tick=tick)
    result.notes.extend(_summarise(ctx.notes))
    result.bundle = Bundle(
        accounts=list(directory.read_accounts.values()),
        contacts=list(directory.read_contacts.values()),
        deals=list(directory.read_deals.values()),
        interactions=list(interactions.values()),
    )
    return result


def _summarise(notes: Counter[str]) -> list[str]:
    return [
        f"{note} ({count} row{'s' if count != 1 else ''})"
        for note, count in sorted(notes.items(), key=lambda item: (-item[1], item[0]))
    ]


def _column_habits(ctx: Context, table: Table, fmap: FileMap, data: list[Row]) -> None:
    """Settle each column's decimal mark and day order from its values."""
    by_field = {name: index for index, name in fmap.fields.items()}
    default_mark = "," if table.delimiter == ";" else "."
    if "amount" in by_field:
        index = by_field["amount"]
        values = (r.cells[index] for r in data if index < len(r.cells) and r.cells[index])
        ctx.decimal["amount"] = decimal_mark(values, default=default_mark)
    default_order = ctx.layout.day_order
    if table.delimiter == ";" or any(
        k in ("aanmaakdatum", "sluitingsdatum", "datum") for k in map(str.lower, table.header)
    ):
        default_order = "dmy"  # a Dutch export writes day first
    for name in _DATE_FIELDS:
        if name in by_field:
            index = by_field[name]
            values = (r.cells[index] for r in data if index < len(r.cells) and r.cells[index])
            ctx.order[name] = day_order(values, default=default_order)


def _record_id(record: BaseModel) -> str:
    return str(getattr(record, "id", ""))


def _build(ctx: Context, build: Builder, row: Row, values: dict[str, str], width: int) -> BaseModel:
    """One record from one row; :class:`RowError` (field, reason) when it cannot be."""
    problem = _check_width(row, width)
    if problem:
        raise problem
    try:
        return build(ctx, values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = json_path([p for p in error["loc"] if isinstance(p, str | int)])
        raise RowError(field, f"{error['msg']} (got {error.get('input')!r})") from None


def _read_file(
    ctx: Context,
    table: Table,
    fmap: FileMap,
    *,
    result: ReadResult,
    interactions: dict[str, Interaction],
    tick: Callable[[int], None],
) -> None:
    data = list(rows(table))
    _column_habits(ctx, table, fmap, data)
    build = BUILDERS[fmap.kind]
    seen: dict[str, tuple[int, BaseModel]] = {}
    name = str(table.path)
    for count, row in enumerate(data, start=1):
        result.read += 1
        if count % PROGRESS_EVERY == 0:
            tick(PROGRESS_EVERY)
        values = _values(row, fmap)
        try:
            record = _build(ctx, build, row, values, len(table.header))
        except RowError as exc:
            field = _header(fmap, table, exc.field)
            result.rejected.append(Rejected(name, row.line, field, exc.reason, row.raw))
            continue
        rid = _record_id(record)
        if rid in seen:
            line, first = seen[rid]
            reason = (
                f"duplicate of line {line}"
                if first == record
                else f"same record id as line {line} but different values; line {line} is kept"
            )
            result.rejected.append(Rejected(name, row.line, "id", reason, row.raw))
            continue
        seen[rid] = (row.line, record)
        _keep(ctx, record, interactions)
        if isinstance(record, Deal) and values.get("description"):
            note = deal_note(ctx, record, values["description"])
            if note is not None:
                interactions[note.id] = note
    tick(len(data) % PROGRESS_EVERY)


def _check_width(row: Row, width: int) -> RowError | None:
    extra = row.cells[width:]
    if any(cell.strip() for cell in extra):
        return RowError(
            "",
            f"has {len(row.cells)} fields but the header has {width}; is a"
            " value with the delimiter in it missing its quotes?",
        )
    return None


def _values(row: Row, fmap: FileMap) -> dict[str, str]:
    cells = row.cells
    out: dict[str, str] = {}
    for index, name in fmap.fields.items():
        if index < len(cells):
            value = cells[index].strip()
            if value:
                out[name] = value
    return out


def _header(fmap: FileMap, table: Table, field: str) -> str:
    """The column name behind a field, for messages a user can act on."""
    base = field.split(".")[0]
    for wanted in (base, f"{base}_name"):
        for index, name in fmap.fields.items():
            if name == wanted:
                return table.header[index]
    return field


def _keep(ctx: Context, record: BaseModel, interactions: dict[str, Interaction]) -> None:
    directory = ctx.directory
    if isinstance(record, Interaction):
        interactions[record.id] = record
    elif isinstance(record, Account):
        directory.add_account(record)
    elif isinstance(record, Contact):
        directory.add_contact(record)
    elif isinstance(record, Deal):
        directory.add_deal(record)


def detector(system: str) -> Callable[[Path, bytes], bool]:
    """A format detector: true for a CSV file whose header fits ``system`` best."""

    def detect(path: Path, head: bytes) -> bool:
        if path.suffix.lower() not in (".csv", ".txt", ".tsv", ""):
            return False
        line = head_text(head)
        return bool(line) and best_system(split_header(line)) == system

    detect.__name__ = f"looks_like_{system}"
    return detect


def reader(system: str) -> Callable[[list[Path], ReadOptions], ReadResult]:
    """The reader of ``system`` for the format registry."""

    def read(paths: list[Path], options: ReadOptions) -> ReadResult:
        return read_crm(paths, options, system=system)

    read.__name__ = f"read_{system}"
    return read

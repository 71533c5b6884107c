"""Column layouts of CRM exports, as data: which header means which field.

Each system (HubSpot, Salesforce, Pipedrive, and the generic ``csv`` layout) has a TOML
file in ``ingest/data`` listing, per record kind (account, contact, deal, activity), the
header names that mean each field: API names and UI-export labels, English and Dutch.
Headers are compared folded (``"Deal - Title"`` == ``"deal title"``). A team's own
columns come from ``--map FILE`` (:func:`load_mapping`).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from buyerlens.ingest.values import key
from buyerlens.model import BadInputError, ConfigError, UsageError

Kind = Literal["account", "contact", "deal", "activity"]
KINDS: tuple[Kind, ...] = ("account", "contact", "deal", "activity")
SYSTEMS = ("hubspot", "salesforce", "pipedrive", "csv")
IGNORE = "ignore"

#: The fields a column can map to, per kind.
FIELDS: dict[Kind, frozenset[str]] = {
    "account": frozenset({"id", "name", "industry", "country", "timezone", "domain"}),
    "contact": frozenset({
        "id", "account", "account_name", "name", "first_name", "last_name", "email", "phone",
        "title", "role", "language", "timezone",
    }),
    "deal": frozenset({
        "id", "account", "account_name", "title", "stage", "status", "is_won", "is_closed",
        "amount", "currency", "created", "expected_close", "owner", "product_category",
        "contact", "contact_email", "contact_name", "incumbent", "new_supplier", "description",
    }),
    "activity": frozenset({
        "id", "type", "at", "subject", "text", "direction", "deal", "deal_name", "contact",
        "contact_email", "contact_name", "account", "account_name",
    }),
}  # fmt: skip

#: A file holds records of a kind only when one of these fields has a column.
REQUIRED: dict[Kind, frozenset[str]] = {
    "account": frozenset({"name"}),
    "contact": frozenset({"email", "first_name", "last_name", "name"}),
    "deal": frozenset({"title", "stage", "status"}),
    "activity": frozenset({"text", "subject"}),
}


@dataclass(frozen=True, slots=True)
class Layout:
    """One system's columns (folded header -> field, per kind), stages and habits."""

    system: str
    label: str
    day_order: Literal["dmy", "mdy"]
    signature: frozenset[str]
    columns: dict[Kind, dict[str, str]]
    stages: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class FileMap:
    """What one file holds: its kind, and for each column index the field it fills."""

    kind: Kind
    fields: dict[int, str]
    unmapped: list[str] = field(default_factory=list)


def _aliases(system: str, kind: str, table: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, names in table.items():
        if name not in FIELDS[kind]:  # type: ignore[index]
            raise ConfigError(f"ingest/data/{system}.toml: [columns.{kind}] unknown field {name}")
        for alias in names:
            folded = key(alias)
            if out.get(folded, name) != name:
                raise ConfigError(
                    f"ingest/data/{system}.toml: [columns.{kind}] header {alias!r} means both"
                    f" {out[folded]} and {name}"
                )
            out[folded] = name
    return out


@cache
def layout(system: str) -> Layout:
    """The layout of ``system``, read from package data and checked."""
    if system not in SYSTEMS:
        raise UsageError(f"unknown CRM layout {system!r}; use one of {', '.join(SYSTEMS)}")
    text = resources.files("buyerlens.ingest").joinpath(f"data/{system}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    order = data.get("day_order")
    if order not in ("dmy", "mdy"):
        raise ConfigError(f"ingest/data/{system}.toml: day_order must be 'dmy' or 'mdy'")
    columns = {kind: _aliases(system, kind, data["columns"].get(kind, {})) for kind in KINDS}
    stages = {o: tuple(data["stages"].get(o, ())) for o in ("won", "lost", "open")}
    return Layout(
        system=system,
        label=str(data["label"]),
        day_order=order,
        signature=frozenset(key(s) for s in data.get("signature", [])),
        columns=columns,
        stages=stages,
    )


def _targets(mapping: dict[str, str] | None) -> dict[str, str]:
    return {key(col): target for col, target in (mapping or {}).items() if ":" not in col}


def _score(lay: Layout, header: list[str], mapping: dict[str, str] | None) -> int:
    folded = [key(h) for h in header]
    if lay.signature and not lay.signature.intersection(folded):
        return 0
    custom = _targets(mapping)
    known = set().union(*(lay.columns[k] for k in KINDS))
    return sum(1 for h in folded if h in known or h in custom)


def best_system(header: list[str], mapping: dict[str, str] | None = None) -> str | None:
    """The system whose layout explains most of ``header`` (None below two columns)."""
    scores = {system: _score(layout(system), header, mapping) for system in SYSTEMS}
    best = max(SYSTEMS, key=lambda s: scores[s])
    return best if scores[best] >= 2 else None


def map_file(
    lay: Layout, header: list[str], *, mapping: dict[str, str] | None, name: str
) -> FileMap:
    """Decide the kind of a file from its header and map each column to a field."""
    custom = _targets(mapping)
    best: FileMap | None = None
    for kind in KINDS:
        fields: dict[int, str] = {}
        for index, column in enumerate(header):
            folded = key(column)
            target = custom.get(folded)
            if target is not None:
                kind_of, _, field_name = target.rpartition(".")
                if target == IGNORE or (kind_of and kind_of != kind):
                    continue
                if field_name in FIELDS[kind]:
                    fields.setdefault(index, field_name)
                continue
            mapped = lay.columns[kind].get(folded)
            if mapped is not None and mapped not in fields.values():
                fields[index] = mapped
        if not REQUIRED[kind].intersection(fields.values()):
            continue
        if best is None or len(fields) > len(best.fields):
            unmapped = [
                c
                for i, c in enumerate(header)
                if i not in fields and c and custom.get(key(c)) != IGNORE
            ]
            best = FileMap(kind=kind, fields=fields, unmapped=unmapped)
    if best is None:
        raise BadInputError(
            f"{name}:1: cannot tell what this {lay.label} holds: none of its columns"
            f" ({', '.join(header[:8])}) names an account, contact, deal or activity;"
            " pass --map FILE to say which column is which field"
        )
    return best


def load_mapping(path: Path) -> dict[str, str]:
    """Read a ``--map`` file (TOML or JSON) into ``{column: field}``.

    The file holds ``"Column" = "field"`` pairs (``"deal.amount"`` names the kind too,
    ``"ignore"`` skips a column), optionally under ``[columns]``, and optionally a
    ``[stages]`` table (``won = ["Order getekend"]``) that adds stage names; those become
    ``"stage:<name>" = "won"`` entries.
    """
    try:
        text = path.read_text("utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read the mapping file: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a mapping file holds a table of column = field")
    columns = data.get("columns", {k: v for k, v in data.items() if k != "stages"})
    out: dict[str, str] = {}
    every = set().union(*FIELDS.values())
    for column, target in columns.items():
        kind, _, name = str(target).rpartition(".")
        if target != IGNORE and (name not in every or (kind and kind not in FIELDS)):
            raise UsageError(
                f"{path}: column {column!r} maps to unknown field {target!r}; use one of"
                f" {', '.join(sorted(every))} (optionally as kind.field), or 'ignore'"
            )
        out[str(column)] = str(target)
    for outcome, names in data.get("stages", {}).items():
        if outcome not in ("won", "lost", "open"):
            raise UsageError(f"{path}: [stages] keys are won, lost and open, not {outcome!r}")
        for stage in names:
            out[f"stage:{stage}"] = outcome
    return out

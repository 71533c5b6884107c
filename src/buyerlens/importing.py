"""Import orchestration shared by the CLI and the web app (a shell, not the core).

:func:`run_import` reads files with :mod:`buyerlens.ingest`, saves the records with the
store's repository in one transaction (rolled back for a dry run), and writes the records
that could not be read to a reject file beside each input. The store's current contents
are handed to the readers so that mail and calendar entries can be matched to known
contacts and deals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from buyerlens import ingest, store
from buyerlens.ingest import ReadOptions, Rejected
from buyerlens.model import Bundle, UsageError, parse_bundle
from buyerlens.store import SaveStats


@dataclass
class ImportReport:
    """What an import read, saved and rejected."""

    format: str
    read: int
    stats: SaveStats
    rejected: list[Rejected] = field(default_factory=list)
    reject_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "read": self.read,
            "dry_run": self.dry_run,
            **self.stats.to_json(),
            "rejected": [
                {"file": r.file, "line": r.line, "field": r.field, "reason": r.reason}
                for r in self.rejected
            ],
            "reject_files": [str(p) for p in self.reject_files],
            "notes": self.notes,
        }


def reject_path(source: Path) -> Path:
    """Where the rejected records of ``source`` are written."""
    return source.with_name(source.name + ".rejects.csv")


def _write_rejects(rejected: list[Rejected]) -> list[Path]:
    """Write rejects grouped by input file to ``<input>.rejects.csv``; return the paths."""
    by_file: dict[str, list[Rejected]] = {}
    for item in rejected:
        by_file.setdefault(item.file, []).append(item)
    written = []
    for name, items in by_file.items():
        target = reject_path(Path(name))
        ingest.write_rejects(target, items)
        written.append(target)
    return written


def run_import(
    engine: Engine,
    paths: list[Path],
    *,
    fmt: str | None = None,
    mapping: Path | None = None,
    ours: tuple[str, ...] = (),
    tz: str | None = None,
    dry_run: bool = False,
    currency: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read ``paths`` and save them in one transaction; see the module docstring."""
    if not paths:
        raise UsageError("no input files given")
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    name = fmt or ingest.detect(paths[0])
    extra: dict[str, Any] = {}
    if tz:
        extra["tz"] = tz
    if currency:
        extra["currency"] = currency
    if progress:
        extra["progress"] = progress
    if name != "bundle":
        with store.session_scope(engine) as session:
            extra["existing"] = store.load_bundle(session)
    options = ReadOptions(
        mapping=ingest.load_mapping(mapping) if mapping else None, ours=ours, extra=extra
    )
    result = ingest.read(paths, fmt=name, options=options)
    with store.session_scope(engine) as session:
        stats = store.save_bundle(session, result.bundle)
        if dry_run:
            session.rollback()
    files = [] if dry_run else _write_rejects(result.rejected)
    return ImportReport(
        format=name,
        read=result.read,
        stats=stats,
        rejected=result.rejected,
        reject_files=files,
        notes=result.notes,
        dry_run=dry_run,
    )


def demo_bundle() -> Bundle:
    """The demo data shipped inside the package."""
    data = resources.files("buyerlens.data").joinpath("demo.json").read_bytes()
    return parse_bundle(data, name="demo.json")


def load_demo(engine: Engine) -> SaveStats:
    """Load (or refresh) the demo data; loading it twice changes nothing."""
    with store.session_scope(engine) as session:
        return store.save_bundle(session, demo_bundle())

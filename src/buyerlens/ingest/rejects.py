"""The reject file: every row or message an import could not take, with the reason."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from buyerlens.ingest.base import Rejected

COLUMNS = ("file", "line", "field", "reason", "raw")


def reject_path(source: Path) -> Path:
    """Where the rejects of ``source`` go: ``<source>.rejects.csv`` beside it."""
    return source.with_name(source.name + ".rejects.csv")


def write_rejects(path: Path, rejected: Iterable[Rejected]) -> int:
    """Write ``rejected`` to the CSV file ``path`` (UTF-8 with BOM, so Excel opens it
    right); return how many were written. The columns are file, line, field, reason, raw.
    """
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in rejected:
            line = "" if item.line is None else str(item.line)
            writer.writerow((item.file, line, item.field, item.reason, item.raw))
            count += 1
    return count

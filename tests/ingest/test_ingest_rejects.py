"""The reject file beside the input: one row per reject, readable by Excel and csv."""

from __future__ import annotations

import csv
from pathlib import Path

from buyerlens.ingest import Rejected, write_rejects
from buyerlens.ingest.rejects import reject_path


def test_rejects_round_trip_through_the_csv_file(tmp_path: Path) -> None:
    source = tmp_path / "deals.csv"
    items = [
        Rejected(str(source), 7, "Deal Stage", "stage 'Closed' is ambiguous", '"9006","Zuivel"'),
        Rejected(str(source), None, "Date", "is missing; a message needs its date",
                 "Prijs € 0,92;\nregel 2"),
    ]  # fmt: skip
    target = reject_path(source)
    assert target.name == "deals.csv.rejects.csv"
    assert write_rejects(target, items) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        found = list(csv.reader(handle))
    assert found == [
        ["file", "line", "field", "reason", "raw"],
        [str(source), "7", "Deal Stage", "stage 'Closed' is ambiguous", '"9006","Zuivel"'],
        [str(source), "", "Date", "is missing; a message needs its date", "Prijs € 0,92;\nregel 2"],
    ]

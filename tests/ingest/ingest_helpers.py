"""Shared helpers of the importer tests: fixture paths, re-encoding CSV files the ways
spreadsheets write them, and turning real Enron messages (AESLC) into .eml files at test
time (the data stays in ../shared; nothing of it is copied into the repository)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from buyerlens.ingest import ReadOptions, ReadResult, read

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval-data"
MAVEN = SHARED / "maven-crm-sales-opportunities"
ENRON = SHARED / "enron-aeslc" / "aeslc_dev_test.jsonl"


def need(path: Path) -> Path:
    """Skip the test when shared evaluation data is absent (e.g. a fresh clone)."""
    if not path.exists():
        pytest.skip(f"evaluation data not present: {path}")
    return path


def reencode(source: Path, target: Path, *, encoding: str, delimiter: str | None) -> Path:
    """Write ``source`` (a UTF-8 CSV) to ``target`` in another encoding and delimiter
    (None keeps it), as Excel's "CSV UTF-8", "Unicode text" (UTF-16, tab) or "CSV"
    (Windows-1252; semicolons in a Dutch locale) do."""
    text = source.read_text("utf-8")
    first = text.splitlines()[0]
    src_delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=src_delim))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter or src_delim, lineterminator="\r\n")
    writer.writerows(rows)
    target.write_bytes(buffer.getvalue().encode(encoding))
    return target


def read_files(paths: list[Path], fmt: str | None = None, **options: Any) -> ReadResult:
    extra = dict(options.pop("extra", {}))
    extra.setdefault("tz", "Europe/Amsterdam")
    return read(paths, fmt=fmt, options=ReadOptions(extra=extra, **options))


def rejects(result: ReadResult) -> list[tuple[str, int | None, str]]:
    """``(file name, line, field)`` of every reject, for whole-list comparisons."""
    return [(Path(r.file).name, r.line, r.field) for r in result.rejected]


def enron_records(count: int) -> list[dict[str, str]]:
    """The first ``count`` AESLC messages with a non-empty body."""
    records: list[dict[str, str]] = []
    with need(ENRON).open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["body"].strip():
                records.append(record)
            if len(records) == count:
                break
    return records


def custodian_address(file: str) -> str:
    """``allen-p_inbox_29.subject`` -> ``p.allen@enron.com``."""
    person = file.split("_")[0]
    last, _, initial = person.partition("-")
    return f"{initial}.{last}@enron.com" if initial else f"{last}@enron.com"


ENCODINGS = (
    ("utf-8", "quoted-printable"),
    ("utf-8", "base64"),
    ("cp1252", "8bit"),
    ("utf-8", "7bit"),
)


def enron_eml(record: dict[str, str], index: int, *, ours: str = "acme.nl") -> bytes:
    """One AESLC message as an .eml: sent-folder mail is written by the Enron custodian
    to the seller (inbound); inbox mail by the seller to the custodian (outbound). The
    body is encoded in turn as quoted-printable, base64, 8-bit cp1252 and 7-bit."""
    msg = EmailMessage()
    custodian = custodian_address(record["file"])
    seller = f"jan.smit@{ours}"
    outbound = "_inbox_" in record["file"]
    msg["From"] = seller if outbound else custodian
    msg["To"] = custodian if outbound else seller
    msg["Subject"] = record["subject"]
    msg["Date"] = format_datetime(datetime(2001, 10, 1, 8, 0, tzinfo=UTC) + timedelta(hours=index))
    msg["Message-ID"] = f"<{record['file']}@enron.example>"
    charset, cte = ENCODINGS[index % len(ENCODINGS)]
    body = record["body"]
    if cte == "7bit" and not body.isascii():
        cte = "quoted-printable"
    if charset == "cp1252":
        try:
            body.encode("cp1252")
        except UnicodeEncodeError:
            charset = "utf-8"
    msg.set_content(body, charset=charset, cte=cte)
    return bytes(msg)

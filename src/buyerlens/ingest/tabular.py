"""Reading CSV files as spreadsheets and CRMs really write them.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode text"),
and Windows-1252 (Excel on a Dutch or English Windows). Delimiters: comma, semicolon
(Excel with a Dutch locale) and tab, judged from the header line. Each row keeps the
line it starts on, so a reject names the line a user sees in an editor.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from buyerlens.model import BadInputError

DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True, slots=True)
class Table:
    """A decoded CSV file: its header, delimiter, encoding and text."""

    path: Path
    header: list[str]
    delimiter: str
    encoding: str
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the line it starts on, its cells and its raw text."""

    line: int
    cells: list[str]
    raw: str


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 > len(sample):  # UTF-16 without a BOM
        encoding = "utf-16-le" if sample[1] == 0 else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def head_text(head: bytes) -> str:
    """The first line of a file's first bytes, decoded; for format detection."""
    text, _ = decode(head)
    return text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used most often outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def split_header(line: str) -> list[str]:
    """The column names of a header line."""
    delimiter = sniff_delimiter(line)
    return [cell.strip().lstrip("\ufeff") for cell in next(csv.reader([line], delimiter=delimiter))]


def open_table(path: Path) -> Table:
    """Decode ``path`` and read its header; an empty file or header is an error."""
    text, encoding = decode(path.read_bytes())
    text = text.lstrip("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise BadInputError(f"{path}: the file is empty; expected a CSV file with a header row")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip() for cell in next(reader)]
    if len(header) < 2 or not any(header):
        raise BadInputError(
            f"{path}:1: the header row has fewer than two columns; is this a CSV file?"
        )
    return Table(path=path, header=header, delimiter=delimiter, encoding=encoding, text=text)


def rows(table: Table) -> Iterator[Row]:
    """The data rows of ``table`` with the line each starts on and its text as written;
    blank rows are skipped."""
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(table.text, newline=""):
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), delimiter=table.delimiter)
    next(reader)
    consumed.clear()
    previous = reader.line_num
    for cells in reader:
        line = previous + 1
        previous = reader.line_num
        raw = "".join(consumed).rstrip("\r\n")
        consumed.clear()
        if not any(cell.strip() for cell in cells):
            continue
        yield Row(line=line, cells=cells, raw=raw)

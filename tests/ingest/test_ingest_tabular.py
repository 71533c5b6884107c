"""CSV files as Excel and CRMs write them: encodings, delimiters, multi-line cells."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from buyerlens.ingest.tabular import decode, open_table, rows, sniff_delimiter
from buyerlens.model import BadInputError

ROW = '"Zuivel BV";"Prijs € 0,92; levering vóór vrijdag.\nTweede regel"'
TEXT = f"Naam;Notitie\n{ROW}\nBakkerij;kort\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Excel "Unicode text": BOM + UTF-16LE
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_every_encoding_a_spreadsheet_writes_is_decoded(data: bytes, encoding: str) -> None:
    assert decode(data) == (TEXT, encoding)


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("a,b,c", ","),
        ("Naam;Bedrag;Fase", ";"),
        ("Naam\tBedrag\tFase", "\t"),
        ('"Deal - Title","Deal - Value, EUR"', ","),
        ('"Naam, volledig";Bedrag;Fase', ";"),  # a comma inside quotes does not count
    ],
)
def test_the_delimiter_is_judged_from_the_header(line: str, delimiter: str) -> None:
    assert sniff_delimiter(line) == delimiter


def test_rows_keep_the_line_they_start_on_and_their_raw_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    table = open_table(path)
    assert (table.header, table.delimiter, table.encoding) == (["Naam", "Notitie"], ";", "cp1252")
    found = [(row.line, row.cells) for row in rows(table)]
    assert found == [
        (2, ["Zuivel BV", "Prijs € 0,92; levering vóór vrijdag.\nTweede regel"]),
        (4, ["Bakkerij", "kort"]),
    ]
    assert next(rows(table)).raw == ROW


def test_an_empty_file_or_a_one_column_header_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="the file is empty"):
        open_table(empty)
    single = tmp_path / "single.csv"
    single.write_text("alleen\nwaarde\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="fewer than two columns"):
        open_table(single)

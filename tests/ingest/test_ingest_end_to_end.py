"""``buyerlens import`` end to end, into a real SQLite database: every format imports its
fixtures and the Maven sample with every row accounted for (what was read is either
stored or in the reject file beside the input), and a second run changes nothing."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import FIXTURES, MAVEN, enron_eml, enron_records, need, read_files
from typer.testing import CliRunner

from buyerlens.cli import build_app

KINDS = ("accounts", "contacts", "deals", "interactions")


def run_import(tmp_path: Path, paths: list[Path], *options: str) -> tuple[int, dict[str, Any]]:
    db = f"sqlite:///{tmp_path / 'buyerlens.db'}"
    args = ["import", *map(str, paths), "--db", db, "--json", "--tz", "Europe/Amsterdam"]
    result = CliRunner().invoke(build_app(), [*args, *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def copy(paths: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [Path(shutil.copy(p, folder / p.name)) for p in paths]


def stored(report: dict[str, Any]) -> dict[str, int]:
    return {k: report["created"][k] + report["updated"][k] + report["unchanged"][k]
            for k in KINDS}  # fmt: skip


def reject_rows(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        target = path.with_name(path.name + ".rejects.csv")
        if target.exists():
            with target.open(encoding="utf-8-sig", newline="") as handle:
                count += sum(1 for _ in csv.DictReader(handle))
    return count


CASES = {
    "hubspot": (sorted((FIXTURES / "hubspot").glob("*.csv")), ()),
    "salesforce": (sorted((FIXTURES / "salesforce").glob("*.csv")), ()),
    "pipedrive": (sorted((FIXTURES / "pipedrive").glob("*.csv")), ()),
    "mail": (sorted((FIXTURES / "mail").iterdir()), ("--ours", "acme.nl")),
    "calendar": ([FIXTURES / "calendar" / "meetings.ics"], ("--ours", "acme.nl")),
}


@pytest.mark.parametrize("name", CASES)
def test_each_format_imports_its_fixtures_and_a_second_run_changes_nothing(
    tmp_path: Path, name: str
) -> None:
    sources, options = CASES[name]
    paths = copy(sources, tmp_path / "in")
    expected = read_files(paths, ours=("acme.nl",))
    code, first = run_import(tmp_path, paths, *options)
    assert first["format"] == name
    assert first["read"] == expected.read
    assert len(first["rejected"]) == len(expected.rejected) == reject_rows(paths)
    assert code == (1 if expected.rejected else 0)
    assert first["created"] == {**first["created"], **{
        k: len(getattr(expected.bundle, k)) for k in KINDS}}  # fmt: skip
    code, second = run_import(tmp_path, paths, *options)
    assert sum(second["created"].values()) + sum(second["updated"].values()) == 0
    # records read from rows come again; records derived from names and addresses are
    # found in the store this time, so they are not even offered again
    assert stored(second)["deals"] == stored(first)["deals"]
    assert stored(second)["interactions"] == stored(first)["interactions"]
    assert all(stored(second)[k] <= stored(first)[k] for k in KINDS)
    assert second["read"] == first["read"]


def test_mail_matches_the_contacts_and_deals_already_in_the_store(tmp_path: Path) -> None:
    crm = copy(sorted((FIXTURES / "hubspot").glob("*.csv")), tmp_path / "crm")
    run_import(tmp_path, crm)
    mail = copy(sorted((FIXTURES / "mail").iterdir()), tmp_path / "mail")
    _, report = run_import(tmp_path, mail, "--ours", "acme.nl")
    assert report["created"]["interactions"] == 6
    assert report["created"]["contacts"] == 1  # José; Eva, Pieter and Sarah were known
    assert report["created"]["accounts"] == 0  # both domains belong to known accounts


def test_enron_mailbox_end_to_end(tmp_path: Path) -> None:
    records = enron_records(200)
    folder = tmp_path / "enron"
    folder.mkdir()
    paths = []
    for index, record in enumerate(records):
        path = folder / f"{index:03d}.eml"
        path.write_bytes(enron_eml(record, index))
        paths.append(path)
    code, first = run_import(tmp_path, paths, "--ours", "acme.nl")
    assert (code, first["read"], first["rejected"]) == (0, 200, [])
    assert first["created"]["interactions"] == 200
    _, second = run_import(tmp_path, paths, "--ours", "acme.nl")
    assert second["unchanged"]["interactions"] == 200


def test_maven_sample_end_to_end(tmp_path: Path) -> None:
    folder = need(MAVEN)
    paths = copy([folder / "accounts.csv", folder / "sales_pipeline.csv"], tmp_path / "maven")
    code, first = run_import(tmp_path, paths)
    assert (code, first["format"], first["read"]) == (1, "csv", 8885)
    assert (first["created"]["accounts"], first["created"]["deals"]) == (85, 7375)
    assert len(first["rejected"]) == reject_rows(paths) == 1425
    assert first["read"] == 85 + 7375 + 1425  # every row: stored or rejected
    _, second = run_import(tmp_path, paths)
    assert sum(second["created"].values()) + sum(second["updated"].values()) == 0
    assert (second["unchanged"]["accounts"], second["unchanged"]["deals"]) == (85, 7375)

"""CRM exports (HubSpot, Salesforce, Pipedrive, generic) read into the bundle model:
standard and Dutch headers, number and date styles, duplicates, missing references,
typos in categorical values, and every row accounted for (read = records + rejects)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from ingest_helpers import FIXTURES, MAVEN, need, read_files, reencode, rejects

from buyerlens.ingest import detect, load_mapping
from buyerlens.model import (
    Account,
    BadInputError,
    Bundle,
    Channel,
    Contact,
    Deal,
    DealContact,
    Direction,
    Interaction,
    Outcome,
    UsageError,
)

AMS = ZoneInfo("Europe/Amsterdam")
HUBSPOT = [
    FIXTURES / "hubspot" / n
    for n in ("activities.csv", "deals.csv", "contacts.csv", "companies.csv")
]


def test_hubspot_export_reads_whole_records_in_any_file_order() -> None:
    result = read_files(HUBSPOT)
    bundle = result.bundle
    assert bundle.accounts[0] == Account(
        id="hubspot:account:5001",
        name="Zuivel BV",
        industry="dairy",
        country="NL",
        timezone="Europe/Amsterdam",
        domain="zuivel.nl",
    )
    assert bundle.contacts[0] == Contact(
        id="hubspot:contact:701",
        account="hubspot:account:5001",
        name="Eva de Vries",
        title="Inkoper",
        email="eva.devries@zuivel.nl",
        phone="+31 6 1234 5678",
    )
    assert bundle.deals[0] == Deal(
        id="hubspot:deal:9001",
        account="hubspot:account:5001",
        title="Omdozen 2027",
        amount=48000.0,
        stage="Contract Sent",
        owner="Jan Smit",
        created=datetime(2026, 9, 1, 9, 0, tzinfo=AMS),
        expected_close=date(2026, 12, 15),
        contacts=[
            DealContact(contact="hubspot:contact:701"),
            DealContact(contact="hubspot:contact:702"),
        ],
    )
    won = next(d for d in bundle.deals if d.id == "hubspot:deal:9002")
    assert (won.outcome, won.amount, won.created) == (
        Outcome.WON,
        12500.5,
        datetime(2026, 8, 15, 14, 30, tzinfo=ZoneInfo("Europe/London")),
    )  # the account's own zone for a time without an offset
    by_id = {i.id: i for i in bundle.interactions}
    assert by_id["hubspot:activity:30003"] == Interaction(
        id="hubspot:activity:30003",
        deal="hubspot:deal:9001",
        contact="hubspot:contact:702",
        direction=Direction.NOTE,
        channel=Channel.NOTE,
        at=datetime(2026, 9, 5, 8, 15, tzinfo=AMS),
        subject="Palletvoorschrift",
        text="Pieter (productie) belde:\n- pallets 120x80\n- max 1,80 m hoog\n"
        "Ik stuur vrijdag de aangepaste specificatie.",
    )
    html_note = by_id["hubspot:activity:30002"]
    assert html_note.channel == Channel.CALL
    assert "<p>" not in html_note.text
    assert "referenties" in html_note.text
    assert by_id["hubspot:activity:30001"].direction == Direction.INBOUND
    typo = by_id["hubspot:activity:30007"]  # "Emial": a typo of a channel
    assert (typo.channel, typo.direction, typo.deal) == (Channel.EMAIL, Direction.OUTBOUND, None)
    description = by_id["hubspot:deal:9001:description"]  # a multi-line note column
    assert description.text.startswith("Nieuwe omdoos voor de 1L-lijn.\nLet op:")


def test_hubspot_rejects_name_file_line_field_and_reason() -> None:
    result = read_files(HUBSPOT)
    assert rejects(result) == [
        ("companies.csv", 6, "Company name"),
        ("contacts.csv", 6, "Associated Company ID"),
        ("contacts.csv", 7, "id"),
        ("deals.csv", 7, "Associated Company IDs"),
        ("deals.csv", 8, "Deal Stage"),
        ("deals.csv", 9, "Amount"),
        ("deals.csv", 10, "id"),
        ("deals.csv", 11, "Close Date"),
        ("activities.csv", 9, "Associated Deal IDs"),
        ("activities.csv", 10, "Activity date"),
    ]
    reasons = [r.reason for r in result.rejected]
    assert "refers to account '9999'" in reasons[1]
    assert reasons[2] == "duplicate of line 2"
    assert "ambiguous" in reasons[4]
    assert "Closed Won" in reasons[4]
    assert "negative" in reasons[5]
    assert "13/01/2027" in reasons[7]  # a US column: month 13 is a typo, not a guess
    assert result.rejected[2].raw.startswith('"701","Eva","de Vries"')
    # every row accounted for: 5 companies, 7 contacts, 10 deal rows (one spans two
    # lines), 7 activities; records per kind + rejects per file = rows read
    assert result.read == 5 + 7 + 9 + 7
    b = result.bundle
    activities = [i for i in b.interactions if not i.id.endswith(":description")]
    assert (
        len(b.accounts) + len(b.contacts) + len(b.deals) + len(activities) + len(result.rejected)
        == result.read
    )
    assert "stage 'Qualifed to Buy' read as open (a close match) (1 row)" in result.notes
    assert "country 'Netherlnds' read as NL (1 row)" in result.notes


def test_hubspot_dutch_export_with_semicolons_and_dutch_numbers() -> None:
    result = read_files(
        [FIXTURES / "hubspot" / "companies.csv", FIXTURES / "hubspot" / "deals_nl.csv"]
    )
    deals = {d.id: (d.amount, d.outcome, d.expected_close, d.created) for d in result.bundle.deals}
    assert deals == {
        "hubspot:deal:9101": (
            48000.0,
            None,
            date(2026, 12, 15),
            datetime(2026, 9, 1, 9, tzinfo=AMS),
        ),
        "hubspot:deal:9102": (
            1234.56,
            Outcome.WON,
            date(2026, 10, 31),
            datetime(2026, 8, 2, 14, 30, tzinfo=AMS),
        ),
        "hubspot:deal:9103": (
            2500.0,
            Outcome.LOST,
            date(2026, 6, 30),
            datetime(2026, 5, 3, 11, tzinfo=AMS),
        ),
        "hubspot:deal:9104": (
            750.0,
            None,
            None,
            datetime(2026, 10, 4, 10, tzinfo=ZoneInfo("Europe/London")),
        ),
    }
    assert "stage 'Gesloten gewonen' read as won (a close match) (1 row)" in result.notes


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", None), ("utf-16", "\t"), ("cp1252", None), ("utf-8", "\t")],
    ids=["excel-csv-utf8-bom", "excel-unicode-text", "excel-csv-cp1252", "tab"],
)
@pytest.mark.parametrize("system", ["hubspot", "salesforce", "pipedrive"])
def test_the_same_export_in_every_encoding_and_delimiter_reads_the_same(
    tmp_path: Path, system: str, encoding: str, delimiter: str | None
) -> None:
    sources = sorted((FIXTURES / system).glob("*.csv"))
    plain = read_files(sources)
    copies = [
        reencode(s, tmp_path / s.name, encoding=encoding, delimiter=delimiter) for s in sources
    ]
    again = read_files(copies)
    assert again.bundle == plain.bundle
    assert [(Path(r.file).name, r.line, r.field, r.reason) for r in again.rejected] == [
        (Path(r.file).name, r.line, r.field, r.reason) for r in plain.rejected
    ]


def test_salesforce_data_loader_and_dutch_report_exports() -> None:
    result = read_files(sorted((FIXTURES / "salesforce").glob("*.csv")))
    b = result.bundle
    first = next(d for d in b.deals if d.id == "salesforce:deal:0065g00000Pq1aAAAA")
    assert (first.created, first.contacts, first.outcome) == (
        datetime.fromisoformat("2026-09-01T07:00:00+00:00"),
        [DealContact(contact="salesforce:contact:0035g00000XyZaAAAR")],
        None,
    )
    report = next(d for d in b.deals if d.id == "salesforce:deal:0065g00000Pq2bAAAA")
    assert (report.account, report.amount, report.outcome) == (
        "salesforce:account:0015g00000AbCdFAAV",
        1234.56,
        Outcome.WON,
    )  # matched by name
    assert Account(id="salesforce:account:folieland-bv", name="Folieland BV") in b.accounts
    assert next(a for a in b.accounts if a.name == "Oostmetaal B.V.").industry == "manufacturing"
    assert next(a for a in b.accounts if a.name == "Zuivel BV").domain == "zuivel.nl"
    assert rejects(result) == [
        ("Contact.csv", 5, "AccountId"),
        ("Opportunity.csv", 7, "AccountId"),
        ("Opportunity.csv", 8, "CurrencyIsoCode"),
        ("opportunities_report_nl.csv", 5, "Fase"),
        ("Task.csv", 5, "WhatId"),
    ]
    call = next(i for i in b.interactions if i.id == "salesforce:activity:00T5g00000Tk1aAAAA")
    assert (call.channel, call.at, call.contact) == (
        Channel.CALL,
        datetime(2026, 9, 4, tzinfo=AMS),
        "salesforce:contact:0035g00000XyZaAAAR",
    )


def test_pipedrive_deals_export_brings_its_organisations_and_people() -> None:
    result = read_files(sorted((FIXTURES / "pipedrive").glob("*.csv")))
    b = result.bundle
    assert [a.name for a in b.accounts] == [
        "Zuivel BV",
        "Northwind Packaging Ltd",
        "Bakkerij Van Dam",
        "Oostmetaal B.V.",
    ]
    assert (
        Contact(
            id="pipedrive:contact:eva.devries@zuivel.nl",
            account="pipedrive:account:zuivel-bv",
            name="Eva de Vries",
            email="eva.devries@zuivel.nl",
        )
        in b.contacts
    )
    outcomes = {d.title: (d.outcome, d.amount, d.currency) for d in b.deals}
    assert outcomes == {
        "Omdozen 2027": (None, 48000.0, "EUR"),
        "Northwind trays": (Outcome.WON, 12500.5, "GBP"),
        "Van Dam broodzakken": (Outcome.LOST, 3250.0, "EUR"),  # status "lsot"
        "Oostmetaal kratten": (None, 1250.5, "EUR"),  # "1.250,50" in a point column
        "Zuivel kratten": (None, 48000.0, "EUR"),
        "Bakkerij dozen": (Outcome.WON, 1234.56, "EUR"),
        "Oostmetaal folie": (Outcome.LOST, 2500.0, "EUR"),
    }
    assert [
        (f, line, field, r)
        for (f, line, field), r in zip(
            rejects(result), [r.reason for r in result.rejected], strict=True
        )
    ] == [
        ("deals.csv", 5, "Deal - Status", "the deal is deleted in the CRM; not imported"),
        (
            "deals.csv",
            6,
            "Deal - Organization",
            "is empty; a deal belongs to an account (fill it in)",
        ),
        ("deals.csv", 7, "id", "duplicate of line 2"),
        (
            "activities.csv",
            5,
            "Activity - Deal ID",
            "refers to deal '99', which is neither in this import nor in the store",
        ),
    ]
    lost = next(i for i in b.interactions if i.id == "pipedrive:deal:3:description")
    assert lost.text == "Prijs te hoog; blijft bij huidige leverancier"


def test_custom_columns_and_stages_through_a_mapping_file() -> None:
    folder = FIXTURES / "csv"
    mapping = load_mapping(folder / "pipeline_custom.map.toml")
    result = read_files([folder / "pipeline_custom.csv"], mapping=mapping)
    assert [
        (d.title, d.amount, d.outcome, d.incumbent, d.new_supplier) for d in result.bundle.deals
    ] == [
        ("Omdozen 2027", 48000.0, None, "Verpakkingen Oost", True),
        ("Broodzakken", 3250.0, Outcome.WON, None, False),
        ("Kratten", 1250.0, Outcome.LOST, "Kunststof Noord", True),
    ]
    assert rejects(result) == [("pipeline_custom.csv", 5, "Klant")]
    assert not any("Marge" in note for note in result.notes)  # ignored on purpose


def test_a_bad_mapping_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text('{"Omzet": "deal.omzet"}', encoding="utf-8")
    with pytest.raises(UsageError, match=r"unknown field 'deal\.omzet'"):
        load_mapping(path)
    path.write_text(
        '{"columns": {"Omzet": "amount"}, "stages": {"gewonnen": ["Getekend"]}}', encoding="utf-8"
    )
    with pytest.raises(UsageError, match="keys are won, lost and open"):
        load_mapping(path)


def test_a_file_with_no_known_columns_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text("product,series,sales_price\nGTX Basic,GTX,550\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="pass --map FILE"):
        read_files([path], fmt="csv")


def test_rows_with_too_many_fields_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        "deal,account,amount\nKratten,Zuivel BV,1,250.00\nDozen,Zuivel BV,500\n", encoding="utf-8"
    )
    result = read_files([path], fmt="csv")
    assert [d.title for d in result.bundle.deals] == ["Dozen"]
    assert "has 4 fields but the header has 3" in result.rejected[0].reason


def test_references_resolve_against_the_store() -> None:
    existing = read_files([FIXTURES / "hubspot" / "companies.csv"]).bundle
    result = read_files([FIXTURES / "hubspot" / "deals_nl.csv"], extra={"existing": existing})
    assert {d.account for d in result.bundle.deals} == {
        "hubspot:account:5001",
        "hubspot:account:5002",
        "hubspot:account:5003",
        "hubspot:account:5004",
    }
    assert result.bundle.accounts == []  # nothing new to write
    alone = read_files([FIXTURES / "hubspot" / "deals_nl.csv"])
    assert len(alone.rejected) == 4
    assert "import the accounts file" in alone.rejected[0].reason


@pytest.mark.parametrize(
    ("folder", "name", "expected"),
    [
        ("hubspot", "deals.csv", "hubspot"),
        ("hubspot", "deals_nl.csv", "hubspot"),
        ("salesforce", "Opportunity.csv", "salesforce"),
        ("salesforce", "opportunities_report_nl.csv", "salesforce"),
        ("pipedrive", "deals.csv", "pipedrive"),
        ("pipedrive", "deals_nl.csv", "pipedrive"),
        ("csv", "pipeline_custom.csv", "csv"),
        ("mail", "archive.mbox", "mail"),
        ("mail", "02_reply_inbound_qp.eml", "mail"),
        ("calendar", "meetings.ics", "calendar"),
    ],
)
def test_the_format_is_detected_from_the_header_or_extension(
    folder: str, name: str, expected: str
) -> None:
    assert detect(FIXTURES / folder / name) == expected


def test_maven_sample_every_row_accounted_for() -> None:
    folder = need(MAVEN)
    assert detect(folder / "sales_pipeline.csv") == "csv"
    result = read_files([folder / "sales_pipeline.csv", folder / "accounts.csv"])
    b: Bundle = result.bundle
    assert result.read == 85 + 8800
    assert (len(b.accounts), len(b.deals), len(result.rejected)) == (85, 7375, 1425)
    assert {r.reason for r in result.rejected} == {
        "is empty; a deal belongs to an account (fill it in)"
    }
    assert Counter_outcomes(b) == {"won": 4238, "lost": 2473, "open": 664}
    acme = next(a for a in b.accounts if a.name == "Acme Corporation")
    assert (acme.industry, acme.country) == ("technology", "US")  # "technolgy" corrected
    first = next(d for d in b.deals if d.id == "csv:deal:1C1I7A6R")
    assert (
        first.title,
        first.amount,
        first.product_category,
        first.owner,
        first.expected_close,
    ) == ("GTX Plus Basic · Cancity", 1054.0, "GTX Plus Basic", "Moses Frase", date(2017, 3, 1))


def Counter_outcomes(bundle: Bundle) -> dict[str, int]:  # noqa: N802
    counts: dict[str, int] = {}
    for deal in bundle.deals:
        name = deal.outcome.value if deal.outcome else "open"
        counts[name] = counts.get(name, 0) + 1
    return counts

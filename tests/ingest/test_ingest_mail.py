"""E-mail import: .eml and mbox as real clients write them (RFC 2047, quoted-printable,
base64, cp1252, HTML-only, attachments, replies with history and signatures), matched
to contacts and deals; real Enron messages (AESLC) turned into .eml files at test time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import (
    FIXTURES,
    custodian_address,
    enron_eml,
    enron_records,
    read_files,
    rejects,
)

from buyerlens.ingest import ReadOptions, read
from buyerlens.model import (
    Account,
    Bundle,
    Contact,
    Deal,
    DealContact,
    Direction,
    Interaction,
    Seller,
    UsageError,
)
from buyerlens.signals import split_message

MAIL = sorted((FIXTURES / "mail").iterdir())


def by_subject(bundle: Bundle) -> dict[str, Interaction]:
    return {i.subject or "": i for i in bundle.interactions}


def test_dutch_mails_are_decoded_and_stripped_to_the_new_words() -> None:
    result = read_files(MAIL, fmt="mail", ours=("acme.nl",))
    mails = by_subject(result.bundle)
    reply = mails["Re: Offerte omdozen 2027 – prijs"]  # RFC 2047 subject, QP body
    assert reply.direction == Direction.INBOUND
    assert reply.contact == "email:eva.devries@zuivel.nl"
    assert reply.text == (
        "Hoi Jan,\n\nDank voor de offerte. Eerlijk gezegd is € 0,92 per doos te duur; ons "
        "budget is € 45.000 per jaar.\nKun je vóór vrijdag laten weten wat de prijs wordt bij "
        "60.000 stuks? De directeur moet boven € 25.000 tekenen."
    )
    assert reply.raw is not None
    assert "schreef Jan Smit" in reply.raw
    assert "Inkoper | Zuivel BV" in reply.raw
    offer = mails["Offerte omdozen 2027"]  # base64 body, RFC 2231 attachment name
    assert offer.direction == Direction.OUTBOUND
    assert offer.attachments == ["Offerte 2026-117 – omdozen.pdf"]
    assert "Accountmanager" not in offer.text
    assert "€ 0,92 per doos" in offer.text
    html = mails["RE: Offerte omdozen 2027"]  # HTML-only, ISO-8859-1
    assert html.text.startswith("Beste Jan,\n\nVoor de productie")
    assert "certificaat nodig – en de coördinaten" in html.text
    assert "Oorspronkelijk" not in html.text
    assert "<p>" not in (html.raw or "")
    outlook = mails["RE: Aangepaste offerte"]  # Windows-1252 8-bit, Outlook history block
    assert outlook.text.endswith("De specificatie van de pallets zit in de bijlage.")
    assert outlook.attachments == ["Specificatie pallets – versie 2.xlsx"]
    assert outlook.at == datetime(2026, 9, 15, 8, 31, tzinfo=UTC)


def test_mbox_messages_threads_and_every_message_accounted_for() -> None:
    result = read_files(MAIL, fmt="mail", ours=("acme.nl",))
    mails = by_subject(result.bundle)
    assert "From our side the volumes are confirmed." in mails["Tray tolerances"].text
    assert mails["Re: Tray tolerances"].text.endswith("I will send the\ncertificate on Wednesday.")
    assert result.read == 10
    assert len(result.bundle.interactions) + len(result.rejected) == result.read
    assert sorted(rejects(result)) == [
        ("05_freemail_unknown.eml", 1, "From"),
        ("06_internal.eml", 1, "To"),
        ("07_no_date.eml", 1, "Date"),
        ("archive.mbox", 41, "Message-ID"),
    ]
    reasons = {Path(r.file).name: r.reason for r in result.rejected}
    assert "gmail.com is a free-mail domain" in reasons["05_freemail_unknown.eml"]
    assert reasons["archive.mbox"].startswith("duplicate of the message at")


def test_unknown_correspondents_become_contacts_under_their_domains_account() -> None:
    result = read_files(MAIL, fmt="mail", ours=("acme.nl",))
    assert result.bundle.accounts == [
        Account(id="domain:zuivel.nl", name="Zuivel", domain="zuivel.nl"),
        Account(id="domain:northwind.co.uk", name="Northwind", domain="northwind.co.uk"),
    ]
    names = {c.email: c.name for c in result.bundle.contacts}
    assert names == {
        "eva.devries@zuivel.nl": "Eva de Vries",
        "p.bakker@zuivel.nl": "Pieter Bakker",
        "jose.muller@zuivel.nl": "José Müller",  # RFC 2047 in ISO-8859-1
        "sarah.jones@northwind.co.uk": "Sarah Jones",
    }


def _store() -> Bundle:
    """What the store already holds: the seller, accounts, contacts and two deals."""
    return Bundle(
        seller=Seller(name="Acme Verpakkingen", domains=["acme.nl"]),
        accounts=[
            Account(id="a1", name="Zuivel BV", domain="zuivel.nl"),
            Account(id="a2", name="Northwind Packaging Ltd", domain="northwind.co.uk"),
        ],
        contacts=[
            Contact(id="c1", account="a1", name="Eva de Vries", email="eva.devries@zuivel.nl"),
            Contact(id="c2", account="a2", name="Sarah Jones", email="sarah.jones@northwind.co.uk"),
        ],
        deals=[
            Deal(
                id="d1",
                account="a1",
                title="Omdozen 2027",
                created=datetime(2026, 9, 1, 7, tzinfo=UTC),
                contacts=[DealContact(contact="c1")],
            ),
            Deal(
                id="d-old",
                account="a2",
                title="Trays 2025",
                outcome="won",
                created=datetime(2025, 1, 1, tzinfo=UTC),
                expected_close=datetime(2025, 3, 1).date(),
            ),
        ],
    )


def test_messages_are_matched_to_known_contacts_and_deals_by_address_and_time() -> None:
    options = ReadOptions(extra={"existing": _store()})  # the seller's domains: no --ours
    result = read(MAIL, fmt="mail", options=options)
    mails = by_subject(result.bundle)
    assert (
        mails["Re: Offerte omdozen 2027 – prijs"].contact,
        mails["Re: Offerte omdozen 2027 – prijs"].deal,
    ) == ("c1", "d1")
    # Pieter is new, under the known account of zuivel.nl, and his reply joins the thread
    assert mails["RE: Offerte omdozen 2027"].deal == "d1"
    assert (
        Contact(
            id="email:p.bakker@zuivel.nl",
            account="a1",
            name="Pieter Bakker",
            email="p.bakker@zuivel.nl",
        )
        in result.bundle.contacts
    )
    # Sarah's mail of 2026 fits no deal (the only one closed in 2025): kept, not dropped
    tray = mails["Tray tolerances"]
    assert (tray.contact, tray.deal) == ("c2", None)
    assert result.bundle.accounts == []


def test_without_our_domains_direction_cannot_be_told() -> None:
    with pytest.raises(UsageError, match="--ours"):
        read(MAIL[:1], fmt="mail", options=ReadOptions())


def test_real_enron_messages_as_eml_files(tmp_path: Path) -> None:
    records = enron_records(120)
    paths = []
    for index, record in enumerate(records):
        path = tmp_path / f"{index:03d}.eml"
        path.write_bytes(enron_eml(record, index))
        paths.append(path)
    result = read_files(paths, fmt="mail", ours=("acme.nl",))
    assert (result.read, result.rejected) == (120, [])
    assert len(result.bundle.interactions) == 120
    assert result.bundle.accounts == [
        Account(id="domain:enron.com", name="Enron", domain="enron.com")
    ]
    for record, item in zip(
        records, sorted(result.bundle.interactions, key=lambda i: i.at), strict=True
    ):
        body = record["body"].strip()
        parts = split_message(body)
        assert item.text == body[parts.start : parts.end].strip()
        assert item.raw == body
        assert " ".join((item.subject or "").split()) == " ".join(record["subject"].split())
        outbound = "_inbox_" in record["file"]
        assert item.direction == (Direction.OUTBOUND if outbound else Direction.INBOUND)
        assert item.contact == f"email:{custodian_address(record['file'])}"
    again = read_files(paths, fmt="mail", ours=("acme.nl",))
    assert again.bundle == result.bundle  # ids from Message-IDs: re-import is idempotent


def test_enron_messages_in_one_mbox_archive(tmp_path: Path) -> None:
    records = enron_records(60)
    chunks = []
    for index, record in enumerate(records):
        data = enron_eml(record, index)
        escaped = b"\n".join(
            b">" + line if line.startswith(b"From ") else line
            for line in data.replace(b"\r\n", b"\n").split(b"\n")
        )
        chunks.append(b"From MAILER-DAEMON Mon Oct  1 08:00:00 2001\n" + escaped + b"\n")
    path = tmp_path / "enron.mbox"
    path.write_bytes(b"".join(chunks))
    result = read_files([path], ours=("acme.nl",))
    assert (result.read, len(result.bundle.interactions), result.rejected) == (60, 60, [])

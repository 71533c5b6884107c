"""How fast imports run (issue 8: 100,000 CRM rows or 50,000 e-mails in under a minute
into SQLite).

Run: ``.venv/bin/python benchmarks/bench_import.py [--rows N] [--mails N]``. Generates a
HubSpot export (companies, contacts and deals; Dutch and English text, both number
styles, a quoted multi-line description on every tenth deal) and an mbox archive
(quoted-printable, base64 and HTML-only messages, replies with quoted history) in a
temporary folder, then times reading each with :mod:`buyerlens.ingest` and saving the
result into a fresh SQLite database with the store, as ``buyerlens import`` does. The
baselines, measured in the same run on the same files: the plain ``csv`` module reading
the CSV files, and the standard library parsing every message of the mbox. Exit code 1
when an import takes longer than the budget.
"""

from __future__ import annotations

import argparse
import base64
import csv
import email
import quopri
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from buyerlens import store
from buyerlens.ingest import ReadOptions, read
from buyerlens.ingest.mailtext import split_mbox

BUDGET_S = 60.0
STAGES = ("Appointment Scheduled", "Qualified to Buy", "Contract Sent", "Closed Won",
          "Closed Lost", "Contract verzonden", "Gesloten gewonnen")  # fmt: skip
NOTES = (
    "Eva wil eerst referenties uit de zuivel.\nDe directeur tekent boven € 25.000.",
    "Buyer asked for the tray tolerances in writing; quality manager involved.",
)


def write_hubspot(folder: Path, rows: int) -> list[Path]:
    """Companies, contacts and ``rows`` deals, as HubSpot exports them."""
    companies = max(rows // 50, 1)
    paths = [folder / "companies.csv", folder / "contacts.csv", folder / "deals.csv"]
    with paths[0].open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL)
        out.writerow(["Record ID", "Company name", "Company Domain Name", "Industry",
                      "Country/Region"])  # fmt: skip
        for n in range(companies):
            out.writerow([n, f"Klant {n} BV", f"klant{n}.nl", "Dairy", "Netherlands"])
    with paths[1].open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL)
        out.writerow(["Record ID", "First Name", "Last Name", "Email", "Associated Company ID"])
        for n in range(companies * 2):
            out.writerow([n, "Eva", f"de Vries {n}", f"eva{n}@klant{n // 2}.nl", n // 2])
    with paths[2].open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL)
        out.writerow(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date",
                      "Create Date", "Deal owner", "Associated Company IDs",
                      "Associated Contact IDs", "Deal Description"])  # fmt: skip
        for n in range(rows):
            company = n % companies
            out.writerow([
                n, f"Omdozen {n}", STAGES[n % len(STAGES)], f"{1000 + n % 90000:,}.50",
                f"{1 + n % 12:02d}/{1 + n % 28:02d}/2027", f"09/{1 + n % 28:02d}/2026 09:00",
                "Jan Smit", company, company * 2, NOTES[n % 2] if n % 10 == 0 else "",
            ])  # fmt: skip
    return paths


def _message(n: int) -> str:
    outbound = n % 3 == 0
    sender, recipient = ("jan@acme.nl", f"eva{n % 500}@klant{n % 500}.nl")
    if not outbound:
        sender, recipient = recipient, sender
    body = (f"Beste collega,\n\nKunnen jullie de prijs voor order {n} nog scherper maken? "
            "Ons budget is € 45.000 en de directeur moet tekenen.\n\nMet vriendelijke "
            "groet,\nEva\n\nOp 2 sep. 2026 om 09:00 schreef Jan <jan@acme.nl>:\n> Hierbij "
            "de offerte.\n")  # fmt: skip
    head = (f"From: {sender}\nTo: {recipient}\nSubject: Offerte {n}\n"
            f"Date: Wed, 02 Sep 2026 {n % 24:02d}:{n % 60:02d}:00 +0200\n"
            f"Message-ID: <m{n}@bench.example>\nMIME-Version: 1.0\n")  # fmt: skip
    if n % 3 == 0:
        encoded = quopri.encodestring(body.encode()).decode()
        return head + ("Content-Type: text/plain; charset=utf-8\n"
                       f"Content-Transfer-Encoding: quoted-printable\n\n{encoded}")  # fmt: skip
    if n % 3 == 1:
        encoded = base64.encodebytes(body.encode()).decode()
        return head + ("Content-Type: text/plain; charset=utf-8\n"
                       f"Content-Transfer-Encoding: base64\n\n{encoded}")  # fmt: skip
    html = "<html><body><p>" + body.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
    return head + f"Content-Type: text/html; charset=utf-8\n\n{html}</body></html>\n"


def write_mbox(folder: Path, count: int) -> Path:
    path = folder / "mail.mbox"
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for n in range(count):
            handle.write(f"From bench Wed Sep  2 09:00:00 2026\n{_message(n)}\n")
    return path


CPU: dict[str, float] = {}


def timed(action: Callable[[], Any], *, name: str = "") -> tuple[float, Any]:
    """Wall seconds of ``action`` (CPU seconds noted under ``name``: a busy machine
    stretches the wall time, not the CPU time)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = action()
    CPU[name] = time.process_time() - cpu
    return time.perf_counter() - start, value


def import_into_sqlite(
    folder: Path, paths: list[Path], *, fmt: str, ours: tuple[str, ...] = ()
) -> tuple[float, float, int]:
    """Seconds to read, seconds to save (one transaction), records read."""
    engine = store.connect(f"sqlite:///{folder / f'{fmt}.db'}")
    store.migrate(engine)
    read_s, result = timed(lambda: read(paths, fmt=fmt, options=ReadOptions(
        ours=ours, extra={"tz": "Europe/Amsterdam"})), name="read")  # fmt: skip

    def save() -> None:
        with store.session_scope(engine) as session:
            store.save_bundle(session, result.bundle)

    save_s, _ = timed(save, name="save")
    engine.dispose()
    return read_s, save_s, result.read


def baseline_csv(paths: list[Path]) -> float:
    def run() -> int:
        total = 0
        for path in paths:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                total += sum(1 for _ in csv.reader(handle))
        return total

    return timed(run)[0]


def baseline_mail(path: Path) -> float:
    def run() -> int:
        return sum(1 for _, data in split_mbox(path.read_bytes())
                   if email.message_from_bytes(data).get_payload(decode=True))  # fmt: skip

    return timed(run)[0]


def report(name: str, read_s: float, save_s: float, count: int, base_s: float,
           base_name: str) -> bool:  # fmt: skip
    total = read_s + save_s
    ok = total <= BUDGET_S
    print(f"{name}: {count:,} records  read {read_s:6.2f} s  save {save_s:6.2f} s  "
          f"total {total:6.2f} s  ({count / total:,.0f}/s)  budget {BUDGET_S:.0f} s: "
          f"{'OK' if ok else 'OVER'}")  # fmt: skip
    print(f"  CPU: read {CPU['read']:6.2f} s  save {CPU['save']:6.2f} s")
    print(f"  baseline ({base_name}) {base_s:6.2f} s; read/baseline {read_s / base_s:5.1f}x, "
          f"total/baseline {total / base_s:5.1f}x")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--mails", type=int, default=50_000)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        crm = write_hubspot(folder, args.rows)
        base = baseline_csv(crm)
        read_s, save_s, count = import_into_sqlite(folder, crm, fmt="hubspot")
        ok &= report("CRM (HubSpot CSV)", read_s, save_s, count, base, "csv module")
        mbox = write_mbox(folder, args.mails)
        base = baseline_mail(mbox)
        read_s, save_s, count = import_into_sqlite(folder, [mbox], fmt="mail", ours=("acme.nl",))
        ok &= report("E-mail (mbox)", read_s, save_s, count, base, "stdlib email parse")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Validate the labelled evaluation sets and print their counts.

Usage: python eval/check_eval_sets.py   (from the repository root)

Checks every line is a JSON object of the documented shape, that ids are unique,
that labels come from the vocabulary of product.md for the message's role (signals)
or from the coach finding ids (coach), and prints counts per kind, language, role
and split. It also reports word 8-grams shared between the dev and held-out splits,
so that held-out wording stays different from dev wording. Exit code 1 on any error.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BUYER_KINDS = [
    "time_pressure",
    "confusion",
    "risk_concern",
    "detail_request",
    "info_request",
    "price_focus",
    "price_anchor",
    "approval_process",
    "stakeholder",
    "incumbent",
    "objection",
    "stall",
    "buying_intent",
    "availability",
]
SELLER_KINDS = [
    "commitment",
    "vague_claim",
    "credibility",
    "price_probe",
    "current_price_question",
    "process_question",
    "relationship_question",
    "correction",
]
FINDINGS = [
    "too_long",
    "long_sentences",
    "hard_to_read",
    "no_clear_ask",
    "too_many_asks",
    "no_reason_now",
    "vague_claim",
    "undated_promise",
    "current_price_question",
    "no_credibility",
    "meeting_in_busy_hours",
    "about_us_not_them",
]
MIN_PER_KIND = 12
#: a contact's function (product.md, the bundle's contacts)
CONTACT_ROLES = {
    "purchasing",
    "purchasing_director",
    "accounts_payable",
    "operations",
    "production",
    "quality_control",
    "warehouse",
    "finance",
    "management",
    "engineering",
    "other",
}


def _read(path: Path, errors: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}:{number}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            errors.append(f"{path.name}:{number}: not an object")
            continue
        row["_line"] = number
        rows.append(row)
    return rows


def _check_signal_row(
    name: str, row: dict[str, object], errors: list[str], *, names: bool = False
) -> None:
    where = f"{name}:{row['_line']}"
    keys = {"id", "text", "role", "lang", "at", "kinds", "_line"}
    if names:  # the names set also carries what the CRM knows of the deal
        keys |= {"incumbents", "colleagues"}
        inc, col = row.get("incumbents"), row.get("colleagues")
        if not isinstance(inc, list) or not all(isinstance(n, str) and n for n in inc):
            errors.append(f"{where}: 'incumbents' must be a list of names")
        if not isinstance(col, dict) or not all(v in CONTACT_ROLES for v in col.values()):
            errors.append(f"{where}: 'colleagues' must map names to contact roles")
    if set(row) != keys:
        errors.append(f"{where}: keys {sorted(set(row) ^ keys)} differ from the contract")
        return
    if row["role"] not in ("buyer", "seller") or row["lang"] not in ("nl", "en"):
        errors.append(f"{where}: bad role or lang")
        return
    allowed = BUYER_KINDS if row["role"] == "buyer" else SELLER_KINDS
    kinds = row["kinds"]
    if not isinstance(kinds, list) or any(k not in allowed for k in kinds):
        errors.append(f"{where}: kinds {kinds} not in the {row['role']} vocabulary")
    elif len(set(kinds)) != len(kinds):
        errors.append(f"{where}: duplicate kinds")
    elif "price_anchor" in kinds and "price_focus" not in kinds:
        errors.append(f"{where}: price_anchor without price_focus (see GUIDELINES.md)")
    if not isinstance(row["text"], str) or not row["text"].strip():
        errors.append(f"{where}: empty text")
    try:
        at = datetime.fromisoformat(str(row["at"]))
        if at.tzinfo is None:
            errors.append(f"{where}: 'at' has no offset")
    except ValueError:
        errors.append(f"{where}: 'at' is not ISO 8601")


def _ngrams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _signals_report(splits: dict[str, list[dict[str, object]]], errors: list[str]) -> None:
    for split, rows in splits.items():
        if split == "names":  # a set aimed at two kinds: no minimum per kind
            incumbent = sum(1 for r in rows if "incumbent" in r["kinds"])  # type: ignore[operator]
            stakeholder = sum(1 for r in rows if "stakeholder" in r["kinds"])  # type: ignore[operator]
            print(
                f"\n== signals/names: {len(rows)} messages; incumbent {incumbent}, "
                f"stakeholder {stakeholder}"
            )
            continue
        langs = Counter(str(r["lang"]) for r in rows)
        roles = Counter(str(r["role"]) for r in rows)
        empty = sum(1 for r in rows if not r["kinds"])
        print(f"\n== signals/{split}: {len(rows)} messages; lang {dict(langs)}; role {dict(roles)}")
        print(f"   no signal: {empty} ({100 * empty / max(len(rows), 1):.0f}%)")
        per: Counter[tuple[str, str]] = Counter()
        for r in rows:
            for k in r["kinds"]:  # type: ignore[attr-defined]
                per[(str(k), str(r["lang"]))] += 1
        print(f"   {'kind':24} {'nl':>4} {'en':>4} {'all':>4}")
        for role, kinds in (("buyer", BUYER_KINDS), ("seller", SELLER_KINDS)):
            print(f"   -- {role}")
            for k in kinds:
                nl, en = per[(k, "nl")], per[(k, "en")]
                flag = "" if nl + en >= MIN_PER_KIND else "  < minimum"
                print(f"   {k:24} {nl:4} {en:4} {nl + en:4}{flag}")
                if nl + en < MIN_PER_KIND:
                    errors.append(f"signals/{split}: {k} has {nl + en} < {MIN_PER_KIND}")
    for held in ("heldout", "writers"):
        for other in ("dev", "train"):
            if other not in splits or held not in splits:
                continue
            grams: set[tuple[str, ...]] = set()
            for r in splits[other]:
                grams |= _ngrams(str(r["text"]))
            shared = [str(r["id"]) for r in splits[held] if _ngrams(str(r["text"])) & grams]
            print(
                f"\n   {held} messages sharing a word 8-gram with {other}: {len(shared)} {shared}"
            )


def check_signals(errors: list[str]) -> None:
    splits: dict[str, list[dict[str, object]]] = {}
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    # the training files of the learned layer (one per writer) form one split, "train";
    # no text may appear twice anywhere, least of all in train and the held-out splits
    files = [
        ("dev", ROOT / "signals" / "dev.jsonl"),
        ("heldout", ROOT / "signals" / "heldout.jsonl"),
    ]
    files += [("train", p) for p in sorted((ROOT / "signals" / "train").glob("*.jsonl"))]
    # held out by writer: eight writers' files no tuning or training reads (GUIDELINES.md)
    files += [
        ("writers", p) for p in sorted((ROOT / "signals" / "heldout_writers").glob("*.jsonl"))
    ]
    # the names set: messages with their deal's incumbent and colleagues (GUIDELINES.md)
    names = ROOT / "signals" / "names"
    files += [("names", names / "dev.jsonl")]
    files += [("names", p) for p in sorted((names / "heldout").glob("*.jsonl"))]
    for split, path in files:
        if not path.exists():
            errors.append(f"missing {path.name}")
            continue
        rows = _read(path, errors)
        for row in rows:
            _check_signal_row(path.name, row, errors, names=split == "names")
            rid, text = str(row.get("id")), str(row.get("text", "")).strip().lower()
            if rid in seen_ids:
                errors.append(f"{path.name}:{row['_line']}: duplicate id {rid}")
            if text in seen_texts:
                errors.append(f"{path.name}:{row['_line']}: duplicate text")
            seen_ids.add(rid)
            seen_texts.add(text)
        splits.setdefault(split, []).extend(r for r in rows if isinstance(r.get("kinds"), list))
    _signals_report(splits, errors)
    _check_second_annotator({str(r["id"]): r for r in splits.get("writers", [])}, errors)


def _check_second_annotator(writers: dict[str, dict[str, object]], errors: list[str]) -> None:
    """The second labelling of held-out writers' messages (eval/agreement_signals.py): each
    line names a message of heldout_writers/ once and only kinds of that message's role."""
    path = ROOT / "signals" / "agreement" / "second_annotator.jsonl"
    if not path.exists():
        errors.append(f"missing {path.name}")
        return
    seen: set[str] = set()
    for row in _read(path, errors):
        where = f"{path.name}:{row['_line']}"
        rid, kinds = str(row.get("id")), row.get("kinds")
        if set(row) != {"id", "kinds", "_line"} or not isinstance(kinds, list):
            errors.append(f"{where}: keys {sorted(row)} differ from {{id, kinds}}")
        elif rid not in writers or rid in seen:
            errors.append(f"{where}: id {rid} is not a message of heldout_writers/ or repeats")
        else:
            allowed = BUYER_KINDS if writers[rid]["role"] == "buyer" else SELLER_KINDS
            if any(k not in allowed for k in kinds):
                errors.append(
                    f"{where}: kinds {kinds} not in the {writers[rid]['role']} vocabulary"
                )
        seen.add(rid)
    print(f"\n== signals/agreement: {len(seen)} messages of heldout_writers/ labelled again")


def check_coach(errors: list[str]) -> None:
    path = ROOT / "coach" / "drafts.jsonl"
    if not path.exists():
        errors.append("missing coach/drafts.jsonl")
        return
    rows = _read(path, errors)
    ids: set[str] = set()
    per: Counter[tuple[str, str]] = Counter()
    for row in rows:
        where = f"{path.name}:{row['_line']}"
        required = {"id", "lang", "first_contact", "text", "findings"}
        if not required <= set(row) or not set(row) <= required | {"context", "_line"}:
            errors.append(f"{where}: keys {sorted(row)} differ from the contract")
            continue
        if row["id"] in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(str(row["id"]))
        if row["lang"] not in ("nl", "en") or not isinstance(row["first_contact"], bool):
            errors.append(f"{where}: bad lang or first_contact")
        findings = row["findings"]
        if not isinstance(findings, list) or any(f not in FINDINGS for f in findings):
            errors.append(f"{where}: unknown findings {findings}")
            continue
        if "no_credibility" in findings and not row["first_contact"]:
            errors.append(f"{where}: no_credibility on a draft that is not a first contact")
        for f in findings or ["(none)"]:
            per[(str(f), str(row["lang"]))] += 1
    langs = Counter(str(r["lang"]) for r in rows)
    first = sum(1 for r in rows if r.get("first_contact") is True)
    print(f"\n== coach/drafts: {len(rows)} drafts; lang {dict(langs)}; first contact {first}")
    print(f"   {'finding':24} {'nl':>4} {'en':>4} {'all':>4}")
    for f in [*FINDINGS, "(none)"]:
        nl, en = per[(f, "nl")], per[(f, "en")]
        print(f"   {f:24} {nl:4} {en:4} {nl + en:4}")


def main() -> int:
    errors: list[str] = []
    check_signals(errors)
    if (ROOT / "coach").exists():
        check_coach(errors)
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

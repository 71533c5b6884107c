"""The call-prep brief: content, order, languages, escaping, and the one-page PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from report_helpers import AS_OF, bundle, data

from buyerlens.engine import analyze
from buyerlens.model import Bundle, NotFoundError, UsageError, parse_bundle
from buyerlens.report import render_brief

HEADINGS = {
    "nl": [
        "Gespreksvoorbereiding",
        "Met wie je praat",
        "Koopgedrag",
        "Beloftes en verzoeken",
        "Nog te stellen vragen",
        "Open met",
        "Stel een gesprek voor",
    ],
    "en": [
        "Call prep",
        "Who you will talk to",
        "Buying patterns",
        "Promises and requests",
        "Questions still to ask",
        "Open with",
        "Propose to talk",
    ],
}


@pytest.fixture(scope="module")
def small() -> Bundle:
    return bundle()


@pytest.fixture(scope="module")
def brief_nl(small: Bundle) -> str:
    text = render_brief(small, "d1", as_of=AS_OF, fmt="md")
    assert isinstance(text, str)
    return text


def _section(markdown: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``##``."""
    part = markdown.split(f"## {heading}\n", 1)[1]
    return part.split("\n## ", 1)[0]


def test_brief_follows_the_main_contacts_language(brief_nl: str, small: Bundle) -> None:
    assert [h for h in HEADINGS["nl"] if h not in brief_nl] == []
    english = render_brief(small, "d2", as_of=AS_OF, fmt="md")
    assert isinstance(english, str)
    assert [h for h in HEADINGS["en"] if h not in english] == []
    forced = render_brief(small, "d1", as_of=AS_OF, fmt="md", lang="en")
    assert isinstance(forced, str)
    assert "## Who you will talk to" in forced
    # Questions come from the playbook in the brief's language (B3).
    assert "Can you help me understand how a supplier gets added" in forced
    assert "Kunt u me helpen begrijpen hoe een leverancier" in brief_nl


def test_rule_b1_overdue_promises_come_first_then_requests_then_open(
    brief_nl: str, small: Bundle
) -> None:
    (diagnosis,) = analyze(small, as_of=AS_OF, deal_ids=["d1"])
    card = diagnosis.scorecard
    lines = [ln for ln in _section(brief_nl, "Beloftes en verzoeken").splitlines() if ln]
    # k1 was due on 4 September and is not done: overdue, so it leads.
    assert lines[0] == "- **Palletspecificatie sturen**: te laat sinds vr 4 sep (k1)"
    requests = [f"“{r.text}”" for r in card.open_requests]
    assert requests  # the buyer's unanswered questions (i4 at least)
    kinds = []
    for line in lines:
        if "te laat sinds" in line:
            kinds.append("overdue")
        elif any(text in line for text in requests):
            kinds.append("request")
        else:
            kinds.append("open")
    assert kinds == sorted(kinds, key=["overdue", "request", "open"].index)
    assert kinds.count("request") == len(requests)
    # Open promises: the one with a due date before the one without.
    assert lines[-2:] == [
        "- **Certificaten sturen**: uiterlijk vr 23 okt (k3)",
        "- **Referentie zuivelklant doorgeven**: geen datum (k2)",
    ]


def test_rule_c1_contacts_show_role_card_and_one_line_of_evidence(brief_nl: str) -> None:
    people = _section(brief_nl, "Met wie je praat")
    assert "### Eva de Vries, Inkoper" in people
    assert "_Inkoop · koper · tekent tot EUR 25.000_" in people
    # Each priority line quotes the buyer's sentence, the matched words in bold.
    assert "“Ik heb **weinig tijd** deze week.” (i1 · di 1 sep)" in people
    # A stem match is widened to the whole word: "certificat" -> **certificaten**.
    risk = next(ln for ln in people.splitlines() if ln.startswith("- **Risicomijdend**"))
    assert re.search(r"“[^”]*\*\*(certificaten|referenties)\*\*[^”]*” \(i3 · zo 20 sep\)", risk)
    # The role card of the warehouse (C1): pallets.
    assert "- palletopbouw (dozen per pallet, hoogte, gewicht)" in people


def test_rule_b3_patterns_with_level_and_strongest_evidence(brief_nl: str) -> None:
    rows = _section(brief_nl, "Koopgedrag").splitlines()
    approval = next(r for r in rows if r.startswith("| Goedkeuringsrisico"))
    assert approval == (
        "| Goedkeuringsrisico | **hoog** | Eva de Vries tekent tot EUR 25.000; de deal is 48.000 |"
    )
    assert any(r.startswith("| Huidige leverancier | **midden** | Verpakkingen Oost") for r in rows)


def test_rule_p2_credibility_matches_the_buyers_industry(brief_nl: str, small: Bundle) -> None:
    assert _section(brief_nl, "Open met").strip().splitlines() == [
        "- **Melkunie: lijnafval -18%**: Omdozen afgestemd op de lijn; 18% minder afval.",
        "- **15 jaar in de sector dairy**",
    ]
    english = render_brief(small, "d2", as_of=AS_OF, fmt="md")
    assert isinstance(english, str)
    assert "No case, years or award in bakery yet" in _section(english, "Open with")


def test_rule_p1_slots_in_both_zones_with_the_fallback_said(small: Bundle) -> None:
    english = render_brief(small, "d2", as_of=AS_OF, fmt="md")
    assert isinstance(english, str)
    slots = _section(english, "Propose to talk")
    assert "| | Helen Ashworth (Europe/London) | You (Europe/Amsterdam) |" in slots
    assert "| before work | Wed 21 Oct 07:30–08:00 | 08:30–09:00 |" in slots
    assert "Helen Ashworth has no time zone; the account's (Europe/London) is used." in slots


def test_rule_p1_no_time_zone_anywhere_is_said_on_the_page() -> None:
    raw = data()
    raw["accounts"][1].pop("timezone")
    text = render_brief(parse_bundle(raw), "d2", as_of=AS_OF, fmt="md")
    assert isinstance(text, str)
    assert "No time zone for Helen Ashworth or the account" in text


def test_markdown_and_html_escape_what_they_must() -> None:
    raw = data()
    raw["contacts"][0]["name"] = "Eva *de* Vries | <script>alert(1)</script>"
    tricky = parse_bundle(raw)
    text = render_brief(tricky, "d1", as_of=AS_OF, fmt="md")
    assert isinstance(text, str)
    assert r"### Eva \*de\* Vries \| \<script\>alert(1)\</script\>" in text
    page = render_brief(tricky, "d1", as_of=AS_OF, fmt="html")
    assert isinstance(page, str)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<html lang="nl">' in page
    assert "overflow-wrap: break-word" in page


@pytest.mark.parametrize(
    ("deal", "kwargs", "error", "match"),
    [
        ("d9", {}, NotFoundError, r"no deal with id 'd9' \(known deals: d1, d2\)"),
        ("d1", {"fmt": "docx"}, UsageError, r"format must be one of md, html, pdf"),
        ("d1", {"lang": "de"}, UsageError, r"language must be one of nl, en"),
    ],
)
def test_bad_requests_are_clear(
    small: Bundle, deal: str, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        render_brief(small, deal, as_of=AS_OF, **kwargs)


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


def test_pdf_is_one_a4_page_with_the_headings(small: Bundle) -> None:
    pdf = render_brief(small, "d1", as_of=AS_OF, fmt="pdf")
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    assert pages == 1
    missing = [h for h in HEADINGS["nl"] if h.upper() not in text.upper()]
    assert missing == []
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    width, height = page.get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    image = page.render(scale=1).to_pil().convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128]) / (image.width * image.height)
    assert 0.005 < dark < 0.5  # text on white, neither blank nor a black box


def test_pdf_long_names_and_quotes_stay_on_the_page() -> None:
    raw = data()
    long_name = "Evangelina-Wilhelmina " + "van " * 12 + "Oudshoorn-" + "X" * 70
    raw["contacts"][0]["name"] = long_name
    raw["contacts"][0]["title"] = "Senior-" + "Inkoop" * 25
    raw["deals"][0]["title"] = "Omdozen " + "Zuivel" * 30
    raw["interactions"][0]["text"] = (
        "Beste Jan, ik heb weinig tijd " + "ABCDEFGHIJ" * 30 + " en daarom kort."
    )
    raw["commitments"][0]["text"] = "Palletspecificatie" * 12
    pdf = render_brief(parse_bundle(raw), "d1", as_of=AS_OF, fmt="pdf")
    assert isinstance(pdf, bytes)
    assert _pdf_text(pdf)[0] == 1
    page = pdfium.PdfDocument(pdf)[0]
    width, _ = page.get_size()
    text = page.get_textpage()
    right_edges = [text.get_charbox(i)[2] for i in range(text.count_chars())]
    assert right_edges
    assert max(right_edges) <= width - 20  # inside the right margin (12 mm = 34 pt)


def test_pdf_of_a_crowded_deal_is_cut_down_to_one_page() -> None:
    raw = data()
    for n in range(4, 14):
        raw["contacts"].append(
            {"id": f"c{n}", "account": "a1", "name": f"Contact {n} met een lange naam",
             "role": "quality_control", "title": "Kwaliteitsmanager voedselveiligheid"}
        )  # fmt: skip
        raw["deals"][0]["contacts"].append({"contact": f"c{n}", "buying_role": "approver"})
        raw["interactions"].append(
            {"id": f"i{n + 10}", "deal": "d1", "contact": f"c{n}", "direction": "inbound",
             "at": "2026-10-01T10:00:00+02:00",
             "text": "Welke certificaten heeft u? Wij hebben weinig tijd. Stuur de specificaties "
             "en de testrapporten, en wat kost het per stuk?"}
        )  # fmt: skip
    for n in range(4, 24):
        raw["commitments"].append(
            {"id": f"k{n}", "deal": "d1", "text": f"Belofte nummer {n} met wat uitleg erbij",
             "due": "2026-09-10T17:00:00+02:00"}
        )  # fmt: skip
    crowded = parse_bundle(raw)
    pdf = render_brief(crowded, "d1", as_of=AS_OF, fmt="pdf")
    assert isinstance(pdf, bytes)
    pages, text = _pdf_text(pdf)
    assert pages == 1
    assert "meer" in text  # "+N meer": what did not fit is counted, not hidden
    assert "TE LAAT SINDS" in text.upper()

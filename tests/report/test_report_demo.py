"""The brief of every demo deal renders in md, html and (one deal) pdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from report_helpers import DEMO, DEMO_AS_OF

from buyerlens.model import Bundle, parse_bundle
from buyerlens.report import render_brief

pytestmark = pytest.mark.skipif(not DEMO.is_file(), reason="the demo bundle is not there yet")


@pytest.fixture(scope="module")
def demo() -> Bundle:
    return parse_bundle(DEMO.read_bytes(), name=str(DEMO))


def test_every_demo_deal_has_a_brief_in_md_and_html(demo: Bundle) -> None:
    for deal in demo.deals:
        text = render_brief(demo, deal.id, as_of=DEMO_AS_OF, fmt="md")
        page = render_brief(demo, deal.id, as_of=DEMO_AS_OF, fmt="html")
        assert isinstance(text, str)
        assert isinstance(page, str)
        assert deal.title.split()[0] in text, deal.id
        assert text.count("\n## ") >= 5, deal.id
        assert page.count("<h2>") >= 6, deal.id


def test_rule_b1_demo_audition_brief_is_one_page_with_overdue_promises_first(
    demo: Bundle,
) -> None:
    pdf = render_brief(demo, "d1", as_of=DEMO_AS_OF, fmt="pdf")
    assert isinstance(pdf, bytes)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Marloes Hoekstra" in text
    # k105 and k107 are overdue (DEMO.md); they come before the open k108 and k109.
    positions = [text.find(k) for k in ("k105", "k107", "k108", "k109")]
    assert -1 not in positions
    assert positions == sorted(positions)

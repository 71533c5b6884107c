"""Property tests: no input crashes the extractor and every span is a valid slice."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buyerlens.signals import detect_language, extract, split_message
from buyerlens.signals.normalize import make_buffer

AT = datetime.fromisoformat("2026-09-02T10:00:00+02:00")
WORDS = st.sampled_from(
    [
        "prijs",
        "niet",
        "geen",
        "te duur",
        "€",
        "0,92",
        "per stuk",
        "price",
        "isn't",
        "the issue",
        "'",
        "’",
        "ß",
        "é",
        "\u0301",
        "ﬁ",
        "?",
        ".",
        "\n",
        "> ",
        "Op di schreef Jan:",
        "-- ",
        "Kind regards",
        "1.234,56",
        "k",
        "£",
        "vrijdag",
        "I'll send",
        "budget is",
        "Ｐ",
        "İ",
    ]
)
MIXED = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=40).map(" ".join)


def check(text: str) -> None:
    for role in ("buyer", "seller"):
        for s in extract(text, role=role, at=AT):
            assert 0 <= s.start <= s.end <= len(text)
            assert text[s.start : s.end] == s.text
    parts = split_message(text)
    assert 0 <= parts.start <= parts.end <= len(text)
    assert detect_language(text) in ("nl", "en")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_lexicon_words_in_odd_combinations(text: str) -> None:
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=200))
def test_control_characters(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_buffer_map_points_into_the_original(text: str) -> None:
    buf = make_buffer(text)
    folded = len(buf.buf) - 2
    for i in range(0, folded, max(1, folded // 20)):
        assert 0 <= buf.orig(i) < max(1, len(text)) or not text


def test_empty_and_whitespace() -> None:
    assert extract("", role="buyer") == []
    assert extract(" \n\t ", role="seller") == []


def test_pathological_repetition() -> None:
    units = ("niet ", "geen geen ", "€€€", "> \n", "1.1.1.1,", "prijs? ", "'" * 50, "-- \n")
    units += ("\n \n", "\n\n***", "\n\nThis email ", "\n\nDisclaimer\n")
    for unit in units:
        check(unit * 5000)


def test_ten_megabyte_input() -> None:
    text = (
        "Graag ontvang ik de offerte. De prijs is niet het probleem maar € 1.234,56 "
        "is te duur voor ons. Ｔｈｅ price isn't the issue.\n"
    ) * 95_000
    assert len(text) > 10_000_000
    found = extract(text, role="buyer")
    assert found
    assert all(text[s.start : s.end] == s.text for s in found[:: max(1, len(found) // 1000)])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_buffer_keeps_every_offset(text: str) -> None:
    """Pure ASCII needs no offset map: the buffer is the text, one space each side."""
    buf = make_buffer(text)
    assert len(buf.buf) == len(text) + 2
    assert buf.bp_norm == ()


NAMES = st.lists(
    st.one_of(
        st.sampled_from(["Lemmens", "De Hoop", "B.V.", "(", "Ｌ", "ß"]), st.text(max_size=12)
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(MIXED, NAMES, NAMES)
def test_names_from_the_crm_never_break_a_reading(
    text: str, suppliers: list[str], people: list[str]
) -> None:
    """R-B4/R-B3: the CRM's names are data too (any characters, empty, generic words only):
    the reading with them never crashes, and every span is still a valid slice."""
    colleagues = dict.fromkeys(people, "operations")
    text = " ".join([text, *suppliers, *people, text])  # the names in the text as well
    for role in ("buyer", "seller"):
        for s in extract(text, role=role, at=AT, incumbents=suppliers, colleagues=colleagues):
            assert 0 <= s.start <= s.end <= len(text)
            assert text[s.start : s.end] == s.text

"""The extractor's fast paths give exactly what the plain paths give (R-P1..R-B4 evidence
must not change with speed work)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buyerlens.signals import extract
from buyerlens.signals._scan import WordSigns, collect, fold_ascii, sentence_end
from buyerlens.signals.anchors import amounts
from buyerlens.signals.extractor import (
    CONTRAST,
    CURRENCY,
    ENTRY,
    NEG,
    NEG_AFTER,
    NEGTONE,
    POS,
    PRICE_CTX,
    REQUEST,
    REQUIRED,
    UNLESS,
    UNLESS_CLAUSE,
    Matcher,
    default_matcher,
)
from buyerlens.signals.fastsignal import make_signal as _signal
from buyerlens.signals.langid import _signs, detect_language, dutch_lead, folded_scores
from buyerlens.signals.normalize import _FOLD, _ascii, _unquote, fold_text, make_buffer
from buyerlens.signals.scope import SENTENCE_END, sentence_start
from buyerlens.signals.types import Signal
from buyerlens.signals.values import AMOUNT_RE


def test_fast_signal_equals_dataclass_signal() -> None:
    args = ("price_focus", 3, 11, "te duur", None, None, "nl.price_focus.te_duur", "B2", None)
    fast, plain = _signal(*args), Signal(*args)
    assert fast == plain
    assert repr(fast) == repr(plain)
    assert fast.extra == {}
    assert fast.extra is not _signal(*args).extra
    with pytest.raises(AttributeError):
        fast.kind = "x"  # type: ignore[misc]


def _slow_unquote(buf: str) -> str:
    buf = buf.replace(" '", "  ").replace("' ", "  ")
    while " '" in buf or "' " in buf:
        buf = buf.replace(" '", "  ").replace("' ", "  ")
    return buf


@pytest.mark.parametrize(
    "text",
    [
        "Dat is 'te duur' zei hij.",
        "We don't think the price is right; foto's en collega's.",
        "''prijs'' en '''korting'''",
        "'",
        "it's",
        "no quotes at all",
    ],
)
def test_unquote_only_strips_quotes_at_word_edges(text: str) -> None:
    buf = " " + text.lower().replace(";", " ").replace(".", " ").replace(",", " ") + " "
    assert _unquote(buf) == _slow_unquote(buf)


def test_plain_keys_point_at_their_only_entry() -> None:
    m = default_matcher("buyer")
    assert len(m.plain) == m.size
    assert len(m.meta) == len(m.entries)
    for pid, idx in enumerate(m.plain):
        if idx >= 0:
            assert m.payloads[pid] == ((-1, idx, 1, 1),)


def test_the_one_pass_language_lead_is_the_difference_of_the_scores() -> None:
    """detect_language compares Dutch-only and English-only function words in one pass:
    the same answer as counting both, on real messages in both languages."""
    for text, _ in _labelled_texts():
        buf = make_buffer(text).buf
        for sample in (500, 1500):
            nl, en = folded_scores(buf, sample=sample)
            assert dutch_lead(buf, sample=sample) == nl - en


def test_language_scores_count_each_word_once() -> None:
    buf = make_buffer("Wij hebben de offerte en the price is what we pay").buf
    nl, en = folded_scores(buf)
    assert nl >= 2
    assert en >= 2


def test_amount_found_after_long_currency_prefix() -> None:
    # the currency cue's window is cut just before the first digit: "eur. " must survive
    sigs = extract("Wij betalen nu eur. 0,92 per stuk.", role="buyer", lang="nl")
    anchors = [s for s in sigs if s.kind == "price_anchor"]
    assert anchors
    assert anchors[0].value is not None
    assert anchors[0].value["amount"] == 0.92


def test_amount_search_near_digits_equals_finditer() -> None:
    # amounts skips to digits; it must find exactly what a plain finditer finds, so a
    # change to AMOUNT_RE that lets an amount start further before its number fails here
    rng = random.Random(11)
    tokens = ["€", "$", "£", "eur", "eur.", "EUR ", "usd", "gbp", "euro", " ", "\u00a0", "1.250",
              "0,92", "40.000", "7", ",", ".", "-", "k", "mln", "per stuk", "/ unit", "prijs",
              "ex btw per", "a", "x", "2026", "cents", ",-"]  # fmt: skip
    for _ in range(3000):
        body = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 14)))
        lo = rng.randint(0, len(body))
        hi = rng.randint(lo, len(body))
        want = [(m.span(), m.groupdict()) for m in AMOUNT_RE.finditer(body, lo, hi)]
        assert [(m.span(), m.groupdict()) for m in amounts(body, lo, hi)] == want, body


def _collect_in_python(
    found: list[tuple[int, int, int]], m: Matcher
) -> tuple[list[Any], list[Any], list[list[int]], list[dict[str, list[int]]], list[Any]]:
    """The plain Python loop that ``_scan.collect`` replaced (the reference)."""
    hits: list[Any] = []
    money: list[Any] = []
    cues: dict[int, list[int]] = {NEG: [], NEG_AFTER: [], CONTRAST: [], REQUEST: []}
    where: dict[int, dict[str, list[int]]] = {REQUIRED: {}, UNLESS: {}, UNLESS_CLAUSE: {}}
    tone: list[Any] = []
    for pid, s, e in found:
        for code, idx, lead, trail in m.payloads[pid]:
            fs, fe = s + lead - 1, e - trail - 1
            if code == ENTRY:
                hits.append((fs, -fe, idx))
            elif code == PRICE_CTX:
                money.append((code, fs, fe, idx))
            elif code == NEG:
                cues[code].append(fe)
            elif code in cues:
                cues[code].append(fs)
            elif code in where:
                where[code].setdefault(m.entries[idx].id, []).append(fs)
            elif code in (POS, NEGTONE):
                tone.append((fs, fe, 1 if code == POS else -1))
            else:
                money.append((code, fs, fe, -1))
    return (
        sorted(hits),
        money,
        [cues[c] for c in (NEG, NEG_AFTER, CONTRAST, REQUEST)],
        [where[c] for c in (REQUIRED, UNLESS, UNLESS_CLAUSE)],
        tone,
    )


def _labelled_texts() -> list[tuple[str, str]]:
    root = Path(__file__).resolve().parents[2] / "eval" / "signals"
    out = []
    for path in (root / "dev.jsonl", *sorted((root / "train").glob("t8*.jsonl"))):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            out.append((item["text"], item["role"]))
    return out


@pytest.mark.parametrize("role", ["buyer", "seller"])
def test_the_c_hand_over_sorts_every_payload_as_the_python_loop_did(role: str) -> None:
    """Every match of about 1,500 real messages (both languages, both roles: entry forms,
    negation, contrast, tone, money, required and cancelling words) lands in the same
    list, in the same order, as in the plain loop it replaced."""
    m = default_matcher(role)
    codes_seen: set[int] = set()
    for text, _ in _labelled_texts():
        buf = make_buffer(text).buf
        found = m.find(buf)
        hits: list[Any] = []
        money: list[Any] = []
        cues: list[list[int]] = [[], [], [], []]
        where: list[dict[str, list[int]]] = [{}, {}, {}]
        tone: list[Any] = []
        collect(found, *m.c_tables, m.entry_ids, hits, money, *cues, *where, tone)
        assert (sorted(hits), money, cues, where, tone) == _collect_in_python(found, m)
        codes_seen.update(code for pid, _, _ in found for code, _, _, _ in m.payloads[pid])
    # the messages exercised every kind of payload (price context words belong to the
    # buyer's price anchors)
    every = {ENTRY, NEG, NEG_AFTER, CONTRAST, REQUEST, REQUIRED, UNLESS, POS, NEGTONE, CURRENCY}
    assert codes_seen >= (every | {PRICE_CTX} if role == "buyer" else every)


def test_the_c_hand_over_refuses_what_it_cannot_read() -> None:
    m = default_matcher("buyer")
    lists: tuple[Any, ...] = ([], [], [], [], [], [], {}, {}, {}, [])
    with pytest.raises(IndexError, match="key is out of range"):
        collect([(m.size, 0, 3)], *m.c_tables, m.entry_ids, *lists)
    with pytest.raises(TypeError, match=r"\(key, start, end\)"):
        collect([(0, 1)], *m.c_tables, m.entry_ids, *lists)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="one more number"):
        collect([], m.c_tables[0], b"", m.c_tables[2], m.entry_ids, *lists)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-5, max_value=10**6),
            st.integers(min_value=-(2**40), max_value=2**40),
            st.integers(min_value=-(2**40), max_value=2**40),
        ),
        max_size=50,
    )
)
def test_the_c_hand_over_never_crashes_on_arbitrary_matches(
    found: list[tuple[int, int, int]],
) -> None:
    """Any keys and offsets: either the same lists as the Python loop or a clean
    ``IndexError`` for a key the automaton does not have."""
    m = default_matcher("buyer")
    hits: list[Any] = []
    money: list[Any] = []
    cues: list[list[int]] = [[], [], [], []]
    where: list[dict[str, list[int]]] = [{}, {}, {}]
    tone: list[Any] = []
    if any(not 0 <= pid < m.size for pid, _, _ in found):
        with pytest.raises(IndexError, match="key is out of range"):
            collect(found, *m.c_tables, m.entry_ids, hits, money, *cues, *where, tone)
        return
    collect(found, *m.c_tables, m.entry_ids, hits, money, *cues, *where, tone)
    assert (sorted(hits), money, cues, where, tone) == _collect_in_python(found, m)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("' '' aZ09$.,-\n\t\x00\x01\x7f")),
            st.characters(max_codepoint=127),
        ),
        max_size=80,
    )
)
def test_the_c_ascii_fold_equals_the_python_fold(text: str) -> None:
    """``_scan.fold_ascii`` is the scan buffer of ASCII text as the Python folding made
    it: lower case, digits, ``$`` and in-word apostrophes kept, quote marks spaces."""
    assert fold_ascii(text) == _unquote(" " + _ascii(text) + " ")


def test_the_c_ascii_fold_takes_only_ascii() -> None:
    assert fold_ascii("Dat is 'te duur'.") == " dat is  te duur   "
    with pytest.raises(ValueError, match="ASCII"):
        fold_ascii("één prijs")


def _lead_in_python(text: str, limit: int, fold: bool, signs: dict[str, int]) -> int:
    """``WordSigns.lead`` as the language detection counted before it moved to C."""
    sample = _ascii(text[:limit]) if fold else text[:limit]
    return sum(signs.get(w, 0) for w in sample.split())


_SPLIT_SPACES = " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["de", "het", "the", "and", "een", "De", "THE", "ik's", "$5", "it's"]),
            st.text(alphabet=st.characters(max_codepoint=127), max_size=6),
        ),
        max_size=40,
    ).map("".join),
    st.integers(min_value=0, max_value=300),
    st.booleans(),
)
def test_the_c_function_word_count_equals_the_python_count(
    text: str, limit: int, fold: bool
) -> None:
    """``WordSigns.lead`` splits as ``str.split`` does (every ASCII whitespace character,
    \\x1c-\\x1f included) and folds as ``fold_text`` does for ASCII."""
    signs = {"de": 1, "het": 1, "een": 1, "the": -1, "and": -1, "ik's": 2, "$5": -3}
    table = WordSigns(signs)
    assert table.lead(text, limit, fold) == _lead_in_python(text, limit, fold, signs)


def test_the_c_function_word_count_on_real_messages() -> None:
    table = WordSigns(_signs())
    for text, _ in _labelled_texts():
        buf = make_buffer(text).buf
        for limit in (0, 500, 1500, 10**6):
            assert table.lead(buf, limit, False) == _lead_in_python(buf, limit, False, _signs())
            if text.isascii():
                assert table.lead(text, limit, True) == _lead_in_python(text, limit, True, _signs())


def test_the_c_function_word_count_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        WordSigns({"één": 1})
    with pytest.raises(ValueError, match="not one word"):
        WordSigns({"de prijs": 1})
    with pytest.raises(ValueError, match="non-empty"):
        WordSigns({"": 1})
    with pytest.raises(TypeError, match="must be an int"):
        WordSigns({"de": 1.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        WordSigns(["de"])  # type: ignore[arg-type]
    table = WordSigns({"de": 1})
    with pytest.raises(ValueError, match="ASCII"):
        table.lead("één de", 10, True)
    with pytest.raises(ValueError, match="limit"):
        table.lead("de", -1, True)
    with pytest.raises(ValueError, match="not initialised"):
        WordSigns.__new__(WordSigns).lead("de", 10, False)
    long_word = "d" * 200
    assert WordSigns({long_word: 4}).lead(f"{long_word} {long_word}x de", 1000, False) == 4


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("éëÉ€£’`'ſ ﬁ\u0301\n\t ")),
            st.characters(),
        ),
        max_size=60,
    )
)
def test_folding_by_runs_equals_folding_every_character(text: str) -> None:
    """fold_text folds ASCII stretches through the byte table and only the non-ASCII runs
    character by character: the same string as folding every character, as the two
    tables agree on every ASCII character."""
    assert fold_text(text) == text.translate(_FOLD)


def test_every_fold_agrees_with_the_scan_buffer_on_ascii() -> None:
    """A grave accent is a space in the scan buffer, so in every other fold too (it was an
    apostrophe in the character table, which no buffer could match)."""
    ascii_chars = "".join(map(chr, range(128)))
    assert ascii_chars.translate(_FOLD) == _ascii(ascii_chars)
    assert fold_text("don`t één") == "don t een"
    assert make_buffer("don`t één").buf == " don t een "


def test_language_detection_reads_as_the_python_count_did() -> None:
    """detect_language's C count (ASCII text folded while read, other text folded by runs)
    decides as counting the folded sample's words in Python, on real messages."""
    for text, _ in _labelled_texts():
        lead = _lead_in_python(fold_text(text[:1500]), 1500, False, _signs())
        assert detect_language(text) == ("nl" if lead > 0 else "en")


def _sentence_start_in_python(body: str, lo: int, start: int) -> int:
    """scope.sentence_start as it was before it moved to C."""
    while True:
        i = max(
            body.rfind(".", lo, start),
            body.rfind("!", lo, start),
            body.rfind("?", lo, start),
            body.rfind("\n", lo, start),
        )
        if i < 0 or body[i] != "." or not body[i + 1 : i + 2].isdigit():
            return i + 1
        start = i


#: characters the sentence rules look at, in all three of CPython's string widths
_SENTENCE_ALPHABET = st.one_of(
    st.sampled_from([*"ab .!?\n\t\r-*•>\"'’”)]7٣\u00a0\u2028\u3000😀", "\n\n", "1.5"]),
    st.characters(),
)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(_SENTENCE_ALPHABET, max_size=40).map("".join),
    st.integers(min_value=0, max_value=45),
    st.integers(min_value=0, max_value=45),
)
def test_the_c_sentence_end_is_the_pattern_s_first_match(text: str, pos: int, endpos: int) -> None:
    """``_scan.sentence_end`` finds what ``SENTENCE_END.search(text, pos, endpos)`` finds
    (positions past the end included, as the pattern clips them)."""
    m = SENTENCE_END.search(text, pos, endpos)
    assert sentence_end(text, pos, endpos) == (
        (m.start(), m.end(), "?" in m.group()) if m else None
    )


@settings(max_examples=1000, deadline=None)
@given(st.lists(_SENTENCE_ALPHABET, max_size=40).map("".join), st.data())
def test_the_c_sentence_start_is_the_python_one(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(min_value=0, max_value=len(text)))
    start = data.draw(st.integers(min_value=lo, max_value=len(text)))
    assert sentence_start(text, lo, start) == _sentence_start_in_python(text, lo, start)


def test_the_c_sentence_bounds_on_real_messages() -> None:
    """Every sentence of the labelled messages, from every word start, as the pattern and
    the Python found them: questions, decimals ("artikel 7.3"), blank lines, bullets."""
    for text, _ in _labelled_texts():
        for pos in range(0, len(text), 7):
            m = SENTENCE_END.search(text, pos, pos + 400)
            assert sentence_end(text, pos, pos + 400) == (
                (m.start(), m.end(), "?" in m.group()) if m else None
            )
            lo = max(0, pos - 300)
            assert sentence_start(text, lo, pos) == _sentence_start_in_python(text, lo, pos)


def test_the_c_sentence_bounds_read_sentences() -> None:
    text = "Artikel 7.3 is helder. Kunt u de prijs per 1.500 stuks sturen?!\n\n- en de levertijd"
    q = text.index("?!")
    assert sentence_end(text, 0, len(text)) == (21, 22, False)  # not the dot of "7.3"
    assert sentence_end(text, 22, len(text)) == (q, q + 2, True)  # nor that of "1.500"
    assert sentence_end(text, q + 2, len(text)) == (q + 2, q + 4, False)  # a blank line
    assert sentence_end(text, q + 3, len(text)) == (q + 3, q + 5, False)  # a bullet
    assert sentence_start(text, 0, text.index("1.500") + 3) == 22
    assert sentence_start(text, 30, 40) == 0
    assert sentence_end("What about the price?", 0, 10**6) == (20, 21, True)
    with pytest.raises(ValueError, match="0 or more"):
        sentence_end(text, -1, 5)
    with pytest.raises(ValueError, match="0 or more"):
        sentence_start(text, 0, -3)
    with pytest.raises(TypeError):
        sentence_end(b"bytes.", 0, 5)  # type: ignore[arg-type]

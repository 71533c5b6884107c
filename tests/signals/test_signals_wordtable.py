"""The learned layer's word table in C (src/buyerlens/signals/_wordtable.c), checked
against the plain Python it replaces: ``str.split``, a set and a numpy sum."""

from __future__ import annotations

import importlib.machinery
import json
import random
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buyerlens.signals import _wordtable, learned
from buyerlens.signals._wordtable import PLACES, WordTable
from buyerlens.signals.anchors import SENTENCE_START
from buyerlens.signals.learned import Reading, default_models
from buyerlens.signals.normalize import Buffer, make_buffer


def test_the_table_is_the_compiled_extension() -> None:
    """No pure-Python stand-in hides behind the name: the module is a built extension."""
    path = _wordtable.__file__ or ""
    assert path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _reference(
    words: dict[str, list[float] | None], text: str, keys: list[str], bias: list[float]
) -> tuple[list[float], set[str], set[str]]:
    """What the table must give: the bias plus the rows of the distinct known words and
    keys, the weighted words it counted, and the unknown ones."""
    seen = set(text.split()) | set(keys)
    unknown = {w for w in seen if w not in words}
    z = np.array(bias, dtype=float)
    counted = set()
    for w in seen - unknown:
        row = words[w]
        if row is not None:
            z += np.array(row)
            if w not in keys:
                counted.add(w)
    return z.tolist(), counted, unknown


def _table(words: dict[str, list[float] | None], k: int) -> WordTable:
    table = WordTable(k)
    for w, row in words.items():
        table.add(w, row)
    return table


def test_read_sums_the_rows_of_the_distinct_words_and_keys() -> None:
    words: dict[str, list[float] | None] = {
        "prijs": [1.5, -0.25],
        "te": None,
        "hoog": [0.5, 0.125],
        "lex:price_focus": [2.0, 0.0],
        "q:?": [-1.0, 3.0],
    }
    table = _table(words, 2)
    assert len(table) == 5
    assert table.k == 2
    text = " de prijs is te hoog , prijs  "
    words["de"] = words["is"] = words[","] = None
    table.add("de", None)
    table.add("is", None)
    table.add(",", None)
    logits, ids, places, unknown = table.read(text, ["lex:price_focus"], [0.25, -0.5])
    assert unknown is None
    assert logits == pytest.approx([0.25 + 1.5 + 0.5 + 2.0, -0.5 - 0.25 + 0.125])
    # ids: the rows of "prijs" and "hoog" once each (repeats count once), not the key's
    assert ids is not None
    assert len(ids) == 2 * 4
    # with the offsets of each word's first letter: " de prijs is te hoog , prijs  "
    assert table.speaking(ids, places, 0, 10) == [("prijs", 1.5, (4, 23)), ("hoog", 0.5, (16,))]
    assert table.speaking(ids, places, 1, 10) == [("hoog", 0.125, (16,))]


def test_unknown_words_come_back_once_each_and_nothing_is_summed() -> None:
    table = _table({"graag": [1.0]}, 1)  # "lex:x": a key not in the table is unknown too
    logits, ids, places, unknown = table.read("graag morgen morgen offerte graag", ["lex:x"], [0.0])
    assert logits is None
    assert ids is None
    assert places is None
    assert sorted(unknown or []) == ["lex:x", "morgen", "offerte"]


def test_a_closed_table_takes_unknown_numbers_and_codes_as_weightless() -> None:
    """With ``closed_nonalpha`` only all-letter words can be unknown: the model adds every
    other word that has a weight up front (a word with a digit or an apostrophe is its own
    feature), so a mailbox's order numbers are neither returned nor remembered."""
    table = WordTable(1, closed_nonalpha=True)
    table.add("50k", [2.0])
    table.add("i'll", [0.5])
    logits, _, _, unknown = table.read("50k 4711 po12 i'll we'll \x01120", [], [0.0])
    assert unknown is None
    assert logits == [2.5]
    assert len(table) == 2
    _, _, _, unknown = table.read("50k offerte 4711", [], [0.0])
    assert unknown == ["offerte"]


def test_bad_calls_are_refused_with_a_clear_error() -> None:
    table = _table({"prijs": [1.0, 2.0]}, 2)
    with pytest.raises(KeyError, match="prijs"):
        table.add("prijs", None)
    with pytest.raises(ValueError, match="2 numbers"):
        table.add("hoog", [1.0])
    with pytest.raises(ValueError, match="finite"):  # NaN would make the ranking arbitrary
        table.add("hoog", [1.0, float("nan")])
    assert table.read("hoog", [], [0.0, 0.0])[3] == ["hoog"]  # the refused word is not in
    with pytest.raises(ValueError, match="2 numbers"):
        table.read("prijs", [], [0.0])
    with pytest.raises(ValueError, match="ASCII"):
        table.read("prijs één", [], [0.0, 0.0])
    with pytest.raises(IndexError):
        table.speaking(b"", b"", 2, 5)
    with pytest.raises(ValueError, match="another table"):
        table.speaking((99).to_bytes(4, "little"), bytes(16), 0, 5)
    with pytest.raises(ValueError, match="one read"):
        table.speaking((1).to_bytes(4, "little"), bytes(4), 0, 5)
    with pytest.raises(ValueError, match="between 1 and"):
        WordTable(0)
    bare = WordTable.__new__(WordTable)  # never initialised: refused, not a crash
    with pytest.raises(RuntimeError, match="not initialised"):
        bare.read("prijs", [], [0.0])
    with pytest.raises(RuntimeError, match="not initialised"):
        bare.add("prijs", None)


def test_python_code_run_while_reading_numbers_cannot_corrupt_the_table() -> None:
    """Converting a weight or a bias may run Python code (``__float__``), which may use the
    table itself: the table reads its numbers before it changes anything."""
    table = _table({"prijs": [1.0]}, 1)

    class Reentrant:
        def __float__(self) -> float:
            table.read("prijs prijs", [], [0.0])  # another read in the middle of this one
            table.add(f"nieuw{len(table)}", [2.0])  # and a word that may move the rows
            return 0.5

    logits, ids, places, _ = table.read("prijs", [], [Reentrant()])
    assert logits == [1.5]
    assert ids is not None
    assert places is not None
    assert table.speaking(ids, places, 0, 5) == [("prijs", 1.0, (0,))]

    class AddsTheSameWord:
        def __float__(self) -> float:
            table.add("offerte", [3.0])
            return 1.0

    with pytest.raises(KeyError, match="offerte"):
        table.add("offerte", [AddsTheSameWord()])
    logits, _, _, _ = table.read("offerte", [], [0.0])
    assert logits == [3.0]


def test_speaking_breaks_ties_alphabetically_and_keeps_the_limit() -> None:
    words = {"zwager": [0.5], "buurman": [0.5], "aanbod": [0.75], "nee": [-1.0], "dus": [0.0]}
    table = _table(dict(words), 1)
    _, ids, places, _ = table.read("nee zwager dus buurman aanbod", [], [0.0])
    assert ids is not None
    assert places is not None
    heaviest = [(w, x) for w, x, _ in table.speaking(ids, places, 0, 10)]
    assert heaviest == [("aanbod", 0.75), ("buurman", 0.5), ("zwager", 0.5)]
    assert [w for w, _, _ in table.speaking(ids, places, 0, 2)] == ["aanbod", "buurman"]
    assert table.speaking(ids, places, 0, 0) == []


def test_logits_are_rounded_to_nine_decimals_whatever_the_order_of_addition() -> None:
    """0.1 + 0.2 - 0.3 is not 0 in floating point, and which side of a threshold it lands
    on must not depend on the order the words come in."""
    table = _table({"a": [0.1], "b": [0.2], "c": [-0.3]}, 1)
    for text in ("a b c", "c b a", "b c a"):
        logits, _, _, _ = table.read(text, [], [-1.0])
        assert logits == [-1.0]


_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=string.ascii_lowercase + string.digits + "'$\x01\x03", min_size=1),
        max_size=30,
    ),
    st.lists(st.sampled_from(list(_WHITESPACE)), min_size=1, max_size=5),
    st.randoms(use_true_random=False),
)
def test_read_splits_and_sums_as_python_does(
    tokens: list[str], spaces: list[str], rng: random.Random
) -> None:
    """Any ASCII text, with any of ``str.split``'s whitespace between the words: the same
    distinct words, the same unknown ones, the same sum as the plain Python."""
    words: dict[str, list[float] | None] = {}
    for w in tokens:
        if rng.random() < 0.7:
            words[w] = None if rng.random() < 0.3 else [rng.uniform(-3, 3) for _ in range(3)]
    table = _table(words, 3)
    text = "".join(rng.choice(spaces) + w for w in tokens) + rng.choice(spaces)
    bias = [0.5, -0.5, 0.0]
    want, counted, unknown = _reference(words, text, [], bias)
    logits, ids, places, missing = table.read(text, [], bias)
    if unknown:
        assert missing is not None
        assert set(missing) == unknown
        assert len(missing) == len(unknown)
        return
    assert logits == pytest.approx(want, abs=1e-8)
    assert ids is not None
    assert places is not None
    speaking = table.speaking(ids, places, 0, 1000)
    assert {w for w, _, _ in speaking} == {w for w in counted if (words[w] or [0.0])[0] > 0}
    for word, _, where in speaking:  # the first places of the word, as str.find sees them
        padded = "".join(" " if c in _WHITESPACE else c for c in f" {text} ")
        folded, found = f" {word} ", []
        at = padded.find(folded)
        while at >= 0 and len(found) < PLACES:
            found.append(at)  # padded offset of the space = text offset of the letter
            at = padded.find(folded, at + len(folded) - 1)
        assert where == tuple(found)


def test_a_table_grows_far_past_its_first_size() -> None:
    table = WordTable(2)
    n = 50_000
    for i in range(n):
        table.add(f"w{i}", [float(i), 1.0] if i % 2 else None)
    assert len(table) == n
    logits, ids, places, unknown = table.read("w1 w2 w3 w49999 w3", [], [0.0, 0.0])
    assert unknown is None
    assert ids is not None
    assert logits == [1.0 + 3.0 + 49999.0, 3.0]
    assert places is not None
    assert [w for w, _, _ in table.speaking(ids, places, 0, 5)] == ["w49999", "w3", "w1"]


def test_the_model_starts_a_new_table_past_its_limit_and_old_readings_stay_valid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past ``_SEEN_LIMIT`` words the model starts over with a new table; a reading taken
    before (another thread's, say) still names its words from the table it was read in."""
    model = default_models()["buyer"]
    text = make_buffer("Mijn baas vindt de prijs te hoog, kan er korting af?").buf
    before = model.read(text, (), True)
    kind = model.kinds.index("price_focus")
    speaking = before.speaking(kind, 5)
    monkeypatch.setattr(learned, "_SEEN_LIMIT", 0)
    table = model._table
    after = model.read(text, (), True)
    assert model._table is not table
    assert after.logits == before.logits
    assert before.speaking(kind, 5) == speaking == after.speaking(kind, 5)


def _evidence_in_python(reading: Reading, kind_index: int, buf: Buffer, asking: bool) -> int:
    """The steps ``WordTable.evidence`` takes, as learned.py took them in Python (the
    reference): the speaking words' weights summed per sentence they stand in."""
    body = buf.text
    limit = learned._ASKING_WORDS if asking else learned._EVIDENCE_WORDS
    speaking = reading.speaking(kind_index, limit)
    totals: dict[int, float] = {}
    first: dict[int, int] = {}
    asked: set[int] = set()
    for n, (_, weight, places) in enumerate(speaking):
        beyond = n >= learned._EVIDENCE_WORDS
        if beyond and (asked or not asking):
            break
        counted: set[int] = set()
        for at in places:
            pos = buf.orig(at - 1)
            m = SENTENCE_START.search(body, pos)
            sentence = m.start() if m else len(body)
            question = asking and sentence < len(body) and body[sentence] == "?"
            if sentence not in counted and (question or not beyond):
                counted.add(sentence)
                totals[sentence] = totals.get(sentence, 0.0) + weight
                first[sentence] = min(first.get(sentence, pos), pos)
                if question:
                    asked.add(sentence)
    if not totals:
        return -1
    return first[min(asked or totals, key=lambda s: (-totals[s], s))]


_FOLDED_LONGER = [  # text whose folding changes its length: the buffer has breakpoints
    "Die Straße ist zu lang. Wat kost één doos precies? Onze ﬁnanciële afdeling beslist.",
    "Wir brauchen die Maße bis Freitag. Kunt u de prijs per stuk sturen? Dank u.",
    "Cafe\u0301 Noord levert nu. Is de levertijd 3 weken? Onze inkoper wil het weten.",
]


def test_the_c_evidence_search_is_the_python_one() -> None:
    """On about 1,300 real messages of both roles and languages (and text whose folding
    changes its length), for every kind of the model, with and without the question
    rule: the same place as the Python steps."""
    root = Path(__file__).resolve().parents[2] / "eval" / "signals"
    items = [
        json.loads(line)
        for path in (root / "dev.jsonl", *sorted((root / "train").glob("t7*.jsonl"))[:4])
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    items += [{"text": t, "role": "buyer"} for t in _FOLDED_LONGER]
    models = default_models()
    compared = with_breaks = found = 0
    for item in items:
        buf = make_buffer(item["text"])
        model = models[item["role"]]
        reading = model.read(buf.buf, (), "?" in buf.text)
        with_breaks += bool(buf.bp_norm)
        for i in range(len(model.kinds)):
            for asking in (False, True):
                got = learned.evidence_place(reading, i, buf, asking)
                assert got == _evidence_in_python(reading, i, buf, asking), item["text"]
                compared += 1
                found += got >= 0
    assert compared > 20_000
    assert with_breaks >= 3
    assert found > compared // 2  # most kinds have a word speaking for them

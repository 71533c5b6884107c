"""The learned layer: a message-level decision per kind on top of the lexicon.

The lexicon finds phrases with their spans; it cannot know every way other people say
a thing, nor every context that empties a phrase. The learned layer is one logistic
regression per kind and role (trained offline by ``eval/train_signals.py`` on the
labelled sets, shipped as ``data/learned.json``) over three kinds of features:

* the word stems of the author's new words (Dutch and English Snowball stems);
* which kinds the lexicon found (after negation, mood and ``unless``);
* whether the message asks a question.

At run time it is a sum of weights over the words present, read from the scan buffer
in one C call (``_wordtable.c``). It decides, per kind, whether the message shows the kind:
when it says yes and the lexicon found nothing, the evidence is the sentence whose
words weigh most for the kind; when it says no, the lexicon's phrases of that kind
are dropped. ``price_anchor`` stays the lexicon's alone: an anchor is a parsed amount.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import snowballstemmer

from buyerlens.signals._wordtable import WordTable
from buyerlens.signals.lexicon import LexiconError
from buyerlens.signals.normalize import Buffer
from buyerlens.signals.types import (
    ASKING_KINDS,
    BUYER_KINDS,
    SELLER_KINDS,
    Polarity,
    Signal,
)

FORMAT = "buyerlens-learned/2"
#: Kinds the learned layer never decides: their evidence is a parsed value.
RULE_ONLY = frozenset({"price_anchor"})
_SEEN_LIMIT = 400_000  # words remembered per model before the cache starts over

_STEMMERS = (snowballstemmer.stemmer("dutch"), snowballstemmer.stemmer("english"))


def word_features(word: str) -> tuple[str, ...]:
    """The stem features of one folded word: its Dutch and English Snowball stems (a word
    with digits or an apostrophe is its own feature: numbers, codes, "i'll")."""
    if not word.isalpha():
        return ("w:" + word,)
    nl = "w:" + _STEMMERS[0].stemWord(word)
    en = "w:" + _STEMMERS[1].stemWord(word)
    return (nl,) if nl == en else (nl, en)


def message_features(
    words: Iterable[str], lex_kinds: Iterable[str], question: bool
) -> Counter[str]:
    """Every feature of a message with its count (the training script uses this form): a
    stem counts the distinct words that have it; the others are present or not."""
    feats: Counter[str] = Counter(f for w in set(words) for f in word_features(w))
    feats.update("lex:" + k for k in set(lex_kinds))
    if question:
        feats["q:?"] = 1
    return feats


@dataclass(slots=True)
class RoleModel:
    """The weights of one role: ``kinds[i]`` has bias ``bias[i]``; row ``index[f]`` of
    ``matrix`` holds feature ``f``'s weight toward each kind.

    At run time each word seen gets one row of its own, the sum of its features' rows
    (a stem shared by two words of a message counts twice, as in training, where a
    stem's feature counts the distinct words that have it). The lexicon's kinds and the
    question mark are such "words" too (``lex:price_focus``, ``q:?``: no folded word
    has a colon). A message's logits are then the bias plus the sum of its distinct
    words' rows. The rows live in a :class:`WordTable` (``_wordtable.c``), which splits
    the scan buffer, looks the words up and sums their rows in one C call.
    """

    role: str
    kinds: tuple[str, ...]
    bias: np.ndarray[Any, np.dtype[np.float64]]
    index: dict[str, int]
    matrix: np.ndarray[Any, np.dtype[np.float64]]
    #: per kind: a kind the lexicon missed is added above ``add_above[i]``; one it found
    #: is dropped at or below ``veto_below[i]`` (chosen by the training script's
    #: cross-validation, kind by kind)
    add_above: tuple[float, ...] = ()
    veto_below: tuple[float, ...] = ()
    #: every word seen with its row (a word with no weight has none); a lazily filled
    #: cache that starts over, as a new table, past ``_SEEN_LIMIT`` words
    _table: WordTable = field(init=False)
    _bias: list[float] = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._bias = [float(b) for b in self.bias]
        self._reset()

    def _reset(self) -> None:
        # a new table, not a cleared one: a Reading of another thread keeps the old. A word
        # that is not all letters is its own feature (word_features): the table gets every
        # such word with a weight up front and takes the others as weightless, so the
        # numbers, dates and codes of a mailbox are neither stemmed nor remembered.
        self._table = WordTable(len(self.kinds), closed_nonalpha=True)
        self._add({f: (r,) for f, r in self.index.items() if ":" in f.removeprefix("w:")})
        self._add(
            {
                f[2:]: (r,)
                for f, r in self.index.items()
                if f.startswith("w:") and not f[2:].isalpha() and ":" not in f[2:]
            }
        )

    def _add(self, rows_of: dict[str, tuple[int, ...]]) -> None:
        """Give each word its row: the sum of its features' rows (one numpy gather for all
        the new words of a message; a word has at most two stem features, or none)."""
        table = self._table
        weighted = []
        for w, rows in rows_of.items():
            if rows:
                weighted.append((w, rows))
            else:
                table.add(w, None)
        if not weighted:
            return
        summed = self.matrix[[rows[0] for _, rows in weighted]]
        extra = [(j, rows[1]) for j, (_, rows) in enumerate(weighted) if len(rows) > 1]
        if extra:
            at, more = zip(*extra, strict=True)
            summed[list(at)] += self.matrix[list(more)]
        for (w, _), row in zip(weighted, summed.tolist(), strict=True):
            table.add(w, row)

    def _learn(self, words: Iterable[str]) -> None:
        """Give every word of ``words`` (not in the table yet) its row (lock held)."""
        index = self.index
        self._add({w: tuple(index[f] for f in word_features(w) if f in index) for w in words})

    def read(self, text: str, lex_kinds: Iterable[str], question: bool) -> Reading:
        """The logit of each kind for a message whose scan buffer is ``text`` (folded
        ASCII words between spaces, see :mod:`buyerlens.signals.normalize`) and in which
        the lexicon found ``lex_kinds``, with the rows of its words (for
        :meth:`Reading.speaking`)."""
        keys = ["lex:" + k for k in lex_kinds]
        if question:
            keys.append("q:?")
        with self._lock:
            if len(self._table) > _SEEN_LIMIT:
                self._reset()  # before looking: every word of this message is relearned
            table = self._table
            logits, ids, places, unknown = table.read(text, keys, self._bias)
            if unknown is not None:
                self._learn(unknown)
                logits, ids, places, unknown = table.read(text, keys, self._bias)
        if logits is None or ids is None or places is None:  # the words were just added
            raise RuntimeError(f"the word table did not take the words {unknown!r}")
        return Reading(logits, ids, places, table)

    def scores(
        self, words: Collection[str], lex_kinds: Iterable[str], question: bool
    ) -> list[float]:
        """The logit of each kind for a message of folded ``words`` (see :meth:`read`)."""
        return self.read(" ".join(words), lex_kinds, question).logits


@dataclass(frozen=True, slots=True)
class Reading:
    """A message as the model read it: ``logits`` per kind, and the rows ``ids`` of its
    weighted words in ``table`` with the ``places`` where each stands."""

    logits: list[float]
    ids: bytes
    places: bytes
    table: WordTable

    def speaking(self, kind_index: int, limit: int) -> list[tuple[str, float, tuple[int, ...]]]:
        """The message's words that push toward the kind, with their weight and the scan
        buffer offsets of their first letter (the first ``_wordtable.PLACES``, 4):
        heaviest first, ties in alphabetical order; at most ``limit``."""
        return self.table.speaking(self.ids, self.places, kind_index, limit)


def parse_model(data: Any, *, name: str = "learned.json") -> dict[str, RoleModel]:
    """Validate the model file's content and build one :class:`RoleModel` per role."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LexiconError(f"{name}: not a {FORMAT} file.")
    out: dict[str, RoleModel] = {}
    for role, vocab in (("buyer", BUYER_KINDS), ("seller", SELLER_KINDS)):
        raw = data.get("roles", {}).get(role)
        if not isinstance(raw, dict):
            raise LexiconError(f"{name}: roles.{role} is missing.")
        kinds = tuple(raw.get("kinds", ()))
        unknown = [k for k in kinds if k not in vocab or k in RULE_ONLY]
        if unknown:
            raise LexiconError(f"{name}: roles.{role}.kinds: not learnable: {unknown}.")
        bias = raw.get("bias", [])
        if len(bias) != len(kinds):
            raise LexiconError(f"{name}: roles.{role}.bias must have one number per kind.")
        raw_weights = raw.get("weights", {})
        if not isinstance(raw_weights, dict):
            raise LexiconError(f"{name}: roles.{role}.weights must be a table.")
        index = {feat: n for n, feat in enumerate(raw_weights)}
        matrix = np.zeros((len(index), len(kinds)))
        at_row: list[int] = []
        at_kind: list[int] = []
        values: list[float] = []
        for row, (feat, pairs) in enumerate(raw_weights.items()):
            try:
                for i, w in pairs:
                    if not 0 <= int(i) < len(kinds):
                        raise IndexError(f"kind number {i} out of range")
                    at_row.append(row)
                    at_kind.append(int(i))
                    values.append(float(w))
            except (TypeError, ValueError, IndexError) as exc:
                raise LexiconError(f"{name}: roles.{role}.weights.{feat}: {exc}") from exc
        # one call instead of a numpy item assignment per weight (most of the load time);
        # add.at adds in order, so a kind given twice sums as before
        np.add.at(matrix, (at_row, at_kind), values)
        try:
            add_above = tuple(float(a) for a in raw["add_above"])
            veto_below = tuple(float(v) for v in raw["veto_below"])
            if len(add_above) != len(kinds) or len(veto_below) != len(kinds):
                raise ValueError("need one number per kind")
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"{name}: roles.{role}: add_above and veto_below: {exc}") from exc
        try:
            bias_arr = np.array([float(b) for b in bias])
        except (TypeError, ValueError) as exc:
            raise LexiconError(f"{name}: roles.{role}.bias: {exc}") from exc
        out[role] = RoleModel(role, kinds, bias_arr, index, matrix, add_above, veto_below)
    return out


@lru_cache(maxsize=1)
def default_models() -> dict[str, RoleModel]:
    """The packaged model (``data/learned.json``)."""
    path = resources.files("buyerlens.signals").joinpath("data/learned.json")
    if not path.is_file():
        raise LexiconError("the learned model data/learned.json is missing from the package.")
    return parse_model(json.loads(path.read_text(encoding="utf-8")))


#: ``describe(kind, pos)``: the evidence sentence around body offset ``pos`` as
#: ``(start, end, polarity, value)``, from the extractor's own sentence rules
Describe = Callable[[str, int], tuple[int, int, Polarity | None, dict[str, Any] | None]]


def decide(
    model: RoleModel,
    buf: Buffer,
    signals: list[Signal],
    *,
    offset: int,
    describe: Describe,
) -> list[Signal]:
    """The lexicon's ``signals`` of ``buf.text`` after the model's decision per kind (the
    model reads the words of the scan buffer ``buf.buf``).

    Kinds the model rejects lose their phrases (``price_focus`` stays when an amount was
    stated: an anchor is price talk); a kind it finds that the lexicon missed gets as
    evidence the sentence whose words weigh most for it, which ``describe`` cuts out
    and reads for polarity and value (see :data:`Describe`).
    """
    question = "?" in buf.text
    lex_kinds = {s.kind for s in signals}
    reading = model.read(buf.buf, lex_kinds, question)
    z = reading.logits
    kinds, veto, add = model.kinds, model.veto_below, model.add_above
    rejected = {kinds[i] for i, zi in enumerate(z) if zi <= veto[i] and kinds[i] in lex_kinds}
    if "price_anchor" in lex_kinds:
        rejected.discard("price_focus")
    added = [i for i, zi in enumerate(z) if zi > add[i] and kinds[i] not in lex_kinds]
    if not rejected and not added:
        return signals
    out = [s for s in signals if s.kind not in rejected]
    if added:
        for i in added:
            sig = _evidence(model, i, buf, reading, offset, describe, question)
            if sig is not None:
                out.append(sig)
        out.sort(key=lambda s: (s.start, -(s.end - s.start)))
    return out


#: How many of the message's words that weigh most for a kind are looked at to find the
#: sentence that says it most (at up to ``_wordtable.PLACES``, 4, places each: a long
#: note repeats words; the word table keeps that many)
_EVIDENCE_WORDS = 6
#: For a kind that asks (:data:`ASKING_KINDS`): how far down the message's words to look
#: for a question sentence that speaks for it
_ASKING_WORDS = 30


def evidence_place(reading: Reading, kind_index: int, buf: Buffer, asking: bool) -> int:
    """The body offset where the evidence for a kind begins to be looked for, or -1: the
    first word, in the sentence that weighs most for the kind, of the message's words that
    push toward it (heaviest first, ties in alphabetical order), their weights summed per
    sentence they stand in (a sentence with "zwager" and "buurman" beats one with only the
    single heaviest word; each word counts once per sentence); ties go to the earlier
    sentence. A sentence ends where anchors.py's ``SENTENCE_START`` matches.

    For a kind that asks (``asking``: :data:`ASKING_KINDS`, in a message with a question
    mark), a question sentence wins when one holds a word that speaks for the kind
    (looking up to :data:`_ASKING_WORDS` words down): "Wat is de oorzaak ...?" is the
    detail request, not the sentence with the counts before it. The word table does this
    in C (``WordTable.evidence``); tests/signals/test_signals_wordtable.py holds the same
    steps in Python and checks that both agree.
    """
    return reading.table.evidence(
        reading.ids,
        reading.places,
        kind_index,
        buf.text,
        asking,
        buf.bp_norm,
        buf.bp_delta,
        _EVIDENCE_WORDS,
        _ASKING_WORDS,
    )


def _evidence(
    model: RoleModel,
    kind_index: int,
    buf: Buffer,
    reading: Reading,
    offset: int,
    describe: Describe,
    question: bool,
) -> Signal | None:
    """The evidence of a kind the model added (``question``: the message has a question
    mark): the sentence around :func:`evidence_place`, cut out and read by ``describe``;
    ``None`` when no word of the message speaks for the kind (nothing to show)."""
    body = buf.text
    kind = model.kinds[kind_index]
    pos = evidence_place(reading, kind_index, buf, question and kind in ASKING_KINDS)
    if pos < 0:
        return None
    start, end, polarity, value = describe(kind, pos)
    if end <= start:
        return None
    rules = BUYER_KINDS.get(kind) or SELLER_KINDS.get(kind) or ()
    return Signal(
        kind,
        start + offset,
        end + offset,
        body[start:end],
        polarity,
        value,
        entry=f"learned.{kind}",
        rule=rules[0] if rules else None,
    )

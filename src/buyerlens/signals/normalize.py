"""The normalised scan buffer and its map back to the original text.

The matcher scans one buffer per message: case-folded, NFKD-decomposed without
combining marks (so ``één`` matches ``een`` and ``ﬁ`` matches ``fi``), with every
character that is not part of a word turned into a space, and one space added at
each end so that every pattern can carry its own word boundaries (``" prijs "``).
Most characters keep their length, so the map back to the original offsets is a
short list of breakpoints; pure ASCII text (the common case) needs none.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from buyerlens.signals._scan import fold_ascii

#: Characters that belong to a word besides letters and digits. The ASCII grave accent
#: is not one: the byte table of ASCII text (``_ASCII_TABLE``, ``_scan.fold_ascii``) folds
#: it to a space, and every fold must agree with the scan buffer's.
_APOSTROPHES = "'’‘ʼ´"
#: Currency symbols stay in the buffer so amounts can be found from the same scan; the
#: buffer is pure ASCII (fast for the automaton), so non-ASCII ones get a stand-in.
_KEPT = {"€": "\x01", "£": "\x02", "$": "$"}
#: Stand-in for any other non-ASCII letter or digit (still part of a word).
_OTHER_LETTER = "\x03"
_ASCII_TABLE = bytes(
    (c + 32 if 65 <= c <= 90 else c)
    if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c in (36, 39))
    else 32
    for c in range(256)
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_QUOTE_RUN = re.compile(r"(?<= )'+|'+(?= )")


class _FoldCache(dict[int, str]):
    """``str.translate`` table that folds a character on first sight and remembers it."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            _LENGTH_CHANGERS.add(chr(code))
        return folded


_LENGTH_CHANGERS: set[str] = set()
_FOLD = _FoldCache()


def fold_char(ch: str) -> str:
    """Fold one character the way the scan buffer holds it (may be 0, 1 or more chars)."""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _KEPT:
        return _KEPT[ch]
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    out = []
    for c in decomposed:
        if unicodedata.combining(c):
            continue
        if c.isalnum() and c.isascii():
            out.append(c.lower())
        elif c.isalnum():
            out.append(_OTHER_LETTER)
        elif c in _APOSTROPHES:
            out.append("'")
        elif c in _KEPT:
            out.append(_KEPT[c])
        else:
            out.append(" ")
    return "".join(out)


def fold_text(text: str) -> str:
    """Fold a whole string (used for lexicon patterns and the language detection; no
    offsets kept)."""
    if text.isascii():
        return _ascii(text)
    # the ASCII stretches through the byte table, the non-ASCII runs through _FOLD (one
    # lookup per character): the same string as text.translate(_FOLD), many times faster
    # for Dutch text with a few accents
    pieces: list[str] = []
    pos = 0
    for m in _NON_ASCII_RUN.finditer(text):
        if m.start() > pos:
            pieces.append(_ascii(text[pos : m.start()]))
        pieces.append(m.group().translate(_FOLD))
        pos = m.end()
    if pos < len(text):
        pieces.append(_ascii(text[pos:]))
    return "".join(pieces)


def _ascii(text: str) -> str:
    return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")


@dataclass(frozen=True, slots=True)
class Buffer:
    """A scan buffer: ``buf`` with a space at each end and the map back to ``text``.

    ``bp_norm``/``bp_delta`` hold breakpoints: buffer index ``i`` (after the leading
    space) came from original index ``i + delta`` of the last breakpoint at or before it.
    """

    text: str
    buf: str
    bp_norm: tuple[int, ...]
    bp_delta: tuple[int, ...]

    def orig(self, i: int) -> int:
        """Original index of folded index ``i`` (buffer index minus the leading space)."""
        if not self.bp_norm:
            return i
        k = bisect_right(self.bp_norm, i) - 1
        return i + (self.bp_delta[k] if k >= 0 else 0)

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original ``(start, end)`` of folded ``[fstart, fend)`` (buffer index minus one)."""
        if not self.bp_norm:
            return fstart, fend
        start = self.orig(fstart)
        end = self.orig(fend - 1) + 1 if fend > fstart else start
        text = self.text
        n = len(text)
        while end < n and text[end] in _LENGTH_CHANGERS and not _FOLD[ord(text[end])]:
            end += 1
        return start, min(max(end, start), n)


def _unquote(buf: str) -> str:
    """Apostrophes belong to a word only inside it (don't, I'll); quote marks are spaces."""
    # look at each apostrophe's neighbours (the buffer starts and ends with a space):
    # searching for " '" itself is slow, as spaces are everywhere
    i = buf.find("'")
    while i >= 0 and buf[i - 1] != " " and buf[i + 1] != " ":
        i = buf.find("'", i + 1)
    if i < 0:
        return buf  # no apostrophe at a word's edge
    buf = buf.replace(" '", "  ").replace("' ", "  ")  # length-preserving
    if " '" in buf or "' " in buf:  # runs of quote marks: rare, one regex pass
        buf = _QUOTE_RUN.sub(lambda m: " " * len(m.group()), buf)
    return buf


def make_buffer(text: str) -> Buffer:
    """Fold ``text`` into a scan buffer with its offset map (linear time)."""
    if text.isascii():  # in C, one pass: _unquote(" " + _ascii(text) + " ")
        return Buffer(text, fold_ascii(text), (), ())
    pieces: list[str] = []
    bp_norm: list[int] = []
    bp_delta: list[int] = []
    pos = 0  # original index
    npos = 0  # folded index
    for m in _NON_ASCII_RUN.finditer(text):
        if m.start() > pos:
            seg = _ascii(text[pos : m.start()])
            pieces.append(seg)
            npos += len(seg)
        run = m.group()
        folded = run.translate(_FOLD)
        if len(folded) == len(run) and _LENGTH_CHANGERS.isdisjoint(run):
            pieces.append(folded)
            npos += len(folded)
        else:
            npos = _fold_run(run, m.start(), npos, pieces, bp_norm, bp_delta)
        pos = m.end()
    if pos < len(text):
        pieces.append(_ascii(text[pos:]))
    buf = _unquote(" " + "".join(pieces) + " ")
    return Buffer(text, buf, tuple(bp_norm), tuple(bp_delta))


def _fold_run(
    run: str, start: int, npos: int, pieces: list[str], bp_norm: list[int], bp_delta: list[int]
) -> int:
    """Fold a run char by char, adding a breakpoint wherever the length changes."""
    for j, ch in enumerate(run, start):
        folded = _FOLD[ord(ch)]
        m = len(folded)
        if m != 1:
            for t in range(m):
                _breakpoint(bp_norm, bp_delta, npos + t, j - npos - t)
            _breakpoint(bp_norm, bp_delta, npos + m, j + 1 - npos - m)
        pieces.append(folded)
        npos += m
    return npos


def _breakpoint(bp_norm: list[int], bp_delta: list[int], at: int, delta: int) -> None:
    if bp_norm and bp_norm[-1] == at:
        bp_delta[-1] = delta
    elif not bp_delta or bp_delta[-1] != delta:
        bp_norm.append(at)
        bp_delta.append(delta)

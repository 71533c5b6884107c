"""The extractor: one Aho-Corasick scan per message, then a little work per match.

Lexicon forms and cue words (negation, tone, price context, currency) of both
languages go into one automaton per role, so mixed-language messages need nothing
special. Patterns carry their own word boundaries as spaces in the folded buffer, so
every match the automaton reports is a real whole-word match and the Python work per
match is a few comparisons.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import ahocorasick_rs

from buyerlens.signals.lexicon import CUE_TYPES, Entry, Lexicon, load_lexicon
from buyerlens.signals.normalize import Buffer, make_buffer
from buyerlens.signals.types import Polarity, Signal
from buyerlens.signals.values import AMOUNT_RE, DUE_RE, _resolve, amount_from_match

ENTRY = -1
_CUE_CODE = {name: i for i, name in enumerate(CUE_TYPES)}
NEG, NEG_AFTER, POS, NEGTONE, PRICE_CTX, CONTRAST, CURRENCY = (
    _CUE_CODE[n]
    for n in ("negation", "negation_after", "positive", "negative", "price_context", "contrast",
              "currency")
)  # fmt: skip
_NEG_WINDOW_WORDS = 3
_NEG_AFTER_WORDS = 5
_CLAUSE_BREAK = re.compile(r"[.;!?:,()\n]")
_SENTENCE_END = re.compile(r"[.!?]|\n\s*\n|\n[-*•>]")
_SENTENCE_START = re.compile(r"[.!?\n]")
_CTX_NUMBER = re.compile(
    r"[^\d\n.!?]{0,25}?(?P<m>(?:€|\$|£)?[ \u00a0]?\d[\d.,]*(?:[ \u00a0]?(?:k|mln|m)\b)?)",
    re.IGNORECASE,
)

Payload = tuple[int, int, int, int]  # (code, entry index or -1, lead, trail)


@dataclass(frozen=True, slots=True)
class Matcher:
    """The compiled automaton of one role over one or more lexicons."""

    role: str
    entries: tuple[Entry, ...]
    automaton: Any
    payloads: tuple[tuple[Payload, ...], ...]
    size: int

    def scan(self, buf: str) -> list[tuple[int, int, int, int]]:
        """``(code, entry, fstart, fend)`` for every match; folded coordinates."""
        out = []
        payloads = self.payloads
        for pid, s, e in self.automaton.find_matches_as_indexes(buf, overlapping=True):
            for code, idx, lead, trail in payloads[pid]:
                out.append((code, idx, s + lead - 1, e - trail - 1))
        return out


def build_matcher(lexicons: tuple[Lexicon, ...], *, role: str) -> Matcher:
    """Compile the entries of ``role`` and every cue of the lexicons into one automaton."""
    table: dict[str, list[Payload]] = {}
    entries: list[Entry] = []

    def add(form: str, code: int, idx: int) -> None:
        lead = 0 if form.startswith("*") else 1
        trail = 0 if form.endswith("*") else 1
        key = (" " * lead) + form.strip("*") + (" " * trail)
        bucket = table.setdefault(key, [])
        payload = (code, idx, lead, trail)
        if payload not in bucket:
            bucket.append(payload)

    for lex in lexicons:
        for entry in lex.entries:
            if entry.role != role:
                continue
            entries.append(entry)
            for form in entry.forms:
                add(form, ENTRY, len(entries) - 1)
        for cue, forms in lex.cues.items():
            for form in forms:
                add(form, _CUE_CODE[cue], -1)
    keys = list(table)
    automaton = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard)
    payloads = tuple(tuple(table[k]) for k in keys)
    return Matcher(role, tuple(entries), automaton, payloads, len(keys))


@lru_cache(maxsize=4)
def default_matcher(role: str) -> Matcher:
    """The matcher of the packaged Dutch and English lexicons for ``role``."""
    return build_matcher((load_lexicon("nl"), load_lexicon("en")), role=role)


class _Doc:
    """Per-message state: the body, its buffer and the sorted cue positions."""

    __slots__ = ("body", "buf", "contrast", "neg_after", "neg_pre", "offset", "tone")

    def __init__(self, body: str, buf: Buffer, offset: int) -> None:
        self.body = body
        self.buf = buf
        self.offset = offset
        self.neg_pre: list[int] = []  # folded end of each negation cue
        self.neg_after: list[int] = []  # folded start of each post-negation cue
        self.contrast: list[int] = []
        self.tone: list[tuple[int, int, int]] = []  # (fstart, fend, +1/-1)

    def words_between(self, a: int, b: int) -> int:
        return len(self.buf.buf[a + 1 : b + 1].split())

    def clause_break(self, fa: int, fb: int) -> bool:
        """Is there a clause boundary between folded positions ``fa`` < ``fb``?"""
        i = bisect_right(self.contrast, fa)
        if i < len(self.contrast) and self.contrast[i] < fb:
            return True
        oa = self.buf.orig(fa) if fa > 0 else 0
        ob = self.buf.orig(fb) if fb < len(self.buf.buf) - 2 else len(self.body)
        return _CLAUSE_BREAK.search(self.body, oa, ob) is not None

    def negated(self, fs: int, fe: int) -> bool:
        """A negation cue shortly before (same clause) or a post-negation cue after."""
        i = bisect_right(self.neg_pre, fs) - 1
        while i >= 0:
            cue_end = self.neg_pre[i]
            if self.words_between(cue_end, fs) > _NEG_WINDOW_WORDS:
                break
            if not self.clause_break(cue_end, fs):
                return True
            i -= 1
        j = bisect_left(self.neg_after, fe)
        if j < len(self.neg_after):
            cue_start = self.neg_after[j]
            if self.words_between(fe, cue_start) <= _NEG_AFTER_WORDS and not self.clause_break(
                fe, cue_start
            ):
                return True
        return False


def extract_body(
    body: str, *, offset: int, matcher: Matcher, lang: str, at: datetime | None
) -> list[Signal]:
    """Signals of the new-words region ``body`` (starting at ``offset`` in the message)."""
    buf = make_buffer(body)
    doc = _Doc(body, buf, offset)
    entry_hits: list[tuple[int, int, int]] = []
    money: list[tuple[int, int, int]] = []
    for code, idx, fs, fe in matcher.scan(buf.buf):
        if code == ENTRY:
            entry_hits.append((idx, fs, fe))
        elif code == NEG:
            doc.neg_pre.append(fe)
        elif code == NEG_AFTER:
            doc.neg_after.append(fs)
        elif code == CONTRAST:
            doc.contrast.append(fs)
        elif code == POS or code == NEGTONE:
            doc.tone.append((fs, fe, 1 if code == POS else -1))
        else:
            money.append((code, fs, fe))
    for lst in (doc.neg_pre, doc.neg_after, doc.contrast):
        lst.sort()
    signals: list[Signal] = []
    entries = matcher.entries
    for idx, fs, fe in entry_hits:
        sig = _entry_signal(doc, entries[idx], fs, fe, at=at)
        if sig is not None:
            signals.append(sig)
    if matcher.role == "buyer" and money:
        signals.extend(_price_anchors(doc, money, lang=lang))
    return _dedupe(signals)


def _entry_signal(
    doc: _Doc, entry: Entry, fs: int, fe: int, *, at: datetime | None
) -> Signal | None:
    start, end = doc.buf.span(fs, fe)
    if entry.mood != "any":
        term = _SENTENCE_END.search(doc.body, end, end + 400)
        is_question = term is not None and term.group() == "?"
        if is_question != (entry.mood == "question"):
            return None
    if entry.negatable and (doc.neg_pre or doc.neg_after) and doc.negated(fs, fe):
        return None
    polarity: Polarity | None = None
    value: dict[str, Any] | None = None
    if entry.kind == "incumbent":
        polarity = entry.polarity or _tone(doc, fs, fe)  # type: ignore[assignment]
    elif entry.polarity is not None:
        polarity = entry.polarity  # type: ignore[assignment]
    if entry.kind == "commitment":
        value = _due(doc.body, start, at)
    off = doc.offset
    return Signal(
        kind=entry.kind,
        start=start + off,
        end=end + off,
        text=doc.body[start:end],
        polarity=polarity,
        value=value,
        entry=entry.id,
        rule=entry.rule,
        question=entry.question,
    )


def _tone(doc: _Doc, fs: int, fe: int) -> str:
    """The buyer's tone about the incumbent: tone cues in the same sentence."""
    score = 0
    for ts, te, sign in doc.tone:
        if te < fs - 200 or ts > fe + 200:
            continue
        a, b = (te, fs) if te <= fs else (fe, ts)
        if a < b and _SENTENCE_START.search(doc.body, doc.buf.orig(a), doc.buf.orig(b)):
            continue
        i = bisect_right(doc.neg_pre, ts) - 1
        if i >= 0 and doc.words_between(doc.neg_pre[i], ts) <= 2:
            sign = -sign
        score += sign
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def _due(body: str, start: int, at: datetime | None) -> dict[str, Any] | None:
    """The due date said in the commitment's sentence, resolved against ``at``."""
    term = _SENTENCE_END.search(body, start, start + 250)
    stop = term.start() if term else min(len(body), start + 250)
    m = DUE_RE.search(body, start, stop)
    if m is None:
        return None
    due = _resolve(m, at) if at is not None else None
    return {"due": due.isoformat() if due else None, "due_text": m.group()}


def _price_anchors(doc: _Doc, money: list[tuple[int, int, int]], *, lang: str) -> list[Signal]:
    out: list[Signal] = []
    seen: set[tuple[int, int]] = set()
    body = doc.body
    for code, fs, fe in money:
        ostart, oend = doc.buf.span(fs, fe)
        if code == CURRENCY:
            lo, hi = max(0, ostart - 30), min(len(body), oend + 30)
            matches = [(m, True) for m in AMOUNT_RE.finditer(body, lo, hi)]
        else:  # a bare number shortly after a price word
            ctx = _CTX_NUMBER.match(body, oend, min(len(body), oend + 45))
            matches = []
            if ctx:
                m2 = AMOUNT_RE.match(body, ctx.start("m"), min(len(body), ctx.end("m") + 30))
                if m2:
                    matches.append((m2, False))
        for m, need in matches:
            if m.end() - m.start() == 0 or (m.start(), m.end()) in seen:
                continue
            value = amount_from_match(m, lang=lang, need_marker=need)
            if value is None:
                continue
            seen.add((m.start(), m.end()))
            s, e = m.start(), m.end()
            while e > s and body[e - 1] in " \u00a0":
                e -= 1
            while s < e and body[s] in " \u00a0":
                s += 1
            out.append(
                Signal(
                    kind="price_anchor", start=s + doc.offset, end=e + doc.offset,
                    text=body[s:e], value=value, entry="amount", rule="B2",
                )
            )  # fmt: skip
    return out


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """Sort by position; of overlapping signals of one kind keep the longest."""
    signals.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Signal] = []
    last_end: dict[str, int] = {}
    for sig in signals:
        if last_end.get(sig.kind, -1) > sig.start:
            continue
        out.append(sig)
        last_end[sig.kind] = sig.end
    return out

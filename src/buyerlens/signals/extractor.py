"""The extractor: one Aho-Corasick scan per message, then a little work per match.

Lexicon forms and cue words (negation, tone, price context, currency) of both
languages go into one automaton per role, so mixed-language messages need nothing
special. Patterns carry their own word boundaries as spaces in the folded buffer, so
every match the automaton reports is a real whole-word match; a small C function
(``_scan.c``) sorts the matches into the lists below, and the Python work per entry
hit is a few comparisons. Amounts are read in :mod:`.anchors`; a matcher built with a
learned layer (the default one) then lets :func:`.learned.decide` add and drop kinds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import ahocorasick_rs
import numpy as np

from buyerlens.signals._scan import CODES as _C_CODES
from buyerlens.signals._scan import collect as _collect
from buyerlens.signals._scan import sentence_end
from buyerlens.signals.anchors import (
    deal_prices,
    dedupe,
    drop_authority_limits,
    price_anchors,
)
from buyerlens.signals.fastsignal import make_signal as _signal
from buyerlens.signals.learned import RoleModel, decide, default_models
from buyerlens.signals.lexicon import CUE_TYPES, Entry, Lexicon, load_lexicon
from buyerlens.signals.names import Named
from buyerlens.signals.normalize import Buffer, make_buffer
from buyerlens.signals.scope import (
    cancelled,
    folded_at_or_after,
    has_required,
    named_mentions,
    sentence_start,
    tone,
)
from buyerlens.signals.types import Polarity, Signal
from buyerlens.signals.values import find_due

ENTRY = -1
REQUIRED = -2  # a word an entry needs in the same sentence (``requires``)
UNLESS = -3  # a word that cancels an entry in the same sentence (``unless``)
UNLESS_CLAUSE = -4  # one that cancels it in the same clause (``unless_clause``)
_CUE_CODE = {name: i for i, name in enumerate(CUE_TYPES)}
NEG, NEG_AFTER, POS, NEGTONE, PRICE_CTX, CONTRAST, CURRENCY, REQUEST = (
    _CUE_CODE[n]
    for n in (
        "negation",
        "negation_after",
        "positive",
        "negative",
        "price_context",
        "contrast",
        "currency",
        "request",
    )
)
if _C_CODES != {"entry": ENTRY, "required": REQUIRED, "unless": UNLESS,
                "unless_clause": UNLESS_CLAUSE, **_CUE_CODE}:  # fmt: skip
    raise ImportError("buyerlens.signals._scan was built with other payload codes")

_NEG_WINDOW_WORDS = 3
_NEG_AFTER_WORDS = 5
_NEG_V2_WORDS = 10  # Dutch: "ik begrijp het verschil tussen A en B nog steeds niet"
_FAR = 120  # characters: beyond this no negation or tone reaches
_CLAUSE_BREAK = re.compile(r"[;!?:()\n]|[.,](?!\d)")
#: the word after an entry's phrase, on the same line (see :func:`_name_after`)
_NAME_AFTER = re.compile(r"[ \t\u00a0]+([^\W\d_][\w&'’.-]*)")

Payload = tuple[int, int, int, int]  # (code, entry index or -1, lead, trail)


@dataclass(frozen=True, slots=True)
class Matcher:
    """The compiled automaton of one role over one or more lexicons."""

    role: str
    entries: tuple[Entry, ...]
    automaton: Any
    payloads: tuple[tuple[Payload, ...], ...]
    size: int
    anchor_entries: frozenset[int]
    simple: frozenset[int]  # entries with no mood, requirement, tone or value to work out
    #: per key: the entry index when the key's only payload is a whole-word entry form
    #: (the common case, taken without unpacking payloads), else -1
    plain: tuple[int, ...] = ()
    #: per entry: (kind, id, rule, question, fast, mood) with fast 2 = always a plain
    #: signal, 1 = plain unless negated, -1 = plain if its mood holds, 0 = _entry_signal
    meta: tuple[tuple[str, str, str | None, str | None, int, str], ...] = ()
    #: the automaton scans the ASCII buffer as bytes (no char-offset mapping to do)
    as_bytes: bool = False
    #: the learned layer's weights for this role (``None``: the lexicon decides alone)
    learned: RoleModel | None = None
    #: casefolded words that are no name after a ``followed_by = "name"`` phrase
    not_names: frozenset[str] = frozenset()
    #: folded words that make a named colleague a logistics contact (``contact_words``)
    contact_words: tuple[str, ...] = ()
    #: ``plain``, and the payloads as ``_scan.collect`` reads them: int32 offsets per
    #: key (one more than keys) into int32 records (code, entry, lead, trail)
    c_tables: tuple[bytes, bytes, bytes] = (b"", b"\0\0\0\0", b"")
    #: per entry: its id
    entry_ids: tuple[str, ...] = ()

    def find(self, buf: str) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of every overlapping match in the (ASCII) buffer."""
        if self.as_bytes:
            data = buf.encode("ascii", "replace")  # always ASCII; same offsets either way
            return self.automaton.find_matches_as_indexes(data, overlapping=True)  # type: ignore[no-any-return]
        return self.automaton.find_matches_as_indexes(buf, overlapping=True)  # type: ignore[no-any-return]

    def scan(self, buf: str) -> list[tuple[int, int, int, int]]:
        """``(code, entry, fstart, fend)`` for every match; folded coordinates."""
        out = []
        payloads = self.payloads
        for pid, s, e in self.find(buf):
            for code, idx, lead, trail in payloads[pid]:
                out.append((code, idx, s + lead - 1, e - trail - 1))
        return out


def build_matcher(
    lexicons: tuple[Lexicon, ...], *, role: str, learned: RoleModel | None = None
) -> Matcher:
    """Compile the entries of ``role`` and every cue of the lexicons into one automaton;
    ``learned`` adds the learned layer's decision per kind (see :mod:`.learned`)."""
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
            code = PRICE_CTX if entry.kind == "price_anchor" else ENTRY
            idx = len(entries) - 1
            whole = (code, idx, 1, 1)
            for form in entry.forms:  # add() inlined for the common whole-word form
                if "*" in form:
                    add(form, code, idx)
                    continue
                bucket = table.get(key := f" {form} ")
                if bucket is None:
                    table[key] = [whole]
                elif whole not in bucket:
                    bucket.append(whole)
            for form in entry.requires:
                add(form, REQUIRED, idx)
            for form in entry.unless:
                add(form, UNLESS, idx)
            for form in entry.unless_clause:
                add(form, UNLESS_CLAUSE, idx)
        for cue, forms in lex.cues.items():
            for form in forms:
                add(form, _CUE_CODE[cue], -1)
    keys = list(table)
    as_bytes = all(k.isascii() for k in keys)
    if as_bytes:  # the buffer is ASCII: a bytes automaton skips the char-offset mapping
        automaton: Any = ahocorasick_rs.BytesAhoCorasick(
            [k.encode("ascii") for k in keys], matchkind=ahocorasick_rs.MatchKind.Standard
        )
    else:
        automaton = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard)
    payloads = tuple(tuple(table[k]) for k in keys)
    anchors = frozenset(i for i, e in enumerate(entries) if e.kind == "price_anchor")
    simple = frozenset(
        i
        for i, e in enumerate(entries)
        if e.mood == "any"
        and not e.requires
        and e.polarity is None
        and e.followed_by is None
        and e.kind not in ("incumbent", "commitment")
    )
    plain = tuple(
        p[0][1] if len(p) == 1 and p[0][0] == ENTRY and p[0][2:] == (1, 1) else -1 for p in payloads
    )
    meta = tuple(
        (e.kind, e.id, e.rule, e.question, _fast_level(e, i in simple), e.mood)
        for i, e in enumerate(entries)
    )
    not_names = frozenset().union(*(lx.not_names for lx in lexicons))
    contact = tuple(dict.fromkeys(w for lx in lexicons for w in lx.contact_words))
    offsets = np.cumsum([0] + [len(p) for p in payloads], dtype=np.int32)
    records = np.array([r for p in payloads for r in p], dtype=np.int32).reshape(-1, 4)
    c_tables = (np.array(plain, dtype=np.int32).tobytes(), offsets.tobytes(), records.tobytes())
    return Matcher(
        role, tuple(entries), automaton, payloads, len(keys), anchors, simple, plain, meta,
        as_bytes, learned, not_names, contact, c_tables, tuple(e.id for e in entries),
    )  # fmt: skip


@lru_cache(maxsize=4)
def default_matcher(role: str) -> Matcher:
    """The matcher of the packaged Dutch and English lexicons and learned layer for ``role``."""
    lexicons = (load_lexicon("nl"), load_lexicon("en"))
    return build_matcher(lexicons, role=role, learned=default_models()[role])


@lru_cache(maxsize=4)
def lexicon_matcher(role: str) -> Matcher:
    """The packaged lexicons alone, without the learned layer (to train and compare it)."""
    return build_matcher((load_lexicon("nl"), load_lexicon("en")), role=role)


class _Doc:
    """Per-message state: the body, its buffer and the sorted cue positions."""

    __slots__ = (
        "body",
        "buf",
        "contrast",
        "moods",
        "neg_after",
        "neg_pre",
        "offset",
        "requests",
        "required",
        "tone",
        "unless",
        "unless_clause",
    )

    def __init__(self, body: str, buf: Buffer, offset: int) -> None:
        self.body = body
        self.buf = buf
        self.offset = offset
        self.neg_pre: list[int] = []  # folded end of each negation cue
        self.neg_after: list[int] = []  # folded start of each post-negation cue
        self.contrast: list[int] = []
        self.tone: list[tuple[int, int, int]] = []  # (fstart, fend, +1/-1)
        self.moods: dict[tuple[int, str], bool] = {}  # (sentence end, mood) -> ok
        self.requests: list[int] = []  # folded start of each request cue ("kunt u", "please")
        self.required: dict[str, list[int]] = {}  # entry id -> folded starts of its words
        self.unless: dict[str, list[int]] = {}  # entry id -> folded starts of its cancellers
        self.unless_clause: dict[str, list[int]] = {}  # the same, cancelling in their clause

    def words_between(self, a: int, b: int) -> int:
        """Words between folded positions ``a`` and ``b`` (capped: far apart is "many")."""
        if b - a > _FAR:
            return 1 << 30
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

    def negated_after(self, fe: int) -> bool:
        """Is there a negation cue shortly after ``fe`` in the same clause (Dutch V2)?"""
        j = bisect_left(self.neg_pre, fe + 1)
        while j < len(self.neg_pre):
            cue_end = self.neg_pre[j]
            if self.words_between(fe, cue_end) > _NEG_V2_WORDS:
                return False
            if not self.clause_break(fe, cue_end):
                return True
            j += 1
        return False


def extract_body(
    body: str,
    *,
    offset: int,
    matcher: Matcher,
    lang: str | None,
    at: datetime | None,
    named: tuple[Named, ...] = (),
) -> list[Signal]:
    """Signals of the new-words region ``body`` (starting at ``offset`` in the message).

    ``lang`` ``None`` detects the language from the buffer (it only steers number styles:
    the lexicons of both languages are always matched, so mixed messages need nothing).
    """
    buf = make_buffer(body)
    doc = _Doc(body, buf, offset)
    entries = matcher.entries
    found = matcher.find(buf.buf)
    # every match's payloads into the entry hits, the money cues and the cue lists of
    # doc, in C (_scan.c; the sorting below is the same as before)
    hits: list[tuple[int, int, int]] = []
    money: list[tuple[int, int, int, int]] = []
    _collect(
        found, *matcher.c_tables, matcher.entry_ids, hits, money, doc.neg_pre, doc.neg_after,
        doc.contrast, doc.requests, doc.required, doc.unless, doc.unless_clause, doc.tone,
    )  # fmt: skip
    for lst in (doc.neg_pre, doc.neg_after, doc.contrast, doc.requests):
        lst.sort()
    doc.tone.sort()
    hits.sort()
    signals: list[Signal] = []
    last_end: dict[str, int] = {}
    # fast levels a plain signal may take: 2 always; 1 too when no negation cue is near
    fast_min = 3 if buf.bp_norm else 1 if not (doc.neg_pre or doc.neg_after) else 2
    meta = matcher.meta
    for fs, neg_fe, idx in hits:  # longest first at each start; skip same-kind overlaps
        kind, eid, rule, question, fast, mood = meta[idx]
        if last_end.get(kind, -1) > fs:
            continue
        fe = -neg_fe
        if (
            fast >= fast_min
            or (fast == 1 and fast_min == 2 and not doc.negated(fs, fe))
            or (fast == -1 and fast_min < 3 and _mood_ok(doc, fs, fe, mood))
        ):
            # the common case: a plain phrase, nothing to parse, not negated, mood holds
            sig: Signal | None = _signal(
                kind, fs + offset, fe + offset, body[fs:fe], None, None, eid, rule, question
            )
        elif (fast == 1 and fast_min == 2) or (fast == -1 and fast_min < 3):
            sig = None  # a plain phrase under a negation, or not in its mood
        else:
            sig = _entry_signal(doc, entries[idx], fs, fe, at=at, not_names=matcher.not_names)
        if sig is not None:
            signals.append(sig)
            last_end[kind] = fe
    if doc.unless or doc.unless_clause:  # a cancelling word of some entry is present
        which = doc.unless.keys() | doc.unless_clause.keys()
        signals = [s for s in signals if s.entry not in which or not cancelled(doc, s)]
    if matcher.role == "buyer" and (money or "buying_intent" in last_end):
        anchors = price_anchors(doc, money, entries, lang=lang) if money else []
        if "buying_intent" in last_end:
            anchors += deal_prices(doc, signals, lang=lang)
        if anchors:
            signals.extend(drop_authority_limits(doc.body, anchors, signals, doc.offset))
            signals = dedupe(signals)
    # else: entry hits were taken in order and de-duplicated per kind
    if matcher.learned is not None:
        signals = decide(
            matcher.learned,
            buf,
            signals,
            offset=offset,
            describe=lambda kind, pos: _describe(doc, kind, pos, at),
        )
    if named and matcher.role == "buyer":
        for names in named:
            signals = named_mentions(doc, signals, names, matcher.contact_words)
    return signals


def _describe(
    doc: _Doc, kind: str, pos: int, at: datetime | None
) -> tuple[int, int, Polarity | None, dict[str, Any] | None]:
    """The sentence around ``pos`` (body offsets, trimmed) that the learned layer takes as
    evidence of ``kind``, with its polarity and value, as for a lexicon hit."""
    body = doc.body
    lo = max(0, pos - 400)
    start = max(lo, sentence_start(body, lo, pos))
    term = sentence_end(body, pos, pos + 400)
    end = term[1] if term else min(len(body), pos + 400)
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if kind == "incumbent":
        fs, fe = (
            (start, end)
            if not doc.buf.bp_norm
            else (folded_at_or_after(doc.buf, start), folded_at_or_after(doc.buf, end))
        )
        return start, end, tone(doc, fs, fe), None  # type: ignore[return-value]
    if kind == "commitment":
        return start, end, None, _due(body, start, at)
    return start, end, None, None


def _fast_level(entry: Entry, simple: bool) -> int:
    """How an ASCII hit of ``entry`` may skip :func:`_entry_signal` (see ``Matcher.meta``)."""
    if simple:
        return 1 if entry.negatable else 2
    mood_only = (
        entry.mood in ("question", "request", "statement")
        and not entry.negatable
        and not entry.requires
        and entry.polarity is None
        and entry.followed_by is None
        and entry.kind not in ("incumbent", "commitment")
    )
    return -1 if mood_only else 0


def _entry_signal(
    doc: _Doc, entry: Entry, fs: int, fe: int, *, at: datetime | None, not_names: frozenset[str]
) -> Signal | None:
    start, end = doc.buf.span(fs, fe) if doc.buf.bp_norm else (fs, fe)
    if entry.followed_by == "name":
        end = _name_after(doc.body, start, end, not_names)
        if end < 0:
            return None
    if entry.mood == "negated":
        if not doc.negated_after(fe):
            return None
    elif entry.mood != "any" and not _mood_ok(doc, start, end, entry.mood):
        return None
    if entry.negatable and (doc.neg_pre or doc.neg_after) and doc.negated(fs, fe):
        return None
    if entry.requires and not has_required(doc, entry, fs, fe):
        return None
    polarity: Polarity | None = None
    value: dict[str, Any] | None = None
    if entry.kind == "incumbent":
        polarity = entry.polarity or tone(doc, fs, fe)  # type: ignore[assignment]
    elif entry.polarity is not None:
        polarity = entry.polarity  # type: ignore[assignment]
    if entry.kind == "commitment":
        value = _due(doc.body, start, at)
    off = doc.offset
    # positional: kind, start, end, text, polarity, value, entry, rule, question
    return _signal(
        entry.kind,
        start + off,
        end + off,
        doc.body[start:end],
        polarity,
        value,
        entry.id,
        entry.rule,
        entry.question,
    )


def _name_after(body: str, start: int, end: int, not_names: frozenset[str]) -> int:
    """Where the name after ``body[start:end]`` ends, or -1 when none follows on the same
    line. A name is a run of up to four capitalised words ("stick with Hydrochem", "kopen
    alles via Sligro", "happy with Smurfit Westrock", "tevreden over Van Dam") whose first
    is not a listed non-name ("happy with Monday", "blij met Uw aanbod"). In text written
    in capitals the capital says nothing, so there is no name."""
    if body[start:end].isupper():
        return -1
    out = -1
    pos = end
    for n in range(4):
        m = _NAME_AFTER.match(body, pos)
        if m is None:
            break
        word = m.group(1).rstrip(".-'’")
        if not word[0].isupper() or (n == 0 and word.casefold() in not_names):
            break
        out = pos = m.start(1) + len(word)
    return out


def _mood_ok(doc: _Doc, start: int, end: int, mood: str) -> bool:
    """Is the sentence around ``[start, end)`` a question, a request or a statement?"""
    body = doc.body
    term = sentence_end(body, end, end + 400)
    key = (term[0] if term else -end, mood)
    cached = doc.moods.get(key)
    if cached is None:
        cached = doc.moods[key] = _sentence_mood(doc, start, end, term, mood)
    return cached


def _sentence_mood(
    doc: _Doc, start: int, end: int, term: tuple[int, int, bool] | None, mood: str
) -> bool:
    body = doc.body
    is_question = term is not None and term[2]
    if mood == "question":
        return is_question
    if mood == "statement":
        return not is_question
    if is_question:
        return True
    if not doc.requests:
        return False
    lo = max(0, start - 300)
    sent_start = sentence_start(body, lo, start)
    stop = term[1] if term else min(len(body), end + 400)
    # request cues are in folded coordinates; equal to original ones for ASCII text
    a = max(lo, sent_start)
    fa = a if not doc.buf.bp_norm else folded_at_or_after(doc.buf, a)
    fb = stop if not doc.buf.bp_norm else folded_at_or_after(doc.buf, stop)
    i = bisect_left(doc.requests, fa)
    return i < len(doc.requests) and doc.requests[i] < fb


def _due(body: str, start: int, at: datetime | None) -> dict[str, Any] | None:
    """The due date said in the commitment's sentence, resolved against ``at``."""
    term = sentence_end(body, start, start + 250)
    stop = term[0] if term else min(len(body), start + 250)
    found = find_due(body, start, stop, at)
    if found is None:
        return None
    due, said = found
    return {"due": due.isoformat() if due else None, "due_text": said}

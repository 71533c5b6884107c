"""Sentence and clause scope of a hit: what must or must not stand in the same sentence
(``requires``, ``unless``, ``unless_clause``), where a sentence starts, the incumbent's
tone, and the names the CRM knows (the incumbent, R-B4; colleagues, R-B3). Split from
:mod:`.extractor`, which calls these per hit; they read its per-message state
(``_Doc``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any

from buyerlens.signals._scan import sentence_end
from buyerlens.signals._scan import sentence_start as sentence_start
from buyerlens.signals.anchors import SENTENCE_START
from buyerlens.signals.names import Named
from buyerlens.signals.normalize import Buffer
from buyerlens.signals.types import Signal

if TYPE_CHECKING:
    from buyerlens.signals.extractor import _Doc
    from buyerlens.signals.lexicon import Entry

#: Where a sentence ends: terminal punctuation before a space or a quote, a blank line, a
#: new bullet. The extractor asks ``_scan.sentence_end(body, pos, endpos)`` (in C; the
#: tests compare it with this pattern): ``(start, end, question)`` of the first match in
#: ``body[pos:endpos]``, or ``None``. ``sentence_start(body, lo, start)`` (also in C) is
#: just after the last ``.!?`` or line break in ``body[lo:start]`` (0: none); a dot before
#: a digit ("artikel 7.3", "€ 1.500") ends no sentence.
SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'’”)\]]|$)|\n\s*\n|\n[-*•>]")


#: A colleague's name this close to a stakeholder phrase is that phrase's person ("onze
#: productieleider Bart", "Bart (productie)"), not a second stakeholder
_APPOSED = 3
#: An e-mail address or a telephone number: a colleague named beside one is a contact
_CONTACT_DETAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w,.])(?:\+|0)\d[\d \u00a0()/.-]{6,}\d(?!\w)"
)
#: The greeting that opens a message is a first line of at most this many words ending in
#: a comma ("Hoi Lisa, hoi Thijs,", "Dear Jasper and Olly,"): the colleagues named there
#: are addressed, not brought in
_GREETING_WORDS = 6
#: A supplier's short form right after these is the place it is named after ("in Tielt",
#: "te Zwolle", "near Bristol"), not the supplier
_PLACE_BEFORE = re.compile(r"(?:^|[\s(])(?:in|te|nabij|rond|uit|near|around)[ \t]+$", re.I)


def named_mentions(
    doc: _Doc, signals: list[Signal], found: Named, contact_words: tuple[str, ...] = ()
) -> list[Signal]:
    """Each mention of a name the CRM knows, as a signal of ``found.kind``:

    * ``incumbent`` (R-B4): the deal's current supplier ("Vorige week weer een levering van
      Lemmens die niet kwam"), with the buyer's tone in its sentence; not where the
      sentence already has an incumbent signal (one sentence is one piece of evidence:
      "Huidige leverancier Kartonnage Lemmens");
    * ``stakeholder`` (R-B3): a colleague of the buyer's ("Sietse heeft de proefdraai
      ingepland"), with the contact's role as ``value``; each role once per sentence ("Bart
      en Nathalie zijn akkoord" names two), and not in or beside a stakeholder phrase ("onze
      productieleider Bart" is one person), nor where the colleague is only a contact
      for logistics or administration (an e-mail address, a telephone number or one of
      the lexicon's ``contact_words`` in the same sentence and line: "bel Jelle bij de
      receptie voor de poortcode", "invoices to Ellie Shaw"), nor in the greeting
      ("Hoi Lisa, hoi Thijs,").

    A supplier's short form right after "in", "te", "near", ... is the place it is named
    after ("we zien elkaar in Tielt"), not the supplier.

    Added after the learned layer: the name is known, not guessed; a signal of the kind
    that the layer added, whose evidence is a whole sentence, gives way to the names in it.
    """
    body, off, kind = doc.body, doc.offset, found.kind
    spans = [(m.start(), m.end()) for m in found.pattern.finditer(body)]
    if not spans:
        return signals
    signals = [
        s
        for s in signals
        if not (
            s.kind == kind
            and (s.entry or "").startswith("learned.")
            and any(s.start - off < b and a < s.end - off for a, b in spans)
        )
    ]
    taken = [(s.start - off, s.end - off) for s in signals if s.kind == kind]
    roles: list[tuple[int, str]] = []  # colleagues named so far: (start, role)
    greeting = _greeting_end(body) if kind == "stakeholder" else 0
    added = []
    for start, end in spans:
        text = body[start:end]
        role = found.role_of.get(" ".join(text.split()), "")
        lo = max(0, start - 300)
        first = max(lo, sentence_start(body, lo, start))
        if kind == "incumbent":
            if text in found.short and _PLACE_BEFORE.search(body, max(0, start - 8), start):
                continue
            term = sentence_end(body, end, end + 400)
            last = term[1] if term else min(len(body), end + 400)
            if any(a < last and first < b for a, b in taken):
                continue
            taken.append((start, end))
        elif (
            any(a < end + _APPOSED and start - _APPOSED < b for a, b in taken)
            or any(first <= at and r == role for at, r in roles)
            or start < greeting
            or _contact(doc, first, start, end, contact_words)
        ):
            continue  # beside a stakeholder phrase, its role named here, or only a contact
        else:
            roles.append((start, role))
        polarity: str | None = None
        value: dict[str, Any] | None = None
        if kind == "incumbent":
            fs, fe = (
                (start, end)
                if not doc.buf.bp_norm
                else (folded_at_or_after(doc.buf, start), folded_at_or_after(doc.buf, end))
            )
            polarity = tone(doc, fs, fe)
        elif role:
            value = {"role": role}
        added.append(
            Signal(
                kind,
                start + off,
                end + off,
                text,
                polarity,  # type: ignore[arg-type]
                value,
                entry=f"name.{kind}",
                rule="B4" if kind == "incumbent" else "B3",
            )
        )
    if not added:
        return signals
    return sorted([*signals, *added], key=lambda s: (s.start, -(s.end - s.start)))


def _greeting_end(body: str) -> int:
    """Where the greeting line ends (0: the message opens without one)."""
    lead = len(body) - len(body.lstrip())
    cut = body.find("\n", lead)
    line = body[lead : cut if cut >= 0 else len(body)].rstrip()
    words = line.split()
    if not line.endswith(",") or not 0 < len(words) <= _GREETING_WORDS:
        return 0
    if not all(w.strip(",").replace("-", "").replace("'", "").isalpha() for w in words):
        return 0
    return lead + len(line)


def _contact(doc: _Doc, first: int, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Is the colleague named at ``[start, end)`` only a contact: an e-mail address, a
    telephone number or a contact word in the same sentence (from ``first``) and line?"""
    body = doc.body
    a = max(first, body.rfind("\n", 0, start) + 1)
    term = sentence_end(body, end, end + 400)
    b = term[1] if term else min(len(body), end + 400)
    line_end = body.find("\n", end)
    if line_end >= 0:
        b = min(b, line_end)
    if _CONTACT_DETAIL.search(body, a, b):
        return True
    if not words:
        return False
    fa, fb = (
        (a, b)
        if not doc.buf.bp_norm
        else (folded_at_or_after(doc.buf, a), folded_at_or_after(doc.buf, b))
    )
    span = doc.buf.buf[max(0, fa - 1) : fb + 1]
    return any(" " + w + " " in span for w in words)


def has_required(doc: _Doc, entry: Entry, fs: int, fe: int) -> bool:
    """Does one of the entry's required words occur in the same sentence (folded coords)?"""
    positions = doc.required.get(entry.id, [])
    if not positions:
        return False
    body = doc.body
    start, end = doc.buf.span(fs, fe) if doc.buf.bp_norm else (fs, fe)
    lo = max(0, start - 300)
    sent_start = sentence_start(body, lo, start)
    term = sentence_end(body, end, end + 400)
    stop = term[1] if term else min(len(body), end + 400)
    a, b = max(lo, sent_start), stop
    if doc.buf.bp_norm:
        a, b = folded_at_or_after(doc.buf, a), folded_at_or_after(doc.buf, b)
    return any(a <= p < b for p in positions)


def cancelled(doc: _Doc, sig: Signal) -> bool:
    """Does a word of the signal's entry's ``unless`` list occur in its sentence ("stuur de
    overeenkomst maar op"), or one of its ``unless_clause`` list in its clause: in the same
    sentence with no contrast word opening a clause between the two? "Geen commissie nodig,
    maar ik stem het af met de productieleider": the production manager is involved."""
    entry = sig.entry or ""
    positions = doc.unless.get(entry)
    in_clause = doc.unless_clause.get(entry)
    if not positions and not in_clause:
        return False
    body = doc.body
    start, end = sig.start - doc.offset, sig.end - doc.offset
    lo = max(0, start - 300)
    a = max(lo, sentence_start(body, lo, start))
    term = sentence_end(body, end, end + 400)
    b = term[1] if term else min(len(body), end + 400)
    fs, fe = start, end
    if doc.buf.bp_norm:
        a, b = folded_at_or_after(doc.buf, a), folded_at_or_after(doc.buf, b)
        fs, fe = folded_at_or_after(doc.buf, start), folded_at_or_after(doc.buf, end)
    if positions and any(a <= p < b for p in positions):
        return True
    return any(
        a <= p < b and not contrast_between(doc, *((p, fs) if p < fs else (fe, p)))
        for p in in_clause or ()
    )


def contrast_between(doc: _Doc, fa: int, fb: int) -> bool:
    """Does a contrast word that opens a clause (after a comma or semicolon: ", maar",
    "; but") stand between folded positions ``fa`` and ``fb``? The particle in "stuur
    maar een contract" opens none."""
    contrast = doc.contrast
    i = bisect_right(contrast, fa)
    while i < len(contrast) and contrast[i] < fb:
        at = doc.buf.orig(contrast[i])
        before = doc.body[max(0, at - 3) : at].rstrip()
        if before.endswith((",", ";")):
            return True
        i += 1
    return False


def folded_at_or_after(buf: Buffer, orig: int) -> int:
    """The smallest folded index whose original index is >= ``orig`` (binary search)."""
    lo, hi = 0, len(buf.buf) - 2
    while lo < hi:
        mid = (lo + hi) // 2
        if buf.orig(mid) < orig:
            lo = mid + 1
        else:
            hi = mid
    return lo


def tone(doc: _Doc, fs: int, fe: int) -> str:
    """The buyer's tone about the incumbent: tone cues in the same sentence."""
    score = 0
    lo = bisect_left(doc.tone, (fs - 250, -1, -2))
    hi = bisect_right(doc.tone, (fe + 200, 1 << 62, 2))
    for ts, te, sign in doc.tone[lo:hi]:
        if te < fs - 200:
            continue
        a, b = (te, fs) if te <= fs else (fe, ts)
        if a < b and SENTENCE_START.search(doc.body, doc.buf.orig(a), doc.buf.orig(b)):
            continue
        i = bisect_right(doc.neg_pre, ts) - 1
        if i >= 0 and doc.words_between(doc.neg_pre[i], ts) <= 2:
            sign = -sign
        score += sign
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"

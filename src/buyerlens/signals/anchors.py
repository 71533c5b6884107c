"""Price anchors: amounts said near currency cues or right after price words (R-B2).

Split from :mod:`.extractor`, which calls :func:`price_anchors` for a buyer message with
money cues; an amount beside an approval mention is an authority limit (R-B3).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from buyerlens.signals.fastsignal import make_signal as _signal
from buyerlens.signals.langid import detect_folded
from buyerlens.signals.lexicon import CUE_TYPES, Entry
from buyerlens.signals.types import Signal
from buyerlens.signals.values import AMOUNT_RE, amount_from_match

if TYPE_CHECKING:
    from buyerlens.signals.extractor import _Doc

PRICE_CTX = CUE_TYPES.index("price_context")
CURRENCY = CUE_TYPES.index("currency")
#: where a sentence boundary lies between two points (the extractor's tone check uses it)
SENTENCE_START = re.compile(r"[!?\n]|\.(?!\d)")
_DIGIT = re.compile(r"\d")
_AMOUNT_LEAD = 5  # the longest prefix of an amount before its number: "eur. "
_CTX_NUMBER = re.compile(
    r"[^\d\n.!?]{0,25}?(?P<m>(?:€|\$|£)?[ \u00a0]?\d[\d.,]*(?:[ \u00a0]?(?:k|mln|m)\b)?)",
    re.IGNORECASE,
)

#: A number right after a standard's or a code's name is an identifier, not an amount:
#: "vraagt een kopie van jullie ISO 9001-certificaat", "offer for type 4020", "lot 26".
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:iso|iatf|iec|nen|din|astm|brc|ifs|fssc|haccp|atex|fefco|ral|pantone|type|art"
    r"|artikel|article|item|lot|batch|partij|charge|versie|version|rev|nr|no\.|nummer|number"
    r"|model|serie|series|klasse|class|grade|fase|phase|optie|option|lijn|line|dock|hal|zaal"
    r"|room|kamer|ref|referentie|reference|week|wk|kw"
    r"|(?-i:EN|BS|UL|IP))\.?[ \u00a0#:-]*$",  # in capitals only: "en", "no" are words
    re.IGNORECASE,
)


def price_anchors(
    doc: _Doc,
    money: list[tuple[int, int, int, int]],
    entries: tuple[Entry, ...],
    *,
    lang: str | None,
) -> list[Signal]:
    """``price_anchor`` signals: amounts near currency cues or right after price words.

    ``lang`` ``None``: detected from the buffer, only when an amount needs parsing."""
    out: list[Signal] = []
    language = lang
    seen: set[tuple[int, int]] = set()
    body = doc.body
    money.sort(key=lambda m: (m[0] != PRICE_CTX, m[1]))  # price words first: they name it
    for code, fs, fe, idx in money:
        ostart, oend = doc.buf.span(fs, fe)
        if code == CURRENCY:
            lo, hi = max(0, ostart - 30), min(len(body), oend + 30)
            matches = [(m, True) for m in amounts(body, lo, hi)]
        else:  # a bare number shortly after a price word
            ctx = _CTX_NUMBER.match(body, oend, min(len(body), oend + 45))
            matches = []
            if ctx and not _IDENTIFIER_BEFORE.search(
                body, max(0, ctx.start("m") - 16), ctx.start("m")
            ):
                m2 = AMOUNT_RE.match(body, ctx.start("m"), min(len(body), ctx.end("m") + 30))
                if m2:
                    matches.append((m2, False))
        for m, need in matches:
            if m.end() - m.start() == 0 or (m.start(), m.end()) in seen:
                continue
            if language is None:
                language = detect_folded(doc.buf.buf)
            value = amount_from_match(m, lang=language, need_marker=need)
            if value is None:
                continue
            seen.add((m.start(), m.end()))
            s, e = m.start(), m.end()
            while e > s and body[e - 1] in " \u00a0":
                e -= 1
            while s < e and body[s] in " \u00a0":
                s += 1
            entry = entries[idx].id if idx >= 0 else "amount"
            for kind in ("price_anchor", "price_focus"):  # a stated figure is price talk
                out.append(
                    _signal(
                        kind,
                        s + doc.offset,
                        e + doc.offset,
                        body[s:e],
                        None,
                        value if kind == "price_anchor" else None,
                        entry,
                        "B2",
                        None,
                    )
                )
    return out


def amounts(body: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``AMOUNT_RE.finditer(body, lo, hi)``, trying only near digits: every amount has a
    number, which starts at most ``_AMOUNT_LEAD`` characters after the amount does."""
    out = []
    pos = lo
    while (digit := _DIGIT.search(body, pos, hi)) is not None:
        m = AMOUNT_RE.search(body, max(pos, digit.start() - _AMOUNT_LEAD), hi)
        if m is None:
            break
        out.append(m)
        pos = max(m.end(), m.start() + 1)
    return out


#: A bare figure after a price preposition, with decimals ("bij 0,29", "at 6.25", "voor
#: € 0,58"): the condition of a decision that follows it in the sentence (:func:`deal_prices`)
_DEAL_FIGURE = re.compile(
    r"\b(?:bij|tegen|voor|op|at|for)[ \u00a0]+(?P<m>(?:€|\$|£)?[ \u00a0]?\d+[.,]\d{1,3})"
    r"(?![\d.,]*\d)(?![ \u00a0]*(?:uur|u\b|h\b|am\b|pm\b|hrs?\b|:))",
    re.IGNORECASE,
)
#: Lexicon entries whose phrase is a decision that may follow a condition
_DECISIONS = ("nl.buying_intent.besluit", "en.buying_intent.decision")


def deal_prices(doc: _Doc, signals: list[Signal], *, lang: str | None) -> list[Signal]:
    """Price anchors named as the condition of a decision in the same sentence (R-B2):
    "Bij 0,29 teken ik morgen.", "At 6.25 I'd give you a go.", "Voor 0,58 doen we het." A
    bare figure is read as a price only there: before a buying decision, after a price
    preposition, with decimals, and not a time ("at 14.30")."""
    body = doc.body
    out: list[Signal] = []
    seen: set[int] = set()
    for sig in signals:
        if sig.kind != "buying_intent" or sig.entry not in _DECISIONS:
            continue
        end = sig.start - doc.offset
        lo = max(0, end - 200)
        start = lo
        for stop in SENTENCE_START.finditer(body, lo, end):
            start = stop.end()  # just after the last sentence end before the decision
        for m in _DEAL_FIGURE.finditer(body, start, end):
            at = m.start("m")
            if at in seen:
                continue
            amount = AMOUNT_RE.match(body, at, min(len(body), m.end("m") + 30))
            if amount is None:
                continue
            value = amount_from_match(
                amount, lang=lang or detect_folded(doc.buf.buf), need_marker=False
            )
            if value is None:
                continue
            seen.add(at)
            a, b = amount.start(), amount.end()
            while b > a and body[b - 1] in " \u00a0":
                b -= 1
            for kind in ("price_anchor", "price_focus"):  # a stated figure is price talk
                out.append(
                    _signal(
                        kind,
                        a + doc.offset,
                        b + doc.offset,
                        body[a:b],
                        None,
                        value if kind == "price_anchor" else None,
                        "deal_figure",
                        "B2",
                        None,
                    )
                )
    return out


def drop_authority_limits(
    body: str, anchors: list[Signal], signals: list[Signal], offset: int
) -> list[Signal]:
    """An amount in the same sentence as an approval mention is an authority limit, not
    a price anchor (R-B3: "alles boven de 25.000 euro moet langs de directeur")."""
    approvals = sorted(s.start - offset for s in signals if s.kind == "approval_process")
    if not approvals:
        return anchors
    kept = []
    for a in anchors:
        s = a.start - offset
        near = approvals[bisect_left(approvals, s - 200) : bisect_right(approvals, s + 200)]
        if any(SENTENCE_START.search(body, min(p, s), max(p, s)) is None for p in near):
            continue
        kept.append(a)
    return kept


def dedupe(signals: list[Signal]) -> list[Signal]:
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

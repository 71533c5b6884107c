"""Signal extraction: Dutch and English sales text into evidence (product.md, R-P1..R-B4).

>>> [s.kind for s in extract("De prijs is te hoog.", role="buyer")]
['price_focus']
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from buyerlens.model.errors import UsageError
from buyerlens.signals.extractor import Matcher, default_matcher, extract_body, lexicon_matcher
from buyerlens.signals.langid import detect_language
from buyerlens.signals.lexicon import LexiconError, load_lexicon
from buyerlens.signals.message import MessageParts, split_message, strip_quoted
from buyerlens.signals.names import named
from buyerlens.signals.notes import NoteLine, note_lines, read_note
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS, Signal, SpeakerRole
from buyerlens.signals.values import parse_amount, parse_number, resolve_due

__all__ = [
    "BUYER_KINDS",
    "SELLER_KINDS",
    "LexiconError",
    "MessageParts",
    "NoteLine",
    "Signal",
    "SpeakerRole",
    "detect_language",
    "extract",
    "load_lexicon",
    "note_lines",
    "parse_amount",
    "parse_number",
    "read_note",
    "resolve_due",
    "split_message",
    "strip_quoted",
]

_ROLES = ("buyer", "seller")
_LANGS = ("nl", "en")


def extract(
    text: str,
    *,
    role: str,
    lang: str | None = None,
    at: datetime | None = None,
    matcher: Matcher | None = None,
    learned: bool = True,
    incumbents: Collection[str] = (),
    colleagues: Mapping[str, str] | None = None,
) -> list[Signal]:
    """The signals in the author's new words of ``text``, ordered by position.

    ``role`` says whose words these are (``"buyer"`` or ``"seller"``); ``lang`` is
    ``"nl"``, ``"en"`` or ``None`` (detected); ``at`` is the message's own time, used to
    resolve due dates ("uiterlijk vrijdag"). Quoted history, signatures and
    out-of-office replies give no signals. Offsets index the original ``text``.
    ``learned=False`` reads with the lexicon alone, without the learned layer: two to
    three times as fast, less accurate on wording the lexicon does not know
    (docs/signals.md). ``incumbents`` are the deal's current suppliers by name and
    ``colleagues`` the buyer's colleagues (name -> contact role), from the CRM: the buyer's
    mentions of them are ``incumbent`` (R-B4) and ``stakeholder`` (R-B3) signals (see
    :mod:`buyerlens.signals.names`).
    """
    if role not in _ROLES:
        raise UsageError(f"role must be 'buyer' or 'seller', not {role!r}.")
    if lang is not None and lang not in _LANGS:
        raise UsageError(f"lang must be 'nl', 'en' or None, not {lang!r}.")
    parts = split_message(text)
    if parts.is_out_of_office or parts.end <= parts.start:
        return []
    if matcher is not None:
        m = matcher
    else:
        m = default_matcher(role) if learned else lexicon_matcher(role)
    names = named(incumbents, colleagues) if role == "buyer" and (incumbents or colleagues) else ()
    if parts.end - parts.start <= _CHUNK:
        body = text[parts.start : parts.end]
        return extract_body(body, offset=parts.start, matcher=m, lang=lang, at=at, named=names)
    # A very long text (a pasted report, a huge call note) is read in chunks cut at line
    # breaks, so its cost per character stays that of an ordinary message.
    language = lang or detect_language(text[parts.start : parts.start + 4000])
    out: list[Signal] = []
    for start, end in _chunks(text, parts.start, parts.end):
        out.extend(
            extract_body(
                text[start:end], offset=start, matcher=m, lang=language, at=at, named=names
            )
        )
    return out


_CHUNK = 64_000


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of about ``_CHUNK`` characters at line breaks
    (else at a space; a hard cut only for text without either)."""
    out = []
    while end - start > _CHUNK:
        cut = text.rfind("\n", start + _CHUNK // 2, start + _CHUNK)
        if cut < 0:
            cut = text.rfind(" ", start + _CHUNK // 2, start + _CHUNK)
        cut = start + _CHUNK if cut < 0 else cut + 1
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out

"""One line of evidence: the buyer's own words around a match, or a fact in words.

A signal's evidence holds only the matched words ("levertijden"); the brief shows the
sentence they stand in, cut to one line around the match, so the seller sees what the
buyer actually wrote. Facts (``drawn_out``, ``amount_above_authority`` ...) are put in
words from the labels of the brief's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from buyerlens.diagnose.types import Evidence
from buyerlens.model import Bundle, Interaction
from buyerlens.report.labels import Labels

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_SPACE = re.compile(r"\s+")
_LEAD = re.compile(r"^[\s\-*•>–—]+")  # list bullets and quote marks before a sentence


@dataclass(frozen=True, slots=True)
class Line:
    """``before`` + ``match`` + ``after`` is the line; ``quote`` says whose words they are."""

    before: str
    match: str
    after: str
    quote: bool
    source: str  # "i102 · 19 aug"

    @property
    def text(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text)


def _cut(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """The sentence around ``text[start:end]``, at most ``width`` characters."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    before, match, after = text[left:start], text[start:end], text[end:right]
    before, after = _clean(before).lstrip(), _clean(after).rstrip()
    room = max(width - len(match), 10)
    if len(before) + len(after) > room:
        keep_before = min(len(before), room // 2)
        keep_after = min(len(after), room - keep_before)
        keep_before = min(len(before), room - keep_after)
        if keep_before < len(before):
            kept = before[len(before) - keep_before :]
            space = kept.find(" ")
            kept = kept[space + 1 :] if 0 <= space < len(kept) - 1 else kept
            before = "…" + kept.lstrip()
        if keep_after < len(after):
            kept = after[:keep_after]
            space = kept.rfind(" ")
            kept = kept[:space] if space > 0 else kept
            after = kept.rstrip(" ,;:") + "…"
    return _LEAD.sub("", before), _clean(match), after


def _fact(evidence: Evidence, words: Labels, names: Mapping[str, str]) -> str:
    key = f"fact.{evidence.kind}"
    if not words.has(key):
        return evidence.text
    params: dict[str, Any] = {}
    for name, value in (evidence.value or {}).items():
        params[name] = words.number(value) if isinstance(value, int | float) else value
    params["contact"] = names.get(evidence.contact or "", evidence.contact or "")
    try:
        return words(key, **params)
    except (KeyError, IndexError, ValueError):
        return evidence.text  # a fact without the figures its label needs


def evidence_line(
    evidence: Evidence,
    *,
    interactions: Mapping[str, Interaction],
    names: Mapping[str, str],
    words: Labels,
    width: int = 110,
) -> Line:
    """The evidence as one line in the brief's language."""
    when = words.day(evidence.at) if evidence.at else ""
    source = " · ".join(part for part in (evidence.interaction, when) if part)
    fact_key = f"fact.{evidence.kind}"
    item = interactions.get(evidence.interaction or "")
    if item is None or words.has(fact_key):
        return Line("", _fact(evidence, words, names), "", quote=False, source=source)
    found = _best_occurrence(item.text, evidence.text)
    if found < 0:
        return Line("", _clean(evidence.text), "", quote=True, source=source)
    start, end = _whole_words(item.text, found, found + len(evidence.text))
    before, match, after = _cut(item.text, start, end, width)
    return Line(before, match, after, quote=True, source=source)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match that stops inside a word ("certificat" in "certificaten")."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _sentence_length(text: str, start: int) -> int:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, start)
    return (right.end() if right else len(text)) - left


def _best_occurrence(text: str, words: str) -> int:
    """Where ``words`` stand in ``text``; of several, the one in the longest sentence
    (a signature line such as "Manager Quality & Food Safety" is short)."""
    if not words:
        return -1
    starts = [m.start() for m in re.finditer(re.escape(words.lower()), text.lower())]
    return max(starts, key=lambda s: _sentence_length(text, s), default=-1)


def strongest(evidence: Iterable[Evidence]) -> Evidence | None:
    """The evidence that weighs most; a quote before a fact, the latest on a tie."""
    return max(
        evidence,
        key=lambda e: (e.weight, e.interaction is not None, e.at.isoformat() if e.at else ""),
        default=None,
    )


def interaction_index(bundle: Bundle) -> dict[str, Interaction]:
    return {item.id: item for item in bundle.interactions}

"""Dutch or English, from function-word profiles (no model, no download).

Each lexicon file lists its language's function words; a text's language is the
one whose exclusive function words occur most often in its first few thousand
characters. Ties (no evidence) go to English.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat

from buyerlens.signals._scan import WordSigns
from buyerlens.signals.lexicon import load_lexicon
from buyerlens.signals.normalize import fold_text

_SAMPLE = 1500


@lru_cache(maxsize=1)
def _profiles() -> tuple[frozenset[str], frozenset[str]]:
    nl = {fold_text(w).strip() for w in load_lexicon("nl").function_words}
    en = {fold_text(w).strip() for w in load_lexicon("en").function_words}
    return frozenset(nl - en), frozenset(en - nl)


@lru_cache(maxsize=1)
def _signs() -> dict[str, int]:
    """+1 for a Dutch-only function word, -1 for an English-only one."""
    nl, en = _profiles()
    return {**dict.fromkeys(nl, 1), **dict.fromkeys(en, -1)}


@lru_cache(maxsize=1)
def _sign_table() -> WordSigns:
    """:func:`_signs` in C (``_scan.c``): counts without making a string per word."""
    return WordSigns(_signs())


def dutch_lead(folded: str, *, sample: int = _SAMPLE) -> int:
    """Dutch-only minus English-only function words in the folded text's start: the
    difference of :func:`folded_scores`, in one pass over the words."""
    if folded.isascii():  # always, for fold_text's output and the scan buffer
        return _sign_table().lead(folded, sample, False)
    return sum(map(_signs().get, folded[:sample].split(), repeat(0)))


def language_scores(text: str) -> tuple[int, int]:
    """Counts of Dutch-only and English-only function words in the text's start."""
    return folded_scores(fold_text(text[:_SAMPLE]))


def folded_scores(folded: str, *, sample: int = _SAMPLE) -> tuple[int, int]:
    """:func:`language_scores` of text already folded (the scan buffer)."""
    nl, en = _profiles()
    words = folded[:sample].split()
    # the two profiles are disjoint, so each word counts for at most one language
    return sum(map(nl.__contains__, words)), sum(map(en.__contains__, words))


def detect_language(text: str) -> str:
    """``"nl"`` or ``"en"`` for a text; English when there is no evidence either way."""
    if text.isascii():  # folded while it is read: fold_text of ASCII keeps the length
        lead = _sign_table().lead(text, _SAMPLE, True)
    else:
        lead = dutch_lead(fold_text(text[:_SAMPLE]))
    return "nl" if lead > 0 else "en"


def detect_folded(folded: str) -> str:
    """:func:`detect_language` of text already folded (the scan buffer; a shorter sample:
    the extractor only needs it for number styles and a missing currency)."""
    return "nl" if dutch_lead(folded, sample=_SAMPLE // 3) > 0 else "en"

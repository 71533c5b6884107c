"""Dutch or English, from function-word profiles (no model, no download).

Each lexicon file lists its language's function words; a text's language is the
one whose exclusive function words occur most often in its first few thousand
characters. Ties (no evidence) go to English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from buyerlens.signals.lexicon import load_lexicon

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SAMPLE = 4000


@lru_cache(maxsize=1)
def _profiles() -> tuple[frozenset[str], frozenset[str]]:
    nl = load_lexicon("nl").function_words
    en = load_lexicon("en").function_words
    return nl - en, en - nl


def language_scores(text: str) -> tuple[int, int]:
    """Counts of Dutch-only and English-only function words in the text's start."""
    nl, en = _profiles()
    score_nl = score_en = 0
    for w in _WORD.findall(text[:_SAMPLE].casefold()):
        if w in nl:
            score_nl += 1
        elif w in en:
            score_en += 1
    return score_nl, score_en


def detect_language(text: str) -> str:
    """``"nl"`` or ``"en"`` for a text; English when there is no evidence either way."""
    score_nl, score_en = language_scores(text)
    return "nl" if score_nl > score_en else "en"

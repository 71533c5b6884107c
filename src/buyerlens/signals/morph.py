"""Pattern expansion at load time: alternations and inflected forms.

Lexicon patterns are written once, as a person would say them, and expanded here:

* ``{a|b|}`` alternation (an empty alternative makes the part optional);
* ``word~`` inflects a word: English ``approve~`` gives approves, approved, approving;
  Dutch ``offerte~`` gives offertes, offerten, and adjective and plural forms;
* ``word~v`` inflects a Dutch verb from its infinitive, with an optional separable
  prefix before ``+``: ``goed+keuren~v`` gives goedkeuren, goedgekeurd, keurt goed,
  keuren goed, goedkeuring ...

The rules over-generate a little (a form that no one writes costs nothing in an
Aho-Corasick automaton) and never under-generate the regular forms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

_ALT = re.compile(r"\{([^{}]*)\}")
_VOWELS = set("aeiou")
_MAX_FORMS = 20000


def expand_alternations(pattern: str, fold: Callable[[str], str] | None = None) -> list[str]:
    """``"{ik|wij} {stuur|sturen}"`` -> the four phrases, whitespace tidied; ``fold``, when
    given, is applied to each literal part and alternative once (for a fold that works
    character by character, the same as folding every phrase)."""
    parts = _ALT.split(pattern)
    # even indexes: literal text; odd indexes: alternatives
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    if fold is not None:
        choices = [[fold(p) for p in c] for c in choices]
    total = 1
    for c in choices:
        total *= len(c)
    if total > _MAX_FORMS:
        raise ValueError(f"pattern {pattern!r} expands to {total} phrases (max {_MAX_FORMS})")
    return [" ".join("".join(combo).split()) for combo in itertools.product(*choices)]


def inflect_phrase(phrase: str, lang: str) -> list[str]:
    """Every form of a phrase whose words may carry ``~`` or ``~v`` markers."""
    words = phrase.split(" ")
    options: list[list[str]] = []
    for w in words:
        if w.endswith("~v"):
            options.append(dutch_verb_forms(w[:-2]) if lang == "nl" else english_forms(w[:-2]))
        elif w.endswith("~"):
            base = w[:-1]
            options.append(dutch_forms(base) if lang == "nl" else english_forms(base))
        else:
            options.append([w])
    return [" ".join(combo) for combo in itertools.product(*options)]


def english_forms(word: str) -> list[str]:
    """Regular English inflections of a noun, verb or adjective."""
    forms = {word}
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing", word + "r"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {word + "es", word + "ed", word + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
        if _cvc(word):
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return sorted(forms)


def _cvc(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
        and len(word) <= 5
    )


def dutch_forms(word: str) -> list[str]:
    """Dutch plural, adjective and genitive forms of a noun or adjective."""
    forms = {word, word + "s", word + "'s"}
    if word.endswith("e"):
        forms |= {word + "n"}
    elif word.endswith(("el", "er", "em", "en", "je")):
        forms |= {word + "s"}
    elif word.endswith(("ie", "ee")):
        forms |= {word + "ën", word + "en"}
    else:
        forms |= {word + "en", word + "e"}
        if len(word) >= 3 and word[-1] not in _VOWELS and word[-2] in _VOWELS:
            if word[-3] == word[-2]:  # duur -> dure, groot -> grote
                short = word[:-2] + word[-1]
                forms |= {short + "e", short + "en"}
            elif word[-3] not in _VOWELS:  # bak -> bakken
                forms |= {word + word[-1] + "en", word + word[-1] + "e"}
        if word.endswith("heid"):
            forms.add(word[:-4] + "heden")
        if word.endswith(("f", "s")):
            forms |= {word[:-1] + ("v" if word[-1] == "f" else "z") + "en"}
    return sorted(forms)


def _verb_stem(infinitive: str) -> str:
    """``sturen`` -> ``stuur``, ``leggen`` -> ``leg``, ``geven`` -> ``geef``."""
    if infinitive.endswith("en"):
        stem = infinitive[:-2]
    elif infinitive.endswith("n"):  # gaan, doen, zien
        return infinitive[:-1]
    else:
        return infinitive
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]
    elif (
        len(stem) >= 3
        and stem[-1] not in _VOWELS
        and stem[-2] in _VOWELS
        and stem[-3] not in _VOWELS
        and not stem.endswith(("er", "el", "en"))
    ):
        stem = stem[:-1] + stem[-2] + stem[-1]
    if stem.endswith("v"):
        stem = stem[:-1] + "f"
    elif stem.endswith("z"):
        stem = stem[:-1] + "s"
    return stem


def dutch_verb_forms(spec: str) -> list[str]:
    """All regular forms of a Dutch verb given as ``[prefix+]infinitive``."""
    prefix, _, infinitive = spec.rpartition("+")
    stem = _verb_stem(infinitive)
    raw_stem = infinitive[:-2] if infinitive.endswith("en") else stem
    voiceless = raw_stem[-1:] in set("tkfschp") or raw_stem.endswith("x")
    dt = "t" if voiceless else "d"
    ending = "" if stem.endswith(dt) else dt
    participle = "ge" + stem + ending
    if infinitive.startswith(("be", "ge", "ver", "ont", "her", "er")):
        participle = stem + ending
    finite = {
        stem,
        stem + ("" if stem.endswith("t") else "t"),
        infinitive,
        stem + dt + "e",
        stem + dt + "en",
    }
    forms = {prefix + participle, prefix + infinitive, prefix + participle + "e"}
    if prefix:
        forms |= {f + " " + prefix for f in finite}
        forms |= {prefix + "te" + infinitive, "te " + prefix + infinitive}
    else:
        forms |= finite
    forms.add(prefix + raw_stem + "ing")
    return sorted(forms)

"""The current supplier by name (R-B4): the CRM knows who the incumbent is.

A buyer rarely writes "onze huidige leverancier" twice; after the first call the
incumbent is "Lemmens", "Desmet", "Northern". The lexicon cannot know those names, but
the deal does (``Deal.incumbent``). :func:`name_forms` turns the recorded name into the
forms a buyer writes: the full name and its distinctive part, without the legal form and
the words every supplier of the trade has in its name ("Kartonnage Lemmens" ->
"Lemmens", "Kartonfabriek De Hoop" -> "De Hoop", "Plastipack Rhein GmbH" -> "Plastipack
Rhein", "Plastipack"). :func:`name_pattern` finds them as whole words, case-sensitive: a
name is written with its capital ("de hoop" is hope).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: Legal forms and the trade's generic words, Dutch, English and German: never a name's
#: distinctive part on their own
_GENERIC = frozenset(
    {
        "bv",
        "b.v.",
        "nv",
        "n.v.",
        "vof",
        "v.o.f.",
        "bvba",
        "cv",
        "gmbh",
        "ag",
        "kg",
        "ug",
        "ltd",
        "ltd.",
        "limited",
        "plc",
        "llc",
        "inc",
        "inc.",
        "co",
        "co.",
        "corp",
        "corp.",
        "sa",
        "s.a.",
        "sas",
        "srl",
        "spa",
        "oy",
        "ab",
        "as",
        "a/s",
        "se",
        "&",
        "en",
        "and",
        "und",
        "the",
        "of",
        "kartonnage",
        "kartonnages",
        "kartonagen",
        "kartonfabriek",
        "kartonnagefabriek",
        "karton",
        "verpakking",
        "verpakkingen",
        "verpakkingsindustrie",
        "verpakkingshandel",
        "verpakkingsgroep",
        "packaging",
        "packagings",
        "pack",
        "packs",
        "verpackung",
        "verpackungen",
        "solutions",
        "solution",
        "group",
        "groep",
        "gruppe",
        "holding",
        "holdings",
        "industries",
        "industrie",
        "industry",
        "international",
        "internationaal",
        "services",
        "service",
        "supplies",
        "supply",
        "trading",
        "handel",
        "handelsonderneming",
        "logistics",
        "logistiek",
        "systems",
        "products",
        "producten",
        "company",
        "companies",
        "fabriek",
        "fabrieken",
        "werke",
        "werk",
        "europe",
        "europa",
        "benelux",
        "nederland",
        "belgie",
        "belgië",
        "uk",
    }
)
#: A single distinctive word shorter than this is no name form of its own ("De", "Oost")
_MIN_SINGLE = 5


def name_forms(name: str) -> tuple[str, ...]:
    """The forms of a supplier's recorded name a buyer writes, longest first."""
    words = name.replace(",", " ").split()
    if not words:
        return ()
    forms = [" ".join(words)]
    core = [w for w in words if w.lower() not in _GENERIC]
    if core and len(core) < len(words):
        forms.append(" ".join(core))
    if len(core) > 1 and len(core[0]) >= _MIN_SINGLE and core[0][:1].isupper():
        forms.append(core[0])
    out = [f for f in dict.fromkeys(forms) if len(f) >= 3]
    return tuple(sorted(out, key=len, reverse=True))


@lru_cache(maxsize=256)
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alts = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?<![\w&])(?:{alts})(?![\w&])")


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One whole-word, case-sensitive pattern for all forms of ``names`` (``None``: no
    usable name)."""
    forms = {f for n in names for f in name_forms(n)}
    return _pattern(tuple(sorted(forms, key=lambda f: (-len(f), f))))

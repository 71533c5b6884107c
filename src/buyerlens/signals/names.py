"""The current supplier and the buyer's colleagues by name: the CRM knows them.

The incumbent (R-B4):

A buyer rarely writes "onze huidige leverancier" twice; after the first call the
incumbent is "Lemmens", "Desmet", "Northern". The lexicon cannot know those names, but
the deal does (``Deal.incumbent``). :func:`name_forms` turns the recorded name into the
forms a buyer writes: the full name and its distinctive part, without the legal form and
the words every supplier of the trade has in its name ("Kartonnage Lemmens" ->
"Lemmens", "Kartonfabriek De Hoop" -> "De Hoop", "Plastipack Rhein GmbH" -> "Plastipack
Rhein", "Plastipack"). :func:`name_pattern` finds them as whole words, case-sensitive: a
name is written with its capital ("de hoop" is hope).

The buyer's colleagues (R-B3, C1): the other contacts of the deal's account. "Sietse
heeft de proefdraai ingepland" brings a colleague in, whom the lexicon cannot know by
name; :func:`person_forms` gives the full name, the first name and the surname ("Bart Van
Damme" -> "Bart", "Van Damme"), without a title ("Dr. Hartmut Lenz").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


#: Titles before a person's name, not part of how colleagues name them
_TITLES = frozenset(
    {"dr", "dr.", "drs", "drs.", "ir", "ir.", "ing", "ing.", "prof", "prof.", "mr", "mr.", "mrs"}
    | {"mrs.", "ms", "ms.", "dhr", "dhr.", "mevr", "mevr.", "heer", "mevrouw"}
)
#: First names that are also words a sentence opens with ("Will you send ...", "Ben je
#: er morgen?", "May I ask ..."): a colleague of that name is found by full name or surname
_WORDLIKE_FIRST = frozenset(
    {"will", "may", "ben", "wil", "bill", "sue", "rob", "pat", "grant", "chase", "hope"}
    | {"faith", "joy", "frank", "guy", "art", "dawn", "april", "june", "august", "summer"}
    | {"rose", "mag", "kan", "wim", "bas", "lies", "roos", "klaas"}
)
#: Particles that open a surname ("Van Damme"): no first name on their own
_PARTICLES = frozenset({"van", "de", "der", "den", "ten", "ter", "von", "la", "le", "du", "di"})


def person_forms(name: str) -> tuple[str, ...]:
    """The forms of a contact's recorded name a colleague writes, longest first: the full
    name, the first name and the surname, each at least three letters and capitalised
    (a surname that opens with a particle also as written: "de Graaf")."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in _TITLES]
    if not words:
        return ()
    forms = [" ".join(words)]
    if len(words) > 1:
        first = words[0]
        if first.lower() not in _PARTICLES | _WORDLIKE_FIRST and first[:1].isupper():
            forms.append(first)
        surname = " ".join(words[1:])
        if len(surname) >= 4:
            forms.append(surname)
            if words[1].lower() in _PARTICLES:  # "de Graaf" and, opening a sentence, "De Graaf"
                forms += [surname[:1].lower() + surname[1:], surname[:1].upper() + surname[1:]]
    out = [
        f
        for f in dict.fromkeys(forms)
        if len(f) >= 3 and (f[:1].isupper() or f.split()[0] in _PARTICLES)
    ]
    return tuple(sorted(out, key=len, reverse=True))


def people_pattern(people: Mapping[str, str]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One whole-word, case-sensitive pattern for all forms of ``people`` (name -> role)
    and the role of each form; a form two people share names neither of them."""
    role_of: dict[str, str] = {}
    shared: set[str] = set()
    for name, role in people.items():
        for form in person_forms(name):
            if form in role_of and role_of[form] != role:
                shared.add(form)
            role_of.setdefault(form, role)
    for form in shared:
        del role_of[form]
    return _pattern(tuple(sorted(role_of, key=lambda f: (-len(f), f)))), role_of


@dataclass(frozen=True, slots=True)
class Named:
    """Names the CRM knows, to be read as signals of ``kind`` (``"incumbent"``, R-B4, or
    ``"stakeholder"``, R-B3): ``pattern`` finds their forms; ``role_of`` gives a
    colleague's form its contact role (the stakeholder signal's ``value``)."""

    kind: str
    pattern: re.Pattern[str]
    role_of: dict[str, str] = field(default_factory=dict)


def named(
    incumbents: Iterable[str] = (), colleagues: Mapping[str, str] | None = None
) -> tuple[Named, ...]:
    """What :func:`buyerlens.signals.extract` looks for by name, from the deal's incumbent
    names and its colleagues (name -> role). Built once per set of names: every message
    of a deal asks for the same ones."""
    return _named(tuple(incumbents), tuple(sorted((colleagues or {}).items())))


@lru_cache(maxsize=1024)
def _named(
    incumbents: tuple[str, ...], colleagues: tuple[tuple[str, str], ...]
) -> tuple[Named, ...]:
    out = []
    suppliers = name_pattern(incumbents)
    if suppliers is not None:
        out.append(Named("incumbent", suppliers))
    if colleagues:
        pattern, role_of = people_pattern(dict(colleagues))
        if pattern is not None:
            out.append(Named("stakeholder", pattern, role_of))
    return tuple(out)

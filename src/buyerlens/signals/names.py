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
from typing import Any

#: Legal forms and connectors: never part of how a buyer names a supplier on their own
_LEGAL = frozenset(
    {"bv", "b.v.", "nv", "n.v.", "vof", "v.o.f.", "bvba", "bv.", "cv", "gmbh", "ag", "kg"}
    | {"ug", "ltd", "ltd.", "limited", "plc", "llc", "inc", "inc.", "co", "co.", "corp"}
    | {"corp.", "sa", "s.a.", "sas", "sarl", "srl", "spa", "s.p.a.", "oy", "ab", "as", "a/s"}
    | {"se", "&", "en", "and", "und", "et", "the", "of", "-"}
)
#: The trade's generic words, Dutch, English, French and German: what every supplier of
#: the trade has in its name, so never a name's distinctive part ("Drukkerij Vandewiele"
#: is "Vandewiele", "Cartonnages Delvaux" is "Delvaux", "Ashford Print Group" is
#: "Ashford")
_TRADE = frozenset(
    {"kartonnage", "kartonnages", "kartonagen", "kartonfabriek", "kartonnagefabriek"}
    | {"karton", "golfkarton", "cartonnage", "cartonnages", "carton", "cartons"}
    | {"verpakking", "verpakkingen", "verpakkingsindustrie", "verpakkingshandel"}
    | {"verpakkingsgroep", "packaging", "packagings", "pack", "packs", "emballage"}
    | {"emballages", "verpackung", "verpackungen", "drukkerij", "drukwerk", "druk"}
    | {"print", "printing", "printers", "imprimerie", "druckerei", "etiketten", "etiket"}
    | {"labels", "label", "etiquettes", "flexibles", "films", "folie", "folies"}
    | {"solutions", "solution", "group", "groep", "gruppe", "groupe", "holding", "holdings"}
    | {"industries", "industrie", "industry", "international", "internationaal"}
    | {"services", "service", "diensten", "dienstverlening", "supplies", "supply"}
    | {"trading", "handel", "handelsonderneming", "groothandel", "logistics", "logistiek"}
    | {"transport", "transporten", "transportbedrijf", "systems", "products", "producten"}
    | {"company", "companies", "fabriek", "fabrieken", "werke", "werk", "chemie"}
    | {"chemicals", "chemical", "techniek", "technics", "technology", "technologies"}
    | {"installaties", "installatietechniek", "bedrijf", "bedrijven", "direct", "partners"}
    | {"europe", "europa", "benelux", "nederland", "belgie", "belgië", "uk", "nl", "be"}
)
#: Dutch and German compounds that end in a trade word are trade words too
#: ("Kruidenhuis", "Eiwitcentrale", "Koeltransport"): the tail must follow at least three
#: letters
_TRADE_TAILS = (
    "erij", "handel", "fabriek", "centrale", "bedrijf", "huis", "karton", "transport",
    "techniek", "logistiek", "verpakking", "verpakkingen", "etiketten", "diensten",
    "installaties", "groothandel", "druckerei", "werke",
)  # fmt: skip
#: Words of a name that say where, not who: no form on their own ("Eiwitcentrale Noord")
_NOT_ALONE = frozenset(
    {"noord", "zuid", "oost", "west", "midden", "centraal", "north", "south", "east"}
    | {"central", "nord", "sud", "ost", "de", "het", "la", "le", "the"}
)
#: Particles that open a surname ("Van Damme", "De Hoop"): one unit with what follows
_PARTICLES = frozenset({"van", "de", "der", "den", "ten", "ter", "von", "la", "le", "du", "di"})
#: A single distinctive word shorter than this is no name form of its own ("Oost"); a
#: name's only distinctive part may be one letter shorter ("Golfkarton Berg": "Berg")
_MIN_SINGLE = 5


def _trade(word: str) -> bool:
    w = word.lower()
    return w in _TRADE or any(len(w) >= len(t) + 3 and w.endswith(t) for t in _TRADE_TAILS)


def _units(words: list[str]) -> list[str]:
    """``words`` with each surname particle joined to what follows ("Van", "Dijk" ->
    "Van Dijk")."""
    out: list[str] = []
    pending: list[str] = []
    for w in words:
        pending.append(w)
        if w.lower() not in _PARTICLES:
            out.append(" ".join(pending))
            pending = []
    if pending:
        out.append(" ".join(pending))
    return out


def name_forms(name: str) -> tuple[str, ...]:
    """The forms of a supplier's recorded name a buyer writes, longest first: the full
    name, the name without its legal form, its distinctive part without the trade's
    words, and that part's first word ("Plastipack Rhein GmbH" -> "Plastipack").

    A name made only of trade words and places keeps its first compound ("Eiwitcentrale
    Noord" -> "Eiwitcentrale")."""
    words = name.replace(",", " ").split()
    if not words:
        return ()
    named = [w for w in words if w.lower() not in _LEGAL]
    forms = [" ".join(words), " ".join(named)]
    core = [w for w in named if not _trade(w)]
    units = [u for u in _units(core) if u.lower() not in _NOT_ALONE]
    if not units:  # only trade words and places: the first compound names it
        compounds = [w for w in named if w.lower() not in _TRADE and _trade(w)]
        units = compounds[:1]
    if units:
        forms.append(" ".join(units))
        first = units[0]
        shortest = _MIN_SINGLE if len(units) > 1 else _MIN_SINGLE - 1
        if len(first) >= shortest and first[:1].isupper():
            forms.append(first)
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
    #: a supplier's one-word forms, which may be the place it is named after
    short: frozenset[str] = frozenset()


def deal_names(line: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The ``"incumbents"`` (supplier names) and ``"colleagues"`` (name -> contact role) of
    a JSON line, as ``buyerlens signals`` and the labelled sets carry them; both optional.
    A malformed one raises ``ValueError`` naming the field."""
    incumbents = line.get("incumbents", [])
    if not isinstance(incumbents, list) or not all(isinstance(n, str) for n in incumbents):
        raise ValueError('"incumbents" must be a list of supplier names')
    colleagues = line.get("colleagues", {})
    if not isinstance(colleagues, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in colleagues.items()
    ):
        raise ValueError('"colleagues" must map each colleague\'s name to a role')
    return incumbents, colleagues


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
        short = frozenset(f for n in incumbents for f in name_forms(n) if " " not in f)
        out.append(Named("incumbent", suppliers, short=short))
    if colleagues:
        pattern, role_of = people_pattern(dict(colleagues))
        if pattern is not None:
            out.append(Named("stakeholder", pattern, role_of))
    return tuple(out)

"""The lexicon: one TOML file per language, validated at load, expanded into forms.

File shape (see docs/signals.md)::

    language = "nl"
    function_words = ["de", "het", ...]          # language detection profile

    [cues]                                       # words that steer, not signals
    negation = ["niet", "geen", ...]             # negate what follows (same clause)
    negation_after = ["geen probleem", ...]      # negate what came before
    positive = [...]; negative = [...]           # tone, for the incumbent's polarity
    price_context = [...]                        # a bare number after these is a price
    contrast = ["maar", ...]                     # ends a negation's scope

    [[entry]]
    id = "nl.price_focus.te_duur"
    kind = "price_focus"
    rule = "B2"
    patterns = ["te duur", "{korting~|prijsverlaging}"]
    examples = ["Eerlijk gezegd vinden we het te duur."]
    mood = "any"          # or "question" / "statement"
    negatable = true      # default depends on the kind
    question = "..."      # seller question kinds: the playbook question id
    polarity = "..."      # fixed polarity (incumbent entries)
    requires = ["nu", ...]  # one of these must occur in the same sentence
    unless = ["contract~"]  # none of these may occur in the same sentence
    unless_clause = ["geen commissie nodig"]  # nor in the same clause (", maar" ends it)
    followed_by = "name"    # a name must follow the phrase ("stick with Hydrochem")

    not_names = ["maandag", ...]                 # capitalised words that are no name
    contact_words = ["receptie", ...]            # a colleague named beside these is a
                                                 # contact for logistics, not a stakeholder
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from buyerlens.model.errors import BadInputError
from buyerlens.signals.morph import expand_alternations, inflect_phrase
from buyerlens.signals.normalize import fold_text
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS

LANGUAGES: tuple[str, ...] = ("nl", "en")
CUE_TYPES: tuple[str, ...] = (
    "negation",
    "negation_after",
    "positive",
    "negative",
    "price_context",
    "contrast",
    "currency",
    "request",
)
QUESTION_IDS: dict[str, tuple[str, ...]] = {
    "price_probe": ("price_if_y", "price_at_what"),
    "process_question": (
        "process_add_supplier",
        "process_who_decides",
        "process_who_else",
        "process_departments",
    ),
    "relationship_question": (
        "relationship_rating",
        "relationship_strengths",
        "relationship_like_most",
        "relationship_confidence",
    ),
}
#: Kinds a negation does not cancel: worry, requests and process talk are often said
#: through a negation ("we can't afford downtime", "I still haven't received the quote",
#: "I can't sign this myself", "we can't decide before March").
_NOT_NEGATABLE = {
    "risk_concern",
    "info_request",
    "detail_request",
    "approval_process",
    "stall",
    "incumbent",
    "availability",
    "price_anchor",
    "objection",
    "vague_claim",
    "credibility",
    "price_probe",
    "current_price_question",
    "process_question",
    "relationship_question",
    "correction",
    "stakeholder",
}
_MOODS = ("any", "question", "request", "statement", "negated")
_ENTRY_KEYS = {
    "id",
    "kind",
    "rule",
    "patterns",
    "examples",
    "mood",
    "negatable",
    "question",
    "polarity",
    "note",
    "requires",
    "unless",
    "unless_clause",
    "followed_by",
}
#: What may have to follow an entry's phrase (``followed_by``): "name" is a capitalised
#: word that is not a listed non-name (a supplier's or brand's name)
_FOLLOWERS = ("name",)


class LexiconError(BadInputError):
    """A lexicon data file that does not follow the schema."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry after validation; ``forms`` are the folded surface forms."""

    id: str
    kind: str
    rule: str | None
    role: str
    language: str
    patterns: tuple[str, ...]
    examples: tuple[str, ...]
    forms: tuple[str, ...]
    mood: str
    negatable: bool
    question: str | None
    polarity: str | None
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # words that cancel the entry in the same sentence
    #: words that cancel it in the same clause: a denial ("geen commissie nodig") whose
    #: scope ends where a contrast word opens a clause (", maar ...", ", but ...")
    unless_clause: tuple[str, ...] = ()
    followed_by: str | None = None  # "name": a name must follow the phrase


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A language's entries, cue forms and function words."""

    language: str
    entries: tuple[Entry, ...]
    cues: Mapping[str, tuple[str, ...]]
    function_words: frozenset[str]
    #: capitalised words that are not a name (weekdays, months, pronouns), which
    #: ``followed_by = "name"`` does not take for one
    not_names: frozenset[str] = frozenset()
    #: folded forms of the words that make a named colleague a contact for logistics or
    #: administration ("bel Jelle bij de receptie", "invoices to Ellie Shaw"), R-B3
    contact_words: tuple[str, ...] = ()


def expand_pattern(pattern: str, lang: str) -> list[str]:
    """Every folded surface form of one lexicon pattern (keeps ``*`` affix markers)."""
    if "~" not in pattern and "*" not in pattern:
        # nothing to inflect, no affix marker (98 % of the phrases): fold each part of the
        # pattern once, not every phrase (folding is character by character, and turns
        # every whitespace character into a space)
        return [p for p in expand_alternations(pattern, fold=fold_text) if p]
    out: list[str] = []
    for phrase in expand_alternations(pattern):
        # most phrases have no word to inflect: skip the product of one form per word
        for form in inflect_phrase(phrase, lang) if "~" in phrase else (phrase,):
            if "*" in form:
                lead = "*" if form.startswith("*") else ""
                trail = "*" if form.endswith("*") else ""
                core = " ".join(fold_text(form.strip("*")).split())
                if core:
                    out.append(lead + core + trail)
            else:
                core = " ".join(fold_text(form).split())
                if core:
                    out.append(core)
    return out


@cache
def load_lexicon(lang: str) -> Lexicon:
    """Read and validate the packaged lexicon of ``lang`` ("nl" or "en").

    Read once per process: both roles' matchers, the lexicon-only matchers and the
    language detection share it (it is immutable, its cues a read-only mapping)."""
    if lang not in LANGUAGES:
        raise LexiconError(f"No lexicon for language {lang!r}; use one of {', '.join(LANGUAGES)}.")
    name = f"lexicon_{lang}.toml"
    text = resources.files("buyerlens.signals").joinpath("data", name).read_text("utf-8")
    return parse_lexicon(text, name=name)


def parse_lexicon(text: str, *, name: str) -> Lexicon:
    """Validate a lexicon file's text; every error names the file and the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{name}: not valid TOML: {exc}") from exc
    lang = data.get("language")
    if lang not in LANGUAGES:
        raise LexiconError(f"{name}: 'language' must be one of {LANGUAGES}, got {lang!r}.")
    cues_raw = data.get("cues", {})
    if not isinstance(cues_raw, dict):
        raise LexiconError(f"{name}: [cues] must be a table.")
    cues: dict[str, tuple[str, ...]] = {}
    for key, value in cues_raw.items():
        if key not in CUE_TYPES:
            raise LexiconError(f"{name}: unknown cue type {key!r}; known: {', '.join(CUE_TYPES)}.")
        _check_str_list(value, f"{name}: cues.{key}")
        cues[key] = tuple(f for p in value for f in expand_pattern(p, lang))
    words = data.get("function_words", [])
    _check_str_list(words, f"{name}: function_words")
    not_names = data.get("not_names", [])
    _check_str_list(not_names, f"{name}: not_names")
    contact = data.get("contact_words", [])
    _check_str_list(contact, f"{name}: contact_words")
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list) or not raw_entries:
        raise LexiconError(f"{name}: no [[entry]] tables.")
    entries: list[Entry] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_entries):
        entry = _parse_entry(raw, lang=lang, where=f"{name}: entry #{i + 1}")
        if entry.id in seen:
            raise LexiconError(f"{name}: entry {entry.id!r}: duplicate id.")
        seen.add(entry.id)
        entries.append(entry)
    return Lexicon(
        lang,
        tuple(entries),
        MappingProxyType(cues),
        frozenset(w.casefold() for w in words),
        frozenset(w.casefold() for w in not_names),
        tuple(dict.fromkeys(f for p in contact for f in expand_pattern(p, lang))),
    )


def _check_str_list(value: Any, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: must be a list of non-empty strings.")


def _parse_entry(raw: Any, *, lang: str, where: str) -> Entry:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: must be a table.")
    eid = raw.get("id")
    if not isinstance(eid, str) or not eid:
        raise LexiconError(f"{where}: missing 'id'.")
    where = f"{where.split(':')[0]}: entry {eid!r}"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}.")
    kind = raw.get("kind")
    if kind in BUYER_KINDS:
        role, rules = "buyer", BUYER_KINDS[kind]
    elif kind in SELLER_KINDS:
        role, rules = "seller", SELLER_KINDS[kind]
    else:
        raise LexiconError(f"{where}: unknown kind {kind!r}.")
    rule = raw.get("rule")
    if rules and rule not in rules:
        raise LexiconError(f"{where}: rule must be one of {', '.join(rules)} for {kind}.")
    if not rules and rule is not None:
        raise LexiconError(f"{where}: kind {kind} serves no rule; leave 'rule' out.")
    for key in ("patterns", "examples"):
        _check_str_list(raw.get(key), f"{where}: {key}")
        if not raw[key]:
            raise LexiconError(f"{where}: {key}: must be a list of at least one string.")
    mood = raw.get("mood", "any")
    if mood not in _MOODS:
        raise LexiconError(f"{where}: mood must be one of {', '.join(_MOODS)}.")
    question = raw.get("question")
    if question is not None and question not in QUESTION_IDS.get(kind, ()):
        raise LexiconError(f"{where}: question {question!r} is not a {kind} playbook question.")
    polarity = raw.get("polarity")
    if polarity not in (None, "positive", "negative", "neutral"):
        raise LexiconError(f"{where}: polarity must be positive, negative or neutral.")
    negatable = raw.get("negatable", kind not in _NOT_NEGATABLE)
    if not isinstance(negatable, bool):
        raise LexiconError(f"{where}: negatable must be true or false.")
    requires: tuple[str, ...] = ()
    if "requires" in raw:
        _check_str_list(raw["requires"], f"{where}: requires")
        requires = tuple(f for p in raw["requires"] for f in expand_pattern(p, lang))
    unless: tuple[str, ...] = ()
    if "unless" in raw:
        _check_str_list(raw["unless"], f"{where}: unless")
        unless = tuple(f for p in raw["unless"] for f in expand_pattern(p, lang))
    unless_clause: tuple[str, ...] = ()
    if "unless_clause" in raw:
        _check_str_list(raw["unless_clause"], f"{where}: unless_clause")
        unless_clause = tuple(f for p in raw["unless_clause"] for f in expand_pattern(p, lang))
    followed_by = raw.get("followed_by")
    if followed_by is not None and followed_by not in _FOLLOWERS:
        raise LexiconError(f"{where}: followed_by must be one of {', '.join(_FOLLOWERS)}.")
    try:
        forms = tuple(dict.fromkeys(f for p in raw["patterns"] for f in expand_pattern(p, lang)))
    except ValueError as exc:
        raise LexiconError(f"{where}: {exc}") from exc
    return Entry(
        id=eid,
        kind=kind,
        rule=rule,
        role=role,
        language=lang,
        patterns=tuple(raw["patterns"]),
        examples=tuple(raw["examples"]),
        forms=forms,
        mood=mood,
        negatable=negatable,
        question=question,
        polarity=polarity,
        requires=requires,
        unless=unless,
        unless_clause=unless_clause,
        followed_by=followed_by,
    )

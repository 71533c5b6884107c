"""The lexicon files: schema, every kind in both languages, every example matched."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from buyerlens.signals import extract
from buyerlens.signals.extractor import build_matcher
from buyerlens.signals.lexicon import (
    Lexicon,
    LexiconError,
    expand_pattern,
    load_lexicon,
    parse_lexicon,
)
from buyerlens.signals.morph import expand_alternations, inflect_phrase
from buyerlens.signals.normalize import fold_text
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS

ALL_KINDS = set(BUYER_KINDS) | set(SELLER_KINDS)
MODEL = Path(__file__).resolve().parents[2] / ".." / "shared" / "design" / "buyer-model.md"
DATA = Path(__file__).resolve().parents[2] / "src" / "buyerlens" / "signals" / "data"
PATTERN_KEYS = ("patterns", "requires", "unless", "unless_clause")

ENTRIES = [(lang, e) for lang in ("nl", "en") for e in load_lexicon(lang).entries]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_kind_is_in_both_language_files(lang: str) -> None:
    kinds = {e.kind for e in load_lexicon(lang).entries}
    assert kinds == ALL_KINDS


@pytest.mark.parametrize(("lang", "entry"), ENTRIES, ids=[e.id for _, e in ENTRIES])
def test_each_entry_matches_its_own_examples(lang: str, entry: object) -> None:
    lex = load_lexicon(lang)
    only = Lexicon(lang, (entry,), lex.cues, lex.function_words, lex.not_names)  # type: ignore[arg-type]
    role = "buyer" if entry.kind in BUYER_KINDS else "seller"  # type: ignore[attr-defined]
    matcher = build_matcher((only,), role=role)
    for example in entry.examples:  # type: ignore[attr-defined]
        found = extract(example, role=role, lang=lang, matcher=matcher)
        assert any(s.entry == entry.id for s in found), (entry.id, example)  # type: ignore[attr-defined]


def test_entry_rules_exist_in_the_buyer_model() -> None:
    """R-G1: every conclusion traces back to a rule of buyer-model.md."""
    if not MODEL.is_file():
        pytest.skip("../shared/design/buyer-model.md is not present")
    ids = set(re.findall(r"\*\*([PBCG]\d) ", MODEL.read_text(encoding="utf-8")))
    for _, entry in ENTRIES:
        if entry.rule is not None:
            assert entry.rule in ids, entry.id


def lexicon_kinds(text: str, *, role: str, lang: str | None = None) -> set[str]:
    return {s.kind for s in extract(text, role=role, lang=lang, learned=False)}


def test_inflections_are_generated_not_listed() -> None:
    """offertes, leveranciers, goedgekeurd, approved, approving come from lemmas (the
    lexicon alone: this is about its morphology, not the learned layer's decision)."""
    assert lexicon_kinds("Is het goedgekeurd?", role="buyer", lang="nl") == {"approval_process"}
    kinds = lexicon_kinds("Our current suppliers are late.", role="buyer")
    assert "incumbent" in kinds
    assert lexicon_kinds("It still needs approving.", role="buyer") == {"approval_process"}
    assert lexicon_kinds("The order was approved by finance.", role="buyer") >= {
        "approval_process",
        "stakeholder",
    }
    assert "incumbent" in lexicon_kinds("Onze huidige leveranciers.", role="buyer")


GOOD = """
language = "nl"
[[entry]]
id = "nl.x"
kind = "price_focus"
rule = "B2"
patterns = ["te duur"]
examples = ["Het is te duur."]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("B2", "B9"), "rule must be one of B2"),
        (('kind = "price_focus"', 'kind = "pricey"'), "unknown kind 'pricey'"),
        (('patterns = ["te duur"]', "patterns = []"), "patterns: must be a list"),
        (('examples = ["Het is te duur."]', 'mood = "loud"\nexamples = ["x"]'), "mood must be"),
        (('rule = "B2"', 'rule = "B2"\ncolour = "red"'), "unknown key(s) colour"),
        (('language = "nl"', 'language = "de"'), "'language' must be one of"),
        (('rule = "B2"', 'rule = "B2"\nquestion = "price_if_y"'), "is not a price_focus"),
        (("[[entry]]", "[[entry"), "not valid TOML"),
        (('rule = "B2"', 'rule = "B2"\nfollowed_by = "brand"'), "followed_by must be one of name"),
        (('rule = "B2"', 'rule = "B2"\nunless_clause = "geen"'), "unless_clause: must be a list"),
        (
            ('language = "nl"', 'language = "nl"\nnot_names = "maandag"'),
            "not_names: must be a list",
        ),
        (
            ('language = "nl"', 'language = "nl"\ncontact_words = ["receptie", ""]'),
            "contact_words: must be a list of non-empty strings",
        ),
    ],
)
def test_invalid_lexicon_names_file_and_entry(change: tuple[str, str], message: str) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(LexiconError) as err:
        parse_lexicon(text, name="lexicon_nl.toml")
    assert str(err.value).startswith("lexicon_nl.toml")
    assert message in str(err.value)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(LexiconError, match=r"entry 'nl\.x': duplicate id"):
        parse_lexicon(GOOD + GOOD.split("\n", 2)[2], name="lexicon_nl.toml")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(LexiconError, match="No lexicon for language 'de'"):
        load_lexicon("de")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_both_languages_list_the_words_of_a_logistics_contact(lang: str) -> None:
    # R-B3: a colleague named beside these is a contact, not a stakeholder; folded forms
    words = load_lexicon(lang).contact_words
    assert len(words) >= 15
    assert all(w == w.lower() and w.strip() == w for w in words)
    assert {"nl": "receptie", "en": "goods in"}[lang] in words


def test_a_lexicon_is_read_once_per_process_and_cannot_be_changed() -> None:
    """Both roles' matchers and the language detection share one reading of a file, so
    a caller must not be able to change it under them."""
    lex = load_lexicon("nl")
    assert load_lexicon("nl") is lex
    assert "niet" in lex.cues["negation"]
    with pytest.raises(TypeError):
        lex.cues["negation"] = ()  # type: ignore[index]
    assert "niet" in load_lexicon("nl").cues["negation"]


def _reference_expand(pattern: str, lang: str) -> list[str]:
    """expand_pattern as it was before its shortcuts for phrases with no ``~`` word and
    patterns folded part by part."""
    out: list[str] = []
    for phrase in expand_alternations(pattern):
        for form in inflect_phrase(phrase, lang):
            lead = "*" if form.startswith("*") else ""
            trail = "*" if form.endswith("*") else ""
            core = " ".join(fold_text(form.strip("*")).split())
            if core:
                out.append(lead + core + trail)
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pattern_expansion_gives_the_forms_of_the_plain_product(lang: str) -> None:
    raw = tomllib.loads((DATA / f"lexicon_{lang}.toml").read_text("utf-8"))
    patterns = [p for e in raw["entry"] for key in PATTERN_KEYS for p in e.get(key, [])]
    patterns += [p for forms in raw["cues"].values() for p in forms]
    patterns += [
        "*korting~ {op|voor} de offerte~*",
        "goed+keuren~v",
        "{Één|twee} ideeën~",
        "* te ~ duur *",
        "approv~ {it|}*",
        "{Één|twee}  offerte(s) {café|}",
        "prijs/kwaliteit {ok|oké|\tOK!}",
        "{|}",
        "ﬁnal {price|€ 5,-}",
        "{don`t|niet} {wachten|één}",
    ]
    assert len(patterns) > 3000
    for pattern in patterns:
        assert expand_pattern(pattern, lang) == _reference_expand(pattern, lang), pattern

"""The coach's data files: validated at load, bilingual, every number with its source."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
from textstat.backend.utils.constants import LANG_CONFIGS

from buyerlens.coach import FINDING_RULES
from buyerlens.coach._data import (
    KINDS,
    LANGUAGES,
    RULE_IDS,
    _entry,
    lexicon,
    messages,
    thresholds,
    weights,
)
from buyerlens.model.errors import ConfigError


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_finding_speaks_both_languages_with_the_same_placeholders() -> None:
    nl, en = messages("nl"), messages("en")
    assert set(nl) == set(en)
    for section in nl:
        assert set(nl[section]) == set(en[section]), section
        for key in nl[section]:
            assert _placeholders(nl[section][key]) == _placeholders(en[section][key]), (
                f"[{section}] {key}"
            )
    for finding, rules in FINDING_RULES.items():
        assert nl[finding]["rule"] == rules[0]


def test_every_finding_cites_rules_of_the_buyer_model() -> None:
    assert all(set(rules) <= RULE_IDS for rules in FINDING_RULES.values())


def test_every_threshold_names_its_source() -> None:
    data = thresholds()
    sections = [s for s in data if s != "readability"]
    assert {"too_long", "long_sentences", "hard_to_read", "asks", "about_us", "meeting"} <= set(
        sections
    )
    for section in sections:
        assert data[section]["source"].strip(), section
        assert data[section]["rule"] in RULE_IDS
    for lang in LANGUAGES:
        assert data["readability"][lang]["source"].strip()


@pytest.mark.parametrize(("lang", "formula"), [("en", "flesch"), ("nl", "flesch_douma")])
def test_reading_ease_constants_match_textstat(lang: str, formula: str) -> None:
    # Flesch (1948) for English and Douma (1960) for Dutch, as textstat defines them.
    mine = thresholds()["readability"][lang]
    theirs = LANG_CONFIGS[lang]
    assert mine["formula"] == formula
    assert (mine["base"], mine["per_sentence_word"], mine["per_syllable"]) == (
        theirs["fre_base"],
        theirs["fre_sentence_length"],
        theirs["fre_syll_per_word"],
    )


def test_dutch_reading_ease_equals_textstats_flesch_douma() -> None:
    from textstat.textstat import textstatistics

    from buyerlens.coach._text import read_draft, reading_ease

    text = (
        "Ik las dat Zuivel BV in maart een tweede vullijn opent. Bij Melkunie verlaagden we "
        "de uitval op de lijn met achttien procent. Wij zijn marktleider in innovatieve "
        "verpakkingsoplossingen en wij ontzorgen onze klanten volledig."
    )
    stats = textstatistics()
    stats.set_lang("nl")
    score, _ = reading_ease(read_draft(text, "nl"))
    assert score == pytest.approx(stats.flesch_reading_ease(text), abs=0.1)


def test_weights_cover_every_finding() -> None:
    table = weights()
    assert set(table.default) == set(FINDING_RULES)
    assert table.severity["high"] > table.severity["medium"] > table.severity["low"] > 0
    assert table.bands[-1] == ("rewrite", 0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lexicon_loads_every_kind_with_valid_rules(lang: str) -> None:
    lex = lexicon(lang)
    assert {e.kind for e in lex.entries.values()} == KINDS
    assert all(e.rule in RULE_IDS for e in lex.entries.values())
    assert lex.first_person.isdisjoint(lex.second_person)


BAD_ENTRIES: list[tuple[dict[str, Any], str]] = [
    ({"kind": "vague_claim", "rule": "P3", "patterns": ["x"]}, "needs a string id"),
    ({"id": "a", "kind": "nonsense", "rule": "P3", "patterns": ["x"]}, "kind 'nonsense'"),
    ({"id": "a", "kind": "vague_claim", "rule": "P9", "patterns": ["x"]}, "rule 'P9'"),
    ({"id": "a", "kind": "vague_claim", "rule": "P3", "patterns": []}, "non-empty list"),
    ({"id": "a", "kind": "vague_claim", "rule": "P3", "patterns": ["(x"]}, "bad pattern"),
    ({"id": "a", "kind": "vague_claim", "rule": "P3", "patterns": ["(?P<n>x)"]}, "name groups"),
    ({"id": "a", "kind": "daypart", "rule": "P1", "patterns": ["x"]}, "`hour` is required"),
    ({"id": "a", "kind": "daypart", "rule": "P1", "patterns": ["x"], "hour": "noon"}, "hour"),
]


@pytest.mark.parametrize(("raw", "fragment"), BAD_ENTRIES, ids=[f for _, f in BAD_ENTRIES])
def test_bad_lexicon_entries_are_refused_with_their_location(
    raw: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(fragment)) as info:
        _entry("lexicon_xx.toml", 3, raw)
    assert "lexicon_xx.toml: entry[3]" in str(info.value)


SCAN_TEXTS = [
    "Hi Olivia, our world-class, best-in-class cartons save you a lot. I'll send them soon; "
    "what are you paying now? Could we talk Tuesday at 10:30 CET, before your tender ends?",
    "Beste Eva, wij zijn marktleider en ontzorgen u volledig. Ik stuur u binnenkort de "
    "brochure. Wat betaalt u nu? Kunnen we dinsdagmiddag om 14.00 uur bellen, vóór de zomer?",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_bucketed_scanner_matches_the_plain_alternation(lang: str, text: str) -> None:
    lex = lexicon(lang)
    for kind, scanner in lex.span.items():
        alternatives = [
            f"(?P<g{i}>{p})"
            for i, p in enumerate(
                p for e in lex.entries.values() if e.kind == kind for p in e.patterns
            )
        ]
        plain = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        want = [(m.span(), m.group()) for m in plain.finditer(text, 0, len(text))]
        got = [(m.span(), m.group()) for m in scanner.finditer(text, 0, len(text))]
        assert got == want, kind


def test_docs_name_every_finding_and_threshold() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "coach.md"
    text = docs.read_text(encoding="utf-8")
    missing = [f for f in FINDING_RULES if f"`{f}`" not in text]
    missing += [s for s in thresholds() if f"`{s}" not in text]
    assert missing == []

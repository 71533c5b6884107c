"""The playbook and thresholds as data: valid rules, both languages, documented numbers."""

from __future__ import annotations

import copy
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from buyerlens.diagnose import load_thresholds, parse_thresholds
from buyerlens.model import ConfigError
from buyerlens.playbook import LANGUAGES, RULE_IDS, build_catalog, load_catalog

PRODUCT_ACTIONS = {
    "keep_it_short",
    "reason_to_talk_now",
    "propose_off_hours",
    "lead_with_credibility",
    "patient_persistence",
    "bring_technical_expert",
    "answer_with_specifics",
    "deliver_overdue_promises",
    "reply_to_open_requests",
    "ask_hypothetical_price",
    "stop_asking_current_price",
    "map_approval_path",
    "meet_missing_stakeholders",
    "ask_relationship_questions",
    "press_on_weak_incumbent",
    "persist_patiently_strong_incumbent",
}
PRODUCT_QUESTIONS = {
    "price_if_y",
    "price_at_what",
    "process_add_supplier",
    "process_who_decides",
    "process_who_else",
    "process_departments",
    "relationship_rating",
    "relationship_strengths",
    "relationship_like_most",
    "relationship_confidence",
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "diagnosis.md"


def _raw(name: str) -> dict[str, Any]:
    path = resources.files("buyerlens.playbook").joinpath(f"data/{name}")
    return tomllib.loads(path.read_text("utf-8"))


def test_every_product_id_exists_with_a_valid_rule_in_both_languages() -> None:
    catalog = load_catalog()
    assert {a.id for a in catalog.actions} >= PRODUCT_ACTIONS
    assert {q.id for q in catalog.questions} >= PRODUCT_QUESTIONS
    for entry in [*catalog.actions, *catalog.questions]:
        assert entry.rule in RULE_IDS, entry.id
    for lang in LANGUAGES:
        texts = catalog.texts[lang]
        assert set(texts.actions) == {a.id for a in catalog.actions}
        assert set(texts.questions) == {q.id for q in catalog.questions}
        for action in texts.actions.values():
            assert re.match(r"^(P[1-3]|B[1-4]|C[12]|G1): ", action.why), action.why


def test_the_dutch_and_english_texts_differ() -> None:
    catalog = load_catalog()
    nl, en = catalog.texts["nl"], catalog.texts["en"]
    for aid in nl.actions:
        assert nl.actions[aid].text != en.actions[aid].text, aid
    for qid in nl.questions:
        assert nl.questions[qid].text != en.questions[qid].text, qid


@pytest.mark.parametrize(
    ("where", "change", "message"),
    [
        ("structure", lambda d: d["action"][0].update(rule="X9"), "not a rule"),
        (
            "structure",
            lambda d: d["action"][0].update(when=["priority.sleepy >= high"]),
            "has no level",
        ),
        ("structure", lambda d: d["action"][0].update(when=["deal.is_big"]), "unknown fact"),
        ("en", lambda d: d["actions"].pop("keep_it_short"), "missing ['keep_it_short']"),
        (
            "nl",
            lambda d: d["actions"]["keep_it_short"].update(text="Hoi {naam}"),
            "unknown placeholder",
        ),
    ],
)
def test_a_broken_playbook_is_refused_with_its_location(
    where: str, change: Any, message: str
) -> None:
    structure = _raw("playbook.toml")
    texts = {lang: _raw(f"playbook_{lang}.toml") for lang in LANGUAGES}
    target = structure if where == "structure" else texts[where]
    change(target)
    with pytest.raises(ConfigError, match=re.escape(message)):
        build_catalog(structure, texts)


def test_every_threshold_carries_a_comment() -> None:  # R-G1
    path = resources.files("buyerlens.diagnose").joinpath("data/thresholds.toml")
    lines = path.read_text("utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^[a-z_]+ = [-0-9.\"\[]", line) and not line.startswith("rule ="):
            commented = "#" in line or lines[index - 1].startswith("#")
            assert commented, f"thresholds.toml line {index + 1} has no comment: {line}"


def test_thresholds_are_validated() -> None:
    data = load_thresholds().model_dump()
    broken = copy.deepcopy(data)
    broken["levels"]["medium"] = 0.9
    with pytest.raises(ConfigError, match=r"levels\.medium must be below levels\.high"):
        parse_thresholds(broken)
    broken = copy.deepcopy(data)
    del broken["stall"]["high_ratio"]
    with pytest.raises(ConfigError, match=r"stall\.high_ratio"):
        parse_thresholds(broken)


def test_every_playbook_entry_is_documented() -> None:
    if not DOCS.exists():
        pytest.fail("docs/diagnosis.md is missing")
    text = DOCS.read_text("utf-8")
    catalog = load_catalog()
    for entry in [*catalog.actions, *catalog.questions]:
        assert f"`{entry.id}`" in text, entry.id

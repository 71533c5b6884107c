"""The brief's labels: the same keys in nl and en, checked at load, placeholders known."""

from __future__ import annotations

import string
import tomllib
from importlib import resources
from typing import Any

import pytest

from buyerlens.model import ConfigError
from buyerlens.report import labels
from buyerlens.report.labels import check_labels
from buyerlens.schedule.settings import load_settings

# The placeholders a label may use: the report's own and the Evidence.value keys of facts.
KNOWN = {
    "n", "messages", "amount", "date", "industry", "years", "days", "name", "hours", "zone",
    "deal", "as_of", "rule", "relationship", "outcome", "requests", "weeks",
    "median_words", "median_hours", "replies", "rhythm_days", "contact", "currency",
    "limit", "answer",
}  # fmt: skip


def _files() -> dict[str, dict[str, Any]]:
    folder = resources.files("buyerlens.report").joinpath("data")
    return {
        lang: tomllib.loads(folder.joinpath(f"labels_{lang}.toml").read_text("utf-8"))
        for lang in ("nl", "en")
    }


def test_both_languages_have_the_same_labels() -> None:
    nl, en = labels("nl"), labels("en")
    assert set(nl.values) == set(en.values)
    assert nl("heading.people") == "Met wie je praat"
    assert en("heading.people") == "Who you will talk to"
    assert nl("level.high") == "hoog"
    assert en("slot.before_work") == "before work"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_placeholder_is_one_the_report_fills(lang: str) -> None:
    unknown = {
        (key, field)
        for key, value in labels(lang).values.items()
        if isinstance(value, str)
        for _, field, _, _ in string.Formatter().parse(value)
        if field and field not in KNOWN
    }
    assert unknown == set()


def test_a_missing_label_is_named() -> None:
    files = _files()
    del files["nl"]["pattern"]["stall"]
    with pytest.raises(ConfigError, match=r"labels_nl.toml: missing pattern.stall"):
        check_labels(files)


def test_a_role_without_a_label_is_named() -> None:
    files = _files()
    for data in files.values():
        del data["role"]["warehouse"]
    with pytest.raises(ConfigError, match=r"\[role\] needs warehouse"):
        check_labels(files)


def test_numbers_and_dates_follow_the_language() -> None:
    from datetime import datetime

    moment = datetime(2026, 10, 26, 7, 30)
    assert labels("nl").moment(moment) == "ma 26 okt 07:30"
    assert labels("en").moment(moment) == "Mon 26 Oct 07:30"
    assert labels("nl").money(48000.5, "EUR") == "EUR 48.000,50"
    assert labels("nl").number(8.6) == "8,6"
    assert labels("en").money(48000, "GBP") == "GBP 48,000"


def test_rule_p1_slot_settings_are_validated() -> None:
    folder = resources.files("buyerlens.schedule").joinpath("data")
    data = tomllib.loads(folder.joinpath("slots.toml").read_text("utf-8"))
    assert [w.id for w in load_settings(data).windows] == ["before_work", "lunch", "after_work"]
    data["window"][1]["prefer"] = "sometimes"
    with pytest.raises(ConfigError, match=r"window\[1\]\.prefer must be one of"):
        load_settings(data)

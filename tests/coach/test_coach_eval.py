"""The coach against labelled drafts: per-finding precision and recall above stated floors.

Two sets: ``eval/coach/drafts.jsonl`` (written by the evaluation helper; the coach's
phrase lists were developed against it, so its figures are optimistic) and
``tests/coach/heldout_drafts.jsonl`` (26 drafts written and labelled before the coach
was run on them, and not tuned on afterwards). Floors:

- micro precision >= 0.85, micro recall >= 0.85, micro F1 >= 0.85 on each set;
- per finding with at least 5 labelled drafts in the development set: precision and
  recall >= 0.7.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buyerlens.coach import EvalReport, evaluate, read_eval_set
from buyerlens.model.errors import BadInputError

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "eval" / "coach" / "drafts.jsonl"
HELDOUT = Path(__file__).parent / "heldout_drafts.jsonl"


def _report(path: Path) -> EvalReport:
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT)} is not in this checkout")
    return evaluate(read_eval_set(path.read_text(encoding="utf-8"), name=path.name))


@pytest.fixture(scope="module")
def dev() -> EvalReport:
    return _report(DEV)


@pytest.fixture(scope="module")
def heldout() -> EvalReport:
    return _report(HELDOUT)


def test_dev_set_micro_scores(dev: EvalReport) -> None:
    micro = dev.micro
    assert dev.drafts >= 60
    assert (micro.precision or 0) >= 0.85
    assert (micro.recall or 0) >= 0.85
    assert (micro.f1 or 0) >= 0.85


def test_dev_set_every_finding_with_support(dev: EvalReport) -> None:
    weak = [
        f"{t.finding}: P={t.precision} R={t.recall}"
        for t in dev.per_finding
        if t.tp + t.fn >= 5 and ((t.precision or 0) < 0.7 or (t.recall or 0) < 0.7)
    ]
    assert weak == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dev_set_both_languages(dev: EvalReport, lang: str) -> None:
    assert (dev.by_lang[lang].f1 or 0) >= 0.85


def test_heldout_set_micro_scores(heldout: EvalReport) -> None:
    micro = heldout.micro
    assert (micro.precision or 0) >= 0.85
    assert (micro.recall or 0) >= 0.85
    assert (micro.f1 or 0) >= 0.85


def test_report_counts_hits_misses_and_false_alarms() -> None:
    lines = "\n".join(
        [
            '{"id": "a", "lang": "en", "first_contact": false, "findings": ["vague_claim"],'
            ' "text": "Hi Jo,\\n\\nOur world-class trays fit. Can we talk at 7:45, before'
            ' your tender closes?"}',
            '{"id": "b", "lang": "nl", "first_contact": false, "findings": ["no_clear_ask"],'
            ' "text": "Hoi Eva,\\n\\nWe zijn marktleider. Tot dan."}',
        ]
    )
    report = evaluate(read_eval_set(lines))
    tallies = {t.finding: (t.tp, t.fp, t.fn) for t in report.per_finding}
    assert tallies["vague_claim"] == (1, 1, 0)
    assert tallies["no_clear_ask"] == (1, 0, 0)
    assert [(m.id, m.missed, m.extra) for m in report.misses] == [("b", (), ("vague_claim",))]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("not json", "invalid JSON"),
        ('{"id": "a", "lang": "en", "findings": []}', "missing field(s) text"),
        ('{"id": "a", "lang": "en", "text": "x", "findings": ["rude"]}', "unknown finding"),
        ('{"id": "a", "lang": "en", "text": "x", "findings": [], "context": {"tz": 1}}', "tz"),
    ],
)
def test_bad_eval_lines_name_file_and_line(line: str, fragment: str) -> None:
    with pytest.raises(BadInputError, match=re.escape("set.jsonl:2")) as info:
        read_eval_set("\n" + line, name="set.jsonl")
    assert fragment in str(info.value)

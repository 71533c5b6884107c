"""The evaluation report library and the labelled sets in eval/signals/."""

from __future__ import annotations

from pathlib import Path

import pytest

from buyerlens.model.errors import BadInputError
from buyerlens.signals.evaluate import evaluate, parse_eval_lines, score

DEV = Path(__file__).resolve().parents[2] / "eval" / "signals" / "dev.jsonl"


def test_score_counts_messages_not_occurrences() -> None:
    items = parse_eval_lines(
        [
            '{"id": "a", "text": "", "role": "buyer", "kinds": ["price_focus", "stall"]}',
            '{"id": "b", "text": "", "role": "buyer", "kinds": []}',
            '{"id": "c", "text": "", "role": "seller", "kinds": ["commitment"]}',
        ],
        name="t.jsonl",
    )
    predicted = [
        frozenset({"price_focus"}),
        frozenset({"objection"}),
        frozenset({"commitment", "price_focus"}),  # a buyer kind on a seller message: ignored
    ]
    report = score(zip(items, predicted, strict=True))
    by = {k.kind: k for k in report.kinds}
    assert (by["price_focus"].tp, by["price_focus"].fp, by["price_focus"].fn) == (1, 0, 0)
    assert (by["stall"].recall, by["objection"].precision) == (0.0, 0.0)
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (2, 1, 1)
    assert report.micro.f1 == pytest.approx(2 / 3)
    assert [e["id"] for e in report.errors] == ["a", "b"]


def test_bad_lines_are_reported_with_numbers() -> None:
    with pytest.raises(BadInputError) as err:
        parse_eval_lines(
            ['{"id": "a", "text": "x", "role": "buyer", "kinds": ["nonsense"]}', "{oops"],
            name="set.jsonl",
        )
    lines = [i.line for i in err.value.issues]
    assert lines == [1, 2]
    assert "unknown kind(s) nonsense" in str(err.value.issues[0])


def test_dev_set_scores_well() -> None:
    """The lexicon alone: the learned layer is trained on dev (eval/train_signals.py)."""
    if not DEV.is_file():
        pytest.skip("eval/signals/dev.jsonl is not present")
    items = parse_eval_lines(DEV.read_text(encoding="utf-8").splitlines(), name=str(DEV))
    report = evaluate(items, learned=False)
    assert report.micro.f1 >= 0.85

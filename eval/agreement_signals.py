"""How far the extractor is from a second annotator, on the same held-out messages.

Usage: python eval/agreement_signals.py   (from the repository root)

``eval/signals/agreement/second_annotator.jsonl`` holds a second, independent labelling of
320 messages of ``eval/signals/heldout_writers/`` (40 drawn at random from each writer's
file, seed 11). The second annotator saw only GUIDELINES.md, product.md's signal
vocabulary and each message's text, role, language and time: never the writers' labels.
Nothing is tuned on these messages either.

Printed: micro precision, recall and F1 against the writers' labels of (1) the second
annotator and (2) the packaged extractor, on exactly those 320 messages, and the kinds on
which the two labellings disagree most. If the annotators agreed little, the writers'
labels would cap what any extractor can score; where they agree closely, the gap between
the two lines is the extractor's own.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from buyerlens.signals import extract
from buyerlens.signals.evaluate import EvalItem, EvalReport, parse_eval_lines, score

ROOT = Path(__file__).resolve().parent.parent
SIGNALS = ROOT / "eval" / "signals"
SECOND = SIGNALS / "agreement" / "second_annotator.jsonl"


def _line(name: str, report: EvalReport) -> str:
    m = report.micro
    return (
        f"{name:<28} P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  "
        f"(tp {m.tp}, fp {m.fp}, fn {m.fn})"
    )


def main() -> int:
    held: dict[str, EvalItem] = {}
    for path in sorted((SIGNALS / "heldout_writers").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        held.update((it.id, it) for it in parse_eval_lines(lines, name=path.name))
    second: dict[str, frozenset[str]] = {}
    for number, line in enumerate(SECOND.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        if row["id"] not in held:
            print(f"{SECOND.name}:{number}: id {row['id']} is not in heldout_writers/")
            return 1
        second[row["id"]] = frozenset(row["kinds"])
    items = [held[i] for i in sorted(second)]
    annotator = score((it, second[it.id]) for it in items)
    extractor = score(
        (it, frozenset(s.kind for s in extract(it.text, role=it.role, lang=it.lang, at=it.at)))
        for it in items
    )
    print(f"{len(items)} messages of heldout_writers/, scored against the writers' labels")
    print(_line("second annotator", annotator))
    print(_line("extractor (packaged)", extractor))
    disagree: Counter[str] = Counter()
    for it in items:
        disagree.update(it.kinds ^ second[it.id])
    print("annotators disagree most on:", ", ".join(f"{k} {n}" for k, n in disagree.most_common(5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

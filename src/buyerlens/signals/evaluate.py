"""The evaluation report: per-kind precision, recall and F1 at message level.

A labelled set is JSON lines ``{"id", "text", "role", "lang"?, "at"?, "kinds": [...]}``
where ``kinds`` lists the kinds present (and not negated) in the author's new words.
A message counts once per kind, however often the kind occurs in it. A line may also
carry what the CRM knows of its deal, as ``buyerlens signals`` takes it: ``"incumbents"``
(the current suppliers' names) and ``"colleagues"`` (the buyer's colleagues, name ->
contact role); the extractor is then given them (``eval/signals/names/``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from buyerlens.model.errors import BadInputError, Issue
from buyerlens.signals.names import deal_names
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One labelled message."""

    id: str
    text: str
    role: str
    lang: str | None
    at: datetime | None
    kinds: frozenset[str]
    #: the deal's current suppliers by name, as the CRM records them
    incumbents: tuple[str, ...] = ()
    #: the buyer's colleagues: name -> contact role
    colleagues: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class KindScore:
    """Message-level counts and scores of one kind."""

    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Per-kind scores, micro and macro averages, and the misses per message."""

    messages: int
    kinds: tuple[KindScore, ...]
    micro: KindScore
    errors: tuple[dict[str, Any], ...] = field(default=())

    @property
    def macro_f1(self) -> float:
        scored = [k for k in self.kinds if k.support or k.fp]
        return sum(k.f1 for k in scored) / len(scored) if scored else 0.0

    @property
    def macro_precision(self) -> float:
        scored = [k for k in self.kinds if k.support or k.fp]
        return sum(k.precision for k in scored) / len(scored) if scored else 0.0

    @property
    def macro_recall(self) -> float:
        scored = [k for k in self.kinds if k.support or k.fp]
        return sum(k.recall for k in scored) / len(scored) if scored else 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape of the report."""

        def row(k: KindScore) -> dict[str, Any]:
            return {
                "precision": round(k.precision, 4),
                "recall": round(k.recall, 4),
                "f1": round(k.f1, 4),
                "support": k.support,
                "tp": k.tp,
                "fp": k.fp,
                "fn": k.fn,
            }

        return {
            "messages": self.messages,
            "kinds": {k.kind: row(k) for k in self.kinds},
            "micro": row(self.micro),
            "macro": {
                "precision": round(self.macro_precision, 4),
                "recall": round(self.macro_recall, 4),
                "f1": round(self.macro_f1, 4),
            },
            "errors": list(self.errors),
        }


def parse_eval_lines(lines: Iterable[str], *, name: str) -> list[EvalItem]:
    """Read a labelled set; every problem is reported with its line number."""
    items: list[EvalItem] = []
    issues: list[Issue] = []
    known = set(BUYER_KINDS) | set(SELLER_KINDS)
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            role = obj["role"]
            if role not in ("buyer", "seller"):
                raise ValueError(f"role must be buyer or seller, not {role!r}")
            kinds = frozenset(obj["kinds"])
            unknown = kinds - known
            if unknown:
                raise ValueError(f"unknown kind(s) {', '.join(sorted(unknown))}")
            at = datetime.fromisoformat(obj["at"]) if obj.get("at") else None
            incumbents, colleagues = deal_names(obj)
            items.append(
                EvalItem(
                    str(obj["id"]),
                    str(obj["text"]),
                    role,
                    obj.get("lang"),
                    at,
                    kinds,
                    tuple(incumbents),
                    tuple(sorted(colleagues.items())),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            issues.append(
                Issue(path="", message=f"{type(exc).__name__}: {exc}", line=no, file=name)
            )
    if issues:
        raise BadInputError(
            f"{name}: {len(issues)} bad line(s) in the labelled set.", issues=issues
        )
    return items


def score(
    pairs: Iterable[tuple[EvalItem, frozenset[str]]],
) -> EvalReport:
    """Score predicted kind sets against the labels."""
    counts: dict[str, list[int]] = {k: [0, 0, 0] for k in (*BUYER_KINDS, *SELLER_KINDS)}
    errors: list[dict[str, Any]] = []
    n = 0
    for item, predicted in pairs:
        n += 1
        allowed = BUYER_KINDS if item.role == "buyer" else SELLER_KINDS
        predicted = frozenset(k for k in predicted if k in allowed)
        for k in predicted & item.kinds:
            counts[k][0] += 1
        for k in predicted - item.kinds:
            counts[k][1] += 1
        for k in item.kinds - predicted:
            counts[k][2] += 1
        if predicted != item.kinds:
            errors.append(
                {
                    "id": item.id,
                    "false_positive": sorted(predicted - item.kinds),
                    "false_negative": sorted(item.kinds - predicted),
                }
            )
    kinds = tuple(KindScore(k, *c) for k, c in counts.items())
    micro = KindScore(
        "micro", sum(k.tp for k in kinds), sum(k.fp for k in kinds), sum(k.fn for k in kinds)
    )
    return EvalReport(n, kinds, micro, tuple(errors))


def evaluate(items: Iterable[EvalItem], *, learned: bool = True, names: bool = True) -> EvalReport:
    """Run the extractor on every labelled message and score it (``learned=False``: the
    lexicon alone; ``names=False``: without the deal's incumbents and colleagues, to see
    what reading them adds)."""
    from buyerlens.signals import extract

    def run() -> Iterable[tuple[EvalItem, frozenset[str]]]:
        for item in items:
            signals = extract(
                item.text,
                role=item.role,
                lang=item.lang,
                at=item.at,
                learned=learned,
                incumbents=item.incumbents if names else (),
                colleagues=dict(item.colleagues) if names else None,
            )
            yield item, frozenset(s.kind for s in signals)

    return score(run())


def format_report(report: EvalReport) -> str:
    """A plain-text table of the report."""
    lines = [f"{'kind':<24} {'P':>6} {'R':>6} {'F1':>6} {'n':>5} {'fp':>4} {'fn':>4}"]
    for k in report.kinds:
        if not (k.support or k.fp):
            continue
        lines.append(
            f"{k.kind:<24} {k.precision:6.3f} {k.recall:6.3f} {k.f1:6.3f} "
            f"{k.support:5d} {k.fp:4d} {k.fn:4d}"
        )
    m = report.micro
    lines.append(f"{'micro':<24} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.support:5d}")
    lines.append(
        f"{'macro':<24} {report.macro_precision:6.3f} {report.macro_recall:6.3f} "
        f"{report.macro_f1:6.3f}"
    )
    lines.append(f"messages: {report.messages}")
    return "\n".join(lines)

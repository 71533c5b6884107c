"""Score the coach against labelled drafts: per-finding precision and recall.

The evaluation set is JSON lines ``{"id", "lang", "first_contact", "text", "findings":
[ids], "context"?}``; a draft counts a finding id once however many instances the
coach reports (the labels say which findings a sales coach would give, not how often).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from buyerlens.coach._review import review
from buyerlens.coach._types import FINDING_RULES, CoachContext
from buyerlens.model.errors import BadInputError, Issue


@dataclass(frozen=True, slots=True)
class LabelledDraft:
    id: str
    lang: str
    text: str
    findings: frozenset[str]
    context: CoachContext


@dataclass(frozen=True, slots=True)
class Tally:
    finding: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Miss:
    id: str
    missed: tuple[str, ...]
    extra: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvalReport:
    drafts: int
    per_finding: tuple[Tally, ...]
    micro: Tally
    misses: tuple[Miss, ...]
    by_lang: dict[str, Tally]

    def to_json(self) -> dict[str, Any]:
        return {
            "drafts": self.drafts,
            "micro": self.micro.to_json(),
            "by_lang": {lang: t.to_json() for lang, t in self.by_lang.items()},
            "findings": [t.to_json() for t in self.per_finding],
            "misses": [
                {"id": m.id, "missed": list(m.missed), "extra": list(m.extra)} for m in self.misses
            ],
        }


def _row(raw: Any, where: str) -> LabelledDraft:
    if not isinstance(raw, dict):
        raise BadInputError(f"{where}: each line must be a JSON object")
    missing = [k for k in ("id", "lang", "text", "findings") if k not in raw]
    if missing:
        raise BadInputError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw["findings"]) - set(FINDING_RULES))
    if unknown:
        raise BadInputError(f"{where}: unknown finding id(s) {', '.join(unknown)}")
    try:
        context = CoachContext.from_json(raw.get("context") or {})
    except BadInputError as exc:
        raise BadInputError(f"{where}: context: {exc}") from None
    if raw.get("first_contact"):
        context = replace(context, first_contact=True)
    return LabelledDraft(
        id=str(raw["id"]),
        lang=str(raw["lang"]),
        text=str(raw["text"]),
        findings=frozenset(raw["findings"]),
        context=context,
    )


def read_eval_set(text: str, *, name: str = "<eval>") -> list[LabelledDraft]:
    """Parse the JSON lines of an evaluation set; errors name the file and line."""
    rows: list[LabelledDraft] = []
    issues: list[Issue] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            rows.append(_row(json.loads(line), where))
        except json.JSONDecodeError as exc:
            issues.append(
                Issue(path="", message=f"invalid JSON ({exc.msg})", line=number, file=name)
            )
        except BadInputError as exc:
            issues.append(Issue(path="", message=exc.message, line=number, file=name))
    if issues:
        raise BadInputError(f"{name}: {issues[0]}", issues=issues)
    return rows


def _tally(finding: str, pairs: list[tuple[frozenset[str], frozenset[str]]]) -> Tally:
    tp = sum(finding in gold and finding in got for gold, got in pairs)
    fp = sum(finding not in gold and finding in got for gold, got in pairs)
    fn = sum(finding in gold and finding not in got for gold, got in pairs)
    return Tally(finding, tp, fp, fn)


def _sum(name: str, tallies: list[Tally]) -> Tally:
    return Tally(
        name, sum(t.tp for t in tallies), sum(t.fp for t in tallies), sum(t.fn for t in tallies)
    )


def evaluate(drafts: list[LabelledDraft]) -> EvalReport:
    """Run the coach on every labelled draft and count hits, misses and false alarms."""
    pairs: list[tuple[str, frozenset[str], frozenset[str]]] = []
    misses = []
    for draft in drafts:
        got = review(draft.text, lang=draft.lang, context=draft.context).finding_ids
        pairs.append((draft.lang, draft.findings, got))
        if got != draft.findings:
            misses.append(
                Miss(
                    draft.id,
                    tuple(sorted(draft.findings - got)),
                    tuple(sorted(got - draft.findings)),
                )
            )
    all_pairs = [(gold, got) for _, gold, got in pairs]
    per = [_tally(finding, all_pairs) for finding in FINDING_RULES]
    by_lang = {}
    for lang in sorted({lang for lang, _, _ in pairs}):
        subset = [(gold, got) for lg, gold, got in pairs if lg == lang]
        by_lang[lang] = _sum(lang, [_tally(f, subset) for f in FINDING_RULES])
    return EvalReport(
        drafts=len(drafts),
        per_finding=tuple(per),
        micro=_sum("micro", per),
        misses=tuple(misses),
        by_lang=by_lang,
    )

"""``review``: read a draft, apply every rule, score it and explain the score."""

from __future__ import annotations

from collections.abc import Callable

from buyerlens.coach import _rules_content as content
from buyerlens.coach import _rules_form as form
from buyerlens.coach._data import check_lang, weights
from buyerlens.coach._text import Draft, read_draft, reading_ease
from buyerlens.coach._types import (
    SEVERITIES,
    CoachContext,
    Cost,
    Explanation,
    Finding,
    Review,
    Stats,
)
from buyerlens.coach._voice import Voice
from buyerlens.model.errors import BadInputError
from buyerlens.signals import detect_language as signals_language

Rule = Callable[[Draft, CoachContext, Voice], list[Finding]]

#: Every rule, in the order its findings are listed for the same severity.
RULES: tuple[Rule, ...] = (
    form.clear_ask,
    content.reason_now,
    content.current_price,
    content.credibility,
    form.too_long,
    form.long_sentences,
    form.hard_to_read,
    form.about_us,
    content.vague_claims,
    content.undated_promises,
    content.busy_meetings,
)

#: Drafts longer than this are refused: the coach reads e-mails, not documents.
MAX_CHARS = 100_000


def detect_language(text: str) -> str:
    """The language of a draft, "nl" or "en" (the signal extractor's detector)."""
    return signals_language(text)


def score(findings: tuple[Finding, ...], voice: Voice) -> tuple[int, Explanation]:
    """100 minus what each finding id costs (weights.toml), with the explanation."""
    table = weights()
    by_id: dict[str, list[Finding]] = {}
    for finding in findings:
        by_id.setdefault(finding.id, []).append(finding)
    costs = []
    for finding_id, group in by_id.items():
        worst = min(group, key=lambda f: SEVERITIES.index(f.severity)).severity
        full = table.severity[worst]
        repeats = min(len(group) - 1, table.max_repeats)
        cost = round(full + repeats * full * table.repeat_share)
        costs.append(Cost(finding_id, worst, len(group), cost))
    costs.sort(key=lambda c: -c.cost)
    total = max(0, 100 - sum(c.cost for c in costs))
    band = next(name for name, minimum in table.bands if total >= minimum)
    band_text = voice.text("band", band)
    if not costs:
        text = f"{voice.text('explanation', 'clean')} " + voice.text(
            "explanation", "result", score=total, band=band_text
        )
    else:
        parts = [voice.text("explanation", "start", start=100)]
        for c in costs:
            times = voice.text("explanation", "times", count=c.count) if c.count > 1 else ""
            parts.append(
                voice.text(
                    "explanation",
                    "cost",
                    finding=c.finding,
                    severity=c.severity,
                    times=times,
                    cost=c.cost,
                )
            )
        text = (
            "; ".join(parts)
            + "; "
            + voice.text("explanation", "result", score=total, band=band_text)
        )
    return total, Explanation(start=100, costs=tuple(costs), band=band, text=text)


def review(text: str, *, lang: str | None = None, context: CoachContext | None = None) -> Review:
    """Read a seller's draft the way a busy buyer would and say what to change.

    ``lang`` is "nl" or "en" (detected when None); ``context`` carries what is known about
    the buyer and the deal (see :class:`CoachContext`). Pure: no I/O beyond the coach's
    own data files, no clock.
    """
    if not isinstance(text, str):
        raise BadInputError(f"the draft must be text, got {type(text).__name__}")
    if not text.strip():
        raise BadInputError("the draft is empty; write the message first, then ask the coach")
    if len(text) > MAX_CHARS:
        raise BadInputError(
            f"the draft has {len(text)} characters; the coach reads e-mails up to {MAX_CHARS}"
        )
    ctx = context or CoachContext()
    language = lang or detect_language(text)
    check_lang(language)
    draft = read_draft(text, language)
    if not draft.words:
        raise BadInputError(
            "the draft has no words of its own (only a greeting, a signature or quoted"
            " history); write the message, then ask the coach"
        )
    voice = Voice(language)
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(draft, ctx, voice))
    order = {rule_id: i for i, rule_id in enumerate(SEVERITIES)}
    findings = tuple(sorted(found, key=lambda f: order[f.severity]))
    total, explanation = score(findings, voice)
    ease, formula = reading_ease(draft)
    stats = Stats(
        words=draft.words,
        sentences=len(draft.sentences),
        questions=sum(s.question for s in draft.sentences),
        readability=ease,
        readability_formula=formula,
    )
    return Review(
        score=total,
        lang=language,
        stats=stats,
        findings=findings,
        explanation=explanation,
        body=(draft.body_start, draft.body_end),
    )

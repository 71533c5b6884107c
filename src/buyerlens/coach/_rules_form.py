"""Rules about the form of a draft: length, sentences, reading ease, asks, focus (R-P1)."""

from __future__ import annotations

from buyerlens.coach._data import thresholds
from buyerlens.coach._text import Draft, Sentence, reading_ease
from buyerlens.coach._types import CoachContext, Finding, Severity
from buyerlens.coach._voice import Voice


def too_long(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: buyers have little time; long mails wait for "when I have time"."""
    config = thresholds()["too_long"]
    limit = int(config["max_words_first_contact" if ctx.first_contact else "max_words"])
    if draft.words <= limit:
        return []
    severity: Severity | None = (
        "high" if draft.words > limit * float(config["high_factor"]) else None
    )
    return [voice.finding("too_long", severity=severity, words=draft.words, limit=limit)]


def long_sentences(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: one idea per sentence; long sentences are where buyers get lost."""
    config = thresholds()["long_sentences"]
    limit = int(config["max_sentence_words"])
    long = [s for s in draft.sentences if s.words > limit]
    if not long:
        return []
    longest = max(long, key=lambda s: s.words)
    severe = len(long) >= int(config["medium_count"]) or longest.words > int(
        config["very_long_words"]
    )
    return [
        voice.finding(
            "long_sentences",
            severity="medium" if severe else None,
            span=(longest.start, longest.end),
            count=len(long),
            limit=limit,
            longest=longest.words,
        )
    ]


def hard_to_read(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: confusing e-mails; Flesch (en) or Flesch-Douma (nl) reading ease."""
    config = thresholds()["hard_to_read"]
    score, formula = reading_ease(draft)
    minimum = float(config[f"min_ease_{draft.lang}"])
    if score is None or draft.words < int(config["min_words"]) or score >= minimum:
        return []
    severity: Severity | None = "high" if score < float(config["high_below"]) else None
    name = "Flesch" if formula == "flesch" else "Flesch-Douma"
    return [
        voice.finding(
            "hard_to_read",
            severity=severity,
            score=f"{score:.0f}",
            formula=name,
            minimum=f"{minimum:.0f}",
        )
    ]


def asks(draft: Draft) -> list[Sentence]:
    """The sentences that ask the buyer for something: real questions and calls to action."""
    out = []
    for sentence in draft.sentences:
        question = sentence.question and not draft.kinds_in(sentence, "rhetorical")
        if question or draft.kinds_in(sentence, "call_to_action"):
            out.append(sentence)
    return out


def clear_ask(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: no ask, or several competing ones (Boomerang: one to three questions)."""
    config = thresholds()["asks"]
    found = asks(draft)
    if not found:
        return [voice.finding("no_clear_ask")]
    limit = int(config["max_asks"])
    if len(found) > limit:
        span = (found[limit].start, found[-1].end)
        return [voice.finding("too_many_asks", span=span, count=len(found), limit=limit)]
    return []


def is_about_us(draft: Draft) -> bool:
    """True when the draft talks mostly about the seller (thresholds.toml [about_us])."""
    config = thresholds()["about_us"]
    first, second = draft.seller_words, draft.buyer_words
    if first < int(config["min_first_person"]):
        return False
    return first / (first + second) >= float(config["max_first_person_share"])


def about_us(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: be relevant; a draft about the seller is not about the buyer's problem."""
    if not is_about_us(draft):
        return []
    first, second = draft.seller_words, draft.buyer_words
    return [voice.finding("about_us_not_them", first=first, second=second)]

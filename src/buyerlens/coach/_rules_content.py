"""Rules about what a draft says: why now, claims, promises, price, credibility, timing."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from buyerlens.coach._data import thresholds
from buyerlens.coach._rules_form import asks
from buyerlens.coach._text import Draft, Hit
from buyerlens.coach._types import CoachContext, Finding, parse_hours
from buyerlens.coach._voice import Voice
from buyerlens.model.bundle import Credential
from buyerlens.model.enums import CredentialKind

_DIGIT = re.compile(r"\d")
_CLOCK = re.compile(
    r"(?<![\w.,:/-])(?:(?P<pre>om|at|around|rond|tegen|vanaf|from)\s+)?"
    r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?"
    r"\s*(?P<ap>[ap]\.?\s?m\b\.?)?(?P<suf>\s*(?:uur|u|h)\b)?",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:€|\$|£|eur|usd|gbp)\s*$", re.IGNORECASE)


def reason_now(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: without a reason to talk now, expect attempts to stall.

    Checked on a first contact, a meeting request and a follow-up nudge ("just checking
    in"): the drafts that ask for the buyer's time.
    """
    if draft.hits["reason_now"]:
        return []
    meeting_ask = any(draft.kinds_in(s, "meeting") for s in asks(draft))
    if ctx.first_contact or meeting_ask or draft.hits["followup_nudge"]:
        return [voice.finding("no_reason_now")]
    return []


def vague_claims(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P3: sweeping claims without a number, a name or a case in the same sentence."""
    out = []
    for hit in draft.hits["vague_claim"]:
        sentence = draft.sentence_at(hit.start)
        if sentence is not None:
            words = draft.text[sentence.start : sentence.end]
            if _DIGIT.search(words) or draft.kinds_in(sentence, "credibility"):
                continue
        out.append(voice.finding("vague_claim", span=(hit.start, hit.end), phrase=hit.text))
    return out


def undated_promises(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-B1, R-P3: a promise the buyer can check needs a date; "soon" is no date."""
    out: list[Finding] = []
    seen: set[int] = set()
    for hit in draft.hits["commitment"]:
        sentence = draft.sentence_at(hit.start)
        if sentence is None or sentence.start in seen or sentence.question:
            continue
        seen.add(sentence.start)
        dated = draft.kinds_in(sentence, "date") and not draft.kinds_in(sentence, "undated")
        if dated:
            continue
        phrase = draft.text[hit.start : sentence.end].strip().rstrip(".!")
        if len(phrase) > 80:
            phrase = phrase[:77].rstrip() + "..."
        out.append(voice.finding("undated_promise", span=(hit.start, sentence.end), phrase=phrase))
    return out


def current_price(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-B2: "what do you pay now?" gets a low number; ask the hypothetical question."""
    out = []
    for hit in draft.hits["current_price_question"]:
        product = ctx.product or voice.text("current_price_question", "product_unknown")
        price = (
            voice.money(ctx.price)
            if ctx.price
            else voice.text("current_price_question", "price_unknown")
        )
        out.append(
            voice.finding(
                "current_price_question", span=(hit.start, hit.end), phrase=hit.text,
                product=product, price=price,
            )  # fmt: skip
        )
    return out


def _best_credential(ctx: CoachContext) -> Credential | None:
    """The entry of the credibility library that fits this buyer best (R-P2)."""
    industry = (ctx.industry or "").strip().lower()
    same = [c for c in ctx.credentials if industry and (c.industry or "").lower() == industry]
    for kind in (CredentialKind.CASE_STUDY, CredentialKind.YEARS_IN_INDUSTRY, CredentialKind.AWARD):
        for credential in same:
            if credential.kind == kind and (credential.title or credential.years):
                return credential
    awards = [c for c in ctx.credentials if c.kind == CredentialKind.AWARD and c.title]
    return awards[0] if awards else None


def _credibility_suggestion(ctx: CoachContext, voice: Voice) -> str:
    best = _best_credential(ctx)
    if best is None:
        return voice.text("no_credibility", "suggestion")
    industry = best.industry or ctx.industry or ""
    if best.kind == CredentialKind.CASE_STUDY and best.title:
        note = voice.text("no_credibility", "industry_note", industry=industry) if industry else ""
        return voice.text("no_credibility", "suggestion_case", title=best.title, industry_note=note)
    if best.kind == CredentialKind.YEARS_IN_INDUSTRY:
        return voice.text("no_credibility", "suggestion_years", years=best.years, industry=industry)
    return voice.text("no_credibility", "suggestion_award", title=best.title)


def credibility(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P2: a first contact or a risk-averse buyer needs a reason to trust the seller."""
    risky = ctx.risk_aversion in ("high", "medium")
    if not (ctx.first_contact or risky) or draft.hits["credibility"]:
        return []
    lowered = draft.text.lower()
    titles = [c.title.lower() for c in ctx.credentials if c.title and len(c.title) >= 4]
    if any(title in lowered for title in titles):
        return []
    severity = "high" if ctx.risk_aversion == "high" else None
    return [
        voice.finding(
            "no_credibility", severity=severity, suggestion=_credibility_suggestion(ctx, voice)
        )
    ]


def _clock_times(draft: Draft, start: int, end: int) -> list[tuple[time, int, int]]:
    out = []
    for match in _CLOCK.finditer(draft.text, start, end):
        minutes, ampm = match.group("m"), match.group("ap")
        if not (minutes or ampm or match.group("suf") or match.group("pre")):
            continue
        if _MONEY_BEFORE.search(draft.text, max(0, match.start() - 5), match.start()):
            continue
        hour = int(match.group("h"))
        if ampm:
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        elif 1 <= hour <= 6 and not (minutes and match.group("h").startswith("0")):
            hour += 12  # "om 2 uur", "at 3": an afternoon in business mail
        span_start = match.start("h")
        out.append((time(hour, int(minutes or 0)), span_start, match.end()))
    return out


def _shift(value: time, minutes: int) -> time:
    return (datetime.combine(datetime(2000, 1, 1), value) + timedelta(minutes=minutes)).time()


def busy_meetings(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: propose to talk before work, at lunch or after work, in the buyer's time."""
    config = thresholds()["meeting"]
    work = ctx.working_hours or parse_hours(config["default_working_hours"])
    lunch = parse_hours(config["lunch"])
    out = []
    for sentence in draft.sentences:
        if not draft.kinds_in(sentence, "meeting"):
            continue
        times = _clock_times(draft, sentence.start, sentence.end)
        if not times:
            parts: list[Hit] = draft.kinds_in(sentence, "daypart")
            times = [(h.hour, h.start, h.end) for h in parts if h.hour is not None]
        for when, start, end in times:
            if not (work[0] <= when < work[1]) or lunch[0] <= when < lunch[1]:
                continue
            zone = voice.text("meeting_in_busy_hours", "zone", zone=ctx.timezone) if ctx.timezone else ""
            out.append(
                voice.finding(
                    "meeting_in_busy_hours",
                    span=(start, end),
                    time=draft.text[start:end].strip(),
                    hours=f"{voice.clock(work[0])}-{voice.clock(work[1])}",
                    before=voice.clock(_shift(work[0], -30)),
                    lunch=voice.clock(_shift(lunch[0], 15)),
                    after=voice.clock(_shift(work[1], 15)),
                    zone=zone,
                )
            )
    return out

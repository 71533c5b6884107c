"""Rules about what a draft says: why now, claims, promises, price, credibility, timing."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from buyerlens.coach._data import thresholds
from buyerlens.coach._rules_form import asks, is_about_us
from buyerlens.coach._text import Draft, Hit, Sentence
from buyerlens.coach._types import CoachContext, Finding, Severity, parse_hours
from buyerlens.coach._voice import Voice
from buyerlens.model.bundle import Credential
from buyerlens.model.enums import CredentialKind

_DIGIT = re.compile(r"\d")
_CLOCK = re.compile(
    r"(?<![\w.,:/-])(?:(?P<pre>om|at|around|rond|tegen|vanaf|from)\s+)?"
    r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?(?![\d.,:]\d|\d)"
    r"\s*(?P<ap>[ap]\.?\s?m\b\.?)?(?P<suf>\s*(?:uur|u|h)\b)?",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:€|\$|£|eur|usd|gbp)\s*$", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"[,;]|\s(?:and|but|en|maar)\s", re.IGNORECASE)
_DEFAULT_ZONE = {"nl": "Europe/Amsterdam", "en": "Europe/London"}
#: "before your 8:30 stand-up": a time that marks a moment of the buyer's day, not a slot.
_REFERENCE = re.compile(
    r"\b(?:before|after|until|till|voor|vóór|na|tot) (?:your|the|their|jullie|uw|je|de|het)\b",
    re.IGNORECASE,
)
#: A question that asks about the buyer's situation ("when does your contract end?").
_WH_QUESTION = re.compile(
    r"\s*(?:when|what|which|how|who|wanneer|wat|welke|hoe|wie)\b", re.IGNORECASE
)


def is_meeting(draft: Draft, sentence: Sentence) -> bool:
    """A sentence that proposes to meet or talk: a meeting word, or an ask at a time."""
    if draft.kinds_in(sentence, "meeting"):
        return True
    if not (sentence.question or draft.kinds_in(sentence, "call_to_action")):
        return False
    return any(m.group("pre") for m in _CLOCK.finditer(draft.text, sentence.start, sentence.end))


def _gives_reason(draft: Draft, hit: Hit) -> bool:
    """A reason stated, not asked about: "when does your contract end?" gives none."""
    sentence = draft.sentence_at(hit.start)
    if sentence is None or not sentence.question:
        return True
    return not _WH_QUESTION.match(draft.text, sentence.start)


def reason_now(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: without a reason to talk now, expect attempts to stall.

    Checked on the drafts that ask for the buyer's time: a first contact, a proposal to
    meet or talk, a follow-up nudge ("just checking in"), news about the seller without
    an ask. Not on a reply that serves the buyer (thanks for the call, as promised,
    attached) unless it nudges.
    """
    if any(_gives_reason(draft, hit) for hit in draft.hits["reason_now"]):
        return []
    nudge = bool(draft.hits["followup_nudge"])
    if not ctx.first_contact and draft.hits["reply"] and not nudge:
        return []
    found = asks(draft)
    meeting_ask = any(is_meeting(draft, s) for s in found)
    news = not found and is_about_us(draft)
    if ctx.first_contact or meeting_ask or nudge or news:
        return [voice.finding("no_reason_now")]
    return []


def _clause(draft: Draft, hit: Hit) -> tuple[int, int]:
    """The clause around ``hit``: its sentence cut at commas, semicolons and "and"/"en"."""
    sentence = draft.sentence_at(hit.start)
    start, end = (sentence.start, sentence.end) if sentence else (hit.start, hit.end)
    for cut in _CLAUSE_CUT.finditer(draft.text, start, end):
        if cut.end() <= hit.start:
            start = cut.end()
        elif cut.start() >= hit.end:
            end = cut.start()
            break
    return start, end


def vague_claims(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P3: sweeping claims without a number, a name or a case in the same clause.

    "Cut waste 18% with best-in-class trays" is specific; "won the 2025 award, and they
    are simply the best" is not: the number belongs to another claim.
    """
    out = []
    credible = draft.hits["credibility"]
    for hit in draft.hits["vague_claim"]:
        start, end = _clause(draft, hit)
        if _DIGIT.search(draft.text, start, end) or any(start <= c.start < end for c in credible):
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
                "current_price_question",
                span=(hit.start, hit.end),
                phrase=hit.text,
                product=product,
                price=price,
            )
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
    severity: Severity | None = "high" if ctx.risk_aversion == "high" else None
    return [
        voice.finding(
            "no_credibility", severity=severity, suggestion=_credibility_suggestion(ctx, voice)
        )
    ]


def _clock_times(draft: Draft, start: int, end: int) -> list[tuple[time, int, int]]:
    """Times of day in ``text[start:end]``: "10:30", "2pm", "om 14.00 uur", "at 3"."""
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
        out.append((time(hour, int(minutes or 0)), match.start("h"), match.end()))
    return out


def _written_zone(draft: Draft, end: int) -> str | None:
    """The zone named right after a time ("16:00 CET", "8:30 Irish time"), if any."""
    for hit in draft.hits["zone"]:
        if 0 <= hit.start - end <= 2 and not draft.text[end : hit.start].strip():
            return hit.zone
    return None


def _in_buyer_zone(when: time, written: str | None, ctx: CoachContext, lang: str) -> time:
    """A time written in another zone, as the buyer's wall-clock time.

    Without the buyer's zone in the context the times are taken as written in it (the
    seller writes in the buyer's terms); the date of the draft decides daylight saving.
    """
    if written in (None, "buyer") or ctx.timezone is None:
        return when
    config = thresholds()["meeting"]
    day = ctx.as_of.date() if ctx.as_of else date.fromisoformat(config["reference_date"])
    moment = datetime.combine(day, when, tzinfo=ZoneInfo(written or _DEFAULT_ZONE[lang]))
    return moment.astimezone(ZoneInfo(ctx.timezone)).time().replace(tzinfo=None)


def _is_reference(draft: Draft, sentence: Sentence, offset: int) -> bool:
    """True when the time at ``offset`` follows "before your ..." in its clause."""
    clause_start = sentence.start
    for cut in _CLAUSE_CUT.finditer(draft.text, sentence.start, offset):
        clause_start = cut.end()
    return _REFERENCE.search(draft.text, clause_start, offset) is not None


def _shift(value: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), value) + timedelta(minutes=minutes)).time()


def _meeting_times(
    draft: Draft, sentence: Sentence, ctx: CoachContext
) -> list[tuple[time, int, int]]:
    """The proposed times of a meeting sentence in the buyer's time; dayparts if no clock."""
    clocks = [
        (when, start, end)
        for when, start, end in _clock_times(draft, sentence.start, sentence.end)
        if not _is_reference(draft, sentence, start)
    ]
    if clocks:
        return [
            (_in_buyer_zone(when, _written_zone(draft, end), ctx, draft.lang), start, end)
            for when, start, end in clocks
        ]
    parts: list[Hit] = draft.kinds_in(sentence, "daypart")
    return [(h.hour, h.start, h.end) for h in parts if h.hour is not None]


def busy_meetings(draft: Draft, ctx: CoachContext, voice: Voice) -> list[Finding]:
    """R-P1: propose to talk before work, at lunch or after work, in the buyer's time."""
    config = thresholds()["meeting"]
    work = ctx.working_hours or parse_hours(config["default_working_hours"])
    lunch = parse_hours(config["lunch"])
    zone = voice.text("meeting_in_busy_hours", "zone", zone=ctx.timezone) if ctx.timezone else ""
    out = []
    for sentence in draft.sentences:
        if not is_meeting(draft, sentence):
            continue
        for when, start, end in _meeting_times(draft, sentence, ctx):
            if not (work[0] <= when < work[1]) or lunch[0] <= when < lunch[1]:
                continue
            out.append(
                voice.finding(
                    "meeting_in_busy_hours",
                    span=(start, end),
                    time=draft.text[start:end].strip(),
                    hours=voice.hours(work[0], work[1]),
                    before=voice.clock(_shift(work[0], -30)),
                    lunch=voice.clock(_shift(lunch[0], 15)),
                    after=voice.clock(_shift(work[1], 15)),
                    zone=zone,
                )
            )
    return out

"""Parsed values: amounts (both number styles, currency, unit) and due dates.

Amounts: "0,92 per stuk", "€ 1.234,56", "40.000 euro", "1.85 per unit", "38 cents",
"50k", "£18,000". A single separator followed by exactly three digits is a thousands
separator ("1.250", "1,250" = 1250) unless the whole part is 0 ("0,925" = 0.925);
people mix styles, and three-decimal prices above 1 are rare. Other single separators
are the decimal mark. Both separators present: the last one is the decimal mark.

Due dates: "uiterlijk vrijdag", "maandag", "volgende week", "by end of day Tuesday",
"next week", "tomorrow", "5 september", "binnen 3 werkdagen" are resolved against the
message's own time ``at`` (never the clock): end of the business day (17:00 in ``at``'s
time zone) of the day meant; "next week"/"volgende week" is the Friday of next week.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import datetime, timedelta
from typing import Any

_NUM = r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_MULT = r"k|mln|miljoen|million|mio|thousand|duizend|m"
_CUR_POST = r"euros?|eur|€|cents?|ct|dollars?|usd|\$|gbp|pounds?|£"
_UNIT = (
    r"stuks?|st|units?|pieces?|pcs|pc|items?|kg|kilo|ton|pallets?|doos|dozen|box(?:es)?|uur"
    r"|hours?|maand|months?|jaar|year|years|week|day|dag|m2|m²|m3|m³|meter|metre|tonne"
    r"|licen[cs]e|licentie|user|gebruiker|seat|visit|bezoek|etiket|eenheid|1\.?000|duizend"
    r"|thousand|order|rol(?:len)?|rolls?|liter|litre|sheets?|vel|sets?|kwh|m1"
)
AMOUNT_RE = re.compile(
    rf"(?P<pre>€|\$|£|\b(?:eur|usd|gbp)\b\.?)?[ \u00a0]?"
    rf"(?<![\d.,])(?P<num>{_NUM})(?![\d])(?:,-)?"
    rf"(?:[ \u00a0]?(?P<mult>{_MULT})\b)?"
    rf"(?:[ \u00a0]?(?P<post>{_CUR_POST})(?![a-z]))?"
    rf"(?:[ \u00a0]?(?:per|/|a|an|each|p\.?|ex\.? btw per)[ \u00a0]?(?P<unit>{_UNIT})\b)?",
    re.IGNORECASE,
)
# Without a currency, a number followed by one of these is a duration, a quantity or a
# percentage, not an amount ("we rekenen met 3 weken dekking", "budget voor 2 jaar").
_NOT_MONEY_AFTER = re.compile(
    r"[ \u00a0-]?(?:%|procent|percent\b|x\b|keer\b|times\b"
    r"|(?:weken|week|dagen|dag|maanden|maand|jaren|jaar|uur|uren|minuten|werkdagen|kwartalen|kwartaal|weeks?|days?|months?|years?|hours?|minutes?"
    r"|quarters?|working days|stuks|pallets?|dozen|rollen|units|pieces|pcs|boxes|cases"
    r"|orders|leveringen|deliveries|mensen|people|fte)\b)",
    re.IGNORECASE,
)
_UNITS = {
    "stuk": "piece",
    "stuks": "piece",
    "st": "piece",
    "unit": "piece",
    "units": "piece",
    "piece": "piece",
    "pieces": "piece",
    "pcs": "piece",
    "pc": "piece",
    "item": "piece",
    "items": "piece",
    "kg": "kg",
    "kilo": "kg",
    "ton": "ton",
    "pallet": "pallet",
    "pallets": "pallet",
    "doos": "box",
    "dozen": "box",
    "box": "box",
    "boxes": "box",
    "uur": "hour",
    "hour": "hour",
    "hours": "hour",
    "maand": "month",
    "month": "month",
    "months": "month",
    "jaar": "year",
    "year": "year",
    "years": "year",
    "m2": "m2",
    "m²": "m2",
    "meter": "m",
    "metre": "m",
    "tonne": "ton",
    "week": "week",
    "day": "day",
    "licence": "licence",
    "license": "licence",
    "user": "user",
    "seat": "user",
    "visit": "visit",
    "etiket": "piece",
    "1000": "1000 pieces",
    "1.000": "1000 pieces",
    "duizend": "1000 pieces",
    "thousand": "1000 pieces",
    "order": "order",
    "dag": "day",
    "m3": "m3",
    "m³": "m3",
    "licentie": "licence",
    "gebruiker": "user",
    "bezoek": "visit",
    "eenheid": "piece",
    "rol": "roll",
    "rollen": "roll",
    "roll": "roll",
    "rolls": "roll",
    "liter": "l",
    "litre": "l",
    "sheet": "sheet",
    "sheets": "sheet",
    "vel": "sheet",
    "set": "set",
    "sets": "set",
    "kwh": "kWh",
    "m1": "m",
}
_CURRENCY = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
}
_MULTS = {
    "k": 1e3,
    "thousand": 1e3,
    "duizend": 1e3,
    "m": 1e6,
    "mln": 1e6,
    "miljoen": 1e6,
    "million": 1e6,
    "mio": 1e6,
}


def parse_number(raw: str, *, lang: str) -> float:
    """``"1.234,56"`` -> 1234.56; ``"40.000"`` (nl) -> 40000; ``"1.85"`` -> 1.85."""
    s = raw.replace("\u00a0", "").replace("\u202f", "")
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if dec == "." else "."
        return float(s.replace(thousands, "").replace(dec, "."))
    for sep in (".", ","):
        if sep in s:
            groups = s.split(sep)
            if len(groups) > 2:
                return float(s.replace(sep, ""))
            own_thousands = "." if lang == "nl" else ","
            if len(groups[1]) == 3 and (sep == own_thousands or not groups[0].startswith("0")):
                return float(s.replace(sep, ""))
            return float(s.replace(sep, "."))
    return float(s)


def parse_amount(raw: str, *, lang: str, need_marker: bool = True) -> dict[str, Any] | None:
    """Parse one amount phrase into ``{"amount", "currency", "unit"}`` (or ``None``)."""
    m = AMOUNT_RE.search(raw)
    return amount_from_match(m, lang=lang, need_marker=need_marker) if m else None


def amount_from_match(
    m: re.Match[str], *, lang: str, need_marker: bool = True
) -> dict[str, Any] | None:
    """The value of an :data:`AMOUNT_RE` match; ``None`` when it is not money."""
    pre, post, unit, mult = m["pre"], m["post"], m["unit"], m["mult"]
    if need_marker and not (pre or post or unit):
        return None
    num = m["num"]
    if not (pre or post or unit or mult) and re.fullmatch(r"(?:19|20)\d\d", num):
        return None  # a year, not a price
    if not (pre or post) and _NOT_MONEY_AFTER.match(m.string, m.end()):
        return None  # "3 weken dekking", "12.000 stuks", "6%": a time, a quantity, a share
    if mult and mult.lower() == "m" and not (pre or post):
        return None
    try:
        amount = parse_number(num, lang=lang)
    except ValueError:
        return None
    if mult:
        amount *= _MULTS[mult.lower()]
    marker = (pre or post or "").lower().rstrip(".")
    currency = _CURRENCY.get(marker)
    if marker in ("cent", "cents", "ct"):
        amount /= 100
        currency = "EUR" if lang == "nl" else None
    if currency is None and lang == "nl":
        currency = "EUR"
    value: dict[str, Any] = {"amount": round(amount, 6), "currency": currency}
    if unit:
        value["unit"] = _UNITS.get(unit.lower(), unit.lower())
    return value


# ---------------------------------------------------------------- due dates

_WEEKDAYS = {
    "maandag": 0,
    "dinsdag": 1,
    "woensdag": 2,
    "donderdag": 3,
    "vrijdag": 4,
    "zaterdag": 5,
    "zondag": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thurs": 3,
    "fri": 4,
    "ma": 0,
    "di": 1,
    "wo": 2,
    "do": 3,
    "vr": 4,
}
_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_NUMBERS = {
    "een": 1,
    "één": 1,
    "one": 1,
    "a": 1,
    "twee": 2,
    "two": 2,
    "drie": 3,
    "three": 3,
    "vier": 4,
    "four": 4,
    "vijf": 5,
    "five": 5,
    "tien": 10,
    "ten": 10,
}
_WD = "|".join(sorted((k for k in _WEEKDAYS if len(k) > 3), key=len, reverse=True))
_MO = "|".join(sorted(_MONTHS, key=len, reverse=True))
_N = r"\d{1,2}|" + "|".join(_NUMBERS)
DUE_RE = re.compile(
    rf"\b(?:(?P<today>vandaag|today|vanmiddag|vanavond|this afternoon|tonight|this evening"
    rf"|end of (?:the )?(?:business )?day|eod|cob|einde? van de dag|close of business)"
    rf"(?:[ ,]+(?:on |op )?(?P<wd2>{_WD}))?"
    rf"|(?P<overmorgen>overmorgen|day after tomorrow)"
    rf"|(?P<tomorrow>morgen(?:ochtend|middag|vroeg)?|tomorrow)"
    rf"|(?P<nextweek>volgende week|komende week|next week|begin volgende week|early next week)"
    rf"(?:[ ,]+(?:on |op )?(?P<wd3>{_WD}))?"
    rf"|(?P<thisweek>deze week|this week|eind(?:e)? (?:van )?(?:deze|de) week"
    rf"|end of (?:the|this) week)"
    rf"|(?P<month>eind(?:e)? (?:van )?(?:deze|de) maand|end of (?:the|this) month)"
    rf"|(?P<nextmonth>volgende maand|next month)"
    rf"|(?:binnen|within|in)\s+(?P<n>{_N})\s+(?P<nunit>werkdagen|working days|business days"
    rf"|dagen|days|dag|day|weken|weeks|week)"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th|e|ste)?\s+(?:of\s+)?(?P<mon>{_MO})\b\.?"
    rf"|(?P<mon2>{_MO})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?P<dnum>\d{{1,2}})[-/](?P<mnum>\d{{1,2}})(?:[-/](?P<ynum>\d{{2,4}}))?\b"
    rf"|(?P<wd>{_WD})\b(?:[ ,]+(?:de |the )?(?:(?P<wdd>\d{{1,2}})[-/](?P<wdm>\d{{1,2}})\b"
    rf"|(?P<wdday>\d{{1,2}})(?:st|nd|rd|th|e|ste)?\s+(?:of\s+)?(?P<wdmon>{_MO})\b))?)",
    re.IGNORECASE,
)


def _eod(day: datetime) -> datetime:
    return day.replace(hour=17, minute=0, second=0, microsecond=0)


def _weekday_after(at: datetime, wd: int, *, same_day_ok: bool) -> datetime:
    ahead = (wd - at.weekday()) % 7
    if ahead == 0 and not same_day_ok:
        ahead = 7
    return at + timedelta(days=ahead)


#: A time of day said with a due date ("uiterlijk 12:00", "vóór 15.00 uur", "om 9u",
#: "by 3pm", "before noon"). A bare "1.50" is not a time: it needs a colon, a word for
#: hours ("uur", "u", "h", "am", "pm") or a word before it ("om", "voor", "by", "at",
#: ...), and is never followed by a price's unit.
TIME_RE = re.compile(
    r"(?:\b(?P<pre>om|voor|vóór|uiterlijk|tot|rond|by|before|at|until|till|no later than)"
    r"\s+)?(?<![\d.,:])(?:"
    r"(?P<h3>1[0-2]|0?[1-9])(?:[:.](?P<m3>[0-5]\d))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)"
    r"|(?P<h>[01]?\d|2[0-3])(?P<sep>[:.])(?P<m>[0-5]\d)(?:\s*(?P<uur>uur|u|h)\b)?"
    r"|(?P<h2>[01]?\d|2[0-3])\s*(?:uur|u|h)\b"
    r"|\b(?P<noon>noon|midday|12 uur 's middags)\b)"
    r"(?!\d|[.,]\d)(?!\s*(?:per|/|a piece|each|euro|eur|€|\$|£|%|procent|percent|mm|cm|kg))",
    re.IGNORECASE,
)


def time_of_day(m: re.Match[str]) -> tuple[int, int] | None:
    """``(hour, minute)`` of a :data:`TIME_RE` match, or ``None`` when it is no time."""
    if m.group("noon"):
        return 12, 0
    if m.group("h3"):
        hour = int(m.group("h3")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
        return hour, int(m.group("m3") or 0)
    if m.group("h2"):
        return int(m.group("h2")), 0
    if m.group("sep") == "." and not (m.group("pre") or m.group("uur")):
        return None  # "1.50" alone is a number, not ten to two
    return int(m.group("h")), int(m.group("m"))


def find_due(
    text: str, start: int, stop: int, at: datetime | None
) -> tuple[datetime | None, str] | None:
    """The due date said in ``text[start:stop]``, resolved against ``at``: ``(due,
    due_text)``, or ``None`` when no date or time is said.

    A time of day next to the date (at most :data:`_TIME_GAP` characters away) sets the
    hour: "morgen uiterlijk 12:00" is noon tomorrow, not the end of the day. A time alone
    is a due date only as a deadline ("uiterlijk 15:00", "by 3pm", not "de vrachtwagen
    komt om 7:40"): that time today, or tomorrow when it has passed at ``at``.
    """
    m = DUE_RE.search(text, start, stop)
    while m is not None and m.group("dnum") and _on_a_scale(text, m.start(), m.end()):
        m = DUE_RE.search(text, m.end(), stop)  # "op een schaal van 1-10" is no date
    t, hm = _time_in(text, start, stop)
    if m is not None and t is not None:
        gap = max(t.start() - m.end(), m.start() - t.end())
        if gap > _TIME_GAP:
            t = hm = None  # a time elsewhere in the sentence ("de vrachtwagen komt om 7:40")
    if m is None and (t is None or (t.group("pre") or "").lower() not in _DEADLINE_WORDS):
        return None
    due: datetime | None = None
    if at is not None:
        if m is not None:
            due = _resolve(m, at)
            if due is not None and hm is not None:
                due = due.replace(hour=hm[0], minute=hm[1])
        elif hm is not None:
            due = at.replace(hour=hm[0], minute=hm[1], second=0, microsecond=0)
            if due <= at:
                due += timedelta(days=1)
    found = sorted((x for x in (m, t) if x is not None), key=lambda x: x.start())
    return due, " ".join(x.group().strip() for x in found)


_TIME_GAP = 30
#: A rating scale around "1-10" ("op een schaal van 1-10", "rate them 1-10", "a 1-10
#: scale"): a range of marks, not the first of October.
_SCALE_BEFORE = re.compile(
    r"(?:schaal|scale|score[ns]?|scoort|scored|rate[sd]?|rating|cijfer|beoordeel\w*)\b"
    r"[^.\n]{0,15}$",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(r"\s*(?:-?\s*)?(?:scale|schaal)\b", re.IGNORECASE)


def _on_a_scale(text: str, start: int, end: int) -> bool:
    return bool(
        _SCALE_BEFORE.search(text, max(0, start - 40), start) or _SCALE_AFTER.match(text, end)
    )


_DEADLINE_WORDS = frozenset(
    {"voor", "vóór", "uiterlijk", "tot", "by", "before", "until", "till", "no later than"}
)


def _time_in(
    text: str, start: int, stop: int
) -> tuple[re.Match[str] | None, tuple[int, int] | None]:
    """The first time of day in ``text[start:stop]`` and its ``(hour, minute)``."""
    t = TIME_RE.search(text, start, stop)
    while t is not None:
        hm = time_of_day(t)
        if hm is not None:
            return t, hm
        t = TIME_RE.search(text, t.end(), stop)
    return None, None


def resolve_due(phrase: str, *, at: datetime) -> datetime | None:
    """Resolve a due-date phrase against the message time ``at`` (``None`` if unknown);
    a time of day in it sets the hour (otherwise the end of the business day, 17:00)."""
    found = find_due(phrase, 0, len(phrase), at)
    return found[0] if found else None


def _resolve(m: re.Match[str], at: datetime) -> datetime | None:
    g = {k: v.lower() for k, v in m.groupdict().items() if v}
    if "today" in g:
        if "wd2" in g:
            return _eod(_weekday_after(at, _WEEKDAYS[g["wd2"]], same_day_ok=True))
        return _eod(at)
    if "overmorgen" in g:
        return _eod(at + timedelta(days=2))
    if "tomorrow" in g:
        return _eod(at + timedelta(days=1))
    if "nextweek" in g:
        monday = at - timedelta(days=at.weekday()) + timedelta(days=7)
        wd = _WEEKDAYS[g["wd3"]] if "wd3" in g else 4
        return _eod(monday + timedelta(days=wd))
    if "thisweek" in g:
        return _eod(at + timedelta(days=max(0, 4 - at.weekday())))
    if "month" in g or "nextmonth" in g:
        year, month = at.year, at.month + (1 if "nextmonth" in g else 0)
        if month > 12:
            year, month = year + 1, 1
        return _eod(at.replace(year=year, month=month, day=monthrange(year, month)[1]))
    if "n" in g:
        return _in_n(at, _NUMBERS.get(g["n"]) or int(g["n"]), g["nunit"])
    if "mon" in g or "mon2" in g:
        return _dated(at, int(g.get("day") or g["day2"]), _MONTHS[g.get("mon") or g["mon2"]])
    if "dnum" in g:
        day, month = int(g["dnum"]), int(g["mnum"])
        given = int(g["ynum"]) if "ynum" in g else None
        if given is not None and given < 100:
            given += 2000
        return _dated(at, day, month, year=given)
    if "wdd" in g:  # "vrijdag 6/11": the explicit date wins over the weekday
        return _dated(at, int(g["wdd"]), int(g["wdm"]))
    if "wdday" in g:  # "Friday 6 November"
        return _dated(at, int(g["wdday"]), _MONTHS[g["wdmon"]])
    if "wd" in g:
        return _eod(_weekday_after(at, _WEEKDAYS[g["wd"]], same_day_ok=False))
    return None


def _in_n(at: datetime, n: int, unit: str) -> datetime:
    if unit.startswith(("week", "weken")):
        return _eod(at + timedelta(weeks=n))
    if unit.startswith(("werk", "working", "business")):
        day = at
        while n > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return _eod(day)
    return _eod(at + timedelta(days=n))


def _dated(at: datetime, day: int, month: int, *, year: int | None = None) -> datetime | None:
    if not 1 <= month <= 12:
        return None
    y = year or at.year
    if not 1 <= day <= monthrange(y, month)[1]:
        return None
    due = _eod(at.replace(year=y, month=month, day=day))
    if year is None and due < at - timedelta(days=60):
        due = due.replace(year=y + 1) if day <= monthrange(y + 1, month)[1] else due
    return due

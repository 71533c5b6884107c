"""Parsing the values CRM exports hold: amounts, dates and times, yes/no, keys.

Amounts come in both number styles ("48.000,00" and "48,000.00", "€ 1.234,56"); which
separator is the decimal one is decided per column from the values that settle it, and
from the file's habit (a semicolon-delimited file comes from a Dutch Excel) otherwise.
Dates come as ISO, dd-mm-yyyy, dd/mm/yyyy or mm/dd/yyyy; the day order of slashed dates
is decided per column from values that settle it (a first part above 12 is a day), and
from the system's habit otherwise. A time without an offset is read in an explicit zone
(the account's, else ``--tz``, else UTC) because the bundle model needs aware times.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from typing import Literal

from dateutil import parser as dateutil_parser

DayOrder = Literal["dmy", "mdy"]

CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "US$": "USD", "fl": "EUR"}
_CODE = re.compile(r"\b([A-Z]{3})\b")
_NUMBER = re.compile(r"^\d[\d.,' ]*$")
_NUMERIC_DATE = re.compile(
    r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?$"
)
_DUTCH_MONTHS = {
    "januari": "January", "februari": "February", "maart": "March", "april": "April",
    "mei": "May", "juni": "June", "juli": "July", "augustus": "August",
    "september": "September", "oktober": "October", "november": "November",
    "december": "December", "mrt": "Mar", "okt": "Oct", "mei.": "May",
}  # fmt: skip
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "ja", "j", "waar", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "nee", "onwaar", ""})


class ValueReadError(ValueError):
    """A cell that cannot be read; the message says what is wrong and what was expected."""


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def key(text: str) -> str:
    """A comparison key: lower case letters and digits only, accents removed."""
    if text.isascii():
        return _NOT_ALNUM.sub("", text.lower())
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


def slug(text: str) -> str:
    """A readable id part: lower case words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9@.]+", "-", plain).strip("-.") or "x"


# --- amounts -----------------------------------------------------------------------


def split_currency(text: str) -> tuple[str, str | None]:
    """``"€ 1.234,56"`` -> ``("1.234,56", "EUR")``; the number part and its currency."""
    value = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    currency: str | None = None
    for sign in sorted(CURRENCY_SIGNS, key=len, reverse=True):
        if value.startswith(sign) or value.endswith(sign):
            currency = CURRENCY_SIGNS[sign]
            value = value.removeprefix(sign).removesuffix(sign).strip()
            break
    else:
        match = _CODE.search(value)
        if match:
            currency = match.group(1)
            value = (value[: match.start()] + value[match.end() :]).strip()
    if value.endswith(",-"):  # Dutch "1.250,-"
        value = value[:-2]
    return value.strip(), currency


def decimal_mark(values: Iterable[str], *, default: str) -> str:
    """The decimal separator of a column, from the first value that settles it."""
    for raw in values:
        number, _ = split_currency(raw)
        number = number.replace(" ", "").replace("'", "")
        if "," in number and "." in number:
            return "," if number.rfind(",") > number.rfind(".") else "."
        for mark in (",", "."):
            count = number.count(mark)
            if count > 1:
                return "." if mark == "," else ","
            if count == 1 and len(number) - number.index(mark) - 1 != 3:
                return mark
    return default


def parse_amount(text: str, *, decimal: str) -> tuple[float, str | None]:
    """An amount and the currency written with it; ``decimal`` is the column's mark."""
    return _amount(text, decimal)


@lru_cache(maxsize=65536)
def _amount(text: str, decimal: str) -> tuple[float, str | None]:
    number, currency = split_currency(text)
    if number.startswith("-") or (number.startswith("(") and number.endswith(")")):
        raise ValueReadError(f"is negative ({text!r}); an amount must be zero or more")
    number = number.replace(" ", "").replace("'", "")
    if not _NUMBER.match(number):
        raise ValueReadError(f"is not an amount: {text!r} (expected e.g. 48000, 48.000,00)")
    if "," in number and "." in number:  # both marks: the last one is the decimal
        decimal = "," if number.rfind(",") > number.rfind(".") else "."
    elif number.count(decimal) > 1:  # "1.250.000" in a decimal-point column
        decimal = "," if decimal == "." else "."
    thousands = "." if decimal == "," else ","
    number = number.replace(thousands, "").replace(decimal, ".")
    try:
        return float(number), currency
    except ValueError:
        raise ValueReadError(
            f"is not an amount: {text!r} (expected e.g. 48000, 48.000,00)"
        ) from None


# --- dates -------------------------------------------------------------------------


def day_order(values: Iterable[str], *, default: DayOrder) -> DayOrder:
    """``dmy`` or ``mdy`` for a column's slashed dates, from the first value that settles it."""
    for raw in values:
        match = _NUMERIC_DATE.match(raw.strip())
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 >= second:
            return "dmy"
        if second > 12 >= first:
            return "mdy"
        if match.group(2) in "-." and default == "mdy":
            return "dmy"  # 05-03-2026 and 05.03.2026 are European forms
    return default


def _numeric(match: re.Match[str], order: DayOrder) -> tuple[date, time | None]:
    a, sep, b, c = match.group(1), match.group(2), match.group(3), match.group(4)
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        del sep
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
    moment: time | None = None
    if match.group(5) is not None:
        hour, minute = int(match.group(5)), int(match.group(6))
        ampm = (match.group(8) or "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        moment = time(hour, minute, int(match.group(7) or 0))
    return date(year, month, day), moment


@lru_cache(maxsize=65536)
def _parse(text: str, order: DayOrder) -> tuple[date, time | None, tzinfo | None]:
    value = text.strip()
    if not value:
        raise ValueReadError("is empty")
    if value.isdigit() and len(value) in (10, 13):  # epoch seconds or milliseconds (APIs)
        stamp = int(value) / (1000 if len(value) == 13 else 1)
        moment = datetime.fromtimestamp(stamp, tz=UTC)
        return moment.date(), moment.timetz(), UTC
    match = _NUMERIC_DATE.match(value)
    try:
        if match:
            day, clock = _numeric(match, order)
            return day, clock, None
        if len(value) >= 10 and value[4] == "-":
            iso = datetime.fromisoformat(value.replace("Z", "+00:00"))
            has_clock = len(value) > 10
            return iso.date(), iso.timetz() if has_clock else None, iso.tzinfo
        words = value
        for dutch, english in _DUTCH_MONTHS.items():
            words = re.sub(rf"\b{re.escape(dutch)}\b", english, words, flags=re.IGNORECASE)
        parsed = dateutil_parser.parse(words, dayfirst=order == "dmy")
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        raise ValueReadError(
            f"is not a date: {text!r} (expected e.g. 2026-03-05, 05-03-2026 or 03/05/2026)"
        ) from None
    has_clock = bool(re.search(r"\d:\d", value))
    return parsed.date(), parsed.timetz() if has_clock else None, parsed.tzinfo


def parse_day(text: str, *, order: DayOrder) -> date:
    """A calendar date (times of day are dropped)."""
    day, _, _ = _parse(text, order)
    return day


def parse_moment(text: str, *, order: DayOrder, zone: tzinfo) -> datetime:
    """An aware time; a value without an offset is read in ``zone`` (midnight for a date)."""
    day, clock, found = _parse(text, order)
    if clock is not None and clock.tzinfo is not None:
        return datetime.combine(day, clock)
    moment = datetime.combine(day, (clock or time(0)).replace(tzinfo=None))
    return moment.replace(tzinfo=found or zone)


def parse_bool(text: str) -> bool | None:
    """``True``/``False`` for yes/no words in English and Dutch, ``None`` when unclear."""
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None

"""Busy times from an iCalendar (``.ics``) text, recurring events included.

:func:`read_busy` takes the text (the CLI reads the file), checks it line by line, and
expands every event between two instants with ``recurring-ical-events`` (RRULE, RDATE,
EXDATE and moved occurrences). Free (``TRANSP:TRANSPARENT``) and cancelled events are
not busy. All-day events and floating times are read in the seller's time zone. Any
problem is a :class:`BadInputError` that names the line, so the user can fix the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from buyerlens.model import BadInputError, Issue
from buyerlens.schedule.slots import Busy

_PARAM_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_CONTENT_LINE = re.compile(
    rf"^(?P<name>[A-Za-z0-9-]+)(?:;[A-Za-z0-9-]+={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)*:(?P<value>.*)$"
)
_TIME_PROPS = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based physical line where the (unfolded) content line starts
    name: str
    value: str


def _fail(name: str, line: int | None, message: str) -> BadInputError:
    where = f"{name}, line {line}" if line is not None else name
    return BadInputError(
        f"{where}: {message}", issues=[Issue(path="", message=message, line=line, file=name)]
    )


def _decode(source: bytes | str, name: str) -> str:
    if isinstance(source, str):
        return source
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.count(b"\n", 0, exc.start) + 1
        raise _fail(name, line, "is not UTF-8 text; save the calendar as UTF-8") from None


def _shown(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def _content_lines(text: str, name: str) -> list[_Line]:
    """Unfold the text into content lines, each checked for the NAME:VALUE form."""
    unfolded: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in {" ", "\t"} and unfolded:
            first, so_far = unfolded[-1]
            unfolded[-1] = (first, so_far + raw[1:])
        elif raw.strip():
            unfolded.append((number, raw))
    lines: list[_Line] = []
    for number, raw in unfolded:
        match = _CONTENT_LINE.match(raw)
        if match is None:
            raise _fail(
                name, number, f"not an iCalendar line (expected NAME:VALUE): {_shown(raw)!r}"
            )
        lines.append(_Line(number, match["name"].upper(), match["value"]))
    return lines


def _check_nesting(lines: list[_Line], name: str) -> None:
    if not lines or lines[0].name != "BEGIN" or lines[0].value.upper() != "VCALENDAR":
        first = lines[0].number if lines else 1
        raise _fail(name, first, "an iCalendar file starts with BEGIN:VCALENDAR")
    stack: list[_Line] = []
    for line in lines:
        if line.name == "BEGIN":
            stack.append(line)
        elif line.name == "END":
            if not stack or stack[-1].value.upper() != line.value.upper():
                open_ = f"BEGIN:{stack[-1].value}" if stack else "no open component"
                raise _fail(name, line.number, f"END:{line.value} does not close {open_}")
            stack.pop()
    if stack:
        raise _fail(name, stack[-1].number, f"BEGIN:{stack[-1].value} is never closed")


def _line_of(lines: list[_Line], prop: str, value: str | None = None) -> int | None:
    for line in lines:
        if line.name == prop and (value is None or line.value == value):
            return line.number
    return None


def _parse(text: str, lines: list[_Line], name: str) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise _fail(name, None, f"cannot be read as iCalendar: {exc}") from None
    events = [line.number for line in lines if line.name == "BEGIN" and line.value == "VEVENT"]
    for index, event in enumerate(calendar.walk("VEVENT")):
        for prop, message in event.errors:
            if prop is not None and prop.upper() in _TIME_PROPS:
                broken = event.get(prop)
                value = getattr(broken, "to_ical", lambda: b"")().decode("utf-8", "replace")
                number = _line_of(lines, prop.upper(), value) or _line_of(lines, prop.upper())
                raise _fail(name, number, f"{prop.upper()} is not valid: {message}")
        _check_rules(event, lines, name)
        if "DTSTART" not in event:
            number = events[index] if index < len(events) else None
            raise _fail(name, number, "this event has no DTSTART; every event needs one")
    return calendar


def _check_rules(event: Any, lines: list[_Line], name: str) -> None:
    """Refuse rules that never advance (INTERVAL=0 would loop for ever)."""
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        value = rule.to_ical().decode("utf-8", "replace")
        number = _line_of(lines, "RRULE", value) or _line_of(lines, "RRULE")
        if "FREQ" not in rule:
            raise _fail(name, number, "RRULE needs a FREQ (for example FREQ=WEEKLY)")
        for key in ("INTERVAL", "COUNT"):
            values = rule.get(key, [1])
            if any(not isinstance(v, int) or v < 1 for v in values):
                raise _fail(name, number, f"RRULE {key} must be 1 or more, got {values[0]!r}")


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)  # floating time or all-day: the seller's zone
    return value.astimezone(UTC)


def _is_busy(event: Any) -> bool:
    transp = str(event.get("TRANSP", "OPAQUE")).upper()
    status = str(event.get("STATUS", "CONFIRMED")).upper()
    return transp != "TRANSPARENT" and status != "CANCELLED"


def _expand(
    calendar: icalendar.Calendar, lines: list[_Line], name: str, *, start: datetime, end: datetime
) -> list[Any]:
    try:
        return list(recurring_ical_events.of(calendar).between(start, end))
    except (recurring_ical_events.InvalidCalendar, ValueError, TypeError) as exc:
        message = str(exc).replace("\\", "")
        line = next(
            (
                line
                for line in lines
                if line.name in {"RRULE", "EXRULE"} and line.value.replace("\\", "") in message
            ),
            None,
        )
        if line is None:
            raise _fail(name, None, f"a recurring event cannot be expanded: {message}") from None
        raise _fail(
            name,
            line.number,
            f"a recurring event cannot be expanded: {line.name}:{line.value} has a part "
            "out of range (check BYDAY, BYHOUR, BYSETPOS ...)",
        ) from None


def read_busy(
    source: bytes | str,
    *,
    start: datetime,
    end: datetime,
    default_tz: str,
    name: str = "calendar",
) -> list[Busy]:
    """Busy intervals (UTC) of the calendar text between ``start`` and ``end``.

    ``default_tz`` is the seller's zone, used for all-day events and floating times.
    ``name`` is how messages name the input (the file name).
    """
    text = _decode(source, name)
    lines = _content_lines(text, name)
    _check_nesting(lines, name)
    calendar = _parse(text, lines, name)
    zone = ZoneInfo(default_tz)
    busy: list[Busy] = []
    for event in _expand(calendar, lines, name, start=start, end=end):
        if not _is_busy(event):
            continue
        begins, ends = _instant(event.start, zone), _instant(event.end, zone)
        if ends <= begins:
            continue  # a point in time blocks nothing
        busy.append(Busy(start=begins, end=ends, summary=str(event.get("SUMMARY", ""))))
    return sorted(busy, key=lambda b: (b.start, b.end))

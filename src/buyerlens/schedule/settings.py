"""The slot settings: off-hours windows and limits, read from ``data/slots.toml`` (R-P1).

The file is validated when it is loaded; a wrong entry raises :class:`ConfigError`
naming the entry and the field, so a sales-enablement lead can change the windows
without touching Python.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import time
from functools import cache
from importlib import resources
from typing import Any, Literal

from buyerlens.model import ConfigError

Anchor = Literal["work_start", "work_end", "midnight"]
Prefer = Literal["early", "late"]

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ANCHORS: tuple[Anchor, ...] = ("work_start", "work_end", "midnight")
_PREFERS: tuple[Prefer, ...] = ("early", "late")
SOURCE = "buyerlens/schedule/data/slots.toml"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """A buyer's working day in local wall-clock time."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> WorkingHours:
        """``"08:30-17:00"`` -> WorkingHours; raises ValueError on any other form."""
        parts = text.split("-")
        if len(parts) != 2:
            raise ValueError(f"working hours must look like '08:30-17:00', got {text!r}")
        start, end = (parse_hhmm(part.strip()) for part in parts)
        if start >= end:
            raise ValueError(f"working hours must start before they end, got {text!r}")
        return cls(start=start, end=end)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class Window:
    """One off-hours window: minutes ``[from_, to]`` relative to an anchor of the day."""

    id: str
    rule: str
    anchor: Anchor
    from_: int
    to: int
    prefer: Prefer


@dataclass(frozen=True, slots=True)
class SlotSettings:
    duration_minutes: int
    step_minutes: int
    min_notice_minutes: int
    default_working_hours: WorkingHours
    weekdays: frozenset[int]
    seller_start: time
    seller_end: time
    windows: tuple[Window, ...]


def parse_hhmm(text: str) -> time:
    match = _HHMM.match(text)
    if not match:
        raise ValueError(f"expected a time like '07:30', got {text!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise ConfigError(f"{SOURCE}: {where}{key} is required but missing")
    value = data[key]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{SOURCE}: {where}{key} must be a whole number, got {value!r}")
    if not isinstance(value, kind):
        raise ConfigError(f"{SOURCE}: {where}{key} must be a {kind.__name__}, got {value!r}")
    return value


def _window(data: dict[str, Any], index: int) -> Window:
    where = f"window[{index}]."
    anchor = _field(data, "anchor", str, where)
    prefer = _field(data, "prefer", str, where)
    if anchor not in _ANCHORS:
        raise ConfigError(f"{SOURCE}: {where}anchor must be one of {_ANCHORS}, got {anchor!r}")
    if prefer not in _PREFERS:
        raise ConfigError(f"{SOURCE}: {where}prefer must be one of {_PREFERS}, got {prefer!r}")
    window = Window(
        id=_field(data, "id", str, where),
        rule=_field(data, "rule", str, where),
        anchor=anchor,
        from_=_field(data, "from", int, where),
        to=_field(data, "to", int, where),
        prefer=prefer,
    )
    if window.from_ >= window.to:
        raise ConfigError(f"{SOURCE}: {where}from must be before to")
    if window.rule != "P1":
        raise ConfigError(f"{SOURCE}: {where}rule must be 'P1' (off-hours meetings)")
    return window


def load_settings(data: dict[str, Any]) -> SlotSettings:
    """Validate the parsed TOML; raises :class:`ConfigError` naming the field."""
    try:
        hours = WorkingHours.parse(_field(data, "default_working_hours", str, ""))
        seller = _field(data, "seller_hours", dict, "")
        seller_start = parse_hhmm(_field(seller, "start", str, "seller_hours."))
        seller_end = parse_hhmm(_field(seller, "end", str, "seller_hours."))
    except ValueError as exc:
        raise ConfigError(f"{SOURCE}: {exc}") from None
    weekdays = _field(data, "weekdays", list, "")
    if not weekdays or not all(isinstance(d, int) and 1 <= d <= 7 for d in weekdays):
        raise ConfigError(f"{SOURCE}: weekdays must be ISO weekday numbers 1-7")
    windows = tuple(_window(w, i) for i, w in enumerate(_field(data, "window", list, "")))
    ids = [w.id for w in windows]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{SOURCE}: window ids must be unique, got {ids}")
    settings = SlotSettings(
        duration_minutes=_field(data, "duration_minutes", int, ""),
        step_minutes=_field(data, "step_minutes", int, ""),
        min_notice_minutes=_field(data, "min_notice_minutes", int, ""),
        default_working_hours=hours,
        weekdays=frozenset(weekdays),
        seller_start=seller_start,
        seller_end=seller_end,
        windows=windows,
    )
    if settings.duration_minutes <= 0 or settings.step_minutes <= 0:
        raise ConfigError(f"{SOURCE}: duration_minutes and step_minutes must be positive")
    return settings


@cache
def default_settings() -> SlotSettings:
    """The settings shipped in the package (read once, on first use)."""
    text = resources.files("buyerlens.schedule").joinpath("data/slots.toml").read_text("utf-8")
    return load_settings(tomllib.loads(text))

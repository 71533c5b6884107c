"""Every label of the brief in Dutch and English, read from ``data/labels_<lang>.toml``.

Both files must have exactly the same keys, cover every role, buying role, level,
pattern, priority and slot kind, and have seven day and twelve month names; a gap raises
:class:`ConfigError` naming the file and the key. Formatting helpers for dates and
amounts live here too, so a template never formats a number itself.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from buyerlens.diagnose.types import LEVELS, PATTERN_KEYS, PRIORITY_KEYS
from buyerlens.model import BuyingRole, ConfigError, Role, UsageError
from buyerlens.schedule import default_settings

LANGUAGES = ("nl", "en")
_LISTS = {"date.days": 7, "date.months": 12}


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _required() -> dict[str, tuple[str, ...]]:
    return {
        "role": tuple(r.value for r in Role),
        "buying_role": tuple(r.value for r in BuyingRole),
        "level": LEVELS,
        "pattern": PATTERN_KEYS,
        "priority": PRIORITY_KEYS,
        "slot": tuple(w.id for w in default_settings().windows),
    }


@dataclass(frozen=True)
class Labels:
    """The labels of one language: ``labels("heading.people")``, formatted with kwargs."""

    lang: str
    values: dict[str, Any]

    def __call__(self, key: str, /, **params: Any) -> str:
        value = self.values[key]
        if not isinstance(value, str):
            raise TypeError(f"label {key!r} is not a text")
        return value.format(**params) if params else value

    def has(self, key: str) -> bool:
        return key in self.values

    def day(self, value: date) -> str:
        """``do 26 nov`` / ``Thu 26 Nov``."""
        days, months = self.values["date.days"], self.values["date.months"]
        return f"{days[value.weekday()]} {value.day} {months[value.month - 1]}"

    def date(self, value: date) -> str:
        """``26 nov 2026`` / ``26 Nov 2026``."""
        return f"{value.day} {self.values['date.months'][value.month - 1]} {value.year}"

    def moment(self, value: datetime) -> str:
        """``do 26 nov 12:00``."""
        return f"{self.day(value)} {value:%H:%M}"

    def number(self, value: float, *, cents: bool = False) -> str:
        """``48.000`` / ``48,000``; fractions as needed (``8,6``), or always two (cents)."""
        if value == int(value):
            text = f"{value:,.0f}"
        else:
            text = f"{value:,.2f}" if cents else f"{value:,.2f}".rstrip("0")
        thousands, decimal = self.values["date.thousands"], self.values["date.decimal"]
        return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)

    def money(self, amount: float, currency: str) -> str:
        return f"{currency} {self.number(amount, cents=True)}"


def check_labels(files: dict[str, dict[str, Any]]) -> None:
    """Raise :class:`ConfigError` unless every language has every key, typed right."""
    flat = {lang: _flatten(data) for lang, data in files.items()}
    keys = set().union(*(set(v) for v in flat.values()))
    for lang, values in flat.items():
        source = f"buyerlens/report/data/labels_{lang}.toml"
        missing = sorted(keys - set(values))
        if missing:
            raise ConfigError(f"{source}: missing {', '.join(missing[:5])}")
        if values.get("lang") != lang:
            raise ConfigError(f"{source}: lang must be {lang!r}")
        for section, names in _required().items():
            absent = [n for n in names if f"{section}.{n}" not in values]
            if absent:
                raise ConfigError(f"{source}: [{section}] needs {', '.join(absent)}")
        for key, size in _LISTS.items():
            if not isinstance(values.get(key), list) or len(values[key]) != size:
                raise ConfigError(f"{source}: {key} must list {size} names")
        for key, value in values.items():
            if key not in _LISTS and not isinstance(value, str):
                raise ConfigError(f"{source}: {key} must be a text")


@cache
def _all_labels() -> dict[str, Labels]:
    folder = resources.files("buyerlens.report").joinpath("data")
    files = {
        lang: tomllib.loads(folder.joinpath(f"labels_{lang}.toml").read_text("utf-8"))
        for lang in LANGUAGES
    }
    check_labels(files)
    return {lang: Labels(lang, _flatten(data)) for lang, data in files.items()}


def labels(lang: str) -> Labels:
    """The labels of ``lang`` (``nl`` or ``en``)."""
    if lang not in LANGUAGES:
        raise UsageError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return _all_labels()[lang]

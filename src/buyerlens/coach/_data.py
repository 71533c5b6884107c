"""The coach's knowledge, read from its package data files and validated at load.

``data/lexicon_{lang}.toml``   phrases per kind (asks, reasons to talk now, promises ...)
``data/messages_{lang}.toml``  what each finding says, in that language
``data/thresholds.toml``       the numbers, each with its published source
``data/weights.toml``          what each finding costs the score

Everything is loaded on first use (never at import) and cached. A broken file raises a
:class:`~buyerlens.model.errors.ConfigError` that names the file and the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import time
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from buyerlens.coach._scan import Scanner
from buyerlens.coach._types import FINDING_RULES, SEVERITIES, Severity, parse_hours
from buyerlens.model.errors import BadInputError, ConfigError

LANGUAGES: tuple[str, ...] = ("nl", "en")
RULE_IDS: frozenset[str] = frozenset({"C1", "C2", "P1", "P2", "P3", "B1", "B2", "B3", "B4", "G1"})

#: Kinds matched anywhere in the text.
SPAN_KINDS: frozenset[str] = frozenset(
    {
        "call_to_action", "meeting", "rhetorical", "followup_nudge", "reason_now",
        "vague_claim", "commitment", "undated", "date", "current_price_question",
        "credibility", "daypart", "reply", "zone",
    }
)  # fmt: skip
#: Kinds matched against a whole line (the frame of an e-mail).
LINE_KINDS: frozenset[str] = frozenset({"greeting", "sign_off", "quote_header"})
KINDS: frozenset[str] = SPAN_KINDS | LINE_KINDS


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: str
    rule: str
    patterns: tuple[str, ...]
    hour: time | None = None
    zone: str | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The phrases of one language, compiled: one regex per kind."""

    lang: str
    first_person: frozenset[str]
    second_person: frozenset[str]
    abbreviations: frozenset[str]
    entries: dict[str, Entry]
    span: dict[str, Scanner]
    line: dict[str, re.Pattern[str]]
    groups: dict[str, str]

    def entry_of(self, match: re.Match[str]) -> Entry:
        """The entry whose pattern produced ``match``."""
        return self.entries[self.groups[Scanner.group_of(match)]]


def _read_toml(name: str) -> dict[str, Any]:
    path = resources.files("buyerlens.coach").joinpath("data", name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"coach data file {name} is missing from the package") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"coach data file {name}: {exc}") from None


def _entry(name: str, index: int, raw: dict[str, Any]) -> Entry:
    where = f"{name}: entry[{index}] ({raw.get('id', '?')})"
    kind, rule, patterns = raw.get("kind"), raw.get("rule"), raw.get("patterns")
    if not isinstance(raw.get("id"), str) or not raw["id"]:
        raise ConfigError(f"{where}: needs a string id")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    if rule not in RULE_IDS:
        raise ConfigError(f"{where}: rule {rule!r} is not a rule of buyer-model.md")
    if (
        not isinstance(patterns, list)
        or not patterns
        or not all(isinstance(p, str) and p for p in patterns)
    ):
        raise ConfigError(f"{where}: patterns must be a non-empty list of strings")
    for pattern in patterns:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: bad pattern {pattern!r}: {exc}") from None
        if compiled.groupindex:
            raise ConfigError(f"{where}: pattern {pattern!r} must not name groups")
    hour = raw.get("hour")
    if (kind == "daypart") != (hour is not None):
        raise ConfigError(f"{where}: `hour` is required on daypart entries and only there")
    try:
        parsed_hour = time.fromisoformat(hour) if hour is not None else None
    except ValueError:
        raise ConfigError(f"{where}: hour must look like '10:00', got {hour!r}") from None
    return Entry(raw["id"], kind, rule, tuple(patterns), parsed_hour, _zone(where, kind, raw))


def _zone(where: str, kind: str, raw: dict[str, Any]) -> str | None:
    """The IANA zone of a ``zone`` entry ("buyer" means the buyer's own zone)."""
    zone = raw.get("zone")
    if (kind == "zone") != (zone is not None):
        raise ConfigError(f"{where}: `zone` is required on zone entries and only there")
    if zone is None or zone == "buyer":
        return zone
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown time zone {zone!r}") from None
    return str(zone)


def _words(name: str, data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{name}: `{key}` must be a list of strings")
    return frozenset(v.lower() for v in value)


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled phrases of ``lang`` ("nl" or "en")."""
    check_lang(lang)
    name = f"lexicon_{lang}.toml"
    data = _read_toml(name)
    if data.get("lang") != lang:
        raise ConfigError(f"{name}: `lang` must be {lang!r}")
    entries: dict[str, Entry] = {}
    for index, raw in enumerate(data.get("entry", [])):
        entry = _entry(name, index, raw)
        if entry.id in entries:
            raise ConfigError(f"{name}: entry id {entry.id!r} is used twice")
        entries[entry.id] = entry
    groups: dict[str, str] = {}
    alternatives: dict[str, list[tuple[str, str]]] = {}
    for entry in entries.values():
        for pattern in entry.patterns:
            group = f"g{len(groups)}"
            groups[group] = entry.id
            alternatives.setdefault(entry.kind, []).append((group, pattern))
    span = {
        kind: Scanner(alts, flags=re.IGNORECASE)
        for kind, alts in alternatives.items()
        if kind in SPAN_KINDS
    }
    line = {
        kind: re.compile("|".join(f"(?P<{g}>{p})" for g, p in alts), re.IGNORECASE)
        for kind, alts in alternatives.items()
        if kind in LINE_KINDS
    }
    missing = KINDS - set(span) - set(line)
    if missing:
        raise ConfigError(f"{name}: no entries of kind(s) {', '.join(sorted(missing))}")
    return Lexicon(
        lang=lang,
        first_person=_words(name, data, "first_person"),
        second_person=_words(name, data, "second_person"),
        abbreviations=_words(name, data, "abbreviations"),
        entries=entries,
        span=span,
        line=line,
        groups=groups,
    )


@cache
def messages(lang: str) -> dict[str, dict[str, str]]:
    """The texts of ``lang``: ``{finding_id: {"message", "suggestion", ...}, "band": ...}``."""
    check_lang(lang)
    name = f"messages_{lang}.toml"
    data = _read_toml(name)
    if data.pop("lang", None) != lang:
        raise ConfigError(f"{name}: `lang` must be {lang!r}")
    for finding, rules in FINDING_RULES.items():
        table = data.get(finding)
        if not isinstance(table, dict) or not {"message", "suggestion"} <= set(table):
            raise ConfigError(f"{name}: [{finding}] needs a message and a suggestion")
        if table.get("rule") != rules[0]:
            raise ConfigError(f"{name}: [{finding}] must cite rule {rules[0]}")
    out: dict[str, dict[str, str]] = {}
    for key, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{name}: [{key}] must be a table")
        out[key] = {k: str(v) for k, v in table.items()}
    return out


@dataclass(frozen=True, slots=True)
class Weights:
    severity: dict[Severity, int]
    default: dict[str, Severity]
    bands: tuple[tuple[str, int], ...]
    repeat_share: float
    max_repeats: int


@cache
def thresholds() -> dict[str, Any]:
    """The numbers of ``thresholds.toml``; every section names its ``source``."""
    data = _read_toml("thresholds.toml")
    for section, table in data.items():
        if section == "readability":
            for lang in LANGUAGES:
                if not isinstance(table.get(lang), dict) or "source" not in table[lang]:
                    raise ConfigError(f"thresholds.toml: [readability.{lang}] needs a source")
        elif not isinstance(table, dict) or not table.get("source"):
            raise ConfigError(f"thresholds.toml: [{section}] needs a `source`")
    for key in ("default_working_hours", "lunch"):
        try:
            parse_hours(data["meeting"][key])
        except (KeyError, BadInputError) as exc:
            raise ConfigError(f"thresholds.toml: [meeting] {key}: {exc}") from None
    return data


@cache
def weights() -> Weights:
    """The costs of ``weights.toml``."""
    data = _read_toml("weights.toml")
    severity = data.get("severity", {})
    default = data.get("default", {})
    if set(severity) != set(SEVERITIES) or not all(isinstance(v, int) for v in severity.values()):
        raise ConfigError("weights.toml: [severity] needs an integer for high, medium and low")
    if set(default) != set(FINDING_RULES) or not set(default.values()) <= set(SEVERITIES):
        raise ConfigError("weights.toml: [default] needs a severity for every finding id")
    bands = tuple((b["id"], int(b["min"])) for b in data.get("band", []))
    if (
        not bands
        or bands[-1][1] != 0
        or [m for _, m in bands] != sorted((m for _, m in bands), reverse=True)
    ):
        raise ConfigError("weights.toml: [[band]] must go from the top down to min = 0")
    return Weights(
        severity=dict(severity),
        default=dict(default),
        bands=bands,
        repeat_share=float(data["repeat_share"]),
        max_repeats=int(data["max_repeats"]),
    )


def check_lang(lang: str) -> None:
    """Raise a clear error for a language the coach does not speak."""
    if lang not in LANGUAGES:
        raise BadInputError(f"the coach reads Dutch (nl) and English (en), not {lang!r}")

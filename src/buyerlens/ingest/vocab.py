"""Closed vocabularies of the importers, read from ``ingest/data/vocab.toml``, with typo
tolerance: a value that is not known but close to one known value (difflib) is taken as
that value; a value close to two values that mean different things is ambiguous and the
row is rejected rather than guessed.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from buyerlens.ingest.layouts import Layout
from buyerlens.ingest.values import ValueReadError, key

#: How close (difflib ratio) a typo must be to a known value, and how far apart two
#: candidates meaning different things must be for the better one to be trusted.
CUTOFF = 0.75
MARGIN = 0.06


@dataclass(frozen=True, slots=True)
class Vocab:
    freemail: frozenset[str]
    countries: dict[str, str]
    industries: tuple[str, ...]
    channel: dict[str, str]
    direction: dict[str, str]
    status: dict[str, str]


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    return {key(name): meaning for meaning, names in table.items() for name in names}


@cache
def vocab() -> Vocab:
    """The shared vocabularies (loaded once)."""
    text = resources.files("buyerlens.ingest").joinpath("data/vocab.toml").read_text("utf-8")
    data = tomllib.loads(text)
    countries = _invert(data["countries"])
    countries.update({key(code): code for code in data["countries"]})
    return Vocab(
        freemail=frozenset(d.lower() for d in data["freemail"]),
        countries=countries,
        industries=tuple(data["industries"]),
        channel=_invert(data["channel"]),
        direction=_invert(data["direction"]),
        status=_invert(data["status"]),
    )


def closest(
    value: str, table: dict[str, str], *, what: str, shown: dict[str, str] | None = None
) -> tuple[str, bool] | None:
    """The meaning of ``value`` in ``table`` (folded name -> meaning) and whether it was a
    typo; None when nothing is close. Raises :class:`ValueReadError` when ambiguous;
    ``shown`` gives the names as written, for that message."""
    folded = key(value)
    if folded in table:
        return table[folded], False
    if not folded:
        return None
    matcher = difflib.SequenceMatcher(b=folded)
    scored: list[tuple[float, str]] = []
    for name in table:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, name))
    if not scored:
        return None
    scored.sort(reverse=True)
    best_ratio, best = scored[0]
    for ratio, name in scored[1:]:
        if table[name] != table[best] and best_ratio - ratio < MARGIN:
            names = shown or {}
            raise ValueReadError(
                f"{what} {value!r} is ambiguous: it is close to both"
                f" {names.get(best, best)!r} ({table[best]}) and {names.get(name, name)!r}"
                f" ({table[name]}); correct it in the file"
            )
    return table[best], True


class Stages:
    """Stage name -> outcome (``won``, ``lost`` or ``open``) for one layout."""

    def __init__(self, lay: Layout, *, extra: dict[str, str] | None = None) -> None:
        self.table: dict[str, str] = {}
        self.shown: dict[str, str] = {}
        for outcome, names in lay.stages.items():
            self.table.update({key(name): outcome for name in names})
            for name in names:
                self.shown.setdefault(key(name), name)
        for name, outcome in (extra or {}).items():
            if name.startswith("stage:"):
                self.table[key(name[6:])] = outcome
                self.shown[key(name[6:])] = name[6:]
        self.cache: dict[str, tuple[str, str | None]] = {}

    def outcome(self, stage: str) -> tuple[str, str | None]:
        """The outcome of ``stage`` and a note when it was read as a typo or a custom stage."""
        hit = self.cache.get(stage)
        if hit is None:
            hit = self._resolve(stage)
            self.cache[stage] = hit
        return hit

    def _resolve(self, stage: str) -> tuple[str, str | None]:
        folded = key(stage)
        starts = {n: self.table[n] for n in self.table if n.startswith(folded) and n != folded}
        if len(folded) >= 4 and {"won", "lost"} <= set(starts.values()):
            names = " and ".join(repr(self.shown[n]) for n in sorted(starts))
            raise ValueReadError(
                f"stage {stage!r} is ambiguous: it is the start of {names}, which end"
                " differently (won and lost); correct it in the file"
            )
        found = closest(stage, self.table, what="stage", shown=self.shown)
        if found is not None:
            outcome, typo = found
            return outcome, (f"stage {stage!r} read as {outcome} (a close match)" if typo else None)
        words = key(stage)
        for outcome, cues in (("won", ("won", "gewonnen")), ("lost", ("lost", "verloren"))):
            if any(cue in words for cue in cues):
                return outcome, f"stage {stage!r} read as {outcome} (it says so)"
        return "open", f"stage {stage!r} is not a standard stage; read as open"


def country_code(text: str) -> tuple[str | None, bool]:
    """The ISO 3166 code of a country name or code (typo-tolerant) and whether corrected."""
    found = closest(text, vocab().countries, what="country")
    return (None, False) if found is None else found


def industry(text: str) -> tuple[str, bool]:
    """An industry name, corrected when it is a near-miss of a known one."""
    value = text.strip()
    table = _industries()
    try:
        found = closest(value, table, what="industry")
    except ValueReadError:
        return value, False
    if found is None or key(found[0]) == key(value):
        return (found[0] if found else value), False
    matcher = difflib.SequenceMatcher(a=key(value), b=key(found[0]))
    return (found[0], True) if matcher.ratio() >= 0.85 else (value, False)


@cache
def _industries() -> dict[str, str]:
    return {key(name): name for name in vocab().industries}


def is_freemail(domain: str) -> bool:
    return domain.lower() in vocab().freemail

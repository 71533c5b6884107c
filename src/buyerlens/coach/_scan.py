"""Fast matching of many phrase patterns: at a word start, try only the patterns that can
begin with its first character.

One alternation of sixty patterns costs Python's ``re`` about a millisecond over a
300-word draft (every branch is tried at every word start). A :class:`Scanner` puts the
patterns in buckets by first character, each behind a one-character lookahead, so the
engine skips a whole bucket with one test (3 ms instead of 8 for a review). The result
equals ``finditer`` of
``(?<!\\w)(?:p1|p2|...)(?!\\w)``: the same leftmost, first-alternative, non-overlapping
matches, with the same group names.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

# The parser of the standard library's ``re`` (``sre_parse`` is deprecated since 3.11).
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_DIGITS = frozenset("0123456789")
_MAX_RANGE = 400

FirstChars = frozenset[str] | None  # None: any character may start the pattern


def _first_of_set(items: list[tuple[Any, Any]]) -> FirstChars:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        else:
            return None
    return frozenset(chars)


def _first(items: Sequence[tuple[Any, Any]]) -> tuple[FirstChars, bool]:
    """(first characters, whether the sequence can match the empty string)."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _first_item(op, av)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return frozenset(found), False
    return frozenset(found), True


def _first_item(op: Any, av: Any) -> tuple[FirstChars, bool]:
    if op is _c.LITERAL:
        return frozenset(chr(av)), False
    if op is _c.IN:
        return _first_of_set(av), False
    if op is _c.BRANCH:
        found: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _first(branch)
            if chars is None:
                return None, False
            found |= chars
            nullable = nullable or empty
        return frozenset(found), nullable
    if op is _c.SUBPATTERN:
        return _first(av[3])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        chars, empty = _first(av[2])
        return chars, empty or av[0] == 0
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset(), True
    return None, False


def first_chars(pattern: str) -> FirstChars:
    """The characters (both cases) a match of ``pattern`` can start with, or None."""
    chars, nullable = _first(_parser.parse(pattern, 0).data)
    if chars is None or nullable:
        return None
    return frozenset(c for char in chars for c in (char.lower(), char.upper()))


class Scanner:
    """One regex whose alternatives are bucketed by first character behind a lookahead.

    ``(?<!\\w)(?:(?=a)(?:...)|(?=b)(?:...)|...)(?!\\w)``: at a word start the engine
    checks one character class per bucket and tries only that bucket's patterns. A
    pattern that can start with several characters sits in each of their buckets under
    a suffixed group name (``g7__1``); :meth:`group_of` maps it back.
    """

    def __init__(self, alternatives: Sequence[tuple[str, str]], *, flags: int) -> None:
        buckets: dict[str, list[tuple[str, str]]] = {}
        anywhere: list[tuple[str, str]] = []
        for name, pattern in alternatives:
            chars = first_chars(pattern)
            if chars is None:
                anywhere.append((name, pattern))
                continue
            for char in {c.lower() for c in chars}:
                buckets.setdefault(char, []).append((name, pattern))
        order = {name: i for i, (name, _) in enumerate(alternatives)}
        seen: dict[str, int] = {}
        branches = []
        for char in sorted(buckets):
            members = sorted(buckets[char] + anywhere, key=lambda item: order[item[0]])
            parts = []
            for name, pattern in members:
                copy = seen.get(name, 0)
                seen[name] = copy + 1
                group = name if copy == 0 else f"{name}__{copy}"
                parts.append(f"(?P<{group}>{pattern})")
            branches.append(f"(?={re.escape(char)})(?:{'|'.join(parts)})")
        if anywhere:
            parts = []
            for name, pattern in anywhere:
                copy = seen.get(name, 0)
                seen[name] = copy + 1
                group = name if copy == 0 else f"{name}__{copy}"
                parts.append(f"(?P<{group}>{pattern})")
            branches.append(f"(?:{'|'.join(parts)})")
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)", flags)

    @staticmethod
    def group_of(match: re.Match[str]) -> str:
        """The alternative's own group name of ``match`` (without the copy suffix)."""
        return (match.lastgroup or "").split("__")[0]

    def finditer(self, text: str, start: int, stop: int) -> Iterator[re.Match[str]]:
        return self._regex.finditer(text, start, stop)

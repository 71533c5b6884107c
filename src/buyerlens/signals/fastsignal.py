"""A faster way to build a :class:`Signal` on the extractor's hot path.

``Signal`` is a frozen dataclass with slots, so its generated ``__init__`` sets each field
through ``object.__setattr__``. Calling the slot descriptors directly gives the very same
object at half the cost, which matters at tens of thousands of signals per second.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from buyerlens.signals.types import Polarity, Signal

_new = object.__new__
(_set_kind, _set_start, _set_end, _set_text, _set_pol, _set_value, _set_entry, _set_rule,
 _set_question, _set_extra) = (getattr(Signal, f.name).__set__ for f in fields(Signal))  # fmt: skip


def make_signal(
    kind: str,
    start: int,
    end: int,
    text: str,
    polarity: Polarity | None,
    value: dict[str, Any] | None,
    entry: str,
    rule: str | None,
    question: str | None,
) -> Signal:
    """``Signal(kind, start, end, text, polarity, value, entry, rule, question)``, built
    through the slot descriptors (tests check both give equal signals)."""
    sig: Signal = _new(Signal)
    _set_kind(sig, kind)
    _set_start(sig, start)
    _set_end(sig, end)
    _set_text(sig, text)
    _set_pol(sig, polarity)
    _set_value(sig, value)
    _set_entry(sig, entry)
    _set_rule(sig, rule)
    _set_question(sig, question)
    _set_extra(sig, {})
    return sig

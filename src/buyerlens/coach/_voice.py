"""Turn a finding id and its facts into a :class:`Finding` in the draft's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from buyerlens.coach._data import messages, weights
from buyerlens.coach._types import FINDING_RULES, Finding, Severity
from buyerlens.model.bundle import Money

_CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}


@dataclass(frozen=True, slots=True)
class Voice:
    """Writes findings in one language."""

    lang: str

    def text(self, section: str, key: str, **fields: Any) -> str:
        """The message ``[section] key`` of this language with ``fields`` filled in."""
        return messages(self.lang)[section][key].format(**fields)

    def finding(
        self,
        finding_id: str,
        *,
        severity: Severity | None = None,
        span: tuple[int, int] | None = None,
        suggestion: str | None = None,
        **fields: Any,
    ) -> Finding:
        """A finding with its message and suggestion (or the given suggestion text)."""
        table = messages(self.lang)[finding_id]
        return Finding(
            id=finding_id,
            severity=severity or weights().default[finding_id],
            message=table["message"].format(**fields),
            suggestion=suggestion
            if suggestion is not None
            else table["suggestion"].format(**fields),
            rule=FINDING_RULES[finding_id][0],
            start=span[0] if span else None,
            end=span[1] if span else None,
        )

    def clock(self, value: time) -> str:
        """A time of day as people write it: "8:00" in English, "8.00 uur" in Dutch."""
        if self.lang == "nl":
            return f"{value.hour}.{value.minute:02d} uur"
        return f"{value.hour}:{value.minute:02d}"

    def hours(self, start: time, end: time) -> str:
        """Working hours: "8:30-17:00" in English, "8.30-17.00 uur" in Dutch."""
        if self.lang == "nl":
            return f"{start.hour}.{start.minute:02d}-{end.hour}.{end.minute:02d} uur"
        return f"{self.clock(start)}-{self.clock(end)}"

    def money(self, value: Money) -> str:
        """An amount as people write it: "€48,000" in English, "€ 48.000" in Dutch."""
        sign = _CURRENCY_SIGNS.get(value.currency, value.currency + " ")
        whole = float(value.amount).is_integer()
        text = f"{value.amount:,.0f}" if whole else f"{value.amount:,.2f}"
        if self.lang == "nl":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
            return f"{sign.strip()} {text}"
        return f"{sign}{text}"

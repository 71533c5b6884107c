"""The coach's data: the context a draft is read in, and the review it gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Literal

from buyerlens.model.bundle import Credential, Money
from buyerlens.model.errors import BadInputError

Severity = Literal["high", "medium", "low"]
RiskLevel = Literal["high", "medium", "low", "unknown"]

SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
RISK_LEVELS: tuple[RiskLevel, ...] = ("high", "medium", "low", "unknown")

#: Every finding the coach can give, with the rules it cites (buyer-model.md).
FINDING_RULES: dict[str, tuple[str, ...]] = {
    "too_long": ("P1",),
    "long_sentences": ("P1",),
    "hard_to_read": ("P1",),
    "no_clear_ask": ("P1",),
    "too_many_asks": ("P1",),
    "no_reason_now": ("P1",),
    "vague_claim": ("P3",),
    "undated_promise": ("P3", "B1"),
    "current_price_question": ("B2",),
    "no_credibility": ("P2",),
    "meeting_in_busy_hours": ("P1",),
    "about_us_not_them": ("P1",),
}


def parse_hours(value: str) -> tuple[time, time]:
    """``"08:30-17:00"`` -> ``(time(8, 30), time(17, 0))``; a clear error otherwise."""
    try:
        start_text, end_text = value.split("-")
        start, end = time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
    except ValueError:
        raise BadInputError(f"working hours must look like '08:30-17:00', got {value!r}") from None
    if start >= end:
        raise BadInputError(f"working hours must start before they end, got {value!r}")
    return start, end


@dataclass(frozen=True, slots=True)
class CoachContext:
    """What the coach knows about the buyer and the deal when it reads a draft.

    Every field is optional: without context the coach gives the general advice, with it
    the suggestions name the matching case study (R-P2), an off-hours slot in the
    buyer's time zone (R-P1) and the hypothetical price question with the deal's product
    and price (R-B2).
    """

    first_contact: bool = False
    timezone: str | None = None
    working_hours: tuple[time, time] | None = None
    risk_aversion: RiskLevel | None = None
    industry: str | None = None
    credentials: tuple[Credential, ...] = ()
    product: str | None = None
    price: Money | None = None
    language: str | None = None
    contact_name: str | None = None
    as_of: datetime | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CoachContext:
        """Build a context from JSON data (the eval file, the REST API).

        Keys: ``first_contact``, ``timezone`` (alias ``buyer_timezone``),
        ``working_hours`` ("08:30-17:00"), ``risk_aversion``, ``industry``,
        ``credentials`` (bundle credential objects),
        ``product``, ``price`` (a number, or ``{"amount", "currency"}``), ``currency``,
        ``language``, ``contact_name``, ``as_of`` (when the draft is written, ISO 8601).
        """
        known = {
            "first_contact", "timezone", "buyer_timezone", "working_hours", "risk_aversion",
            "industry", "credentials", "product", "price", "currency", "language", "contact_name",
            "as_of",
        }  # fmt: skip
        unknown = sorted(set(data) - known)
        if unknown:
            raise BadInputError(
                f"unknown context field(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        risk = data.get("risk_aversion")
        if risk is not None and risk not in RISK_LEVELS:
            raise BadInputError(f"risk_aversion must be one of {RISK_LEVELS}, got {risk!r}")
        hours = data.get("working_hours")
        price = data.get("price")
        money: Money | None = None
        try:
            if isinstance(price, dict):
                money = Money.model_validate(price)
            elif price is not None:
                money = Money(amount=float(price), currency=data.get("currency", "EUR"))
            credentials = tuple(Credential.model_validate(c) for c in data.get("credentials", []))
            as_of = datetime.fromisoformat(data["as_of"]) if data.get("as_of") else None
        except (ValueError, TypeError) as exc:
            raise BadInputError(f"bad context: {exc}") from None
        return cls(
            first_contact=bool(data.get("first_contact", False)),
            timezone=data.get("timezone") or data.get("buyer_timezone"),
            working_hours=parse_hours(hours) if hours else None,
            risk_aversion=risk,
            industry=data.get("industry"),
            credentials=credentials,
            product=data.get("product"),
            price=money,
            language=data.get("language"),
            contact_name=data.get("contact_name"),
            as_of=as_of,
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to change in a draft, with the rule it serves."""

    id: str
    severity: Severity
    message: str
    suggestion: str
    rule: str
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "rule": self.rule,
        }
        if self.start is not None and self.end is not None:
            out["start"] = self.start
            out["end"] = self.end
        return out


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over the body of the draft (greeting, signature and quoted history left out)."""

    words: int
    sentences: int
    questions: int
    readability: float | None
    readability_formula: str

    def to_json(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "questions": self.questions,
            "readability": self.readability,
            "readability_formula": self.readability_formula,
        }


@dataclass(frozen=True, slots=True)
class Cost:
    """What one finding id took off the score."""

    finding: str
    severity: Severity
    count: int
    cost: int


@dataclass(frozen=True, slots=True)
class Explanation:
    """How the score came about: 100 minus the cost of each finding."""

    start: int
    costs: tuple[Cost, ...]
    band: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "costs": [
                {"finding": c.finding, "severity": c.severity, "count": c.count, "cost": c.cost}
                for c in self.costs
            ],
            "band": self.band,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Review:
    """The coach's answer for one draft."""

    score: int
    lang: str
    stats: Stats
    findings: tuple[Finding, ...]
    explanation: Explanation
    body: tuple[int, int] = field(default=(0, 0))

    @property
    def finding_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The contract shape of ``buyerlens coach --json``."""
        return {
            "score": self.score,
            "lang": self.lang,
            "stats": self.stats.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "explanation": self.explanation.to_json(),
        }

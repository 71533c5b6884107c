"""The diagnosis thresholds, read from ``data/thresholds.toml`` and validated at load.

Every number the diagnosis uses lives in that file with a comment on why it has its
value (G1). :func:`load_thresholds` is cached; pass a mapping to :func:`parse_thresholds`
to try other values (tests do).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from buyerlens.model.errors import ConfigError

_Weight = float


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Levels(_Section):
    high: float = Field(gt=0, lt=1)
    medium: float = Field(gt=0, lt=1)
    high_min_interactions: int = Field(ge=1)


class EvidenceRules(_Section):
    min_messages: int = Field(ge=0)
    repeat_factor: float = Field(ge=0, le=1)
    spread_factor: float = Field(ge=0, le=1)
    note_factor: float = Field(ge=0, le=1)


class TimePoor(_Section):
    rule: str
    time_pressure: _Weight
    confusion: _Weight
    availability: _Weight
    short_replies: _Weight
    confusion_after_long: _Weight
    slow_replies: _Weight
    unanswered: _Weight
    short_reply_words: int = Field(gt=0)
    long_message_words: int = Field(gt=0)
    slow_reply_hours: float = Field(gt=0)
    unanswered_min: int = Field(ge=1)


class RiskAverse(_Section):
    rule: str
    risk_concern: _Weight
    incumbent_positive: _Weight


class DetailOriented(_Section):
    rule: str
    detail_request: _Weight
    confusion: _Weight
    confusion_after_vague: _Weight


class Audition(_Section):
    rule: str
    info_request: _Weight
    detail_request: _Weight
    stall: _Weight
    span_weeks_min: float = Field(gt=0)
    span_weight: _Weight
    min_requests: int = Field(ge=1)
    drawn_out_min_requests: int = Field(ge=1)
    buying_intent: float = Field(le=0)


class PriceFocus(_Section):
    rule: str
    price_focus: _Weight
    price_anchor: _Weight
    current_price_question: _Weight
    anchor_uplift: float = Field(ge=0, le=2)


class ApprovalRisk(_Section):
    rule: str
    amount_above_authority: _Weight
    authority_unknown: _Weight
    amount_unknown: _Weight
    new_supplier: _Weight
    approval_process: _Weight
    stakeholder_not_met: _Weight
    approver_not_met: _Weight
    objection: _Weight
    no_process_question: _Weight
    mapped_factor: float = Field(ge=0, le=1)


class Incumbent(_Section):
    rule: str
    weak_max_rating: int = Field(ge=1, le=10)
    strong_min_rating: int = Field(ge=1, le=10)
    rating_weight: _Weight
    tone_weight: _Weight
    min_margin: float = Field(ge=0)


class Stall(_Section):
    rule: str
    stall: _Weight
    recent_messages: int = Field(ge=1)
    rhythm_min_gaps: int = Field(ge=1)
    min_rhythm_days: float = Field(gt=0)
    medium_ratio: float = Field(gt=1)
    high_ratio: float = Field(gt=1)
    default_days: float = Field(gt=0)
    stage_days: dict[str, float]


class PlaybookRules(_Section):
    long_outbound_words: int = Field(gt=0)
    price_stages: list[str]
    slot_days: int = Field(ge=1, le=14)


class Thresholds(_Section):
    """All thresholds, one typed section per finding (see data/thresholds.toml)."""

    levels: Levels
    evidence: EvidenceRules
    time_poor: TimePoor
    risk_averse: RiskAverse
    detail_oriented: DetailOriented
    audition: Audition
    price_focus: PriceFocus
    approval_risk: ApprovalRisk
    incumbent: Incumbent
    stall: Stall
    playbook: PlaybookRules


def parse_thresholds(data: dict[str, Any], *, name: str = "thresholds.toml") -> Thresholds:
    """Validate thresholds; a problem raises ConfigError naming the key."""
    try:
        thresholds = Thresholds.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{name}: {where}: {first['msg']}") from None
    if thresholds.levels.medium >= thresholds.levels.high:
        raise ConfigError(f"{name}: levels.medium must be below levels.high")
    if thresholds.incumbent.weak_max_rating >= thresholds.incumbent.strong_min_rating:
        raise ConfigError(f"{name}: incumbent.weak_max_rating must be below strong_min_rating")
    if thresholds.stall.medium_ratio >= thresholds.stall.high_ratio:
        raise ConfigError(f"{name}: stall.medium_ratio must be below stall.high_ratio")
    return thresholds


@cache
def load_thresholds() -> Thresholds:
    """The package's thresholds (read once)."""
    text = resources.files("buyerlens.diagnose").joinpath("data/thresholds.toml").read_text("utf-8")
    return parse_thresholds(tomllib.loads(text))

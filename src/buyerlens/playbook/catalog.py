"""The playbook as data: ``playbook.toml`` (ids, rules, priorities, triggers) and one text
file per language (``playbook_nl.toml``, ``playbook_en.toml``), validated at load.

Validation checks every entry cites a rule of buyer-model.md, every trigger names a
known fact, every id has its text in every language, and every placeholder in a text is
one the renderer fills. Problems raise :class:`ConfigError` naming file and entry.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from buyerlens.model.errors import ConfigError
from buyerlens.playbook.triggers import Clause, parse_clause

RULE_IDS = frozenset({"C1", "C2", "P1", "P2", "P3", "B1", "B2", "B3", "B4", "G1"})
LANGUAGES = ("nl", "en")
PLACEHOLDERS = frozenset(
    {
        "deal",
        "account",
        "contact",
        "contacts",
        "slots",
        "timezone",
        "credibility",
        "industry",
        "promises",
        "requests",
        "steps",
        "people",
        "incumbent",
        "product",
        "price",
    }
)
LABEL_PLACEHOLDERS = frozenset({"title", "industry", "years", "who"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _EntrySpec(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    rule: str
    when: list[str] = Field(min_length=1)


class _ActionSpec(_EntrySpec):
    priority: int = Field(ge=1, le=3)


class _Structure(_Model):
    closed_deal_actions: list[str] = Field(default_factory=list)
    action: list[_ActionSpec]
    question: list[_EntrySpec]


class _ActionText(_Model):
    text: str = Field(min_length=1)
    why: str = Field(min_length=1)


class _QuestionText(_Model):
    text: str = Field(min_length=1)


class _RoleText(_Model):
    title: str
    worries: list[str] = Field(min_length=1)
    details: list[str] = Field(min_length=1)
    ask: list[str] = Field(min_length=1)


class _Labels(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True)
    and_: str = Field(alias="and")
    none: str
    unknown_timezone: str
    before_work: str
    lunch: str
    after_work: str
    days: list[str] = Field(min_length=7, max_length=7)
    months: list[str] = Field(min_length=12, max_length=12)
    due: str
    no_due: str
    case_study: str
    years: str
    award: str
    no_credibility: str
    the_buyer: str
    your_price: str
    sign_off: str
    supplier_registration: str
    stakeholder: str
    incumbent: str
    units: dict[str, str] = Field(default_factory=dict)


class _Texts(_Model):
    lang: str
    labels: _Labels
    actions: dict[str, _ActionText]
    questions: dict[str, _QuestionText]
    roles: dict[str, _RoleText]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    rule: str
    priority: int
    when: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    id: str
    rule: str
    when: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Catalog:
    """The loaded playbook: structure plus texts per language."""

    actions: tuple[ActionSpec, ...]
    questions: tuple[QuestionSpec, ...]
    texts: dict[str, _Texts]
    closed_deal_actions: frozenset[str] = frozenset()


def _read(name: str) -> dict[str, Any]:
    text = resources.files("buyerlens.playbook").joinpath(f"data/{name}").read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def _check_text(name: str, where: str, template: str, allowed: frozenset[str]) -> None:
    try:
        unknown = _fields(template) - allowed
    except ValueError as exc:
        raise ConfigError(f"{name}: {where}: bad template: {exc}") from None
    if unknown:
        raise ConfigError(
            f"{name}: {where}: unknown placeholder(s) {sorted(unknown)}; use {sorted(allowed)}"
        )


def _structure(
    data: dict[str, Any], name: str
) -> tuple[tuple[ActionSpec, ...], tuple[QuestionSpec, ...], frozenset[str]]:
    try:
        parsed = _Structure.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{name}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    seen: set[str] = set()
    for entry in [*parsed.action, *parsed.question]:
        if entry.rule not in RULE_IDS:
            raise ConfigError(
                f"{name}: {entry.id}: rule {entry.rule!r} is not a rule of "
                f"buyer-model.md ({', '.join(sorted(RULE_IDS))})"
            )
        if entry.id in seen:
            raise ConfigError(f"{name}: {entry.id}: duplicate id")
        seen.add(entry.id)

    def clauses(entry: _EntrySpec) -> tuple[Clause, ...]:
        try:
            return tuple(parse_clause(c) for c in entry.when)
        except ValueError as exc:
            raise ConfigError(f"{name}: {entry.id}: when: {exc}") from None

    actions = tuple(ActionSpec(a.id, a.rule, a.priority, clauses(a)) for a in parsed.action)
    questions = tuple(QuestionSpec(q.id, q.rule, clauses(q)) for q in parsed.question)
    unknown = set(parsed.closed_deal_actions) - {a.id for a in actions}
    if unknown:
        raise ConfigError(f"{name}: closed_deal_actions: unknown action(s) {sorted(unknown)}")
    return actions, questions, frozenset(parsed.closed_deal_actions)


def _texts(
    data: dict[str, Any],
    name: str,
    actions: tuple[ActionSpec, ...],
    questions: tuple[QuestionSpec, ...],
) -> _Texts:
    try:
        texts = _Texts.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{name}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    for want, have, kind in (
        (actions, texts.actions, "actions"),
        (questions, texts.questions, "questions"),
    ):
        ids = {e.id for e in want}
        if set(have) != ids:
            missing, extra = sorted(ids - set(have)), sorted(set(have) - ids)
            raise ConfigError(f"{name}: {kind}: missing {missing}, unknown {extra}")
    for aid, action in texts.actions.items():
        _check_text(name, f"actions.{aid}.text", action.text, PLACEHOLDERS)
        _check_text(name, f"actions.{aid}.why", action.why, frozenset())
    for qid, question in texts.questions.items():
        _check_text(name, f"questions.{qid}.text", question.text, PLACEHOLDERS)
    for key, label in texts.labels.model_dump().items():
        if isinstance(label, str):
            _check_text(name, f"labels.{key}", label, LABEL_PLACEHOLDERS)
    return texts


def build_catalog(structure: dict[str, Any], texts: dict[str, dict[str, Any]]) -> Catalog:
    """Validate a playbook given as parsed TOML (tests pass their own)."""
    actions, questions, closed = _structure(structure, "playbook.toml")
    checked = {}
    for lang in LANGUAGES:
        name = f"playbook_{lang}.toml"
        if lang not in texts:
            raise ConfigError(f"{name}: missing: every text must exist in Dutch and English")
        checked[lang] = _texts(texts[lang], name, actions, questions)
    roles = [set(t.roles) for t in checked.values()]
    if any(r != roles[0] for r in roles):
        raise ConfigError("playbook_nl.toml / playbook_en.toml: the role cards differ")
    return Catalog(actions=actions, questions=questions, texts=checked, closed_deal_actions=closed)


@cache
def load_catalog() -> Catalog:
    """The package's playbook (read once)."""
    return build_catalog(
        _read("playbook.toml"), {lang: _read(f"playbook_{lang}.toml") for lang in LANGUAGES}
    )

"""Which contact role a buyer's mention of a stakeholder stands for (C1, B3).

The words per role live in ``data/stakeholders.toml`` (Dutch and English), validated at
load; the first role whose word occurs in the mention wins.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from buyerlens.model import Role
from buyerlens.model.errors import ConfigError


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    role: Role
    words: list[str] = Field(min_length=1)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str
    role: list[_Entry]


@cache
def _table() -> tuple[tuple[str, re.Pattern[str]], ...]:
    text = resources.files("buyerlens.diagnose").joinpath("data/stakeholders.toml")
    try:
        parsed = _File.model_validate(tomllib.loads(text.read_text("utf-8")))
    except (ValidationError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"stakeholders.toml: {exc}") from None
    # A word matches at the start of a word ("kwaliteit" in "kwaliteitsdienst"); a short
    # abbreviation (three letters or fewer: qa, coo) only as a whole word, never "coo" in
    # "coordinator".
    return tuple((e.role.value, re.compile("|".join(map(_pattern, e.words)))) for e in parsed.role)


def _pattern(word: str) -> str:
    text = re.escape(word.lower())
    return rf"(?<!\w){text}(?!\w)" if len(word) <= 3 else rf"(?<!\w){text}"


def stakeholder_role(mention: str) -> str:
    """``"onze inkoopdirecteur"`` -> ``"purchasing_director"``; no match -> ``"other"``."""
    text = mention.lower()
    for role, pattern in _table():
        if pattern.search(text):
            return role
    return Role.OTHER.value

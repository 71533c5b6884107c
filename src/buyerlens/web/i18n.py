"""Interface labels in Dutch and English, from ``data/labels.toml``.

Every label has a stable id and both languages; :func:`labels` checks that at load and
raises :class:`~buyerlens.model.errors.ConfigError` naming the label otherwise.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from buyerlens.model import ConfigError

LANGUAGES: tuple[str, ...] = ("en", "nl")


@cache
def labels() -> dict[str, dict[str, str]]:
    """Label id -> {"en": ..., "nl": ...}, validated."""
    text = resources.files("buyerlens.web").joinpath("data/labels.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    out: dict[str, dict[str, str]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"labels.toml: [{key}] must be a table with en and nl")
        for lang in LANGUAGES:
            value = entry.get(lang)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"labels.toml: [{key}] has no {lang} text")
        extra = set(entry) - set(LANGUAGES)
        if extra:
            raise ConfigError(f"labels.toml: [{key}] has unknown keys {sorted(extra)}")
        out[key] = {lang: entry[lang] for lang in LANGUAGES}
    return out


def translate(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` with ``{name}`` placeholders filled in."""
    entry = labels().get(key)
    if entry is None:
        raise ConfigError(f"labels.toml: no label {key!r}")
    text = entry.get(lang, entry["en"])
    return text.format(**values) if values else text


class Translator:
    """A callable for templates: ``t("pipeline")`` in the user's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)

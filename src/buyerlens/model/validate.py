"""Parse and check a bundle: JSON syntax, schema, unique ids, references.

Every problem becomes an :class:`Issue` with the JSON path (``deals[0].amount``) and a
sentence that says what is wrong; :func:`parse_bundle` raises one :class:`BundleError`
holding them all, so a user fixes a file in one pass.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from buyerlens.model.bundle import Bundle, answer_key
from buyerlens.model.errors import BundleError, Issue


def json_path(loc: Sequence[int | str]) -> str:
    """``('deals', 0, 'amount')`` -> ``deals[0].amount``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_WORDS = {
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "datetime_type": "a time in ISO 8601 with an offset",
    "datetime_parsing": "a time in ISO 8601 with an offset",
    "datetime_from_date_parsing": "a time in ISO 8601 with an offset",
}


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]}, got {_shown(value)}"
    if kind == "timezone_aware":
        return (
            f"must carry a UTC offset such as +02:00 or Z, got {_shown(value)}"
            " (a time without one is ambiguous; buyerlens does not guess)"
        )
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field of buyerlens/v1 (check the spelling)"
    if kind == "literal_error" and error["loc"] == ("format",):
        return f'must be "buyerlens/v1", got {_shown(value)}'
    if kind in {"enum", "literal_error"}:
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}, got {_shown(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return f"has the wrong form: {_shown(value)}"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"is out of range: {_shown(value)} ({error['msg'].lower()})"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {_shown(value)}"


def _schema_issues(exc: ValidationError) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    for error in exc.errors():
        loc = [part for part in error["loc"] if not _is_union_tag(part)]
        path = json_path(loc)
        if path in seen:  # one message per field is enough (unions repeat themselves)
            continue
        seen.add(path)
        issues.append(Issue(path=path, message=_message(error)))
    return issues


def _is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and part in {"bool", "int", "float", "str", "function-after"}


def _duplicates(ids: Iterable[Hashable]) -> set[Any]:
    return {key for key, count in Counter(ids).items() if count > 1}


def reference_issues(bundle: Bundle) -> list[Issue]:
    """Duplicate ids and references to records the bundle does not hold."""
    issues: list[Issue] = []
    kinds: Mapping[str, Sequence[Any]] = {
        "accounts": bundle.accounts,
        "contacts": bundle.contacts,
        "deals": bundle.deals,
        "interactions": bundle.interactions,
        "commitments": bundle.commitments,
    }
    for kind, records in kinds.items():
        dup = _duplicates(r.id for r in records)
        for i, record in enumerate(records):
            if record.id in dup:
                issues.append(Issue(f"{kind}[{i}].id", f"duplicate id {record.id!r}"))
    dup_answers = _duplicates(answer_key(a) for a in bundle.answers)
    for i, answer in enumerate(bundle.answers):
        if answer_key(answer) in dup_answers:
            issues.append(
                Issue(f"answers[{i}]", "duplicate answer (same deal, contact, question, time)")
            )

    accounts = {a.id for a in bundle.accounts}
    contacts = {c.id: c for c in bundle.contacts}
    deals = {d.id: d for d in bundle.deals}
    interactions = {i.id for i in bundle.interactions}

    def need(ok: bool, path: str, what: str, ref: str) -> None:
        if not ok:
            issues.append(Issue(path, f"refers to unknown {what} {ref!r}"))

    for i, c in enumerate(bundle.contacts):
        need(c.account in accounts, f"contacts[{i}].account", "account", c.account)
    for i, d in enumerate(bundle.deals):
        need(d.account in accounts, f"deals[{i}].account", "account", d.account)
        for j, dc in enumerate(d.contacts):
            need(dc.contact in contacts, f"deals[{i}].contacts[{j}].contact", "contact", dc.contact)
    for i, it in enumerate(bundle.interactions):
        if it.deal is None and it.contact is None:
            issues.append(Issue(f"interactions[{i}]", "must name its deal, its contact or both"))
        if it.deal is not None:
            need(it.deal in deals, f"interactions[{i}].deal", "deal", it.deal)
        if it.contact is not None:
            need(it.contact in contacts, f"interactions[{i}].contact", "contact", it.contact)
    for i, k in enumerate(bundle.commitments):
        need(k.deal in deals, f"commitments[{i}].deal", "deal", k.deal)
        if k.source is not None:
            need(k.source in interactions, f"commitments[{i}].source", "interaction", k.source)
    for i, a in enumerate(bundle.answers):
        need(a.deal in deals, f"answers[{i}].deal", "deal", a.deal)
        if a.contact is not None:
            need(a.contact in contacts, f"answers[{i}].contact", "contact", a.contact)
    return issues


def parse_bundle(source: str | bytes | Mapping[str, Any], *, name: str = "bundle") -> Bundle:
    """Parse JSON text (or already-loaded data) into a checked :class:`Bundle`.

    Raises :class:`BundleError` naming ``name`` and listing every issue by JSON path.
    """
    data: Any
    if isinstance(source, bytes | str):
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
        if not text.strip():
            raise BundleError(f"{name}: the file is empty; expected a buyerlens/v1 JSON object")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BundleError(
                f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                issues=[Issue("", exc.msg, line=exc.lineno, file=name)],
            ) from None
    else:
        data = source
    if not isinstance(data, dict):
        raise BundleError(f'{name}: expected a JSON object with "format": "buyerlens/v1"')
    if "format" not in data:
        raise BundleError(
            f'{name}: the "format" key is missing; a bundle starts with "format": "buyerlens/v1"',
            issues=[Issue("format", "is required but missing")],
        )
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as exc:
        issues = _schema_issues(exc)
        raise BundleError(_summary(name, issues), issues=issues) from None
    issues = reference_issues(bundle)
    if issues:
        raise BundleError(_summary(name, issues), issues=issues)
    return bundle


def _summary(name: str, issues: list[Issue]) -> str:
    n = len(issues)
    first = issues[0]
    more = f" (and {n - 1} more)" if n > 1 else ""
    return f"{name}: {first}{more}"

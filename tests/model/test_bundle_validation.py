"""The bundle model: good bundles parse, broken ones name the JSON path of every problem."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from buyerlens.model import Bundle, BundleError, parse_bundle


def test_small_bundle_parses_whole(small_bundle_data: dict[str, Any]) -> None:
    bundle = parse_bundle(small_bundle_data)
    assert [d.id for d in bundle.deals] == ["d1", "d2"]
    assert bundle.contacts[0].authority_limit is not None
    assert bundle.contacts[0].authority_limit.amount == 25000
    assert bundle.interactions[0].at.utcoffset() is not None
    assert bundle.answers[0].value == 6
    assert isinstance(bundle.answers[0].value, int)
    # JSON out and back in gives the same bundle.
    assert parse_bundle(json.dumps(bundle.to_json_dict())) == bundle


def _set(data: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target: Any = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


BROKEN = [
    pytest.param(
        ["deals", 0, "amount"],
        "48k",
        'deals[0].amount: must be a number, got "48k"',
        id="amount-not-number",
    ),
    pytest.param(
        ["interactions", 0, "at"],
        "2026-09-03T10:12:00",
        "interactions[0].at: must carry a UTC offset",
        id="naive-time",
    ),
    pytest.param(
        ["interactions", 1, "deal"],
        "d9",
        "interactions[1].deal: refers to unknown deal 'd9'",
        id="unknown-deal",
    ),
    pytest.param(
        ["contacts", 2, "account"],
        "a7",
        "contacts[2].account: refers to unknown account 'a7'",
        id="unknown-account",
    ),
    pytest.param(
        ["deals", 0, "contacts", 1, "contact"],
        "c99",
        "deals[0].contacts[1].contact: refers to unknown contact 'c99'",
        id="unknown-deal-contact",
    ),
    pytest.param(
        ["commitments", 0, "source"],
        "i99",
        "commitments[0].source: refers to unknown interaction 'i99'",
        id="unknown-source",
    ),
    pytest.param(
        ["contacts", 1, "id"], "c1", "contacts[1].id: duplicate id 'c1'", id="duplicate-id"
    ),
    pytest.param(
        ["contacts", 0, "role"],
        "buyer",
        "contacts[0].role: must be one of 'purchasing'",
        id="bad-enum",
    ),
    pytest.param(
        ["deals", 1, "outcome"], "maybe", "deals[1].outcome: must be one of", id="bad-outcome"
    ),
    pytest.param(
        ["contacts", 0, "timezone"],
        "Europe/Amsterdm",
        "contacts[0].timezone: unknown time zone 'Europe/Amsterdm'",
        id="bad-zone",
    ),
    pytest.param(
        ["contacts", 0, "working_hours"],
        "17:00-08:30",
        "contacts[0].working_hours: must look like '08:30-17:00'",
        id="bad-hours",
    ),
    pytest.param(
        ["deals", 0, "surprise"],
        1,
        "deals[0].surprise: is not a field of buyerlens/v1",
        id="unknown-field",
    ),
    pytest.param(["format"], "buyerlens/v0", 'format: must be "buyerlens/v1"', id="wrong-format"),
    pytest.param(
        ["deals", 0, "expected_close"],
        "15-12-2026",
        "deals[0].expected_close: must be a date (YYYY-MM-DD)",
        id="bad-date",
    ),
]


@pytest.mark.parametrize(("path", "value", "expected"), BROKEN)
def test_broken_bundle_names_the_path(
    small_bundle_data: dict[str, Any], path: list[Any], value: Any, expected: str
) -> None:
    with pytest.raises(BundleError) as info:
        parse_bundle(_set(small_bundle_data, path, value), name="b.json")
    messages = [str(issue) for issue in info.value.issues]
    assert any(m.startswith(expected) for m in messages), messages
    assert str(info.value).startswith("b.json: ")


def test_interaction_needs_a_deal_or_a_contact(small_bundle_data: dict[str, Any]) -> None:
    data = copy.deepcopy(small_bundle_data)
    del data["interactions"][3]["contact"]
    with pytest.raises(BundleError) as info:
        parse_bundle(data)
    assert [str(i) for i in info.value.issues] == [
        "interactions[3]: must name its deal, its contact or both"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("   \n", "the file is empty"),
        ('{"format": "buyerlens/v1",', "not valid JSON at line 1"),
        ("[1, 2]", "expected a JSON object"),
        ('{"deals": []}', 'the "format" key is missing'),
    ],
    ids=["empty", "blank", "truncated", "array", "no-format"],
)
def test_not_a_bundle(text: str, expected: str) -> None:
    with pytest.raises(BundleError, match=expected):
        parse_bundle(text, name="x.json")


def test_all_problems_reported_at_once(small_bundle_data: dict[str, Any]) -> None:
    data = _set(small_bundle_data, ["deals", 0, "amount"], "48k")
    data = _set(data, ["deals", 1, "amount"], "18.000")
    with pytest.raises(BundleError) as info:
        parse_bundle(data)
    assert [i.path for i in info.value.issues] == ["deals[0].amount", "deals[1].amount"]


def test_json_schema_names_every_entity() -> None:
    schema = Bundle.model_json_schema()
    assert set(schema["properties"]) == {
        "format",
        "seller",
        "accounts",
        "contacts",
        "deals",
        "interactions",
        "commitments",
        "answers",
    }
    assert {"Account", "Contact", "Deal", "Interaction", "Commitment", "Answer"} <= set(
        schema["$defs"]
    )

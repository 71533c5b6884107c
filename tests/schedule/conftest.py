"""A small bundle for the schedule tests: one seller, one buyer account, two contacts."""

from __future__ import annotations

from typing import Any

import pytest

from buyerlens.model import Bundle, parse_bundle


def bundle_data() -> dict[str, Any]:
    return {
        "format": "buyerlens/v1",
        "seller": {
            "name": "Acme Verpakkingen",
            "email": "jan@acme-verpakkingen.nl",
            "timezone": "Europe/Amsterdam",
        },
        "accounts": [
            {
                "id": "a1",
                "name": "Zuivel BV",
                "industry": "dairy",
                "country": "NL",
                "timezone": "Europe/Amsterdam",
            }
        ],
        "contacts": [
            {
                "id": "c1",
                "account": "a1",
                "name": "Eva de Vries",
                "role": "purchasing",
                "language": "nl",
                "email": "eva@zuivel.nl",
                "timezone": "Europe/Amsterdam",
                "working_hours": "08:30-17:00",
            },
            {
                "id": "c2",
                "account": "a1",
                "name": "Pieter Bakker",
                "role": "warehouse",
                "language": "nl",
            },
        ],
        "deals": [
            {
                "id": "d1",
                "account": "a1",
                "title": "Omdozen 2027",
                "contacts": [
                    {"contact": "c2", "buying_role": "user"},
                    {"contact": "c1", "buying_role": "buyer"},
                ],
            }
        ],
    }


def make_bundle(**changes: Any) -> Bundle:
    """The bundle with top-level keys replaced (``seller=None`` drops the seller)."""
    data = bundle_data()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return parse_bundle(data)


@pytest.fixture
def bundle() -> Bundle:
    return make_bundle()


@pytest.fixture
def bundle_with() -> Any:
    """A factory: ``bundle_with(contacts=[...])`` is the test bundle with changes."""
    return make_bundle


@pytest.fixture
def data() -> dict[str, Any]:
    """The raw test bundle data, to change before parsing."""
    return bundle_data()

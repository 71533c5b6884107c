"""Small bundles and a scripted signal reader for the diagnosis tests.

The scripted reader gives each interaction exactly the signals a test names (found at
the position of the quoted words in the real text), so the rules are tested apart from
the lexicon; the scenario tests use the real extractor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from buyerlens.diagnose import DealFacts, build_facts
from buyerlens.model import Bundle, Interaction, parse_bundle
from buyerlens.signals.types import BUYER_KINDS, Signal

AS_OF = datetime.fromisoformat("2026-11-26T12:00:00+01:00")

Spec = tuple[str, str] | tuple[str, str, dict[str, Any]]


def at(day: str, time: str = "10:00") -> str:
    """'2026-11-02' -> an ISO time with the Amsterdam winter offset."""
    return f"{day}T{time}:00+01:00"


def msg(
    iid: str,
    direction: str,
    when: str,
    text: str,
    *,
    contact: str = "c1",
    deal: str = "d1",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": iid,
        "deal": deal,
        "contact": contact,
        "direction": direction,
        "channel": extra.pop("channel", "email"),
        "at": when,
        "text": text,
        **extra,
    }


def contact(
    cid: str = "c1",
    *,
    name: str = "Eva de Vries",
    role: str = "purchasing",
    language: str = "nl",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": cid,
        "account": "a1",
        "name": name,
        "role": role,
        "language": language,
        "timezone": "Europe/Amsterdam",
        "working_hours": "08:30-17:00",
        **extra,
    }


def make_bundle(
    *,
    messages: Sequence[dict[str, Any]] = (),
    contacts: list[dict[str, Any]] | None = None,
    deal: dict[str, Any] | None = None,
    commitments: Sequence[dict[str, Any]] = (),
    answers: Sequence[dict[str, Any]] = (),
    credentials: list[dict[str, Any]] | None = None,
    industry: str = "dairy",
) -> Bundle:
    people = contacts if contacts is not None else [contact()]
    base_deal = {
        "id": "d1",
        "account": "a1",
        "title": "Omdozen 2027",
        "product_category": "omdozen",
        "amount": 20000,
        "currency": "EUR",
        "stage": "proposal",
        "new_supplier": False,
        "created": at("2026-09-01"),
        "contacts": [{"contact": p["id"], "buying_role": "buyer"} for p in people[:1]]
        + [{"contact": p["id"]} for p in people[1:]],
    }
    data = {
        "format": "buyerlens/v1",
        "seller": {
            "name": "Acme Verpakkingen",
            "timezone": "Europe/Amsterdam",
            "credentials": credentials
            if credentials is not None
            else [
                {"kind": "case_study", "industry": "dairy", "title": "Melkunie line waste -18%"},
                {"kind": "years_in_industry", "industry": "automotive", "years": 12},
            ],
        },
        "accounts": [
            {
                "id": "a1",
                "name": "Zuivel BV",
                "industry": industry,
                "country": "NL",
                "timezone": "Europe/Amsterdam",
            }
        ],
        "contacts": people,
        "deals": [{**base_deal, **(deal or {})}],
        "interactions": list(messages),
        "commitments": list(commitments),
        "answers": list(answers),
    }
    return parse_bundle(data)


class Scripted:
    """A reader: interaction id -> [(kind, quoted words[, extra fields])]."""

    def __init__(self, script: dict[str, list[Spec]]) -> None:
        self.script = script

    def __call__(
        self, item: Interaction, lang: str | None
    ) -> tuple[tuple[Signal, ...], tuple[Signal, ...]]:
        buyer: list[Signal] = []
        seller: list[Signal] = []
        for spec in self.script.get(item.id, []):
            kind, words = spec[0], spec[1]
            extra = spec[2] if len(spec) == 3 else {}  # type: ignore[misc]
            start = item.text.find(words)
            if start < 0:
                raise AssertionError(f"{words!r} is not in {item.id}: {item.text!r}")
            signal = Signal(kind=kind, start=start, end=start + len(words), text=words, **extra)
            (buyer if kind in BUYER_KINDS else seller).append(signal)
        return tuple(buyer), tuple(seller)


def facts_of(
    bundle: Bundle, script: dict[str, list[Spec]], *, as_of: datetime = AS_OF
) -> DealFacts:
    return build_facts(bundle, bundle.deals[0], as_of=as_of, read=Scripted(script))

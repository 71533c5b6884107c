"""A small bundle for the brief tests: a Dutch deal and an English one, real sentences."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

from buyerlens.model import Bundle, parse_bundle

AS_OF = datetime.fromisoformat("2026-10-20T09:00:00+02:00")
DEMO = Path(__file__).resolve().parents[2] / "src" / "buyerlens" / "data" / "demo.json"
DEMO_AS_OF = datetime.fromisoformat("2026-11-26T09:00:00+01:00")


def _msg(i: str, deal: str, contact: str, direction: str, at: str, text: str) -> dict[str, Any]:
    return {
        "id": i,
        "deal": deal,
        "contact": contact,
        "direction": direction,
        "channel": "email",
        "at": at,
        "text": text,
    }


BASE: dict[str, Any] = {
    "format": "buyerlens/v1",
    "seller": {
        "name": "Acme Verpakkingen",
        "email": "jan@acme-verpakkingen.nl",
        "timezone": "Europe/Amsterdam",
        "credentials": [
            {
                "kind": "case_study",
                "industry": "dairy",
                "title": "Melkunie: lijnafval -18%",
                "summary": "Omdozen afgestemd op de lijn; 18% minder afval.",
            },
            {"kind": "years_in_industry", "industry": "dairy", "years": 15},
            {"kind": "award", "industry": "automotive", "title": "Supplier of the Year 2025"},
        ],
    },
    "accounts": [
        {"id": "a1", "name": "Zuivel BV", "industry": "dairy", "country": "NL",
         "timezone": "Europe/Amsterdam"},
        {"id": "a2", "name": "Northern Foods Ltd", "industry": "bakery", "country": "GB",
         "timezone": "Europe/London"},
    ],
    "contacts": [
        {"id": "c1", "account": "a1", "name": "Eva de Vries", "role": "purchasing",
         "title": "Inkoper", "language": "nl", "email": "eva@zuivel.nl",
         "timezone": "Europe/Amsterdam", "working_hours": "08:30-17:00",
         "authority_limit": {"amount": 25000, "currency": "EUR"}},
        {"id": "c2", "account": "a1", "name": "Pieter Bakker", "role": "warehouse",
         "language": "nl"},
        {"id": "c3", "account": "a2", "name": "Helen Ashworth", "role": "purchasing",
         "language": "en", "email": "helen@northern.example", "working_hours": "08:00-16:30"},
    ],
    "deals": [
        {"id": "d1", "account": "a1", "title": "Omdozen 2027", "product_category": "omdozen",
         "amount": 48000, "currency": "EUR", "stage": "proposal", "new_supplier": True,
         "incumbent": "Verpakkingen Oost", "expected_close": "2026-12-15",
         "contacts": [{"contact": "c1", "buying_role": "buyer"},
                      {"contact": "c2", "buying_role": "user"}]},
        {"id": "d2", "account": "a2", "title": "Bread bags 2027", "amount": 30000,
         "currency": "GBP", "stage": "qualification", "new_supplier": True,
         "contacts": [{"contact": "c3", "buying_role": "buyer"}]},
    ],
    "interactions": [
        _msg("i1", "d1", "c1", "inbound", "2026-09-01T10:12:00+02:00",
             "Beste Jan, kunt u mij de specificaties en de levertijden van de omdozen sturen? "
             "Wij werken nu met Verpakkingen Oost. Ik heb weinig tijd deze week. Groet, Eva"),
        _msg("i2", "d1", "c1", "outbound", "2026-09-01T15:00:00+02:00",
             "Beste Eva, ik stuur u de palletspecificatie uiterlijk vrijdag. Groet, Jan"),
        _msg("i3", "d1", "c1", "inbound", "2026-09-20T08:05:00+02:00",
             "Jan, heeft u referenties van andere zuivelbedrijven? En welke certificaten "
             "heeft u? Wat kost een doos bij 50.000 stuks? Bellen kan voor 8 uur."),
        _msg("i4", "d1", "c2", "inbound", "2026-09-25T14:00:00+02:00",
             "Hoeveel dozen gaan er op een pallet, en wat is de stapelhoogte?"),
        _msg("i5", "d2", "c3", "inbound", "2026-10-05T09:00:00+01:00",
             "Hi, could you send me the specifications and your lead times? "
             "We are happy with our current supplier, but I am always open to a reference."),
    ],
    "commitments": [
        {"id": "k1", "deal": "d1", "text": "Palletspecificatie sturen",
         "due": "2026-09-04T17:00:00+02:00", "source": "i2"},
        {"id": "k2", "deal": "d1", "text": "Referentie zuivelklant doorgeven"},
        {"id": "k3", "deal": "d1", "text": "Certificaten sturen",
         "due": "2026-10-23T17:00:00+02:00"},
    ],
}  # fmt: skip


def data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def bundle(changes: dict[str, Any] | None = None) -> Bundle:
    raw = data()
    raw.update(changes or {})
    return parse_bundle(raw)

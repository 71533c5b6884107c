"""Benchmark: the deal page of a deal with 500 interactions (target < 200 ms).

Serves the page through the app (login session, database, diagnosis, template) and
prints the median time with the diagnosis cache warm, against a baseline measured in
the same run: the same page with the cache cleared before every request. Then it logs
one interaction through the page and checks the next render is recomputed (the cache is
invalidated when the deal changes).

    .venv/bin/python benchmarks/bench_web.py [--n 500] [--repeat 15]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from buyerlens.model import Bundle, parse_bundle
from buyerlens.store import connect, migrate, save_bundle, session_scope
from buyerlens.web import create_app, seed_demo_users

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PASSWORD = "benchmark password"
BUYER = [
    "Ik heb het erg druk deze week. Kunt u de specificaties en de levertijd sturen?",
    "De prijs is te hoog, wij betalen nu 0,92 per stuk. Dit moet langs onze inkoopdirecteur.",
    "Onze huidige leverancier levert al twee keer te laat. Welke andere zuivelbedrijven "
    "gebruiken dit?",
    "I'm swamped this week. Please send the spec sheet and references from other dairies.",
    "Our budget is EUR 0.80 per unit. Let's revisit this next quarter.",
]
SELLER = [
    "Ik stuur u uiterlijk vrijdag de palletspecificatie. Als mijn prijs 0,95 per stuk is, "
    "plaatst u dan een order?",
    "I will send the revised quote by Tuesday. Who else is involved in the decision?",
    "Correction: the lead time is 3 weeks, not 2. Our price is EUR 0.95 per unit.",
]


def big_deal(n: int) -> Bundle:
    start = NOW - timedelta(days=120)
    interactions = []
    for i in range(n):
        inbound = i % 3 != 2
        texts = BUYER if inbound else SELLER
        interactions.append(
            {
                "id": f"i{i}",
                "deal": "big",
                "contact": "c1",
                "direction": "inbound" if inbound else "outbound",
                "channel": "email",
                "at": (start + timedelta(hours=5 * i)).isoformat(),
                "text": texts[i % len(texts)],
            }
        )
    return parse_bundle(
        {
            "format": "buyerlens/v1",
            "seller": {"name": "Acme Verpakkingen"},
            "accounts": [
                {
                    "id": "a1",
                    "name": "Zuivel BV",
                    "industry": "dairy",
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
                    "working_hours": "08:30-17:00",
                    "authority_limit": {"amount": 25000, "currency": "EUR"},
                }
            ],
            "deals": [
                {
                    "id": "big",
                    "account": "a1",
                    "title": "Omdozen 2027",
                    "amount": 48000,
                    "stage": "proposal",
                    "new_supplier": True,
                    "owner": "tom",
                    "incumbent": "Verpakkingen Oost",
                    "contacts": [{"contact": "c1", "buying_role": "buyer"}],
                }
            ],
            "interactions": interactions,
            "commitments": [
                {
                    "id": "k1",
                    "deal": "big",
                    "text": "palletspecificatie sturen",
                    "due": (NOW - timedelta(days=3)).isoformat(),
                }
            ],
        }
    )


def timed(client: TestClient, path: str, repeat: int, before: object = None) -> list[float]:
    times = []
    for _ in range(repeat):
        if callable(before):
            before()
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.text[:500]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = connect(url)
        migrate(engine)
        with session_scope(engine) as session:
            save_bundle(session, big_deal(args.n))
        seed_demo_users(engine, password=PASSWORD)
        engine.dispose()
        app = create_app(database_url=url, secret="b" * 40, clock=lambda: NOW)
        with TestClient(app) as client:
            form = client.get("/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf
            client.post(
                "/login", data={"username": "tom", "password": PASSWORD, "csrf": csrf.group(1)}
            )
            cache = app.state.cache
            uncached = timed(client, "/deals/big", args.repeat, before=cache.clear)
            client.get("/deals/big")  # warm
            cached = timed(client, "/deals/big", args.repeat)
            log = client.get("/deals/big/log").text
            token = re.search(r'name="csrf" value="([^"]+)"', log)
            assert token
            misses = cache.misses
            client.post(
                "/deals/big/log",
                data={
                    "csrf": token.group(1),
                    "direction": "inbound",
                    "channel": "email",
                    "contact": "c1",
                    "at": "2026-11-26T10:00",
                    "action": "save",
                    "text": "Kunt u de prijs nog eens bekijken? Ons budget is 0,85 per stuk.",
                },
            )
            recomputed = cache.misses > misses
        app.state.engine.dispose()
    med_u, med_c = statistics.median(uncached), statistics.median(cached)
    print(f"deal page, {args.n} interactions, median of {args.repeat} requests")
    print(f"  uncached (baseline: diagnosis recomputed) {med_u:8.1f} ms")
    print(
        f"  cached   (diagnosis cache warm)           {med_c:8.1f} ms"
        f"   {med_u / med_c:5.1f}x faster; target < 200 ms: "
        f"{'met' if med_c < 200 else 'NOT met'}"
    )
    print(f"  logging an interaction invalidated the cache: {'yes' if recomputed else 'NO'}")


if __name__ == "__main__":
    main()

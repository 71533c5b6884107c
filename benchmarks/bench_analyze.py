"""Benchmark: analyze one deal with 1,000 interactions, signals included (target < 100 ms).

Prints the median time of the full analysis next to a baseline measured in the same run:
signal extraction alone over the same messages (the part the diagnosis cannot avoid),
and the diagnosis and playbook alone on precomputed signals.

    .venv/bin/python benchmarks/bench_analyze.py [--n 1000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from buyerlens.engine import analyze, default_reader
from buyerlens.model import Bundle, Interaction, parse_bundle
from buyerlens.signals.types import Signal

AS_OF = datetime.fromisoformat("2026-11-26T12:00:00+01:00")
BUYER = [
    "Ik heb het erg druk deze week. Kunt u de specificaties en de levertijd sturen?",
    "De prijs is te hoog, wij betalen nu 0,92 per stuk. Dit moet langs onze inkoopdirecteur.",
    "Onze huidige leverancier levert al twee keer te laat. Welke andere zuivelbedrijven "
    "gebruiken dit?",
    "I'm swamped this week. Please send the spec sheet and references from other dairies.",
    "Our budget is EUR 0.80 per unit. Let's revisit this next quarter.",
    "Thanks, that works for us. Can the first delivery be in January?",
]
SELLER = [
    "Ik stuur u uiterlijk vrijdag de palletspecificatie. Als mijn prijs 0,95 per stuk is, "
    "plaatst u dan een order?",
    "Dank voor uw bericht. Wij zijn marktleider in verpakkingen. Wat betaalt u nu?",
    "I will send the revised quote by Tuesday. Who else is involved in the decision?",
    "Correction: the lead time is 3 weeks, not 2. Our price is EUR 0.95 per unit.",
]
NOTE = (
    "Call with Eva: she is swamped, asked for the test reports and said the director "
    "signs above 25k. I promised the reports by Friday."
)


def deal_bundle(n: int) -> Bundle:
    start = AS_OF - timedelta(days=200)
    interactions: list[dict[str, Any]] = []
    for k in range(n):
        kind = k % 5
        direction = "note" if kind == 4 else "inbound" if kind % 2 == 0 else "outbound"
        texts = {"inbound": BUYER, "outbound": SELLER, "note": [NOTE]}[direction]
        interactions.append(
            {
                "id": f"i{k}",
                "deal": "d1",
                "contact": f"c{k % 3}",
                "direction": direction,
                "at": (start + timedelta(hours=4 * k)).isoformat(),
                "text": texts[k % len(texts)] + f" (ref {k})",
            }
        )
    return parse_bundle(
        {
            "format": "buyerlens/v1",
            "seller": {
                "name": "Acme",
                "credentials": [
                    {"kind": "case_study", "industry": "dairy", "title": "Melkunie line waste -18%"}
                ],
            },
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
                    "id": f"c{j}",
                    "account": "a1",
                    "name": f"Contact {j}",
                    "role": ["purchasing", "quality_control", "warehouse"][j],
                    "language": "nl",
                    "timezone": "Europe/Amsterdam",
                }
                for j in range(3)
            ],
            "deals": [
                {
                    "id": "d1",
                    "account": "a1",
                    "title": "Omdozen",
                    "amount": 48000,
                    "new_supplier": True,
                    "incumbent": "Oost",
                    "stage": "proposal",
                    "contacts": [{"contact": "c0", "buying_role": "buyer"}],
                }
            ],
            "interactions": interactions,
            "commitments": [
                {
                    "id": f"k{j}",
                    "deal": "d1",
                    "text": f"promise {j}",
                    "due": (start + timedelta(days=3 * j)).isoformat(),
                }
                for j in range(50)
            ],
        }
    )


def timed(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up: lexicons, automata and data files load once per process
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    bundle = deal_bundle(args.n)
    items = bundle.interactions

    def extraction() -> None:
        for item in items:
            default_reader(item, "nl")

    cache: dict[str, tuple[tuple[Signal, ...], tuple[Signal, ...]]] = {
        i.id: default_reader(i, "nl") for i in items
    }

    def cached(
        item: Interaction, lang: str | None
    ) -> tuple[tuple[Signal, ...], tuple[Signal, ...]]:
        return cache[item.id]

    base = timed(extraction, args.repeat)
    full = timed(lambda: analyze(bundle, as_of=AS_OF), args.repeat)
    diag = timed(lambda: analyze(bundle, as_of=AS_OF, read=cached), args.repeat)
    chars = sum(len(i.text) for i in items)
    print(
        f"deal with {args.n} interactions ({chars / 1000:.0f} kB of text), "
        f"median of {args.repeat} runs"
    )
    print(f"  baseline: signal extraction alone       {base:7.1f} ms")
    print(
        f"  analyze (signals + diagnosis + playbook) {full:7.1f} ms  = {full / base:.2f} x baseline"
    )
    print(
        f"  diagnosis + playbook on cached signals  {diag:7.1f} ms  = {diag / base:.2f} x baseline"
    )
    print(f"  target < 100 ms: {'met' if full < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()

"""How fast the coach reads a 300-word draft (issue 6: under 20 ms, every keystroke).

Run: ``.venv/bin/python benchmarks/bench_coach.py``. Prints the median time per review for
a Dutch and an English 300-word draft, with a deal context, against a baseline measured
in the same run: textstat's own reading-ease call on the same text (the one number a
plain readability checker gives; Flesch-Douma, since textstat's English path downloads
NLTK data). Each call gets a slightly different text, so no cache
answers for it. Exit code 1 when a median is over the budget.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import time as clock

from textstat.textstat import textstatistics

from buyerlens.coach import CoachContext, review
from buyerlens.model import Credential, Money

BUDGET_MS = 20.0
RUNS = 200

PARAGRAPH_EN = (
    "I saw that Northgate is opening a second bakery in Leeds in March, and I expect your "
    "team is busy choosing trays and cartons for the new line. We are a leading supplier of "
    "innovative packaging and we will send you our brochure soon. At a bakery in York we "
    "cut tray breakage 18% in 2025 by changing the pallet pattern. What are you paying now "
    "per carton? Could we talk on Tuesday at 10:30, or would Thursday afternoon work "
    "better for you? "
)
PARAGRAPH_NL = (
    "Ik las dat Zuivel BV in maart een tweede vullijn opent, en ik kan me voorstellen dat "
    "uw team druk is met de keuze van dozen en trays voor de nieuwe lijn. Wij zijn "
    "marktleider in innovatieve verpakkingen en wij sturen u binnenkort onze brochure. Bij "
    "Melkunie verlaagden we de uitval op lijn 3 met 18% door een ander palletpatroon. Wat "
    "betaalt u nu per doos? Kunnen we dinsdag om 10.30 uur bellen, of past donderdagmiddag "
    "beter? "
)

CONTEXT = CoachContext(
    first_contact=True,
    timezone="Europe/Amsterdam",
    working_hours=(clock(8, 30), clock(17, 0)),
    industry="dairy",
    credentials=(
        Credential(kind="case_study", industry="dairy", title="Melkunie line waste -18%"),
        Credential(kind="award", title="Supplier of the Year 2025"),
    ),
    product="omdozen",
    price=Money(amount=0.92, currency="EUR"),
)


def draft(paragraph: str, greeting: str, sign_off: str, words: int = 300) -> str:
    body = ""
    while len(body.split()) < words:
        body += paragraph
    body = " ".join(body.split()[:words])
    return f"{greeting}\n\n{body}\n\n{sign_off}\nPiet"


def median_ms(call: Callable[[str], object], text: str) -> float:
    times = []
    for run in range(RUNS):
        varied = f"{text} {run}"
        start = time.perf_counter()
        call(varied)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    over = False
    cases = [
        ("en", draft(PARAGRAPH_EN, "Hi Olivia,", "Kind regards,")),
        ("nl", draft(PARAGRAPH_NL, "Beste Eva,", "Met vriendelijke groet,")),
    ]
    print(f"coach.review on a 300-word draft, median of {RUNS} runs (budget {BUDGET_MS} ms)")
    for lang, text in cases:
        review(text, lang=lang, context=CONTEXT)  # load data files and compile once
        stats = textstatistics()
        # textstat's English path needs NLTK's cmudict (downloaded on first use), so the
        # baseline is its pyphen-based Flesch-Douma call for both languages.
        stats.set_lang("nl")
        baseline = median_ms(stats.flesch_reading_ease, text)
        coach = median_ms(lambda t, lang=lang: review(t, lang=lang, context=CONTEXT), text)
        result = review(text, lang=lang, context=CONTEXT)
        verdict = "ok" if coach < BUDGET_MS else "OVER BUDGET"
        over = over or coach >= BUDGET_MS
        print(
            f"  {lang}: {result.stats.words} words, {len(result.findings)} findings: "
            f"review {coach:.2f} ms vs textstat flesch_reading_ease {baseline:.2f} ms "
            f"(x{coach / baseline:.1f}); {verdict}"
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

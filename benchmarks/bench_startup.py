"""How long a fresh process takes before it reads its first message (signals start-up).

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 7]``. A one-shot command
(``buyerlens coach``, ``buyerlens signals`` on one file, a worker of ``--jobs``) pays the
start-up every time: imports, reading and expanding both lexicons, the learned layer's
weights and the two automata. Each stage is timed in fresh processes (median of
``--runs``), beside a baseline measured in the same run: a bare interpreter start
(``python -c pass``), so the ratios hold on a busy or a quiet machine alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

STAGES = {
    "interpreter start (baseline)": "pass",
    "import buyerlens.signals": "import buyerlens.signals",
    "+ both lexicons read": (
        "from buyerlens.signals import load_lexicon; load_lexicon('nl'); load_lexicon('en')"
    ),
    "+ first buyer and seller message read": (
        "from buyerlens.signals import extract, detect_language\n"
        "extract('Wat kost dit per stuk? Ons budget is 40.000 euro.', role='buyer')\n"
        "extract('Ik stuur u vrijdag de offerte.', role='seller')\n"
        "detect_language('The price is too high for us.')"
    ),
}


#: as an installed package runs: compiled modules cached (PYTHONDONTWRITEBYTECODE, set on
#: some machines, would make every process compile every module again)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(code: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    for code in STAGES.values():  # compiled modules, page cache: not what is measured
        wall(code)
    times = {
        name: statistics.median(wall(code) for _ in range(args.runs))
        for name, code in STAGES.items()
    }
    base = times["interpreter start (baseline)"]
    print(f"start-up of a fresh process, median of {args.runs} runs")
    for name, t in times.items():
        print(f"  {name:<40} {t * 1000:8.0f} ms  {t / base:6.1f}x the bare interpreter")


if __name__ == "__main__":
    main()

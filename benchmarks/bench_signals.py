"""Throughput of the signal extractor against baselines measured in the same run.

Generates e-mail-like Dutch and English text in-process (never written to disk) and
reports, per core:

* the full extractor (split, fold, scan, negation, values, spans, learned layer) in MB/s;
* spaCy's ``PhraseMatcher`` on a blank pipeline (tokenising + matching alone);
* Python ``re`` with the lexicon compiled into one trie-shaped pattern (matching alone);
* the full extractor with a lexicon of 1,000 and of 20,000 entries;
* time for one 10 KB message vs one 10 MB message (linearity);
* two worker processes vs one over the same corpus, cut in two halves by byte offset;
  each worker reads its shard from a temporary file itself (no message is pickled).

The extractor and the two baselines are timed chunk by chunk, interleaved, on the same
sample (:func:`interleaved_times`), so that a shared machine's changing load falls on all
of them alike.

Run ``python benchmarks/bench_signals.py`` (100 MB) or ``--mb 10`` for a quick look.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from buyerlens.signals import extract
from buyerlens.signals.extractor import Matcher, build_matcher
from buyerlens.signals.learned import default_models
from buyerlens.signals.lexicon import Entry, Lexicon, expand_pattern, load_lexicon

NL_SENTENCES = [
    "Dank voor de offerte van {d} {m}.",
    "Eerlijk gezegd vinden we de prijs te hoog.",
    "Kunt u mij uiterlijk vrijdag de aangepaste prijsopgave sturen?",
    "We zitten nu op {p} per stuk bij onze huidige leverancier.",
    "De prijs is geen probleem, het gaat ons om de leverbetrouwbaarheid.",
    "Ik moet dit afstemmen met onze kwaliteitsdienst en de magazijnchef.",
    "Alles boven de 25.000 euro moet langs de directeur.",
    "Het is hier erg druk deze week.",
    "Laten we dit na de zomer weer oppakken.",
    "Wat is de levertijd voor {n} dozen?",
    "Hoeveel dozen gaan er op een pallet?",
    "Na vijven ben ik bereikbaar.",
    "De vrachtwagen komt om {h} uur bij dock {n2}.",
    "Ik heb de tekening doorgestuurd naar Piet.",
    "We zijn heel tevreden over Verpakkingen Oost.",
    "Ik stuur u morgen de samenvatting.",
    "Onze innovatieve totaaloplossing is de beste van de markt.",
    "Prima, tot dan.",
    "Wij leveren al {n2} jaar aan de zuivelindustrie.",
    "Wat betaalt u nu voor deze dozen?",
    "Stel dat we op {p} per stuk kunnen zitten, zou u dan bestellen?",
    "De vergadering is verplaatst naar zaal {n2} op de tweede verdieping.",
]
EN_SENTENCES = [
    "Thanks for the quote of {d} {m}.",
    "Honestly, your price is too high for us.",
    "Could you send the revised quotation by end of day Tuesday?",
    "We currently pay {p} per unit to our current supplier.",
    "Price isn't the issue, it's whether you can deliver consistently.",
    "I need to check this with our quality control team and the warehouse manager.",
    "Anything over £10k has to be signed off by the MD.",
    "I'm swamped this week.",
    "Let's pick this up again after the summer.",
    "What is the lead time for {n} boxes?",
    "How many boxes per pallet?",
    "I'm free after five.",
    "The truck arrives at {h} at dock {n2}.",
    "I have forwarded the drawing to Pete.",
    "We are very happy with Hartley.",
    "I'll send you the summary tomorrow.",
    "Our world-class solution is best-in-class.",
    "Great, see you then.",
    "We have been supplying the dairy industry for {n2} years.",
    "What do you pay now for these boxes?",
    "If we could do {p} per unit, would you order?",
    "The meeting has moved to room {n2} on the second floor.",
]
NL_FILLER = [
    "Zoals besproken in het overleg van {d} {m} hebben we de planning nog eens doorgenomen.",
    "De nieuwe verpakkingslijn draait sinds vorige maand op volle capaciteit in hal {n2}.",
    "Bijgaand vindt u het verslag van de bijeenkomst, met de actiepunten onderaan.",
    "Onze collega's van de buitendienst waren erg te spreken over de presentatie.",
    "Het parkeerterrein aan de achterkant is tot eind van de maand afgesloten.",
    "De jaarlijkse inventarisatie staat gepland voor de laatste week van het kwartaal.",
    "In de bijlage staan de foto's van de proefopstelling die we hebben gemaakt.",
    "Voor de volledigheid heb ik ook het ordernummer {n} toegevoegd aan het dossier.",
]
EN_FILLER = [
    "As discussed in the meeting on {d} {m}, we went through the schedule once more.",
    "The new packing line has been running at full capacity in hall {n2} since last month.",
    "Attached you will find the minutes of the meeting with the action points at the bottom.",
    "Our field sales colleagues were very positive about the presentation you gave.",
    "The car park at the back of the building is closed until the end of the month.",
    "The annual stock count is planned for the last week of the quarter.",
    "The attachment holds the photos of the test set-up we built in the workshop.",
    "For completeness I also added order number {n} to the file.",
]
MONTHS = ["september", "oktober", "november", "december"]
#: Share of sentences that carry a signal phrase; the rest is neutral business prose.
SIGNAL_SHARE = 0.2


def make_message(rng: random.Random, lang: str) -> str:
    pool = NL_SENTENCES if lang == "nl" else EN_SENTENCES
    filler = NL_FILLER if lang == "nl" else EN_FILLER
    body = " ".join(
        rng.choice(pool if rng.random() < SIGNAL_SHARE else filler).format(
            d=rng.randint(1, 28),
            m=rng.choice(MONTHS),
            n=rng.randint(100, 90000),
            n2=rng.randint(2, 40),
            h=rng.randint(7, 17),
            p=f"{rng.randint(0, 3)},{rng.randint(10, 99)}"
            if lang == "nl"
            else f"{rng.random() * 3:.2f}",
        )
        for _ in range(rng.randint(6, 30))
    )
    greet, bye = (
        ("Beste Mark,", "Met vriendelijke groet,") if lang == "nl" else ("Hi Tom,", "Kind regards,")
    )
    quote = ""
    if rng.random() < 0.5:  # half the messages are replies with quoted history
        hdr = (
            "Op di 3 sep. 2026 om 10:12 schreef Jan <jan@x.nl>:"
            if lang == "nl"
            else "On Tue, 3 Sep 2026, Tom <tom@x.com> wrote:"
        )
        quote = (
            "\n\n"
            + hdr
            + "\n"
            + "\n".join("> " + rng.choice(pool + filler) for _ in range(rng.randint(4, 12)))
        )
    return (
        f"{greet}\n\n{body}\n\n{bye}\nEva de Vries\nInkoper | Zuivel BV\n+31 6 1234 5678{quote}\n"
    )


def make_corpus(mb: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    target = int(mb * 1_000_000)
    while size < target:
        msg = make_message(rng, "nl" if len(out) % 2 == 0 else "en")
        out.append(msg)
        size += len(msg.encode())
    return out


def mb_of(docs: list[str]) -> float:
    return sum(len(d.encode()) for d in docs) / 1e6


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---------------------------------------------------------------- baselines
def lexicon_forms(lexicons: tuple[Lexicon, ...]) -> list[str]:
    forms = {f.strip("*") for lx in lexicons for e in lx.entries for f in e.forms}
    forms |= {f.strip("*") for lx in lexicons for fs in lx.cues.values() for f in fs}
    return sorted(f for f in forms if f.strip())


def trie_regex(forms: list[str]) -> re.Pattern[str]:
    trie: dict[str, Any] = {}
    for f in forms:
        node = trie
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}

    def to_re(node: dict[str, Any]) -> str:
        alts = []
        end = "" in node
        for ch, child in sorted(node.items()):
            if ch:
                alts.append(re.escape(ch) + to_re(child))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + ("?" if end and alts else "")

    return re.compile(r"\b" + to_re(trie) + r"\b", re.IGNORECASE)


def bench_re(docs: list[str], pattern: re.Pattern[str]) -> float:
    return timed(lambda: [sum(1 for _ in pattern.finditer(d)) for d in docs])


def spacy_runner(forms: list[str]) -> Callable[[list[str]], float]:
    """Build spaCy's ``PhraseMatcher`` once; the runner times tokenising + matching."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("SIG", [nlp.make_doc(f) for f in forms])
    return lambda docs: timed(lambda: [len(matcher(nlp.make_doc(d))) for d in docs])


def bench_extract(
    docs: list[str], matchers: dict[str, Matcher] | None = None, *, learned: bool = True
) -> float:
    def run() -> None:
        for i, d in enumerate(docs):
            role = "buyer" if i % 3 else "seller"
            extract(d, role=role, matcher=matchers[role] if matchers else None, learned=learned)

    return timed(run)


def interleaved_times(
    sample: list[str], runners: list[Callable[[list[str]], float]], rounds: int
) -> list[list[list[float]]]:
    """Seconds of each runner on each chunk of ``sample`` in each round: ``[runner][chunk]
    [round]``. The sample is cut into chunks of about ``CHUNK_MB`` (a multiple of three
    messages, so every message keeps its role), and within a round every runner reads a
    chunk before the next chunk is read, in an order that rotates from chunk to chunk: on
    a shared machine whose speed drifts, all of them are timed under the same load."""
    chunks: list[list[str]] = [[]]
    size = 0
    for d in sample:
        chunks[-1].append(d)
        size += len(d.encode())
        if size >= CHUNK_MB * 1e6 and len(chunks[-1]) % 3 == 0:
            chunks.append([])
            size = 0
    chunks = [c for c in chunks if c]
    out = [[[0.0] * rounds for _ in chunks] for _ in runners]
    for r in range(rounds):
        for c, chunk in enumerate(chunks):
            for k in range(len(runners)):
                which = (k + r + c) % len(runners)
                out[which][c][r] = runners[which](chunk)
    return out


CHUNK_MB = 0.5


# ---------------------------------------------------------------- lexicon growth
def grown_lexicon(base: tuple[Lexicon, ...], n_entries: int, seed: int = 3) -> tuple[Lexicon, ...]:
    rng = random.Random(seed)
    syll = ["ka", "ve", "lo", "ter", "mon", "dri", "pa", "sel", "nor", "bu", "gen", "tak", "rim"]
    real = [e for lx in base for e in lx.entries]
    kinds = [(e.kind, e.rule, e.role) for e in real]
    extra: list[Entry] = []
    for i in range(max(0, n_entries - len(real))):
        kind, rule, role = kinds[i % len(kinds)]
        words = [
            "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        pattern = " ".join(words) + "~"
        forms = tuple(expand_pattern(pattern, "en"))
        extra.append(
            Entry(f"x.{i}", kind, rule, role, "en", (pattern,), (), forms, "any", True, None, None)
        )
    grown = Lexicon("en", tuple(extra), {}, frozenset())
    return (*base, grown)


def entries_of(lexicons: tuple[Lexicon, ...]) -> int:
    return sum(len(lx.entries) for lx in lexicons)


# ---------------------------------------------------------------- processes
def _run_shard(path: str, start: int, end: int, barrier: Any, out: Any) -> None:
    """A worker: read bytes ``[start, end)`` of the corpus file itself (one JSON message per
    line), build the automata and warm up (a fresh process's first pass is about a third
    slower), wait for the others, then time extraction of its shard."""
    with open(path, "rb") as fh:
        fh.seek(start)
        docs = [json.loads(line) for line in fh.read(end - start).splitlines()]
    bench_extract(docs[:1000])  # build the automata and warm up, as the main process does
    barrier.wait()
    cpu = time.process_time()
    wall = bench_extract(docs)
    out.put((wall, time.process_time() - cpu))


def _shard_times(ctx: Any, path: str, bounds: list[tuple[int, int]]) -> tuple[float, float]:
    """Wall and CPU time of ``len(bounds)`` workers started together (the slowest's)."""
    barrier = ctx.Barrier(len(bounds))
    out = ctx.Queue()
    procs = [ctx.Process(target=_run_shard, args=(path, a, b, barrier, out)) for a, b in bounds]
    for proc in procs:
        proc.start()
    times = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    return max(w for w, _ in times), max(c for _, c in times)


def bench_processes(docs: list[str]) -> tuple[tuple[float, float], tuple[float, float]]:
    """One process over the whole corpus vs two processes over its halves (cut by byte
    offset at a line break); each worker reads its own shard from a temporary file, so no
    message is pickled. Returns (wall, CPU) seconds of one and of two (best of three)."""
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "corpus.jsonl")
        data = "".join(json.dumps(d) + "\n" for d in docs).encode()
        Path(path).write_bytes(data)
        mid = data.index(b"\n", len(data) // 2) + 1
        t1 = min(_shard_times(ctx, path, [(0, len(data))]) for _ in range(3))
        t2 = min(_shard_times(ctx, path, [(0, mid), (mid, len(data))]) for _ in range(3))
    return t1, t2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=100.0, help="corpus size in MB (default 100)")
    ap.add_argument(
        "--baseline-mb",
        type=float,
        default=20.0,
        help="MB of the same corpus for the slow baselines (default 20)",
    )
    ap.add_argument(
        "--rounds", type=int, default=3, help="extractor/baseline rounds for the ratios"
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    docs = make_corpus(args.mb)
    took = time.perf_counter() - t0
    print(f"corpus: {mb_of(docs):.1f} MB, {len(docs)} messages (generated in {took:.1f} s)")
    base = (load_lexicon("nl"), load_lexicon("en"))
    extract(docs[0], role="buyer")  # build the automata outside the timing
    extract(docs[0], role="seller")
    forms = lexicon_forms(base)
    print(f"lexicon: {entries_of(base)} entries, {len(forms)} surface forms")
    n_sig = sum(len(extract(d, role="buyer")) for d in docs[:300])
    print(f"density: {n_sig / (mb_of(docs[:300]) * 1000):.1f} signals per KB (buyer role, sample)")

    total = mb_of(docs)
    full = total / bench_extract(docs)
    print(f"full extractor          {full:7.1f} MB/s per core ({total:.0f} MB)")
    sample = docs[: max(1, int(len(docs) * min(1.0, args.baseline_mb / args.mb)))]
    smb = mb_of(sample)
    # The ratios come from rounds that time the extractor and both baselines on the same
    # sample, interleaved chunk by chunk (see interleaved_times), so that all of them run
    # under the same load of a shared machine; per chunk each side's best round counts,
    # so a burst of load from other jobs skews neither side.
    pattern, spacy_run = trie_regex(forms), spacy_runner(forms)
    runners: list[Callable[[list[str]], float]] = [
        bench_extract,
        lambda chunk: bench_extract(chunk, learned=False),
        lambda chunk: bench_re(chunk, pattern),
        spacy_run,
    ]
    times = interleaved_times(sample, runners, args.rounds)
    f_s, lex_s, re_rate, sp_rate = (smb / sum(min(c) for c in t) for t in times)
    whole = [max(smb / sum(c[r] for c in t) for r in range(args.rounds)) for t in times]
    print(f"full extractor, sample  {f_s:7.1f} MB/s ({smb:.0f} MB, best of {args.rounds} rounds)")
    print(f"lexicon only, sample    {lex_s:7.1f} MB/s (--lexicon-only: no learned layer)")
    print(f"trie re (match only)    {re_rate:7.1f} MB/s   ratio full/re    {f_s / re_rate:5.2f}x"
          f"   lexicon-only/re    {lex_s / re_rate:5.2f}x")  # fmt: skip
    print(f"spaCy PhraseMatcher     {sp_rate:7.1f} MB/s   ratio full/sp. {f_s / sp_rate:5.2f}x"
          f"   lexicon-only/sp. {lex_s / sp_rate:5.2f}x")  # fmt: skip
    print(
        f"  (best whole round instead of each chunk's best: full/re "
        f"{whole[0] / whole[2]:.2f}x, full/sp. {whole[0] / whole[3]:.2f}x, "
        f"lexicon-only/sp. {whole[1] / whole[3]:.2f}x)"
    )
    print("targets: full >= 25 MB/s per core, >= 1.5x re, >= 3x spaCy")

    rates = {}
    models = default_models()  # the grown lexicons keep the learned layer
    for n in (1000, 20000):
        lex = grown_lexicon(base, n)
        matchers = {r: build_matcher(lex, role=r, learned=models[r]) for r in ("buyer", "seller")}
        rates[n] = smb / bench_extract(sample, matchers)
        print(f"lexicon {entries_of(lex):6d} entries  {rates[n]:7.1f} MB/s")
    print(f"growth 1k -> 20k entries: slowdown {rates[1000] / rates[20000]:.2f}x (target < 2)")

    note = " ".join(NL_FILLER + NL_SENTENCES + EN_FILLER + EN_SENTENCES)
    big = (note * (10_000_000 // len(note) + 1))[:10_000_000]  # one long call note
    small = big[:10_000]
    t_small = sorted(timed(lambda: extract(small, role="buyer")) for _ in range(21))[10]  # median
    t_big = timed(lambda: extract(big, role="buyer"))
    print(
        f"10 KB message {t_small * 1e3:.2f} ms, 10 MB message {t_big:.2f} s: "
        f"ratio {t_big / t_small:.0f} (linear ~1000)"
    )

    (t1, c1), (t2, c2) = bench_processes(sample)
    print(
        f"2 processes vs 1: {t1 / t2:.2f}x wall (target >= 1.8; one process {smb / t1:.1f} MB/s,"
        f" two {smb / t2:.1f} MB/s on {smb:.0f} MB); CPU time of one / slowest of two "
        f"{c1 / c2:.2f}x (what free cores would give; wall < CPU means the cores were shared)"
    )


if __name__ == "__main__":
    main()

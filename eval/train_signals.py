"""Train the signal extractor's learned layer and write src/buyerlens/signals/data/learned.json.

Usage (from the repository root, with the dev extras installed):

    .venv/bin/python eval/train_signals.py            # cross-validate, then train and write
    .venv/bin/python eval/train_signals.py --cv-only  # only the cross-validation report

Training data: eval/signals/dev.jsonl, tests/signals/fresh_sentences.jsonl and every
eval/signals/train/*.jsonl (each written by a different writer). The held-out set
eval/signals/heldout.jsonl is never read here.

Features per message (see src/buyerlens/signals/learned.py): the Dutch and English
Snowball stems of the author's new words, which kinds the lexicon found, and whether
the message asks a question. One L2-regularised logistic regression per kind and role.

The cross-validation leaves one writer's file out at a time (only the train/ files: the
lexicon was tuned on dev and fresh, so they would flatter it) and prints, per kind, the
message-level F1 of the lexicon alone and of lexicon + learned layer on the left-out file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from buyerlens.signals import extract, split_message
from buyerlens.signals.extractor import lexicon_matcher
from buyerlens.signals.learned import FORMAT, RULE_ONLY, message_features
from buyerlens.signals.normalize import make_buffer
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "buyerlens" / "signals" / "data" / "learned.json"
TUNED = ("dev", "fresh")  # sets the lexicon was tuned on
#: Dev and the fresh sentences were labelled by the people who wrote GUIDELINES.md; where
#: the other writers read a rule differently ("send your references" is also a risk
#: concern), their examples should win, so each counts this many times.
OWN_WEIGHT = 3.0
PRUNE = 0.02  # smaller weights are left out of the file


@dataclass
class Item:
    id: str
    group: str
    role: str
    gold: set[str]
    lex: set[str]
    feats: Counter[str]


def sources() -> dict[str, Path]:
    out = {
        "dev": ROOT / "eval" / "signals" / "dev.jsonl",
        "fresh": ROOT / "tests" / "signals" / "fresh_sentences.jsonl",
    }
    for path in sorted((ROOT / "eval" / "signals" / "train").glob("*.jsonl")):
        out[path.stem] = path
    assert all("heldout" not in p.name for p in out.values())
    return out


def load_items() -> list[Item]:
    items = []
    for group, path in sources().items():
        for _n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            text, role = r["text"], r["role"]
            parts = split_message(text)
            if parts.is_out_of_office or parts.end <= parts.start:
                continue  # the extractor gives nothing here, learned layer or not
            at = datetime.fromisoformat(r["at"]) if r.get("at") else None
            sigs = extract(
                text, role=role, lang=r.get("lang"), at=at, matcher=lexicon_matcher(role)
            )
            body = text[parts.start : parts.end]
            words = make_buffer(body).buf.split()
            lex = {s.kind for s in sigs}
            feats = message_features(words, lex, "?" in body)
            items.append(Item(r["id"], group, role, set(r["kinds"]), lex, feats))
        print(f"  {group:6} {path.relative_to(ROOT)}", file=sys.stderr)
    return items


def fit(items: list[Item], kinds: list[str], c: float) -> dict[str, object]:
    """One logistic regression per kind; returns the role's part of the model file."""
    vocab: dict[str, int] = {}
    for it in items:
        for f in it.feats:
            if not f.startswith("lex:"):
                vocab.setdefault(f, len(vocab))
    rows, cols, vals = [], [], []
    for r, it in enumerate(items):
        for f, n in it.feats.items():
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
                vals.append(float(n))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(items), len(vocab)))
    names = sorted(vocab, key=vocab.__getitem__)
    weight = np.array([OWN_WEIGHT if it.group in TUNED else 1.0 for it in items])
    learn = [k for k in kinds if k not in RULE_ONLY]
    bias: list[float] = []
    weights: dict[str, list[list[float]]] = defaultdict(list)
    for i, kind in enumerate(learn):
        y = np.array([kind in it.gold for it in items])
        if y.all() or not y.any():
            raise SystemExit(f"{kind}: needs positive and negative examples")
        # a kind's model sees only its own lexicon finding: the lexicon finding some other
        # kind is no evidence against this one (with every finding in, the model learns
        # that kinds crowd each other out, and drops true findings of many-kind mails)
        own = sparse.csr_matrix(np.array([[1.0 if kind in it.lex else 0.0] for it in items]))
        xk = sparse.hstack([x, own], format="csr")
        model = LogisticRegression(C=c, max_iter=5000).fit(xk, y, sample_weight=weight)
        bias.append(round(float(model.intercept_[0]), 4))
        for name, w in zip([*names, "lex:" + kind], model.coef_[0], strict=True):
            if abs(w) >= PRUNE:
                weights[name].append([i, round(float(w), 3)])
    return {"kinds": learn, "bias": bias, "weights": dict(sorted(weights.items()))}


def logits(part: dict[str, object], it: Item) -> list[float]:
    z = [float(b) for b in part["bias"]]  # type: ignore[attr-defined]
    w: dict[str, list[list[float]]] = part["weights"]  # type: ignore[assignment]
    for f, n in it.feats.items():
        for i, v in w.get(f, ()):
            z[int(i)] += n * v
    return z


def f1(c: list[int]) -> float:
    tp, fp, fn = c
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


#: Thresholds tried on the logit, kind by kind. A lexicon finding is dropped only at or
#: below the veto line; a kind the lexicon missed is added only above the add line, and
#: never below logit 1 (p 0.73): the writers' files hold more signals per message than a
#: real mailbox, so the model's priors lean toward finding kinds; adding at "more likely
#: than not" marked the demo's weak-incumbent buyer time-poor from a trial proposal.
ADD = (1.0, 1.5, 2.0, 2.5, 3.0)
VETO = (-4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0)
GRID = [(a, v) for a in ADD for v in VETO]

Held = list[tuple[Item, list[str], list[float]]]  # item, learned kinds, out-of-writer logits
Thresholds = dict[str, tuple[float, float]]  # kind -> (add_above, veto_below)


def _arrays(held: Held, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per message: the kind's logit, the lexicon found it, it is gold, and it stays
    whatever the model says (``price_focus`` when an amount was stated)."""
    i = held[0][1].index(kind)
    z = np.array([zs[i] for _, _, zs in held])
    lex = np.array([kind in it.lex for it, _, _ in held])
    gold = np.array([kind in it.gold for it, _, _ in held])
    keep = np.array(
        [kind == "price_focus" and "price_anchor" in it.lex and kind in it.lex for it, _, _ in held]
    )
    return z, lex, gold, keep


def _cell(pred: np.ndarray, gold: np.ndarray) -> list[int]:
    return [int((pred & gold).sum()), int((pred & ~gold).sum()), int((~pred & gold).sum())]


def choose(held: Held) -> Thresholds:
    """Per kind, the grid setting with the best F1 on ``held``; among equals the most
    conservative (adds least, drops least)."""
    out: Thresholds = {}
    for kind in held[0][1]:
        z, lex, gold, keep = _arrays(held, kind)
        scored = [(f1(_cell((z > a) | (lex & (z > v)) | keep, gold)), a, -v) for a, v in GRID]
        _, a, neg_v = max(scored)
        out[kind] = (a, -neg_v)
    return out


def decided(kinds: list[str], z: list[float], lex: set[str], thr: Thresholds) -> set[str]:
    """What the extractor reports (mirrors ``learned.decide``, which also skips an added
    kind when no word of the message weighs for it: rare, not modelled here)."""
    out = set(lex & RULE_ONLY)
    for k, zi in zip(kinds, z, strict=True):
        add, veto = thr[k]
        if zi > add or (k in lex and zi > veto):
            out.add(k)
    if "price_anchor" in lex and "price_focus" in lex:
        out.add("price_focus")
    return out


def count(cells: dict[str, list[int]], got: set[str], gold: set[str]) -> None:
    for k, cell in cells.items():
        if k in got and k in gold:
            cell[0] += 1
        elif k in got:
            cell[1] += 1
        elif k in gold:
            cell[2] += 1


def precision(c: list[int]) -> float:
    return c[0] / (c[0] + c[1]) if c[0] + c[1] else 0.0


def cross_validate(items: list[Item], c: float, dump: Path | None = None) -> dict[str, Thresholds]:
    """Leave-one-writer-out report; returns the chosen thresholds per role and kind.

    Each writer's file is scored by a model trained without it, with thresholds chosen on
    the other writers' out-of-writer logits (nested: the report never sees the choice's
    own data)."""
    chosen: dict[str, Thresholds] = {}
    total = {"lexicon": [0, 0, 0], "learned": [0, 0, 0]}
    dumped: list[str] = []
    for role, vocab in (("buyer", BUYER_KINDS), ("seller", SELLER_KINDS)):
        kinds = list(vocab)
        mine = [it for it in items if it.role == role]
        held: Held = []
        writers = sorted({it.group for it in mine} - set(TUNED))
        for hold in writers:
            part = fit([it for it in mine if it.group != hold], kinds, c)
            held += [(it, part["kinds"], logits(part, it)) for it in mine if it.group == hold]  # type: ignore[misc]
        res = {n: {k: [0, 0, 0] for k in kinds} for n in total}
        for hold in writers:
            thr = choose([h for h in held if h[0].group != hold])
            for it, learn, z in (h for h in held if h[0].group == hold):
                got = decided(learn, z, it.lex, thr)
                count(res["lexicon"], it.lex, it.gold)
                count(res["learned"], got, it.gold)
                if dump is not None:
                    record = {"id": it.id, "role": role, "gold": sorted(it.gold),
                              "lexicon": sorted(it.lex), "learned": sorted(got)}  # fmt: skip
                    dumped.append(json.dumps(record))
        chosen[role] = choose(held)
        for k in kinds:
            a, b = res["lexicon"][k], res["learned"][k]
            add, veto = chosen[role].get(k, (None, None))
            print(f"{role:6} {k:24} lexicon {f1(a):.3f}  learned {f1(b):.3f}  n={a[0] + a[2]:4}"
                  f"  add above {add}, drop at or below {veto}")  # fmt: skip
            for name in total:
                for j in range(3):
                    total[name][j] += res[name][k][j]
        mine_lex, mine_got = ([sum(res[n][k][j] for k in kinds) for j in range(3)] for n in total)
        print(f"{role:6} micro: lexicon F1 {f1(mine_lex):.3f}  learned F1 {f1(mine_got):.3f}"
              f" P {precision(mine_got):.3f}")  # fmt: skip
    if dump is not None:
        dump.write_text("".join(line + "\n" for line in dumped), encoding="utf-8")
    lex, got = total["lexicon"], total["learned"]
    print(f"micro (leave one writer out): lexicon F1 {f1(lex):.3f} P {precision(lex):.3f}  "
          f"learned F1 {f1(got):.3f} P {precision(got):.3f}")  # fmt: skip
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--c", type=float, default=3.0, help="inverse regularisation strength")
    ap.add_argument("--cv-only", action="store_true", help="report, do not write the model")
    ap.add_argument(
        "--dump-cv",
        type=Path,
        metavar="FILE",
        help="write each training message's out-of-writer decision (JSON lines) to FILE",
    )
    args = ap.parse_args()
    print("reading", file=sys.stderr)
    items = load_items()
    chosen = cross_validate(items, args.c, args.dump_cv)
    if args.cv_only:
        return
    model: dict[str, object] = {
        "format": FORMAT,
        "trained_on": {g: sum(1 for it in items if it.group == g) for g in sources()},
        "c": args.c,
        "roles": {
            role: {
                **fit([it for it in items if it.role == role], list(vocab), args.c),
                "add_above": [chosen[role][k][0] for k in vocab if k not in RULE_ONLY],
                "veto_below": [chosen[role][k][1] for k in vocab if k not in RULE_ONLY],
            }
            for role, vocab in (("buyer", BUYER_KINDS), ("seller", SELLER_KINDS))
        },
    }
    OUT.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

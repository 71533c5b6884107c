"""B2: price focus and the price picture.

The buyer's stated figures are low anchors (B2: "assume the answer sits at the low end of
what the buyer would really pay"); the seller's quoted figures come from the seller's own
messages. The gap compares the latest anchor with the latest quote in the same currency
and unit (of the figures in the latest quoting message, the one nearest the anchor: a
contract listing "€ 0,30 (1/1), € 0,26 (1/2), € 0,22 (1/3)" answers an anchor of 0,29
with its 0,30). The picture also says whether the seller asked the recommended hypothetical
price question or the discouraged "what do you pay now?".
"""

from __future__ import annotations

from typing import Any

from buyerlens.diagnose.facts import DealFacts, Message
from buyerlens.diagnose.scoring import make_finding, quote, signal_evidence
from buyerlens.diagnose.thresholds import Thresholds
from buyerlens.diagnose.types import PriceFigure, PriceFinding, PricePicture
from buyerlens.signals.types import Signal


def _figure(message: Message, signal: Signal) -> PriceFigure | None:
    value: dict[str, Any] = signal.value or {}
    amount = value.get("amount")
    if not isinstance(amount, int | float) or isinstance(amount, bool):
        return None
    currency, unit = value.get("currency"), value.get("unit")
    return PriceFigure(
        interaction=message.id,
        at=message.at,
        amount=float(amount),
        currency=currency if isinstance(currency, str) else None,
        unit=unit if isinstance(unit, str) else None,
        text=quote(message, signal),
    )


def _quotes(facts: DealFacts) -> list[PriceFigure]:
    """Figures in the seller's words (any seller signal carrying an amount, not a promise)."""
    out = []
    for message in facts.messages:
        if message.inbound:
            continue
        for signal in message.seller:
            figure = _figure(message, signal) if signal.kind != "commitment" else None
            if figure is not None:
                out.append(figure)
    return out


def _gap(
    anchors: list[PriceFigure],
    quotes: list[PriceFigure],
    uplift: float,
) -> tuple[float | None, float | None, tuple[float, float] | None]:
    if not anchors:
        return None, None, None
    anchor = anchors[-1]
    same = [q for q in quotes if (q.currency, q.unit) == (anchor.currency, anchor.unit)]
    high = anchor.amount * (1 + uplift)
    if not same:
        return None, None, (anchor.amount, round(high, 4))
    # the latest quoting message may list several figures (a price per size, a staffel):
    # the one nearest the anchor is the counterpart of what the buyer named
    latest = [q for q in same if q.interaction == same[-1].interaction]
    quoted = min(latest, key=lambda q: abs(q.amount - anchor.amount)).amount
    gap = round(quoted - anchor.amount, 4)
    ratio = round(gap / quoted, 4) if quoted else None
    top = min(high, quoted) if quoted >= anchor.amount else high
    return gap, ratio, (anchor.amount, round(top, 4))


def price_focus(facts: DealFacts, th: Thresholds) -> PriceFinding:
    """R-B2: price talk and stated figures; the price picture."""
    pf = th.price_focus
    weights = {"price_focus": pf.price_focus, "price_anchor": pf.price_anchor}
    buyer = [(m, s) for m, s in facts.buyer_signals(*weights) if not m.outbound]
    evidence = [signal_evidence(m, s, rule="B2", weight=weights[s.kind]) for m, s in buyer]
    discouraged = [
        (m, s) for m, s in facts.seller_signals("current_price_question") if not m.inbound
    ]
    evidence += [
        signal_evidence(m, s, rule="B2", weight=pf.current_price_question) for m, s in discouraged
    ]
    probes = [m.id for m, _ in facts.seller_signals("price_probe") if not m.inbound]
    anchors = [f for m, s in buyer if s.kind == "price_anchor" if (f := _figure(m, s))]
    quotes = _quotes(facts)
    gap, ratio, estimate = _gap(anchors, quotes, pf.anchor_uplift)
    picture = PricePicture(
        anchors=tuple(anchors),
        quotes=tuple(quotes),
        gap=gap,
        gap_ratio=ratio,
        estimated_range=estimate,
        recommended_asked=tuple(dict.fromkeys(probes)),
        discouraged_asked=tuple(dict.fromkeys(m.id for m, _ in discouraged)),
    )
    buyer_words = sum(1 for m in facts.messages if not m.outbound)
    base = make_finding(evidence, rule="B2", th=th, observed=buyer_words)
    return PriceFinding(
        level=base.level,
        score=base.score,
        rule="B2",
        evidence=base.evidence,
        details=base.details,
        picture=picture,
    )

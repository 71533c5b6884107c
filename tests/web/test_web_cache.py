"""The diagnosis cache: hits while the deal is unchanged, recomputed when it changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from buyerlens.importing import demo_bundle
from buyerlens.model import Bundle, Interaction
from buyerlens.web.cache import DiagnosisCache, fingerprint
from buyerlens.web.service import PipelineRow, analysed, filter_sort, minute

NOW = datetime(2026, 11, 26, 12, 0, 30, tzinfo=UTC)


def test_lru_bounds_and_invalidation() -> None:
    cache = DiagnosisCache(maxsize=2)
    for deal in ("d1", "d2", "d3"):
        cache.put(deal, "en", deal.upper(), fingerprint="f", as_of=NOW)
    assert len(cache) == 2
    assert cache.get("d1", "en", fingerprint="f", as_of=NOW) is None  # evicted
    assert cache.get("d3", "en", fingerprint="f", as_of=NOW) == "D3"
    assert cache.get("d3", "en", fingerprint="other", as_of=NOW) is None
    assert cache.get("d3", "nl", fingerprint="f", as_of=NOW) is None
    cache.invalidate("d3")
    assert cache.get("d3", "en", fingerprint="f", as_of=NOW) is None


def test_same_deal_same_minute_is_a_hit_and_a_change_recomputes() -> None:
    bundle = demo_bundle()
    cache = DiagnosisCache()
    first, hit = analysed(bundle, "d1", cache=cache, as_of=NOW, lang="en")
    assert not hit
    again, hit = analysed(bundle, "d1", cache=cache, as_of=NOW + timedelta(seconds=20), lang="en")
    assert hit
    assert again is first
    note = Interaction(
        id="new",
        deal="d1",
        direction="inbound",
        at=NOW - timedelta(hours=1),
        text="De prijs is echt te hoog; wij willen 15% korting.",
    )
    changed = bundle.model_copy(update={"interactions": [*bundle.interactions, note]})
    assert fingerprint(changed) != fingerprint(bundle)
    fresh, hit = analysed(changed, "d1", cache=cache, as_of=NOW, lang="en")
    assert not hit
    assert any(m.item.id == "new" for m in fresh.messages)
    later, hit = analysed(changed, "d1", cache=cache, as_of=NOW + timedelta(minutes=2), lang="en")
    assert not hit
    assert later.diagnosis.as_of == minute(NOW + timedelta(minutes=2))


def _row(bundle: Bundle, deal_id: str) -> PipelineRow:
    result, _ = analysed(bundle, deal_id, cache=None, as_of=NOW, lang="en")
    deal = next(d for d in bundle.deals if d.id == deal_id)
    patterns = result.diagnosis.patterns
    return PipelineRow(
        deal=deal,
        account=deal.account,
        days_since_buyer=None,
        levels={k: f.level for k, f in patterns.as_dict().items()},
        relationship=patterns.incumbent.relationship,
        overdue=len(result.diagnosis.scorecard.with_status("overdue")),
    )


def test_filter_and_sort_rows() -> None:
    bundle = demo_bundle()
    rows = [_row(bundle, d.id) for d in bundle.deals]
    sanne = filter_sort(rows, owner="sanne", sort="amount", desc=True)
    assert {r.deal.owner for r in sanne} == {"sanne"}
    amounts = [r.deal.amount or 0.0 for r in sanne]
    assert amounts == sorted(amounts, reverse=True)
    flagged = filter_sort(rows, pattern="price_focus")
    assert flagged
    assert all(r.levels["price_focus"] in {"high", "medium"} for r in flagged)
    by_stall = filter_sort(rows, sort="stall", desc=True)
    order = {"high": 3, "medium": 2, "low": 1, "unknown": 0}
    levels = [order[r.levels["stall"]] for r in by_stall]
    assert levels == sorted(levels, reverse=True)

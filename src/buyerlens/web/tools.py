"""Adapters from the pages and the API to the brief, the slots and the coach."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from buyerlens.model import BadInputError, Bundle, NotFoundError, UsageError

if TYPE_CHECKING:
    from buyerlens.schedule import SlotPlan

BRIEF_FORMATS = ("md", "html", "pdf")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def brief_bytes(bundle: Bundle, deal_id: str, *, as_of: datetime, fmt: str, lang: str) -> bytes:
    """The call-prep brief of ``deal_id`` as bytes in ``fmt`` (md, html or pdf)."""
    from buyerlens.report import render_brief

    if fmt not in BRIEF_FORMATS:
        raise UsageError(f"unknown brief format {fmt!r}; use md, html or pdf")
    out = render_brief(bundle, deal_id, as_of=as_of, fmt=fmt, lang=lang)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def slot_plan(bundle: Bundle, deal_id: str, *, as_of: datetime) -> tuple[SlotPlan | None, str]:
    """Off-hours slots for the deal's main contact (R-P1), or None and the reason."""
    from buyerlens.schedule import plan_slots

    try:
        return plan_slots(bundle, deal_id, as_of=as_of), ""
    except (BadInputError, NotFoundError, UsageError) as exc:
        return None, exc.message

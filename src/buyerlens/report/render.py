"""Render the call-prep brief of one deal as Markdown, HTML or a one-page A4 PDF.

:func:`render_brief` is the Python API every shell uses: it analyses the deal with the
engine (``as_of`` fixes "now"), plans off-hours slots for the main contact (avoiding
``busy``), and lays the result out with the Jinja2 templates of this package. The PDF
comes from WeasyPrint; when a deal holds more than one page fits, the brief is cut
down step by step (:data:`~buyerlens.report.view.DENSITIES`) until it is one page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined

from buyerlens.engine import analyze
from buyerlens.model import BadInputError, Bundle, ConfigError, UsageError
from buyerlens.report.labels import LANGUAGES, Labels, labels
from buyerlens.report.view import DENSITIES, BriefView, Limits, Slots, build_view, slots_view
from buyerlens.schedule import Busy, find_deal, main_contact, plan_slots

Format = Literal["md", "html", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "html", "pdf")
SLOT_DAYS = 5

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(value: object) -> str:
    """Escape the characters Markdown would read as markup (soft hyphens are for print)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value).replace("\u00ad", ""))


def _cell(value: object) -> str:
    """Make text safe inside a Markdown table cell."""
    return re.sub(r"(?<!\\)\|", r"\\|", str(value)).replace("\n", " ")


@cache
def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("buyerlens.report", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    env.filters["cell"] = _cell
    return env


def markdown(view: BriefView) -> str:
    text = _environment(False).get_template("brief.md.j2").render(view=view)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html(view: BriefView) -> str:
    return _environment(True).get_template("brief.html.j2").render(view=view)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # pango or its friends are missing
        raise ConfigError(
            "PDF output needs WeasyPrint's system libraries (Debian: libpango-1.0-0 "
            f"libpangoft2-1.0-0 libharfbuzz0b fonts-liberation fonts-dejavu-core): {exc}"
        ) from None
    return weasyprint


def pdf(views: Sequence[BriefView]) -> bytes:
    """The first of ``views`` (roomy to tight) whose PDF is one page."""
    weasyprint = _weasyprint()
    document = None
    for view in views:
        document = weasyprint.HTML(string=html(view)).render()
        if len(document.pages) == 1:
            return bytes(document.write_pdf())
    if document is None:
        raise UsageError("nothing to render")
    # Tighter than the tightest density still overflows: keep the first page only.
    return bytes(document.copy(document.pages[:1]).write_pdf())


def _slots(
    bundle: Bundle,
    deal_id: str,
    *,
    as_of: datetime,
    words: Labels,
    busy: Sequence[Busy],
    tz: str | None,
    seller_tz: str | None,
    limit: int,
) -> Slots:
    deal = find_deal(bundle, deal_id)
    try:
        contact = main_contact(bundle, deal)
    except BadInputError as exc:
        return slots_view(None, words, limit, name="", problem=str(exc))
    try:
        plan = plan_slots(
            bundle, deal_id, as_of=as_of, busy=busy, days=SLOT_DAYS, tz=tz, seller_tz=seller_tz
        )
    except BadInputError:  # no time zone anywhere: say so on the page, do not fail
        return slots_view(None, words, limit, name=contact.name)
    return slots_view(plan, words, limit, name=contact.name)


def render_brief(
    bundle: Bundle,
    deal_id: str,
    *,
    as_of: datetime,
    fmt: str = "md",
    lang: str | None = None,
    busy: Sequence[Busy] | None = None,
    tz: str | None = None,
    seller_tz: str | None = None,
) -> str | bytes:
    """The brief of ``deal_id``: ``str`` for ``md`` and ``html``, PDF ``bytes`` for ``pdf``.

    ``lang`` forces the language (default: the main contact's, else English); ``busy``
    are the seller's busy times; ``tz`` the buyer's zone when neither the contact nor the
    account has one; ``seller_tz`` the seller's zone when the bundle's seller has none.
    """
    if fmt not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    deal = find_deal(bundle, deal_id)
    (diagnosis,) = analyze(bundle, as_of=as_of, deal_ids=[deal.id], lang=lang)
    words = labels(diagnosis.lang)

    def view(limits: Limits) -> BriefView:
        slots = _slots(
            bundle, deal.id, as_of=as_of, words=words, busy=busy or (), tz=tz,
            seller_tz=seller_tz, limit=limits.slots,
        )  # fmt: skip
        return build_view(bundle, deal, diagnosis, words=words, slots=slots, limits=limits)

    if fmt == "pdf":
        return pdf([view(limits) for limits in DENSITIES])
    first = view(DENSITIES[0])
    return markdown(first) if fmt == "md" else html(first)

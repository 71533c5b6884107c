"""The call-prep brief: one page per deal in Markdown, HTML and PDF (product.md §6).

``render_brief(bundle, deal_id, *, as_of, fmt, lang=None, busy=None)`` is the API; the
labels of both languages live in ``data/labels_<lang>.toml``, the layout in
``templates/``.
"""

from buyerlens.report.labels import LANGUAGES, Labels, labels
from buyerlens.report.render import FORMATS, render_brief
from buyerlens.report.view import DENSITIES, BriefView, Limits

__all__ = [
    "DENSITIES",
    "FORMATS",
    "LANGUAGES",
    "BriefView",
    "Labels",
    "Limits",
    "labels",
    "render_brief",
]

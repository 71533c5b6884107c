"""The outreach coach: reads a seller's draft before the buyer does (issue 6).

``review(text, *, lang=None, context=None) -> Review`` flags what a busy, risk-averse,
detail-minded buyer would trip over (rules P1, P2, P3, B1, B2 of buyer-model.md) and
says, in the draft's language, what to change. ``context_from_bundle`` builds the
:class:`CoachContext` for a deal and contact of a bundle, so suggestions can name the
matching case study, an off-hours slot in the buyer's time zone and the deal's product.
Pure core: imports ``model`` only, reads only its own data files, never the clock.
"""

from buyerlens.coach._context import context_from_bundle
from buyerlens.coach._eval import EvalReport, LabelledDraft, Tally, evaluate, read_eval_set
from buyerlens.coach._review import detect_language, review
from buyerlens.coach._types import (
    FINDING_RULES,
    CoachContext,
    Cost,
    Explanation,
    Finding,
    Review,
    Stats,
)

__all__ = [
    "FINDING_RULES",
    "CoachContext",
    "Cost",
    "EvalReport",
    "Explanation",
    "Finding",
    "LabelledDraft",
    "Review",
    "Stats",
    "Tally",
    "context_from_bundle",
    "detect_language",
    "evaluate",
    "read_eval_set",
    "review",
]

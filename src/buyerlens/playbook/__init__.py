"""The playbook: actions, questions and role cards as bilingual data (R-C1, P1-P3, B1-B4).

:func:`advise` turns a deal's findings into actions and questions in one language;
questions are tracked as asked (the seller's own words) and answered (recorded answers).
:func:`load_catalog` reads and validates the data files.
"""

from buyerlens.playbook.catalog import LANGUAGES, RULE_IDS, Catalog, build_catalog, load_catalog
from buyerlens.playbook.render import OffHours, SlotOffer, advise, main_contact, role_card

__all__ = [
    "LANGUAGES",
    "RULE_IDS",
    "Catalog",
    "OffHours",
    "SlotOffer",
    "advise",
    "build_catalog",
    "load_catalog",
    "main_contact",
    "role_card",
]

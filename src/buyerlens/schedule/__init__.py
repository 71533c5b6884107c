"""Off-hours meeting slots and ``.ics`` in and out (R-P1). Pure: imports only ``model``.

- :func:`plan_slots` / :func:`propose_slots`: before work, lunch and after work in the
  buyer's time zone, free of the seller's busy times.
- :func:`read_busy`: busy intervals from iCalendar text, recurring events expanded.
- :func:`plan_invitation` / :func:`invitation`: a ``METHOD:REQUEST`` invitation.
"""

from buyerlens.schedule.busy import read_busy
from buyerlens.schedule.invite import Person, invitation, plan_invitation
from buyerlens.schedule.settings import SlotSettings, WorkingHours, default_settings
from buyerlens.schedule.slots import (
    Busy,
    Slot,
    SlotPlan,
    ZoneChoice,
    buyer_zone,
    find_deal,
    main_contact,
    plan_slots,
    propose_slots,
    seller_zone,
    zone_info,
)

__all__ = [
    "Busy",
    "Person",
    "Slot",
    "SlotPlan",
    "SlotSettings",
    "WorkingHours",
    "ZoneChoice",
    "buyer_zone",
    "default_settings",
    "find_deal",
    "invitation",
    "main_contact",
    "plan_invitation",
    "plan_slots",
    "propose_slots",
    "read_busy",
    "seller_zone",
    "zone_info",
]

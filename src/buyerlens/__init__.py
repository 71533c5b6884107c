"""buyerlens: see every deal from behind the buyer's desk.

The package is a pure core (``model``, ``signals``, ``diagnose``, ``playbook``, ``coach``,
``schedule``, ``engine``) with thin shells around it (``store``, ``ingest``, ``report``,
``web``, ``cli``). See ``shared/design/architecture.md`` for the one-way arrows.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

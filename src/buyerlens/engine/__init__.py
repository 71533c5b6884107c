"""The one entry point to the core: :func:`analyze` a bundle at a moment in time.

Pure: no I/O besides the package's own data files, no clock (the caller passes
``as_of``). The CLI, the web app, the API and batch runners all call this, so they give
the same answer for the same deal.
"""

from buyerlens.engine.analyze import analyze, default_reader, diagnose

__all__ = ["analyze", "default_reader", "diagnose"]

"""Readers that turn sources (bundle, CRM CSV, e-mail, calendar) into bundle records.

:data:`FORMATS` is the registry behind ``buyerlens import --format``; :func:`detect`
picks a format from a file when none is given.
"""

from __future__ import annotations

from pathlib import Path

from buyerlens.ingest.base import Format, ReadOptions, ReadResult, Rejected
from buyerlens.ingest.bundle_reader import looks_like_bundle, read_bundles
from buyerlens.ingest.calendar import looks_like_calendar, read_calendar
from buyerlens.ingest.crm import detector, reader
from buyerlens.ingest.layouts import load_mapping
from buyerlens.ingest.mail import looks_like_mail, read_mail
from buyerlens.ingest.rejects import write_rejects
from buyerlens.model import UsageError

FORMATS: dict[str, Format] = {
    "bundle": Format("bundle", read_bundles, looks_like_bundle, "a buyerlens/v1 JSON bundle"),
    "hubspot": Format("hubspot", reader("hubspot"), detector("hubspot"), "HubSpot CSV export"),
    "salesforce": Format(
        "salesforce", reader("salesforce"), detector("salesforce"), "Salesforce CSV export"
    ),
    "pipedrive": Format(
        "pipedrive", reader("pipedrive"), detector("pipedrive"), "Pipedrive CSV export"
    ),
    "csv": Format("csv", reader("csv"), detector("csv"), "pipeline CSV in buyerlens's columns"),
    "mail": Format("mail", read_mail, looks_like_mail, ".eml files and mbox archives"),
    "calendar": Format("calendar", read_calendar, looks_like_calendar, ".ics calendars"),
}


def detect(path: Path) -> str:
    """The name of the format of ``path``, judged from its name and first bytes."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    for name, fmt in FORMATS.items():
        if fmt.detect(path, head):
            return name
    known = ", ".join(FORMATS)
    raise UsageError(f"{path}: cannot tell the format of this file; pass --format (one of {known})")


def read(
    paths: list[Path], *, fmt: str | None = None, options: ReadOptions | None = None
) -> ReadResult:
    """Read ``paths`` in format ``fmt`` (detected from the first file when None)."""
    if not paths:
        raise UsageError("no input files given")
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    name = fmt or detect(paths[0])
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[name].read(paths, options or ReadOptions())


__all__ = [
    "FORMATS",
    "Format",
    "ReadOptions",
    "ReadResult",
    "Rejected",
    "detect",
    "load_mapping",
    "read",
    "write_rejects",
]

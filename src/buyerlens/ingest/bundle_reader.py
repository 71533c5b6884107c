"""The ``bundle`` format: a ``buyerlens/v1`` JSON file, read and checked whole."""

from __future__ import annotations

from pathlib import Path

from buyerlens.ingest.base import ReadOptions, ReadResult
from buyerlens.model import Bundle, BundleError, parse_bundle


def read_bundles(paths: list[Path], options: ReadOptions) -> ReadResult:
    """Read and merge bundle files. A bundle is all or nothing: a bad one is an error."""
    del options
    merged: Bundle | None = None
    read = 0
    for path in paths:
        bundle = parse_bundle(path.read_bytes(), name=str(path))
        read += _count(bundle)
        merged = bundle if merged is None else merge(merged, bundle, name=str(path))
    return ReadResult(bundle=merged or Bundle(), read=read)


def _count(bundle: Bundle) -> int:
    return (
        len(bundle.accounts)
        + len(bundle.contacts)
        + len(bundle.deals)
        + len(bundle.interactions)
        + len(bundle.commitments)
        + len(bundle.answers)
    )


def merge(first: Bundle, second: Bundle, *, name: str) -> Bundle:
    """Join two bundles; the second's seller wins when both have one."""
    data = first.model_dump()
    other = second.model_dump()
    for key in ("accounts", "contacts", "deals", "interactions", "commitments", "answers"):
        data[key] = data[key] + other[key]
    if other.get("seller"):
        data["seller"] = other["seller"]
    try:
        return parse_bundle(data, name=name)
    except BundleError as exc:
        raise BundleError(
            f"{name} clashes with the files before it: {exc.message}", issues=exc.issues
        ) from None


def looks_like_bundle(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".json" or b'"buyerlens/v1"' in head

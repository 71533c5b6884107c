"""What every reader returns, and the registry of formats behind ``buyerlens import``.

A reader turns one file into records of the bundle model. It never writes to the
database: the import command hands :attr:`ReadResult.bundle` to the store in one
transaction, and writes :attr:`ReadResult.rejected` to a reject file beside the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from buyerlens.model import Bundle, Issue


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be read: where it is, why, and its raw content."""

    file: str
    line: int | None
    field: str
    reason: str
    raw: str = ""

    def issue(self) -> Issue:
        return Issue(path=self.field, message=self.reason, line=self.line, file=self.file)


@dataclass(slots=True)
class ReadResult:
    """The records read from one or more files, the ones rejected, and how many were read."""

    bundle: Bundle
    rejected: list[Rejected] = field(default_factory=list)
    read: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options every reader may use; readers ignore what does not concern them."""

    mapping: dict[str, str] | None = None
    ours: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


Reader = Callable[[list[Path], ReadOptions], ReadResult]
Detector = Callable[[Path, bytes], bool]


@dataclass(frozen=True, slots=True)
class Format:
    """A registered import format: its name, how to read it, how to recognise a file."""

    name: str
    read: Reader
    detect: Detector
    help: str

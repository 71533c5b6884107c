"""``buyerlens signals --jobs N``: one JSON-lines file read by N worker processes.

The file is cut into N parts by byte offset, each cut just after a line break; every
worker opens the file itself, reads its own part line by line (no message is sent to it
through a pipe) and writes its output records to a file of its own. The parent then
writes the parts' records in order, so the output is exactly that of one process, line
for line, and reports the bad lines with their line numbers in the whole file (each
worker counts its own lines; the parent adds the lines of the parts before).

Workers are forked where the platform can (the parent builds the automata first, so a
worker starts reading at once); elsewhere they are spawned and build their own.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

#: ``process(lines, first_line_no) -> iterator of (line_no, record or error message)``
Process = Callable[[Iterator[str], int], Iterator[tuple[int, dict[str, Any] | str]]]


class _Part(io.RawIOBase):
    """The bytes ``[start, end)`` of an open file, as a stream of their own."""

    def __init__(self, fh: io.BufferedReader, start: int, end: int) -> None:
        fh.seek(start)
        self._fh = fh
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        n: int = self._fh.readinto(view)
        self._left -= n
        return n


def cut_points(path: Path, parts: int) -> list[tuple[int, int]]:
    """``parts`` byte ranges covering the file, each ending just after a line break or at
    the end of the file (then the ranges after it are empty)."""
    size = path.stat().st_size
    bounds = [0]
    with path.open("rb") as fh:
        for i in range(1, parts):
            at = max(bounds[-1], size * i // parts)
            if at >= size:
                bounds.append(size)
                continue
            fh.seek(at)
            if at > 0:
                fh.seek(at - 1)
                if fh.read(1) != b"\n":  # not already at a line's start: go past its end
                    at += len(fh.readline())
            bounds.append(min(at, size))
    bounds.append(size)
    return list(pairwise(bounds))


@dataclass(frozen=True)
class PartResult:
    lines: int  # lines read (blank ones included), for the next part's line numbers
    errors: list[tuple[int, str]]  # (line number within the part, message)


def _read_part(
    path: str, start: int, end: int, out: str, process: Process
) -> PartResult:  # pragma: no cover - runs in the worker processes
    return read_part(Path(path), start, end, Path(out), process)


def read_part(path: Path, start: int, end: int, out: Path, process: Process) -> PartResult:
    """Read the file's bytes ``[start, end)`` as the whole-file reader would (UTF-8,
    universal newlines), write each output record as a JSON line to ``out``."""
    import json

    errors: list[tuple[int, str]] = []
    count = 0

    def counted(lines: Iterator[str]) -> Iterator[str]:
        nonlocal count
        for line in lines:
            count += 1
            yield line

    with path.open("rb") as raw, out.open("w", encoding="utf-8") as sink:
        text = io.TextIOWrapper(io.BufferedReader(_Part(raw, start, end)), encoding="utf-8")
        for no, result in process(counted(text), 1):
            if isinstance(result, str):
                errors.append((no, result))
            else:
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
    return PartResult(count, errors)


def run_parts(
    path: Path, jobs: int, process: Process, *, warm: Callable[[], None]
) -> Iterator[tuple[Path, list[tuple[int, str]]]]:
    """Read ``path`` with ``jobs`` workers; yields, part by part in file order, the file
    holding the part's output records and its errors with whole-file line numbers."""
    ranges = cut_points(path, jobs)
    fork = "fork" in mp.get_all_start_methods() and sys.platform != "darwin"
    if fork:
        warm()  # build the automata once; forked workers share them
    context = mp.get_context("fork" if fork else "spawn")
    with tempfile.TemporaryDirectory(prefix="buyerlens-signals-") as tmp:
        outs = [Path(tmp) / f"part{i}.jsonl" for i in range(len(ranges))]
        with ProcessPoolExecutor(max_workers=len(ranges), mp_context=context) as pool:
            futures = [
                pool.submit(_read_part, str(path), start, end, str(out), process)
                for (start, end), out in zip(ranges, outs, strict=True)
            ]
            before = 0
            for future, out in zip(futures, outs, strict=True):
                part = future.result()
                yield out, [(before + no, msg) for no, msg in part.errors]
                before += part.lines


def copy_to(out: Path, stream: Any) -> None:
    """Write a part's output file to ``stream`` (the command's standard output)."""
    with out.open(encoding="utf-8") as fh:
        shutil.copyfileobj(fh, stream)


def stdin_to_file(directory: str) -> Path:
    """Standard input saved to a file, so that workers can each read a part of it."""
    path = Path(directory) / "stdin.jsonl"
    with path.open("wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh)
    return path


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1

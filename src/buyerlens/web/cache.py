"""A bounded in-process cache of diagnoses, keyed by what they depend on.

A diagnosis depends on the deal's records, the language and "now". The cache keys an
entry by ``(deal, lang)`` and keeps the fingerprint of the deal's records and the
minute of ``as_of`` it was computed for: when the deal changes (an interaction logged,
a promise marked done, an answer recorded; by this app, the API or an import), the
fingerprint differs and the entry is recomputed. Writes through the app also call
:meth:`DiagnosisCache.invalidate` so nothing stale is served even for a moment.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from buyerlens.model import Bundle


def fingerprint(bundle: Bundle) -> str:
    """A digest of every record the diagnosis reads."""
    return hashlib.sha256(bundle.model_dump_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    as_of: datetime
    value: Any


class DiagnosisCache:
    """LRU of at most ``maxsize`` entries; thread-safe (Uvicorn runs sync routes in threads)."""

    def __init__(self, *, maxsize: int = 2048) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[str, str], Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, deal: str, lang: str, *, fingerprint: str, as_of: datetime) -> Any | None:
        with self._lock:
            entry = self._entries.get((deal, lang))
            if entry is None or entry.fingerprint != fingerprint or entry.as_of != as_of:
                self.misses += 1
                return None
            self._entries.move_to_end((deal, lang))
            self.hits += 1
            return entry.value

    def put(self, deal: str, lang: str, value: Any, *, fingerprint: str, as_of: datetime) -> None:
        with self._lock:
            self._entries[(deal, lang)] = Entry(fingerprint, as_of, value)
            self._entries.move_to_end((deal, lang))
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def invalidate(self, deal: str) -> None:
        with self._lock:
            for key in [k for k in self._entries if k[0] == deal]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

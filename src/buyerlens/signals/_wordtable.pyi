"""Type stub of the C extension ``_wordtable.c`` (the learned layer's word table)."""

from collections.abc import Sequence

#: how many places of a word a read keeps
PLACES: int

class WordTable:
    def __init__(self, k: int, closed_nonalpha: bool = False) -> None: ...
    @property
    def k(self) -> int: ...
    def __len__(self) -> int: ...
    def add(self, word: str, weights: Sequence[float] | None) -> int: ...
    def read(
        self, text: str, keys: Sequence[str], bias: Sequence[float]
    ) -> tuple[list[float], bytes, bytes, None] | tuple[None, None, None, list[str]]: ...
    def evidence(
        self,
        ids: bytes,
        places: bytes,
        kind: int,
        body: str,
        asking: bool,
        bp_norm: Sequence[int],
        bp_delta: Sequence[int],
        few: int,
        far: int,
    ) -> int: ...
    def speaking(
        self, ids: bytes, places: bytes, kind: int, limit: int
    ) -> list[tuple[str, float, tuple[int, ...]]]: ...

"""Type stub of the C extension ``_scan.c`` (the scan buffer of ASCII text; the scan's
hand-over to the extractor; the bounds of a hit's sentence; the function-word count of
the language detection)."""

#: the payload codes the extension was built with (extractor.py checks them at import)
CODES: dict[str, int]

def collect(
    found: list[tuple[int, int, int]],
    plain: bytes,
    offsets: bytes,
    records: bytes,
    ids: tuple[str, ...],
    hits: list[tuple[int, int, int]],
    money: list[tuple[int, int, int, int]],
    neg_pre: list[int],
    neg_after: list[int],
    contrast: list[int],
    requests: list[int],
    required: dict[str, list[int]],
    unless: dict[str, list[int]],
    unless_clause: dict[str, list[int]],
    tone: list[tuple[int, int, int]],
) -> None: ...
def fold_ascii(text: str) -> str: ...
def sentence_end(body: str, pos: int, endpos: int) -> tuple[int, int, bool] | None: ...
def sentence_start(body: str, lo: int, start: int) -> int: ...

class WordSigns:
    """A sign per function word; :meth:`lead` sums them over a text's words."""

    def __init__(self, words: dict[str, int]) -> None: ...
    def lead(self, text: str, limit: int, fold: bool) -> int: ...

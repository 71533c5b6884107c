"""Read a draft: where its body is, its sentences and words, its phrases, its reading ease.

The body is the draft without its greeting line ("Hi Eva,"), its sign-off and signature
("Kind regards, ...") and any quoted history ("On ... wrote:", lines starting with
``>``). Offsets always point into the original text: normalisation only swaps one
character for another (curly quotes, non-breaking spaces), so lengths never change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import time
from functools import cache, lru_cache

import pyphen

from buyerlens.coach._data import Lexicon, lexicon, thresholds
from buyerlens.signals import extract

_SAME_LENGTH = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2011": "-"}
)
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_LINE = re.compile(r"[^\n]*\n?")
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
_BULLET = re.compile(r"\s*(?:[-*\u2022]|\d+[.)])\s+")
_LOWER_START = re.compile(r"\s*[a-z\u00e0-\u00ff]")
_SIGNATURE_DASHES = re.compile(r"--\s*")
_PYPHEN_LANG = {"nl": "nl_NL", "en": "en_US"}
#: Seller signals (buyerlens.signals) the coach reads next to its own phrases. The
#: coach keeps its own, stricter credibility phrases: a first contact needs a concrete
#: case, years or an award, and "fully certified" is no such thing.
SIGNAL_KINDS: tuple[str, ...] = ("vague_claim", "commitment", "current_price_question")


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase of the lexicon found in the draft."""

    kind: str
    entry: str
    start: int
    end: int
    text: str
    hour: time | None = None
    zone: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    words: int
    question: bool


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft read once; every rule looks at this."""

    text: str
    lang: str
    body_start: int
    body_end: int
    sentences: tuple[Sentence, ...]
    word_spans: tuple[tuple[int, int], ...]
    hits: dict[str, tuple[Hit, ...]]
    seller_words: int = 0
    buyer_words: int = 0

    @property
    def words(self) -> int:
        return len(self.word_spans)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset``, if any."""
        index = bisect_right([s.start for s in self.sentences], offset) - 1
        if index >= 0 and self.sentences[index].start <= offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def kinds_in(self, sentence: Sentence, kind: str) -> list[Hit]:
        """The hits of ``kind`` inside ``sentence``."""
        return [h for h in self.hits.get(kind, ()) if sentence.start <= h.start < sentence.end]


def normalise(text: str) -> str:
    """The same text with typographic quotes and spaces made plain (same length)."""
    return text.translate(_SAME_LENGTH)


def _frame(text: str, lex: Lexicon) -> tuple[int, int, int]:
    """(body start, body end, end before quoted history) of ``text``."""
    start, end, quote_end, seen_content = 0, len(text), len(text), False
    offset = 0
    for raw in _LINE.findall(text):
        if not raw:
            break
        line = raw.strip()
        line_start = offset
        offset += len(raw)
        if not line:
            continue
        if line.startswith(">") or lex.line["quote_header"].fullmatch(line):
            quote_end = line_start
            end = min(end, line_start)
            break
        if not seen_content:
            greeting = lex.line["greeting"].match(line)
            if greeting and (greeting.end() == len(line) or line[greeting.end() - 1] in ",!"):
                start = line_start + (len(raw) - len(raw.lstrip())) + greeting.end()
                seen_content = greeting.end() < len(line)
                continue
        if (
            seen_content
            and end == len(text)
            and (lex.line["sign_off"].fullmatch(line) or _SIGNATURE_DASHES.fullmatch(line))
        ):
            end = line_start
        seen_content = True
    return start, min(end, quote_end), quote_end


def _segments(
    text: str, start: int, end: int, abbreviations: frozenset[str]
) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``: ends of sentences and of paragraphs."""
    # Lines: a hard-wrapped line continues when the next one starts in lower case.
    lines: list[tuple[int, int]] = []
    offset = start
    for raw in _LINE.findall(text[start:end]):
        if not raw:
            break
        span = (offset, offset + len(raw.rstrip()))
        offset += len(raw)
        if span[0] == span[1] or not text[span[0] : span[1]].strip():
            continue
        body = text[span[0] : span[1]]
        if (
            lines
            and _LOWER_START.match(body)
            and not _BULLET.match(body)
            and text[lines[-1][1] - 1] not in ".!?:;"
        ):
            lines[-1] = (lines[-1][0], span[1])
        else:
            lines.append(span)
    out: list[tuple[int, int]] = []
    for line_start, line_end in lines:
        piece_start = line_start
        for match in _END.finditer(text, line_start, line_end):
            before = text[piece_start : match.start()].split()
            token = before[-1].lower().rstrip(".") if before else ""
            if match.group().startswith(".") and (token in abbreviations or token.isdigit()):
                continue
            out.append((piece_start, match.end()))
            piece_start = match.end()
        if text[piece_start:line_end].strip():
            out.append((piece_start, line_end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out]


def _hits(
    text: str, lex: Lexicon, start: int, end: int, cred_end: int
) -> dict[str, tuple[Hit, ...]]:
    out: dict[str, tuple[Hit, ...]] = {}
    for kind, pattern in lex.span.items():
        stop = cred_end if kind == "credibility" else end
        found = []
        for match in pattern.finditer(text, start, stop):
            entry = lex.entry_of(match)
            found.append(
                Hit(
                    kind,
                    entry.id,
                    match.start(),
                    match.end(),
                    match.group(),
                    entry.hour,
                    entry.zone,
                )
            )
        out[kind] = tuple(found)
    return out


def _with_signals(
    text: str, lang: str, hits: dict[str, tuple[Hit, ...]], start: int, end: int
) -> dict[str, tuple[Hit, ...]]:
    """Add the signal extractor's seller signals that the coach's phrases did not cover.

    The lexicon alone: the coach marks phrases in the seller's own draft, one by one, and
    a false mark costs the seller's trust; the learned layer decides per message and its
    evidence is a whole sentence (docs/signals.md), which suits reading a buyer's mail."""
    out = dict(hits)
    signals = extract(text, role="seller", lang=lang, learned=False)
    for kind in SIGNAL_KINDS:
        own = out.get(kind, ())
        extra = [
            Hit(kind, s.entry or kind, s.start, s.end, text[s.start : s.end])
            for s in signals
            if s.kind == kind
            and start <= s.start < end
            and not any(h.start < s.end and s.start < h.end for h in own)
        ]
        if extra:
            out[kind] = tuple(sorted((*own, *extra), key=lambda h: h.start))
    return out


def _person_words(text: str, words: tuple[tuple[int, int], ...], lex: Lexicon) -> tuple[int, int]:
    """(words for the seller's side: we, our; words for the buyer: you, your)."""
    seller = buyer = 0
    for start, end in words:
        word = text[start:end]
        if word == "US":
            continue
        lower = word.lower()
        seller += lower in lex.first_person
        buyer += lower in lex.second_person
    return seller, buyer


def read_draft(text: str, lang: str) -> Draft:
    """Read ``text`` (in ``lang``) once: frame, sentences, words and phrase hits."""
    lex = lexicon(lang)
    norm = normalise(text)
    start, end, quote_end = _frame(norm, lex)
    spans = _segments(norm, start, end, lex.abbreviations)
    sentences = []
    for s, e in spans:
        count = len(_WORD.findall(norm, s, e))
        if count:
            sentences.append(Sentence(s, e, count, norm[s:e].rstrip().endswith("?")))
    words = tuple(m.span() for m in _WORD.finditer(norm, start, end))
    seller, buyer = _person_words(norm, words, lex)
    return Draft(
        seller_words=seller,
        buyer_words=buyer,
        text=norm,
        lang=lang,
        body_start=start,
        body_end=end,
        sentences=tuple(sentences),
        word_spans=words,
        hits=_with_signals(norm, lang, _hits(norm, lex, start, end, quote_end), start, end),
    )


@cache
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_PYPHEN_LANG[lang])


_EN_SILENT_END = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
_EN_VOWELS = re.compile(r"[aeiouy]{1,2}")
_NOT_LETTER = re.compile(r"[^a-z]")


def _english_syllables(word: str) -> int:
    """Vowel groups minus a silent final e/es/ed: pyphen's English patterns split too
    little for counting ("provider" has one break), and textstat's English path needs
    NLTK's cmudict, which it downloads at run time."""
    letters = _NOT_LETTER.sub("", word)
    if len(letters) <= 3:
        return 1
    letters = _EN_SILENT_END.sub("", letters).removeprefix("y")
    return max(1, len(_EN_VOWELS.findall(letters)))


@lru_cache(maxsize=50_000)
def syllables(word: str, lang: str) -> int:
    """Syllables of one word: Dutch from the hyphenation dictionary textstat uses
    (pyphen), English by vowel groups."""
    lower = word.lower()
    if lang == "en":
        return _english_syllables(lower)
    return len(_hyphenator(lang).positions(lower)) + 1


def reading_ease(draft: Draft) -> tuple[float | None, str]:
    """(Flesch reading ease or Flesch-Douma, the formula's name); None without text."""
    config = thresholds()["readability"][draft.lang]
    if not draft.sentences or not draft.word_spans:
        return None, str(config["formula"])
    text = draft.text
    total = sum(syllables(text[s:e], draft.lang) for s, e in draft.word_spans)
    per_sentence = draft.words / len(draft.sentences)
    per_word = total / draft.words
    score = (
        float(config["base"])
        - float(config["per_sentence_word"]) * per_sentence
        - float(config["per_syllable"]) * per_word
    )
    return round(score, 1), str(config["formula"])

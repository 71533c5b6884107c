"""Call notes: which lines are the seller's own, and who promised what.

A call note (a CRM activity, a meeting report) holds both sides' words, so it is read
with both roles. But the note's author is the seller, and some lines are plainly theirs:

* a line the author labels as a promise, an offer or their next step: "Toegezegd:
  samples voor 18/9", "Promised: sample bags by 30 Oct", "Next: send offer by next
  week", "Voorstel: staffelprijs maken ...";
* a line in which a named person of the seller's side takes an action: "- Ruud stuurt
  de DoC uiterlijk vrijdag 23/10", "Tom to send the revised quote by Friday", "Actie
  Ruud: tekening aanpassen", or a name under an "Afspraken:" / "Next steps:" heading;
* the seller's question, up to its colon: "Gevraagd hoe de beslissing loopt: ...".

And what the note quotes in double quotes is the buyer's words, not the seller's.

Read for the buyer, such a line gave false evidence: the seller's own due date
"uiterlijk vrijdag" looked like the buyer's time pressure (R-P1), the seller's proposed
prices like the buyer's price anchor (R-B2). :func:`read_note` reads a note for both
roles, drops the buyer's signals in the seller's lines, and makes each promise in
them a ``commitment`` of the seller with its due date (R-B1, R-P3: a promise to keep).

Who a name belongs to is the caller's knowledge: ``buyer_people`` are the buyer's
people (the bundle's contacts and accounts). A line that names one of them stays the
buyer's; a name nobody knows is taken as the seller's colleague (the note is the
seller's). Limits: a promise written verb first ("Vrijdag stuurt Ruud ...") and
first-person lines ("Ik heb 3% korting geboden", often mixed with the buyer's answer)
are left to the lexicon, which reads both roles there as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from buyerlens.signals.message import split_message
from buyerlens.signals.names import name_forms
from buyerlens.signals.types import Signal
from buyerlens.signals.values import find_due

# Present-tense promise verbs of a named subject (Dutch third person singular and
# plural; English third person) and the infinitives that may follow a modal ("Ruud gaat
# de DoC sturen", "Tom will send", "Tom to send").
_NL_FINITE = (
    "stuurt sturen verstuurt versturen levert leveren mailt mailen belt bellen bezorgt "
    "bezorgen bevestigt bevestigen regelt regelen zorgt zorgen maakt maken past passen "
    "checkt checken controleert controleren zoekt zoeken plant plannen boekt boeken werkt "
    "werken vraagt vragen informeert informeren neemt nemen bereidt bereiden brengt brengen "
    "berekent berekenen deelt delen organiseert organiseren reserveert reserveren "
    "bezoekt bezoeken test testen geeft geven"
)
_NL_MODAL = "gaat gaan zal zullen"
_NL_INFINITIVE = (
    "sturen versturen leveren mailen bellen bezorgen bevestigen regelen zorgen maken "
    "aanpassen checken controleren uitzoeken plannen boeken uitwerken navragen informeren "
    "opnemen voorbereiden brengen berekenen delen organiseren reserveren bezoeken testen "
    "terugkomen doorsturen opsturen nasturen toesturen aanleveren uitrekenen geven"
)
_EN_FINITE = (
    "sends delivers emails e-mails mails calls phones rings confirms arranges checks "
    "follows gets books prepares provides shares organises organizes schedules drafts "
    "updates finds looks makes quotes revises reviews sets sorts chases visits brings "
    "ships tests runs forwards"
)
_EN_BASE = (
    "send deliver email e-mail mail call phone ring confirm arrange check follow get book "
    "prepare provide share organise organize schedule draft update find look make quote "
    "revise review set sort chase visit bring ship test run forward come"
)
_EN_MODAL = r"will|'ll|’ll|shall|to|is going to|are going to|is to|are to"

#: Labels of the author's own lines: a promise (always a ``commitment``) ...
PROMISE_LABELS = (
    "toegezegd", "beloofd", "belofte", "zelf toegezegd", "wij beloven", "we beloven",
    "promised", "committed", "we promised", "i promised", "commitment",
)  # fmt: skip
#: ... or the seller side's own step, offer or lesson (the seller's, but no promise)
OWN_LABELS = (
    "actie", "actiepunt", "actiepunten", "acties", "to do", "todo", "volgende stap",
    "volgende stappen", "vervolgstap", "vervolgstappen", "vervolg", "voorstel",
    "aangeboden", "geboden", "les", "lessen", "geleerd", "notitie voor mezelf", "intern",
    "next", "next step", "next steps", "follow-up", "follow up", "action", "actions",
    "action item", "action items", "offered", "proposed", "proposal", "lesson", "lessons",
    "lesson learned", "lessons learned", "note to self", "internal",
)  # fmt: skip

#: Words that start a line in a note but name nobody: pronouns (the lexicon reads "we
#: sturen" already), articles, departments, days and adverbs.
_NOT_NAME_WORDS = """
    ik wij we jij je u hij zij ze men het hun iedereen niemand klant klanten inkoop inkoper
    leverancier leveranciers kwaliteit productie techniek directie management finance
    de een deze die dit dat daarna dan vervolgens verder ook nu morgen vandaag maandag
    dinsdag woensdag donderdag vrijdag zaterdag zondag volgende graag wel niet nog beide
    allebei team verkoop sales marketing logistiek logistics it hr legal juridisch planning
    magazijn warehouse operations onderhoud maintenance qa qc boekhouding accounting
    administratie crediteuren leiding bedrijf company firma
    i you he she they it everyone nobody customer customers client buyer supplier
    procurement purchasing quality production engineering the a an this that these those
    then next also now tomorrow today monday tuesday wednesday thursday friday saturday
    sunday both all our their
    """
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def _alts(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (longest first; a space matches any spacing)."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


_CAP = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+"
#: "Ruud", "Ruud Jansen", "Bart Van Damme", "Anne-Marie van der Berg"
_NAME = rf"{_CAP}(?:\s+(?:(?i:van|de|der|den|ter|te|het)\s+){{0,2}}{_CAP}){{0,2}}"
_NAMES = rf"(?P<names>{_NAME}(?:\s*(?:,|\+|&|\ben\b|\band\b)\s*{_NAME}){{0,3}})"
_SPLIT_NAMES = re.compile(r"\s*(?:,|\+|&|\ben\b|\band\b)\s*")
_ROLE = r"(?:\s*\([^()\n]{0,60}\))?"
_BULLET = r"(?:[-*•–·]+|\d{1,2}[.)])"
_LINE_START = rf"(?:^|(?<=\n)|(?<=[.!?;]\s))[ \t]*{_BULLET}?[ \t]*"
_TASK = r"(?:actie(?:punt)?|action(?:\s+item)?|ap|to\s*do|todo)"

#: "Ruud stuurt ...", "Tom + Ruud (engineering) gaan ... sturen", "Tom will send ...",
#: "Actie: Ruud stuurt ...", "Ruud to send ..."
_ACTION = re.compile(
    rf"{_LINE_START}(?:(?i:{_TASK})\s*[:\-–]\s*)?{_NAMES}{_ROLE}\s+"
    rf"(?P<verb>(?i:{_alts(_NL_FINITE.split())}|{_alts(_EN_FINITE.split())})\b"
    rf"|(?i:{_alts(_NL_MODAL.split())})\b"
    rf"(?=(?:[^\n.!?;]*?\s)?(?i:{_alts(_NL_INFINITIVE.split())})\b)"
    rf"|(?i:{_EN_MODAL})\s+(?i:{_alts(_EN_BASE.split())})\b)"
)
#: "Actie Ruud: tekening aanpassen", "Action item for Tom: revised quote"
_ASSIGNED = re.compile(rf"{_LINE_START}(?i:{_TASK})\s+(?:(?i:voor|for)\s+)?{_NAMES}{_ROLE}\s*:")
#: "Toegezegd: ...", "- Next: send offer by next week"
_LABELLED = re.compile(
    rf"(?:^|(?<=\n))[ \t]*{_BULLET}?[ \t]*(?P<label>(?i:{_alts((*PROMISE_LABELS, *OWN_LABELS))}))"
    r"[ \t]*:"
)
_PROMISES = frozenset(PROMISE_LABELS)
#: An "Afspraken:" / "Next steps:" heading: its bullet lines "- Ruud: ..." (or "- Ruud
#: DoC sturen") are action items of the people they start with
_HEADING = re.compile(
    r"(?im)^[ \t]*(?:afspraken|actiepunten|acties|vervolgstappen|volgende stappen|to ?do|"
    r"action items|actions|next steps|follow[ -]ups?|agreed actions)[ \t]*:?[ \t]*$"
)
#: "Gevraagd hoe de beslissing loopt: ...", "Asked how she'd rate Northern on 1-10: ...",
#: "Ik heb hem gevraagd of ...": the seller's question (to the colon; the buyer's answer
#: follows it), a question word right after the verb. "Asked for references" or
#: "gevraagd naar de prijs" is more often the buyer's request, and a question about the
#: seller's side is the buyer's ("Asked whether we would give a written guarantee"), see
#: :data:`_ABOUT_US`.
_THEM = r"(?:hem|haar|ze|hen|him|her|them)"
_ASKED = re.compile(
    rf"{_LINE_START}(?P<label>(?i:(?:ik|i)\s+(?:heb\s+)?(?:{_THEM}\s+)?(?:gevraagd|vroeg|asked)"
    rf"|(?:gevraagd|vroeg ik|asked)(?:\s+{_THEM})?))\b"
    r"(?=\s+(?i:hoe|of|wie|wat|welke|wanneer|waarom|waar|how|whether|if|what|who|which|why"
    r"|when|where)\b)"
)
_ABOUT_US = re.compile(r"(?i)\b(?:our|ours|us|we|ons|onze|wij)\b")
_QUESTION_END = re.compile(r":|\n|[.!?]+(?=\s|$)")
#: Words in double quotes in a note: what the buyer said, in their words
_QUOTED = re.compile(r'"[^"\n]{1,400}"|“[^”\n]{1,400}”|„[^”“\n]{1,400}[”“]')
_BLOCK_LINE = re.compile(rf"[ \t]*{_BULLET}[ \t]*{_NAMES}{_ROLE}\s*[:\-–]?\s")
_END = re.compile(r"\n|;|[.!?]+(?=\s|$)")


@dataclass(frozen=True, slots=True)
class NoteLine:
    """A line of a note that is one side's own: ``text[start:end]``.

    ``who`` are the people it names as the ones acting (as written; empty: the note's
    author); ``label`` the author's label ("toegezegd", "next"), lower case, if any;
    ``due`` the due date it says (``due_text``), resolved against the note's time.
    """

    who: tuple[str, ...]
    start: int
    end: int
    label: str | None
    due: datetime | None
    due_text: str | None

    @property
    def promise(self) -> bool:
        """Does the line promise something: a named person's action, or a promise label?
        (An own step, "Next: send offer by next week", is the seller's plan, not a
        promise made to the buyer: it is not tracked as one.)"""
        return bool(self.who) or self.label in _PROMISES


def note_lines(text: str, *, at: datetime | None = None) -> list[NoteLine]:
    """The labelled and the action lines in the author's new words of a note, in order
    (linear time; a line found twice is kept once, its first reading wins)."""
    parts = split_message(text)
    if parts.is_out_of_office or parts.end <= parts.start:
        return []
    lo, hi = text.rfind("\n", 0, parts.start) + 1, parts.end  # from the first line's start
    found: dict[int, NoteLine] = {}
    for m in _LABELLED.finditer(text, lo, hi):
        label = " ".join(m.group("label").lower().split())
        _add(found, text, m.start("label"), _line_end(text, m.end(), hi), (), label, at)
    for m in _ASKED.finditer(text, lo, hi):
        term = _QUESTION_END.search(text, m.end(), hi)
        end = (
            term.start()
            if term is not None and term.group() in ":\n"
            else (term.end() if term is not None else hi)
        )
        if not _ABOUT_US.search(text, m.end(), end):
            _add(found, text, m.start("label"), end, (), "asked", at)
    for pattern in (_ACTION, _ASSIGNED):
        for m in pattern.finditer(text, lo, hi):
            who = _people(m.group("names"))
            if who:
                _add(found, text, m.start("names"), _sentence_end(text, m.end(), hi), who, None, at)
    block_end = lo
    for h in _HEADING.finditer(text, lo, hi):
        if h.start() < block_end:
            continue  # a heading inside the block read already: each line is read once
        line = h.end() + 1
        while line < hi:
            line_end = _line_end(text, line, hi)
            if not text[line:line_end].strip():
                break  # a blank line ends the block
            bullet = _BLOCK_LINE.match(text, line, line_end)
            who = _people(bullet.group("names")) if bullet is not None else ()
            if bullet is not None and who:
                _add(found, text, bullet.start("names"), line_end, who, None, at)
            line = line_end + 1
        block_end = line
    return _outermost(found)


def _people(names: str) -> tuple[str, ...]:
    """The names of a match, or nothing when one of them is a word that names nobody."""
    who = tuple(n for n in _SPLIT_NAMES.split(names) if n)
    if not who or any(n.split()[0].lower() in _NOT_NAMES for n in who):
        return ()
    return who


def _line_end(text: str, pos: int, hi: int) -> int:
    nl = text.find("\n", pos, hi)
    return hi if nl < 0 else nl


def _sentence_end(text: str, pos: int, hi: int) -> int:
    term = _END.search(text, pos, hi)
    if term is None:
        return hi
    return term.start() if term.group() in "\n;" else term.end()


def _add(
    found: dict[int, NoteLine],
    text: str,
    start: int,
    end: int,
    who: tuple[str, ...],
    label: str | None,
    at: datetime | None,
) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if start in found or end <= start:
        return
    said = find_due(text, start, end, at) if label != "asked" else None
    due, due_text = said if said is not None else (None, None)
    found[start] = NoteLine(who, start, end, label, due, due_text)


def _outermost(found: dict[int, NoteLine]) -> list[NoteLine]:
    """The lines in order, without one that lies inside an earlier one (an action named
    inside a labelled line: the label's line is the unit)."""
    out: list[NoteLine] = []
    for start in sorted(found):
        line = found[start]
        if out and line.start < out[-1].end:
            continue
        out.append(line)
    return out


def names_match(who: str, people: Collection[str]) -> bool:
    """Is ``who`` ("Lotte", "Lotte De Smet") one of ``people`` (full names), by full
    name or by first name, ignoring case?"""
    key = who.casefold().split()
    for person in people:
        parts = person.casefold().split()
        if parts and (parts == key or (len(key) == 1 and parts[0] == key[0])):
            return True
    return False


def read_note(
    text: str,
    *,
    lang: str | None = None,
    at: datetime | None = None,
    buyer_people: Collection[str] = (),
    incumbents: Collection[str] = (),
) -> tuple[list[Signal], list[Signal]]:
    """``(buyer signals, seller signals)`` of a call note (see the module's docstring).

    The seller's lines (:func:`note_lines` that name none of ``buyer_people``) are read
    for the seller only; each that promises something is a ``commitment`` unless the
    lexicon found one in it. A buyer's signal that lies mostly in those lines, or that
    touches the words of the seller's other promises, is dropped (a sentence that only
    begins with the seller's question, "Gevraagd hoe de beslissing loopt: Lotte beslist
    ...", stays the buyer's answer; but the learned layer's evidence sentence that starts
    in a seller's line is dropped: its weight came from the seller's words). A line in
    which one of ``buyer_people`` (or the incumbent, one of ``incumbents``: the deal's
    current suppliers by name, whose mentions are the buyer's ``incumbent`` signals) acts
    gives the seller no ``commitment``, and a kind the
    learned layer added for the buyer stays only if it is also found with the seller's
    lines blanked (its weight must come from the buyer's words). What the
    note quotes in double quotes is the buyer's words: the seller's signals there are
    dropped ("they're not the cheapest" is no vague claim of the seller). A named action
    line whose promise only the learned layer saw replaces that evidence sentence: the
    line has the exact span and due date. The buyer is read on the whole note, not on
    the note without those lines: the learned layer decides per message, and taking words
    out moved its decisions elsewhere in the note (the demo's price-focused buyer lost
    "Daarom zit hij zo op de prijs" when the seller's proposal line was blanked).
    """
    from buyerlens.signals import extract

    seller = extract(text, role="seller", lang=lang, at=at)
    quoted = _merged(quoted_spans(text))
    if quoted[0]:  # the buyer's words in quotes are not the seller's
        seller = [s for s in seller if not _hits(*quoted, s)]
    lines_of_note = note_lines(text, at=at)
    # the incumbent is not the seller's side either: "- Lemmens levert structureel te laat"
    # is what the buyer said of the current supplier, not an action of the seller's people
    others = [*buyer_people, *(f for name in incumbents for f in name_forms(name))]
    ours = [line for line in lines_of_note if not any(names_match(w, others) for w in line.who)]
    # a line in which the buyer's person acts ("- Helen will send the forecast by Friday")
    # is the buyer's promise: no commitment of the seller comes from it
    theirs = _merged([(line.start, line.end) for line in lines_of_note if line not in ours])
    if theirs[0]:
        seller = [
            s
            for s in seller
            if not (s.kind == "commitment" and 2 * _overlap(*theirs, s) >= s.end - s.start)
        ]
    # the lexicon's promise phrases stand; the learned layer's whole-sentence evidence
    # gives way to the note line it covers (the line's own span and due date)
    lexical = [(s.start, s.end) for s in seller if s.kind == "commitment" and not _learned(s)]
    added = [
        _commitment(text, line)
        for line in ours
        if line.promise and not any(line.start < e and s < line.end for s, e in lexical)
    ]
    if added:
        covered = _merged([(a.start, a.end) for a in added])
        seller = [
            s for s in seller if not (s.kind == "commitment" and _learned(s) and _hits(*covered, s))
        ]
        seller = sorted([*seller, *added], key=lambda s: (s.start, -(s.end - s.start)))
    # an own step ("Next: send offer by next week") is the seller's plan, not a promise
    # made to the buyer: the learned layer's commitment sentence in it is not tracked
    steps = _merged([(line.start, line.end) for line in ours if line.label and not line.promise])
    if steps[0]:
        seller = [
            s
            for s in seller
            if not (
                s.kind == "commitment"
                and _learned(s)
                and _inside(*steps, _first_word(text, s.start, s.end))
            )
        ]
    promised = [(s.start, s.end) for s in seller if s.kind == "commitment"]
    said = _merged(promised)
    lines = _merged([(line.start, line.end) for line in ours])
    buyer = [
        s
        for s in extract(text, role="buyer", lang=lang, at=at, incumbents=incumbents)
        if not _hits(*said, s)
        and 2 * _overlap(*lines, s) < s.end - s.start
        and not (_learned(s) and _inside(*lines, _first_word(text, s.start, s.end)))
    ]
    # a kind the learned layer added must hold without the seller's lines: Ruud's
    # "uiterlijk vrijdag" is no time pressure of the buyer, wherever its evidence sentence
    # landed. Only additions are checked, so blanking moves no other decision.
    learned_kinds = {s.kind for s in buyer if _learned(s)}
    if learned_kinds and lines[0]:
        blanked = _blank(text, *lines)
        found = {s.kind for s in extract(blanked, role="buyer", lang=lang, at=at)}
        buyer = [s for s in buyer if not (_learned(s) and s.kind not in found)]
    return buyer, seller


def _blank(text: str, starts: list[int], ends: list[int]) -> str:
    """``text`` with the merged spans blanked out (spaces: every offset stays)."""
    parts = []
    at = 0
    for a, b in zip(starts, ends, strict=True):
        parts.append(text[at:a])
        parts.append(" " * (b - a))
        at = b
    parts.append(text[at:])
    return "".join(parts)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The passages in double quotes in the author's new words of a note: what the
    buyer said, quoted by the seller ("een 4, en dat is nog vriendelijk")."""
    parts = split_message(text)
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text, parts.start, parts.end)]


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, non-overlapping ``(starts, ends)`` covering ``spans``."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _overlap(starts: list[int], ends: list[int], s: Signal) -> int:
    """How many characters of ``s`` lie in the merged spans."""
    i = bisect_right(starts, s.end - 1) - 1
    total = 0
    while i >= 0 and ends[i] > s.start:
        total += min(ends[i], s.end) - max(starts[i], s.start)
        i -= 1
    return total


def _hits(starts: list[int], ends: list[int], s: Signal) -> bool:
    """Does ``s`` overlap one of the merged spans (binary search)?"""
    i = bisect_right(starts, s.end - 1) - 1  # the last span starting inside or before s
    return i >= 0 and ends[i] > s.start


def _learned(s: Signal) -> bool:
    return (s.entry or "").startswith("learned.")


def _first_word(text: str, start: int, end: int) -> int:
    """Where the words of ``text[start:end]`` begin, past a bullet ("- Gevraagd ...")."""
    while start < end and (text[start] in "-*•>–" or text[start].isspace()):
        start += 1
    return start


def _inside(starts: list[int], ends: list[int], pos: int) -> bool:
    """Does ``pos`` lie in one of the merged spans?"""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and ends[i] > pos


def _commitment(text: str, line: NoteLine) -> Signal:
    value: dict[str, Any] | None = None
    if line.due_text is not None:
        value = {"due": line.due.isoformat() if line.due else None, "due_text": line.due_text}
    return Signal(
        "commitment",
        line.start,
        line.end,
        text[line.start : line.end],
        None,
        value,
        entry="note.action" if line.who else f"note.{line.label or 'line'}",
        rule="B1",
    )

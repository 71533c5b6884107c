"""Which part of a message holds the author's new words.

An e-mail reply carries the earlier thread below (or after a header such as
"On ... wrote:", "Op ... schreef ...:", "-----Original Message-----", an Outlook
"From:/Sent:" block or ">" lines), a signature after a sign-off ("Met vriendelijke
groet", "Kind regards", "-- ") and often a legal disclaimer. None of them is the
author's new words. An out-of-office reply is not the author's words at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick_rs

_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:"
    r"On\b[^\n]{0,250}?(?:\n[^\n]{0,120}?)?\bwrote:"
    r"|Op\b[^\n]{0,250}?(?:\n[^\n]{0,120}?)?\bschreef\b[^\n]{0,120}:"
    r"|Op\b[^\n]{0,250}?\bhet volgende geschreven\s*:"  # Apple Mail, Dutch
    r"|Am\b[^\n]{0,250}?\bschrieb\b[^\n]{0,120}:"
    r"|Le\b[^\n]{0,250}?\ba écrit\s*:"  # French (Belgian buyers' mail clients)
    r"|Begin (?:forwarded message|doorgestuurd bericht)\s*:"
    r"|-{2,}\s*(?:Original Message|Oorspronkelijk bericht|Origineel bericht|Forwarded message"
    r"|Doorgestuurd bericht|Oorspronkelijk e-?mailbericht)\s*-{2,}"
    r"|(?:From|Van|Von)\s*:[^\n]*\n[ \t]*(?:Sent|Verzonden|Gesendet|Date|Datum|To|Aan|An"
    r"|Subject|Onderwerp|Betreff)\s*:"
    r"|>"
    r"|_{10,}[ \t]*$"
    r")",
    re.MULTILINE | re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^[ \t]*(?:"
    r"--[ \t]*"
    r"|(?:met )?(?:vriendelijke|hartelijke|beste|warme|goede) groet(?:en)?(?: terug)?"
    r"|met (?:vriendelijke )?groet(?:en)?"
    r"|groet(?:en|jes)?|mvg|m\.v\.g\.|vr\.? gr\.?|gr\.?"
    r"|(?:kind|best|warm|warmest|many|kindest) regards|regards|best wishes|best|cheers"
    r"|(?:yours )?sincerely|all the best|thanks(?: again)?|many thanks|thank you|bedankt|dank je|"
    r"alvast bedankt|thx"
    r"|sent from my [^\n]{1,40}|(?:verzonden|verstuurd) (?:vanaf|van|met) (?:mijn )?[^\n]{1,40}"
    r")[ \t]*(?:[,.!]+[ \t]*(?P<name>[^\W\d_][\w.'-]*(?:[ \t]+[^\W\d_][\w.'-]*){0,3})?)?"
    r"[ \t]*[.!]*[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
#: A legal disclaimer or confidentiality notice under a mail: not the author's words, and
#: full of words the lexicon knows ("niet aansprakelijk", "liability", "risk",
#: "immediately"). It starts a paragraph (after a blank line) with one of these openings
#: (nl, en); the match ends where the disclaimer's first word begins. A ``head`` opening
#: is a disclaimer's title; the others are sentences a buyer might write too ("This
#: email is confidential, please don't forward our prices"), so their paragraph must be
#: as long as a disclaimer (:data:`_DISCLAIMER_MIN`).
_DISCLAIMER = re.compile(
    r"\n[ \t\r]*+\n[ \t\r\n]{0,20}+(?=(?:[*_=-]+[ \t]*)?(?:"
    r"(?P<head>disclaimer|confidentiality notice|vertrouwelijkheidsclausule)\b"
    r"|this (?:e-?mail|message|communication|electronic (?:mail|message)|transmission)\b"
    r"[^\n]{0,120}?\b(?:is|are|may be|contains?) (?:strictly )?(?:confidential|privileged"
    r"|intended (?:solely |only |exclusively )?for)"
    r"|the (?:information|content|contents)\b[^\n]{0,40}?\bthis (?:e-?mail|message"
    r"|communication)\b[^\n]{0,60}?\b(?:confidential|privileged|intended)"
    r"|if you (?:are not the intended|have received this (?:e-?mail|message|communication) in "
    r"error)"
    r"|please consider the environment"
    r"|(?:dit|deze) (?:e-?mail(?:bericht)?|bericht)\b[^\n]{0,120}?\b(?:is|zijn|kan)"
    r" (?:strikt )?(?:vertrouwelijk|uitsluitend bestemd|alleen bestemd|bestemd voor)"
    r"|de (?:informatie|inhoud)\b[^\n]{0,40}?\b(?:dit|deze) (?:e-?mail(?:bericht)?|bericht)\b"
    r"[^\n]{0,60}?\b(?:vertrouwelijk|uitsluitend|bestemd)"
    r"|(?:aan|op) (?:dit|deze) (?:e-?mail(?:bericht)?|bericht)\b[^\n]{0,40}?\bkunnen geen rechten"
    r"|indien u (?:dit|deze) (?:e-?mail(?:bericht)?|bericht)\b[^\n]{0,40}?\b(?:per vergissing"
    r"|onterecht|ten onrechte|abusievelijk)"
    r"|denk aan het milieu"
    r"))",
    re.IGNORECASE,
)
_DISCLAIMER_MIN = 120  # characters from the opening to the paragraph's end
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_AUTO = re.compile(
    r"\b(?:automatic reply|auto-?reply|autoreply|automatisch(?:e)? (?:antwoord|bericht)"
    r"|afwezigheidsbericht|out of office:|ooo:)",
    re.IGNORECASE,
)
_ABSENT = re.compile(
    r"\b(?:out of (?:the )?office|on (?:annual |parental |sick |maternity )?leave|on holiday"
    r"|on vacation|away from (?:the |my )?(?:office|desk)|i am away|i'm away|i am currently away"
    r"|(?:ben|is) (?:momenteel |helaas |tot en met [^\n.]{1,30} )?(?:afwezig|met vakantie"
    r"|op vakantie|niet aanwezig|niet op kantoor|vrij)|afwezig)\b",
    re.IGNORECASE,
)
_RETURN = re.compile(
    r"\b(?:back (?:on|in the office|at my desk)|will be back|return(?:ing)? on"
    r"|return to the office|limited access|urgent|in my absence|please contact"
    r"|weer (?:aanwezig|terug|bereikbaar|op kantoor)|ben ik (?:weer|vanaf)|dringende|spoed"
    r"|beperkt|neem (?:dan )?contact op|tijdens mijn afwezigheid|mail wordt niet doorgestuurd"
    r"|will not be forwarded|reply (?:to your|upon my)|na mijn terugkomst"
    r"|upon my return)\b",
    re.IGNORECASE,
)
_HEAD_LIMIT = 1500
_MARKER_LIMIT = 400  # an auto-reply says what it is in its first lines
_SIGN_OFF_MAX = 60
_NAME_PARTICLES = frozenset(
    {"de", "van", "der", "den", "ten", "ter", "het", "'t", "la", "le", "von"}
)
_BARE_SIGNATURE_MAX = 200
# A person's name: two to four capitalised words (particles allowed), nothing else.
_NAME_LINE = re.compile(
    r"[A-Z\u00c0-\u00de][\w'-]+(?:[ \t]+(?:de|van|der|den|ten|ter|het|'t|la|le|von|"
    r"[A-Z\u00c0-\u00de][\w.'-]*)){1,3}$"
)
_QUOTE_FIRST = frozenset("OoAa->_FfVv \t")
#: lines starting with these letters are tried only when they open with these words
#: ("Begin forwarded message:", "Le lun. 2 nov. ... a écrit :"): many lines start with a
#: B or an L, few quote headers do
_QUOTE_OPENERS = ("Begin ", "Le ")
_OOO_MARKERS = (
    "office",
    "repl",
    "leave",
    "holiday",
    "vacation",
    "away",
    "afwezig",
    "vakantie",
    "aanwezig",
    "automat",
    "kantoor",
    "ooo",
)


_OOO_SCAN = ahocorasick_rs.AhoCorasick(list(_OOO_MARKERS))


@dataclass(frozen=True, slots=True)
class MessageParts:
    """The author's new words are ``text[start:end]``.

    ``quote_start`` and ``signature_start`` are where the quoted history and the
    signature begin (``None`` when absent); ``is_out_of_office`` marks an automatic
    absence reply, whose words are not a person's signals.
    """

    start: int
    end: int
    quote_start: int | None
    signature_start: int | None
    is_out_of_office: bool


def split_message(text: str) -> MessageParts:
    """Find the author's new words in a message (e-mail or note); linear time.

    Headers and sign-offs are tried only at line starts (an anchored match per line),
    so the cost is one pass over the line breaks plus a few short matches.
    """
    start = len(text) - len(text.lstrip())
    quote_start: int | None = None
    signature_start: int | None = None
    n = len(text)
    line = start
    while line < n:
        nl = text.find("\n", line)
        line_end = n if nl < 0 else nl
        first = text[line : line + 1]
        if (
            first in _QUOTE_FIRST or (first in "BL" and text.startswith(_QUOTE_OPENERS, line))
        ) and _QUOTE_HEADER.match(text, line, min(n, line_end + 200)):
            quote_start = line
            break
        if (
            signature_start is None
            and line_end - line <= _SIGN_OFF_MAX
            and line > start
            and _is_sign_off(text, line, line_end)
        ):
            signature_start = line
        if nl < 0:
            break
        line = nl + 1
    end = n if quote_start is None else quote_start
    cut = _disclaimer(text, start, end)
    if cut is not None:
        end = cut
    if signature_start is not None and signature_start < end:
        end = signature_start
    else:
        signature_start = _bare_signature(text, start, end)
        if signature_start is not None:
            end = signature_start
    head = text[start : min(end, start + _HEAD_LIMIT)]
    return MessageParts(start, max(start, end), quote_start, signature_start, _is_ooo(head))


def _disclaimer(text: str, start: int, end: int) -> int | None:
    """Where a legal disclaimer begins in ``text[start:end]``: at a paragraph's start
    (after a blank line), so a message that is only a disclaimer keeps its words."""
    for m in _DISCLAIMER.finditer(text, start, end):
        at = m.end()
        if m.group("head"):
            return at
        stop = _BLANK_LINE.search(text, at, min(end, at + _DISCLAIMER_MIN + 2))
        if (stop.start() if stop else min(end, at + _DISCLAIMER_MIN)) - at >= _DISCLAIMER_MIN:
            return at
    return None


def _is_sign_off(text: str, line: int, line_end: int) -> bool:
    """A sign-off line, alone or with a name: "Met vriendelijke groet," "Cheers, Rachel"."""
    m = _SIGNATURE.match(text, line, line_end)
    if m is None:
        return False
    name = m.group("name")
    return name is None or all(w[:1].isupper() or w in _NAME_PARTICLES for w in name.split())


def _bare_signature(text: str, start: int, end: int) -> int | None:
    """A signature with no sign-off line: the last paragraph is a name and at most three
    short lines (title, company, phone) with no sentence in them ("Jelle Postma\nManager
    Kwaliteit & Voedselveiligheid"). A job title there is not a stakeholder mention."""
    body = text[start:end].rstrip()
    cut = body.rfind("\n\n")
    if cut < 0 or len(body) - cut > _BARE_SIGNATURE_MAX:
        return None
    lines = body[cut + 2 :].strip().split("\n")
    if len(lines) > 4 or not _NAME_LINE.match(lines[0].strip()):
        return None
    if any(len(ln) > _SIGN_OFF_MAX or ln.rstrip()[-1:] in ".?!:," for ln in lines):
        return None
    return start + cut + 2 + (len(body[cut + 2 :]) - len(body[cut + 2 :].lstrip()))


def _is_ooo(head: str) -> bool:
    low = head[:_MARKER_LIMIT].lower()
    if not _OOO_SCAN.find_matches_as_indexes(low):  # no marker: one scan, not twelve
        return False
    return bool(_AUTO.search(head)) or bool(_ABSENT.search(head) and _RETURN.search(head))


def strip_quoted(text: str) -> tuple[int, int]:
    """``(start, end)`` of the author's new words (no quoted history, no signature)."""
    parts = split_message(text)
    return parts.start, parts.end

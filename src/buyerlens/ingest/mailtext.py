"""Taking an e-mail apart as real clients write it: RFC 2047 headers, quoted-printable
and base64 bodies in any charset, HTML-only mails, attachments (named, not stored),
forwarded messages, and the mbox archive format.

The parser is :mod:`email` with the ``compat32`` policy (several times faster than the
modern policy on large mailboxes) and explicit decoding here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses

import html2text

_MBOX_FROM = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_UNFOLD = re.compile(r"\r?\n(?=[ \t])")
_WIDE = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "us-ascii", "ascii"}


def header_text(msg: Message, name: str) -> str:
    """A header decoded from RFC 2047 (``=?utf-8?q?...?=``) into text; ``""`` if absent."""
    value = msg.get(name)
    return "" if value is None else decode_words(_UNFOLD.sub("", str(value)))


def decode_words(value: str) -> str:
    try:
        return str(make_header(decode_header(value))).strip()
    except (UnicodeDecodeError, LookupError, ValueError, AssertionError):
        return value.strip()


def addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    """``(display name, address)`` pairs of the headers ``names``, names decoded."""
    values = [str(v) for name in names for v in msg.get_all(name, [])]
    out: list[tuple[str, str]] = []
    for display, address in getaddresses(values):
        if "@" in address:
            out.append((decode_words(display), address.strip().lower()))
    return out


def decode_payload(part: Message) -> str:
    """The text of a non-multipart part, decoded from its transfer encoding and charset."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    charset = (part.get_content_charset() or "").lower()
    for candidate in _charsets(charset):
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")


def _charsets(declared: str) -> list[str]:
    if not declared or declared in _WIDE:
        return ["utf-8", "cp1252"]  # undeclared or mislabelled 8-bit text
    return [declared, "utf-8", "cp1252"]


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text(bodywidth=0)
    converter.ignore_images = True
    converter.unicode_snob = True
    converter.ignore_emphasis = True
    converter.ignore_links = True
    return str(converter.handle(html)).strip()


def _filename(part: Message) -> str | None:
    name = part.get_filename()
    return decode_words(name) if name else None


def body_and_attachments(msg: Message) -> tuple[str, list[str]]:
    """The message's text (plain preferred, else HTML converted) and attachment names."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[str] = []
    for part in _leaves(msg, attachments):
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        name = _filename(part)
        kind = part.get_content_type()
        if disposition == "attachment" or (name and kind not in ("text/plain", "text/html")):
            attachments.append(name or f"(unnamed {kind})")
        elif kind == "text/plain":
            plain.append(decode_payload(part))
        elif kind == "text/html":
            html.append(decode_payload(part))
    if plain:
        text = "\n".join(plain)
    elif html:
        text = html_to_text("\n".join(html))
    else:
        text = ""
    return text.replace("\r\n", "\n").strip(), attachments


def _leaves(msg: Message, attachments: list[str]) -> Iterator[Message]:
    """Non-multipart parts in order; a forwarded message counts as one attachment."""
    if msg.get_content_type() == "message/rfc822":
        inner = msg.get_payload()
        subject = ""
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            subject = header_text(inner[0], "Subject")
        attachments.append(_filename(msg) or f"{subject or 'message'}.eml")
        return
    if msg.is_multipart():
        payload = msg.get_payload()
        if isinstance(payload, list):
            for part in payload:
                if isinstance(part, Message):
                    yield from _leaves(part, attachments)
        return
    yield msg


def split_mbox(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The messages of an mbox archive with the line each starts on (its "From " line)."""
    starts = [
        m.start()
        for m in _MBOX_FROM.finditer(data)
        if m.start() == 0 or data.endswith((b"\n\n", b"\n\r\n"), 0, m.start())
    ]
    line = 1
    previous = 0
    for index, start in enumerate(starts):
        line += data.count(b"\n", previous, start)
        previous = start
        end = starts[index + 1] if index + 1 < len(starts) else len(data)
        header_end = data.index(b"\n", start) + 1
        chunk = _ESCAPED_FROM.sub(rb"\1", data[header_end:end])
        yield line, chunk

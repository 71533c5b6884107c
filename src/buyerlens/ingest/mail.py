"""The ``mail`` format: ``.eml`` files and ``mbox`` archives -> interactions.

Each message becomes one interaction of channel ``email``:

- direction: ``outbound`` when the sender is at one of the seller's own domains
  (``--ours``, else the seller's domains in the store), else ``inbound``;
- contact: the sender (inbound) or the first recipient outside our domains (outbound),
  found by address; an unknown address becomes a new contact under the account of its
  domain, except at free-mail domains, whose messages are rejected with the reason;
- deal: the deal of the message it replies to (In-Reply-To/References), else the deal
  that fits the contact and the time (:meth:`Directory.deal_for`); a message that fits
  no deal stays under its contact;
- text: the author's new words (quoted history and signature cut off by
  :func:`buyerlens.signals.split_message`); ``raw`` keeps the whole body; attachments
  are listed by name, never stored;
- id: a hash of the Message-ID, so importing the same mail again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from email import message_from_bytes
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path

from pydantic import ValidationError

from buyerlens.ingest.base import ReadOptions, ReadResult, Rejected
from buyerlens.ingest.crm import zone_option
from buyerlens.ingest.mailtext import (
    addresses,
    body_and_attachments,
    header_text,
    split_mbox,
)
from buyerlens.ingest.parties import Directory, is_ours
from buyerlens.ingest.values import ValueReadError
from buyerlens.model import Bundle, Channel, Direction, Interaction, UsageError
from buyerlens.signals import split_message

#: How often (in messages) the progress callback hears of progress.
PROGRESS_EVERY = 500


@dataclass(slots=True)
class Mail:
    """One parsed message, before it is matched to contacts and deals."""

    file: str
    line: int
    message_id: str
    at: datetime
    sender: tuple[str, str]
    recipients: list[tuple[str, str]]
    subject: str
    body: str
    attachments: list[str]
    parents: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"From: {self.sender[1]}; Date: {self.at.isoformat()}; Subject: {self.subject}")[
            :300
        ]


def our_domains(options: ReadOptions, existing: Bundle | None) -> frozenset[str]:
    """The seller's own mail domains: ``--ours``, else the store's seller domains."""
    domains = [d.lower().lstrip("@") for d in options.ours]
    if not domains and existing is not None and existing.seller is not None:
        domains = [d.lower() for d in existing.seller.domains]
    if not domains:
        raise UsageError(
            "cannot tell inbound from outbound mail: pass --ours with your own mail domain"
            " (for example --ours acme.nl), or set the seller's domains in the store"
        )
    return frozenset(domains)


def _ids(value: str) -> list[str]:
    return [part.strip("<> \t") for part in value.replace(",", " ").split() if part.strip("<>")]


def parse_mail(data: bytes, *, file: str, line: int, zone: tzinfo) -> Mail:
    """Parse one message; :class:`ValueReadError` when it lacks what an interaction needs."""
    msg: Message = message_from_bytes(data)
    senders = addresses(msg, "From") or addresses(msg, "Sender")
    if not senders:
        raise ValueReadError("From: has no e-mail address")
    date_text = header_text(msg, "Date")
    if not date_text:
        raise ValueReadError("Date: is missing; a message needs its date")
    try:
        at = parsedate_to_datetime(date_text)
    except (TypeError, ValueError, IndexError):
        raise ValueReadError(f"Date: {date_text!r} is not a mail date") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone)
    body, attachments = body_and_attachments(msg)
    subject = header_text(msg, "Subject")
    message_id = header_text(msg, "Message-ID").strip("<> ")
    if not message_id:
        seed = "\x1f".join([senders[0][1], at.isoformat(), subject, body[:2000]])
        message_id = "sha256:" + hashlib.sha256(seed.encode()).hexdigest()
    parents = _ids(header_text(msg, "In-Reply-To")) + _ids(header_text(msg, "References"))[::-1]
    return Mail(
        file=file,
        line=line,
        message_id=message_id,
        at=at,
        sender=senders[0],
        recipients=addresses(msg, "To", "Cc"),
        subject=subject,
        body=body,
        attachments=attachments,
        parents=parents,
    )


def _sources(path: Path) -> list[tuple[int, bytes]]:
    data = path.read_bytes()
    if data.startswith(b"From ") and path.suffix.lower() != ".eml":
        return list(split_mbox(data))
    return [(1, data)]


def _parse_all(
    paths: list[Path], zone: tzinfo, result: ReadResult, tick: Callable[[int], None]
) -> list[Mail]:
    mails: list[Mail] = []
    for path in paths:
        for line, data in _sources(path):
            result.read += 1
            if result.read % PROGRESS_EVERY == 0:
                tick(PROGRESS_EVERY)
            try:
                mails.append(parse_mail(data, file=str(path), line=line, zone=zone))
            except ValueReadError as exc:
                field_name, _, reason = str(exc).partition(": ")
                head = data[:300].decode("utf-8", errors="replace")
                result.rejected.append(Rejected(str(path), line, field_name, reason, head))
    tick(result.read % PROGRESS_EVERY)
    mails.sort(key=lambda m: m.at)
    return mails


@dataclass(slots=True)
class _Matcher:
    directory: Directory
    ours: frozenset[str]
    deal_of_message: dict[str, str | None] = field(default_factory=dict)

    def interaction(self, mail: Mail) -> Interaction:
        outbound = is_ours(mail.sender[1], self.ours)
        others = [p for p in mail.recipients if not is_ours(p[1], self.ours)]
        if outbound and not others:
            raise ValueReadError("To: names nobody outside our domains (internal mail)")
        display, address = others[0] if outbound else mail.sender
        try:
            contact = self.directory.contact_for(address, display)
        except ValueReadError as exc:
            raise ValueReadError(f"{'To' if outbound else 'From'}: {exc}") from None
        for extra_display, extra in others[1:] if outbound else others:
            try:
                self.directory.contact_for(extra, extra_display)
            except ValueReadError:
                continue  # a free-mail cc we cannot place; the message still counts
        deal = next(
            (self.deal_of_message[p] for p in mail.parents if self.deal_of_message.get(p)), None
        )
        deal = deal or self.directory.deal_for(contact, mail.at)
        self.deal_of_message[mail.message_id] = deal
        parts = split_message(mail.body)
        text = mail.body[parts.start : parts.end].strip()
        return Interaction(
            id="mail:" + hashlib.sha256(mail.message_id.encode()).hexdigest()[:24],
            deal=deal,
            contact=contact,
            direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
            channel=Channel.EMAIL,
            at=mail.at,
            subject=mail.subject or None,
            text=text,
            raw=mail.body,
            attachments=mail.attachments,
        )


def read_mail(paths: list[Path], options: ReadOptions) -> ReadResult:
    """Read ``.eml`` files and mbox archives into interactions (and new contacts)."""
    existing = options.extra.get("existing")
    existing = existing if isinstance(existing, Bundle) else None
    ours = our_domains(options, existing)
    callback = options.extra.get("progress")
    tick: Callable[[int], None] = callback if callable(callback) else (lambda _n: None)
    result = ReadResult(bundle=Bundle())
    directory = Directory(existing)
    matcher = _Matcher(directory, ours)
    seen: dict[str, Mail] = {}
    interactions: list[Interaction] = []
    for mail in _parse_all(paths, zone_option(options), result, tick):
        if mail.message_id in seen:
            first = seen[mail.message_id]
            result.rejected.append(
                Rejected(
                    mail.file,
                    mail.line,
                    "Message-ID",
                    f"duplicate of the message at {first.file}:{first.line}",
                    mail.summary(),
                )
            )
            continue
        seen[mail.message_id] = mail
        try:
            interactions.append(matcher.interaction(mail))
        except ValidationError as exc:
            error = exc.errors()[0]
            result.rejected.append(
                Rejected(mail.file, mail.line, str(error["loc"][-1]), error["msg"], mail.summary())
            )
        except ValueReadError as exc:
            field_name, _, reason = str(exc).partition(": ")
            result.rejected.append(
                Rejected(
                    mail.file, mail.line, field_name or "From", reason or str(exc), mail.summary()
                )
            )
    unlinked = sum(1 for i in interactions if i.deal is None)
    if unlinked:
        result.notes.append(
            f"{unlinked} of {len(interactions)} messages fit no deal; kept under their contact"
        )
    if directory.read_contacts:
        result.notes.append(
            f"{len(directory.read_contacts)} new contacts and "
            f"{len(directory.read_accounts)} new accounts from addresses"
        )
    result.bundle = Bundle(
        accounts=list(directory.read_accounts.values()),
        contacts=list(directory.read_contacts.values()),
        interactions=interactions,
    )
    return result


def looks_like_mail(path: Path, head: bytes) -> bool:
    if path.suffix.lower() in (".eml", ".mbox", ".mbx"):
        return True
    if path.suffix.lower() in (".csv", ".json", ".ics"):
        return False
    start = head.lstrip()[:2000].lower()
    return head.startswith(b"From ") or (b"\nmessage-id:" in start and b"\nfrom:" in start)

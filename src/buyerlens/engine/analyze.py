"""analyze(bundle, as_of) -> [Diagnosis]: signals, diagnosis and playbook for each deal."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from functools import partial

from buyerlens.diagnose import (
    DealFacts,
    Diagnosis,
    Reader,
    Thresholds,
    build_facts,
    diagnose_deal,
    load_thresholds,
)
from buyerlens.diagnose.facts import met_contacts
from buyerlens.diagnose.types import DealFindings, level_at_least
from buyerlens.model import Bundle, Deal, Direction, Interaction, NotFoundError, UsageError
from buyerlens.playbook import (
    LANGUAGES,
    Catalog,
    OffHours,
    SlotOffer,
    advise,
    load_catalog,
    main_contact,
    role_card,
)
from buyerlens.schedule import WorkingHours, default_settings, propose_slots
from buyerlens.signals.types import Signal

# A figure next to a currency or a unit: only such seller messages can hold a quote.
_PRICE_CUE = re.compile(
    r"(€|\$|£|\b(eur|euro|usd|gbp)\b)\s*\d|\d\s*(€|\b(eur|euro|usd|gbp)\b)"
    r"|\d\s*(per|/)\s*(stuk|doos|st|unit|piece|box|pallet|rol|roll|1000|duizend)",
    re.IGNORECASE,
)


def default_reader(
    item: Interaction,
    lang: str | None,
    *,
    buyer_people: Collection[str] = (),
    incumbents: Mapping[str, Collection[str]] | None = None,
    colleagues: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
) -> tuple[tuple[Signal, ...], tuple[Signal, ...]]:
    """Signals of one interaction: inbound -> buyer, outbound -> seller, note -> both.

    A call note holds both sides: its seller's lines ("Promised: ...", "- Ruud stuurt de
    DoC uiterlijk vrijdag") are the seller's alone (:func:`buyerlens.signals.read_note`);
    ``buyer_people`` (the bundle's contact and account names) tell whose a named line is.
    ``incumbents`` (deal id -> the current supplier's names, :func:`deal_incumbents`) let
    the buyer's mentions of the deal's incumbent by name count (R-B4); ``colleagues``
    (deal id -> contact id -> name and role, :func:`deal_colleagues`) those of the other
    contacts of the deal's account in a buyer's e-mail (R-B3: "Sietse heeft de proefdraai
    ingepland"; the author is not their own colleague). A call note is not read for
    colleagues: its author, the seller, names the people at the table.
    """
    from buyerlens.signals import extract, read_note

    text = item.text
    names = (incumbents or {}).get(item.deal or "", ())
    buyer: tuple[Signal, ...] = ()
    seller: tuple[Signal, ...] = ()
    if item.direction is Direction.NOTE:
        theirs, ours = read_note(
            text, lang=lang, at=item.at, buyer_people=buyer_people, incumbents=names
        )
        buyer, seller = tuple(theirs), tuple(ours)
    elif item.direction is Direction.INBOUND:
        team = {
            name: role
            for cid, (name, role) in (colleagues or {}).get(item.deal or "", {}).items()
            if cid != item.contact
        }
        buyer = tuple(
            extract(text, role="buyer", lang=lang, at=item.at, incumbents=names, colleagues=team)
        )
    else:
        seller = tuple(extract(text, role="seller", lang=lang, at=item.at))
    if item.direction is Direction.OUTBOUND and _PRICE_CUE.search(text):
        seller += _quotes(text, lang=lang, at=item.at)
    return buyer, seller


def buyer_people(bundle: Bundle) -> tuple[str, ...]:
    """The names a call note may give the buyer's side: contacts and accounts."""
    return tuple(
        dict.fromkeys([*(c.name for c in bundle.contacts), *(a.name for a in bundle.accounts)])
    )


def deal_incumbents(bundle: Bundle) -> dict[str, tuple[str, ...]]:
    """Each deal's current supplier by name, as the CRM records it (R-B4)."""
    return {d.id: (d.incumbent,) for d in bundle.deals if d.incumbent}


def deal_colleagues(bundle: Bundle) -> dict[str, dict[str, tuple[str, str]]]:
    """Each deal's buyer-side people: the contacts of its account, id -> (name, role)."""
    by_account: dict[str, dict[str, tuple[str, str]]] = {}
    for c in bundle.contacts:
        by_account.setdefault(c.account, {})[c.id] = (c.name, c.role.value)
    return {d.id: by_account.get(d.account, {}) for d in bundle.deals}


def bundle_reader(bundle: Bundle) -> Reader:
    """:func:`default_reader` that knows the bundle's people (whose a note's line is),
    each deal's incumbent and each deal's buyer-side colleagues."""
    return partial(
        default_reader,
        buyer_people=buyer_people(bundle),
        incumbents=deal_incumbents(bundle),
        colleagues=deal_colleagues(bundle),
    )


def _quotes(text: str, *, lang: str | None, at: datetime) -> tuple[Signal, ...]:
    """R-B2: the seller's quoted prices. The extractor parses stated figures only in the
    buyer's words (``price_anchor``); in the seller's own message the same figures are
    quotes, so they are read with the buyer lexicon and renamed ``price_quote``."""
    from buyerlens.signals import extract

    return tuple(
        replace(s, kind="price_quote", rule="B2")
        for s in extract(text, role="buyer", lang=lang, at=at)
        if s.kind == "price_anchor"
    )


def _by_deal(bundle: Bundle) -> dict[str, list[Interaction]]:
    """Each deal's interactions. Interactions without a deal belong to no deal yet (a
    new question, an imported mailbox): they are kept out, never guessed into a deal."""
    out: dict[str, list[Interaction]] = {d.id: [] for d in bundle.deals}
    for item in bundle.interactions:
        if item.deal is not None:
            out.setdefault(item.deal, []).append(item)
    return out


def _slot_offer(facts: DealFacts, found: DealFindings, th: Thresholds) -> SlotOffer | None:
    """R-P1: off-hours slots for the most time-poor contact, in their time zone."""
    ranked = sorted(
        (
            (-c.priorities["time_poor"].score, cid)
            for cid, c in found.contacts.items()
            if level_at_least(c.priorities["time_poor"].level, "medium")
        ),
    )
    if not ranked:
        return None
    contact = facts.contacts[ranked[0][1]]
    account_tz = facts.account.timezone if facts.account else None
    zone = contact.timezone or account_tz
    notes = [] if contact.timezone else ["buyer_zone_from_account"] if zone else []
    if zone is None:
        return SlotOffer(contact=contact.id, timezone=None, slots=())
    conf = default_settings()
    hours = conf.default_working_hours
    if contact.working_hours:
        hours = WorkingHours.parse(contact.working_hours)
    else:
        notes.append("working_hours_default")
    seller_tz = (facts.seller.timezone if facts.seller else None) or zone
    slots = propose_slots(
        buyer_tz=zone,
        seller_tz=seller_tz,
        working_hours=hours,
        as_of=facts.as_of,
        days=th.playbook.slot_days,
        settings=conf,
    )
    first: dict[str, OffHours] = {}
    for slot in slots:
        start, end = slot.local(zone)
        first.setdefault(slot.kind, OffHours(kind=slot.kind, start=start, end=end))
    chosen = tuple(sorted(first.values(), key=lambda s: s.start))
    return SlotOffer(contact=contact.id, timezone=zone, slots=chosen, notes=tuple(notes))


def _language(facts: DealFacts, lang: str | None) -> str:
    if lang is not None:
        if lang not in LANGUAGES:
            raise UsageError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        return lang
    main = main_contact(facts)
    contact = facts.contacts.get(main) if main else None
    if contact is not None and contact.language is not None:
        return contact.language.value
    return "en"


def diagnose(
    facts: DealFacts,
    *,
    lang: str | None = None,
    thresholds: Thresholds | None = None,
    catalog: Catalog | None = None,
) -> Diagnosis:
    """The full Diagnosis of one deal from its gathered facts."""
    th = thresholds or load_thresholds()
    book = catalog or load_catalog()
    found = diagnose_deal(facts, thresholds=th)
    language = _language(facts, lang)
    contacts = {
        cid: replace(c, role_card=role_card(c.role, lang=language, catalog=book))
        for cid, c in found.contacts.items()
    }
    actions, questions = advise(
        facts, found, lang=language, th=th, catalog=book, offer=_slot_offer(facts, found, th)
    )
    return Diagnosis(
        deal=facts.deal.id,
        title=facts.deal.title,
        account=facts.account.name if facts.account else None,
        as_of=facts.as_of,
        lang=language,
        contacts=contacts,
        patterns=found.patterns,
        scorecard=found.scorecard,
        actions=actions,
        questions=questions,
    )


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key putting d2 before d10."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text))


def _select(bundle: Bundle, deal_ids: Iterable[str] | None) -> list[Deal]:
    deals = {d.id: d for d in bundle.deals}
    if deal_ids is None:
        return [deals[k] for k in sorted(deals, key=_natural)]
    chosen = list(dict.fromkeys(deal_ids))
    missing = [d for d in chosen if d not in deals]
    if missing:
        known = ", ".join(sorted(deals)[:10]) or "none"
        raise NotFoundError(f"no deal with id {missing[0]!r} in the bundle (deals: {known})")
    return [deals[d] for d in chosen]


def analyze(
    bundle: Bundle,
    *,
    as_of: datetime,
    deal_ids: Iterable[str] | None = None,
    lang: str | None = None,
    read: Reader | None = None,
    thresholds: Thresholds | None = None,
) -> list[Diagnosis]:
    """Diagnose every deal of ``bundle`` (or those in ``deal_ids``) as known at ``as_of``.

    ``lang`` forces the language of the advice (``nl``/``en``); by default each deal uses
    its main contact's language, else English. ``read`` replaces the signal extractor
    (for precomputed signals, e.g. in batch runs). Deals come sorted by id unless
    ``deal_ids`` gives an order. The same bundle gives the same result whatever the
    order of its records.
    """
    if as_of.tzinfo is None:
        raise UsageError("as_of must carry a UTC offset, e.g. 2026-11-26T12:00:00+01:00")
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    reader = read or bundle_reader(bundle)
    th = thresholds or load_thresholds()
    book = load_catalog()
    grouped = _by_deal(bundle)
    met = met_contacts(bundle, as_of=as_of)
    out = []
    for deal in _select(bundle, deal_ids):
        facts = build_facts(
            bundle,
            deal,
            as_of=as_of,
            read=reader,
            interactions=grouped.get(deal.id, []),
            met=met,
        )
        out.append(diagnose(facts, lang=lang, thresholds=th, catalog=book))
    return out

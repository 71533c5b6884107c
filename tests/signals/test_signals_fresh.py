"""Generalisation: a set of sentences written for this purpose, before the lexicon was
broadened for it (tests/signals/fresh_sentences.jsonl, same format as eval/signals/).

It covers every kind in both languages with varied wording: many ways to ask for a
document, to say no, to go ahead with an order, Belgian Dutch, informal writing and
typos. The floors are what the lexicon honestly reaches; they guard against losing it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from buyerlens.signals import extract, split_message
from buyerlens.signals.evaluate import evaluate, parse_eval_lines
from buyerlens.signals.types import BUYER_KINDS, SELLER_KINDS
from buyerlens.signals.values import parse_amount, resolve_due

FRESH = Path(__file__).resolve().parent / "fresh_sentences.jsonl"


def test_fresh_set_covers_every_kind_in_both_languages() -> None:
    items = parse_eval_lines(FRESH.read_text(encoding="utf-8").splitlines(), name=str(FRESH))
    assert len(items) >= 350
    for lang in ("nl", "en"):
        seen = {k for it in items if it.lang == lang for k in it.kinds}
        assert seen >= set(BUYER_KINDS) | set(SELLER_KINDS), (lang, sorted(seen))


def test_fresh_set_scores_above_its_floor() -> None:
    """The lexicon alone: the learned layer is trained on this set, so with it the score
    would only measure memory (eval/train_signals.py)."""
    items = parse_eval_lines(FRESH.read_text(encoding="utf-8").splitlines(), name=str(FRESH))
    report = evaluate(items, learned=False)
    assert report.micro.f1 >= 0.92, report.micro
    assert report.micro.recall >= 0.95, report.micro
    weakest = min(report.kinds, key=lambda k: k.f1 if k.support else 1.0)
    assert weakest.f1 >= 0.75, weakest


def _kinds(text: str, role: str = "buyer") -> set[str]:
    return {s.kind for s in extract(text, role=role)}


def test_signature_without_sign_off_is_not_evidence() -> None:
    # R-B3: a job title under a name is not a stakeholder or risk mention (demo i123)
    mail = (
        "Tom,\n\nDe inktspecificatie heb ik nog steeds niet ontvangen.\n\n"
        "Jelle Postma\nManager Kwaliteit & Voedselveiligheid"
    )
    parts = split_message(mail)
    assert parts.signature_start == mail.index("Jelle")
    assert not _kinds(mail) & {"risk_concern", "stakeholder"}
    # a closing sentence is not a signature
    closing = "Hi,\n\nPlease send the quote.\n\nThanks for your help today."
    assert split_message(closing).end == len(closing)


def test_a_number_before_a_time_unit_is_not_an_amount() -> None:
    # R-B2: "3 weken dekking" is a duration; "12.000 stuks" a quantity
    assert "price_anchor" not in _kinds("De prijs is oké, we rekenen met 3 weken dekking.")
    assert parse_amount("3 weken", lang="nl", need_marker=False) is None
    assert parse_amount("12.000 stuks", lang="nl", need_marker=False) is None
    assert parse_amount("3-month trial", lang="en", need_marker=False) is None
    assert parse_amount("€ 3 per week", lang="nl") == {
        "amount": 3.0,
        "currency": "EUR",
        "unit": "week",
    }


def test_uiterlijk_is_a_deadline_only_when_the_buyer_asks() -> None:
    # R-P1: the buyer's deadline, not the seller's promise recorded in a call note
    assert "time_pressure" in _kinds("Kunt u mij uiterlijk vrijdag een prijsopgave sturen?")
    assert "time_pressure" in _kinds("Graag uiterlijk eind volgende week een reactie.")
    assert "time_pressure" not in _kinds("Ruud stuurt de DoC uiterlijk vrijdag 23/10.")
    assert "time_pressure" not in _kinds("Toegezegd: FAI-rapport uiterlijk vrijdag 6/11.")


def test_staying_within_budget_is_not_price_focus() -> None:
    # R-B2: a statement of fit is not price talk
    assert "price_focus" not in _kinds("Bart en Nathalie zijn akkoord, het past binnen ons budget.")
    assert "price_focus" not in _kinds("It fits comfortably within our budget.")
    assert "price_focus" in _kinds("Ons budget is € 12.500 voor dit jaar.")


def test_geen_bezwaar_is_consent_not_objection() -> None:
    # R-B4
    assert "objection" not in _kinds(
        "Vanuit kwaliteit geen bezwaar, ik heb het dossier goedgekeurd."
    )
    assert "objection" in _kinds("Wij hebben bezwaar tegen de betalingstermijn van 60 dagen.")


def test_the_sellers_own_engineer_is_not_a_stakeholder() -> None:
    # R-B3: stakeholder is a buyer kind; a call note names the seller's colleague
    assert "stakeholder" not in _kinds("Bezoek Gent, Tom + Ruud (applicatie-engineer), met Lotte.")
    assert "stakeholder" in _kinds("Onze engineer wil de tekening eerst zien.")


def test_an_explicit_date_wins_over_the_weekday() -> None:
    at = datetime.fromisoformat("2026-10-28T10:00:00+01:00")
    assert resolve_due("vrijdag 6/11", at=at) == datetime.fromisoformat("2026-11-06T17:00:00+01:00")
    assert resolve_due("Friday 13 November", at=at) == datetime.fromisoformat(
        "2026-11-13T17:00:00+01:00"
    )
    sig = extract("Ik stuur u vrijdag 6/11 het rapport.", role="seller", at=at)
    assert [s.value["due"] for s in sig if s.kind == "commitment" and s.value] == [
        "2026-11-06T17:00:00+01:00"
    ]


def test_how_a_supplier_is_added_is_a_process_question() -> None:
    sig = extract("Hoe wordt een leverancier bij u toegevoegd?", role="seller")
    assert [(s.kind, s.question) for s in sig] == [("process_question", "process_add_supplier")]


def test_asking_for_the_contract_is_buying_intent_not_info_request() -> None:
    # R-B1: the lexicon's `unless` words cancel the request reading in that sentence
    assert _kinds("Prima, stuur de overeenkomst maar op.") == {"buying_intent"}
    assert _kinds("Send me the contract and I'll get it signed.") == {"buying_intent"}
    assert "info_request" in _kinds("Stuur me de offerte. Het contract komt later.")


@pytest.mark.parametrize(
    "text",
    [
        "Kristof beslist zelf tot 60k, dit valt eronder. Geen commissie nodig voor verpakking.",
        "Dit hoeft niet langs de directie, het valt binnen mijn budget.",
        "No committee needed for packaging, it's within my own limit.",
        "This doesn't need to go to the board, I can sign it myself.",
    ],
)
def test_a_committee_said_not_to_be_needed_is_no_stakeholder(text: str) -> None:
    # R-B3: who is said not to be needed is not involved (demo d5 advised meeting the
    # "directie" for "Geen commissie nodig"); what it says of the approval path stays
    kinds = {s.kind for s in extract(text, role="buyer", learned=False)}
    assert "stakeholder" not in kinds
    assert "approval_process" in kinds


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Geen commissie nodig, maar ik moet het wel met de productieleider afstemmen.",
            "productieleider",
        ),
        ("No committee needed, but I'll run it past our warehouse manager.", "manager"),
        ("Ik heb de goedkeuring van de directie nodig.", "directie"),
    ],
)
def test_the_denial_ends_at_its_clause(text: str, who: str) -> None:
    # R-B3: "geen ... nodig" cancels in its own clause only (`unless_clause`); a person
    # needed after ", maar" / ", but", or a committee that is needed, stays a stakeholder
    found = extract(text, role="buyer", learned=False)
    assert who in {s.text.split()[-1] for s in found if s.kind == "stakeholder"}


def test_a_particle_maar_opens_no_clause() -> None:
    # the contrast rule of `unless_clause` needs ", maar": "stuur maar" is a particle, so
    # the sentence-wide `unless` still makes "stuur maar een contract" an order, not a request
    assert _kinds("Prima, stuur maar een contract voor twaalf maanden.") == {"buying_intent"}


def test_breaking_down_a_price_is_a_detail_request_not_a_risk() -> None:
    # R-P3 vs R-P2: "break down the price" asks for the parts; a machine that breaks down
    # is the risk
    assert _kinds("Can you break down the price per component?") == {
        "detail_request",
        "price_focus",
    }
    assert "risk_concern" in _kinds("What if your machine breaks down during peak season?")
    assert "detail_request" in _kinds("Kunt u de prijs uitsplitsen per onderdeel?")
    assert "risk_concern" in _kinds("Wat als de machine in het hoogseizoen stilvalt?")


def test_submitting_for_approval_in_inverted_word_order() -> None:
    # R-B3: Dutch splits "voorleggen" and puts the verb first after "dan", "morgen", ...
    assert "approval_process" in _kinds(
        "Kunt u dat even op papier zetten? Dan leg ik het voor aan onze directeur."
    )
    assert "approval_process" in _kinds("Ik leg de offerte eerst voor aan de directie.")
    assert "approval_process" not in _kinds("Ik leg het u graag voor.", role="seller")


def test_not_negotiable_and_no_added_value_are_objections() -> None:
    # R-B4: "niet bespreekbaar" was known only as "onbespreekbaar"
    assert "objection" in _kinds("60 dagen betaaltermijn is voor ons niet bespreekbaar.")
    assert "objection" in _kinds("We zien op dit moment geen toegevoegde waarde.")
    assert "objection" not in _kinds("Een betaaltermijn van 30 dagen is voor ons acceptabel.")


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        # R-B4, round 6 (writers t27-t30): the deal given to another, the order elsewhere
        ("Na overleg is de opdracht gegund aan een andere inschrijver.", "objection", True),
        ("Laat dat voorstel maar zitten, we doen het zelf wel.", "objection", True),
        ("Sorry, I can't take that figure to the board.", "objection", True),
        ("No support for single sign-on is a blocker for our IT team.", "objection", True),
        ("De opdracht is aan uw firma gegund, proficiat.", "objection", False),
        ("Could you take that figure to your manager and confirm?", "objection", False),
        # R-B4: the supplier in place, said in passing
        ("We zitten al jaren prima bij Hanos voor de droge waren.", "incumbent", True),
        ("We're currently with Brakes for all the chilled lines.", "incumbent", True),
        ("Ik zit vrijdag bij de notaris, dus bel me maandag.", "incumbent", False),
        ("We're currently on a call, I'll ring you back.", "incumbent", False),
        # R-P2: Flemish "ik heb schrik dat" is "I fear that"; a SOC 2 report is assurance
        ("Ik heb schrik dat jullie de volumes niet aankunnen.", "risk_concern", True),
        ("Before we sign, can you share your latest SOC 2 report?", "risk_concern", True),
        # R-B3: in a family business or a Flemish municipality these people weigh in
        ("Ik wil het eerst met mijn compagnon doornemen.", "stakeholder", True),
        ("Het dossier gaat eind deze maand naar de gemeenteraad.", "stakeholder", True),
        ("Our site engineer wants to walk the route with you first.", "stakeholder", True),
        ("Mijn zoon had zijn diploma-uitreiking, vandaar de stilte.", "stakeholder", False),
        # R-P1: busy, said in passing
        ("Ik kom er deze week echt niet aan toe, sorry.", "time_pressure", True),
        ("The whole team is underwater with the stock take.", "time_pressure", True),
        ("Laten we dit na de jaarafsluiting weer oppakken.", "time_pressure", False),
        # R-P3: after a trial or a fault the buyer asks the cause and the fix (demo d1)
        ("Wat is de oorzaak en hoe voorkomen jullie dat?", "detail_request", True),
        ("What caused the leak, and how will you prevent it?", "detail_request", True),
        ("We weten inmiddels wat de oorzaak was, dank je.", "detail_request", False),
        # R-B4, round 7 (writers t43-t46): the supplier in place by name, after words of an
        # ongoing relationship; only a capitalised name counts (followed_by = "name")
        ("Wij kopen alles via Sligro en dat bevalt prima.", "incumbent", True),
        ("Eerlijk gezegd zijn we heel tevreden over Van Dam Verpakkingen.", "incumbent", True),
        ("We need it in six weeks, or we'll simply stick with Hydrochem.", "incumbent", True),
        ("We use Mondi today for the paper sacks and they are ok.", "incumbent", True),
        ("We zijn heel tevreden over de proefpartij van vorige week.", "incumbent", False),
        ("We're happy with Monday at ten, see you then.", "incumbent", False),
        # a former supplier is not the current one
        ("Bij onze vorige leverancier waren de accu's na twee jaar kapot.", "incumbent", False),
        # round 10: the supplier by name after a tie, a purchase or a payment
        ("We zitten tot eind maart vast aan Eneco. Neem in januari contact op.", "incumbent", True),
        ("Dispensers nu van Hagleitner, niet ontevreden maar prijzig.", "incumbent", True),
        ("We're paying Scaffmart 4.10 a tube at the minute.", "incumbent", True),
        ("We're locked in with Eneco until March, sorry.", "incumbent", True),
        ("We are currently paying DKK 2.150 per pipette for the calibration.", "incumbent", False),
        # R-B3: who else decides in chains, groups and Flemish firms
        (
            "Ingrediënten kopen wij uitsluitend via onze centrale inkoop in Hamburg.",
            "stakeholder",
            True,
        ),
        ("Ik heb de stalen doorgegeven aan ons labo.", "stakeholder", True),
        (
            "Every new supplier gets a financial health check by our credit team.",
            "stakeholder",
            True,
        ),
        ("Our regulatory affairs team will ask for the REACH dossier.", "stakeholder", True),
        ("Can you deliver to head office rather than the Telford site?", "stakeholder", False),
        # R-P1: busy, said in passing
        ("Ik zit de hele week op de beurs, dus een reactie kan even duren.", "time_pressure", True),
        ("Let me have a think and I'll come back to you. Lots on.", "time_pressure", True),
        # R-B4: apologies and decisions are not refusals in themselves
        ("Sorry, but I don't understand what a slip sheet is.", "objection", False),
        (
            "We've decided to go for the 600 mm rolls, can you confirm the price?",
            "objection",
            False,
        ),
    ],
)
def test_lexicon_decisions_of_rounds_six_and_seven(text: str, kind: str, found: bool) -> None:
    """The lexicon's decisions (the learned layer's are measured on the labelled sets: the
    58-writer layer vetoes "doorgegeven aan ons labo", see docs/signals.md)."""
    assert (kind in {s.kind for s in extract(text, role="buyer", learned=False)}) is found


def test_a_named_incumbent_spans_the_name() -> None:
    """R-B4, R-G1: the evidence shows whom the buyer is loyal to, not just "happy with"."""
    (sig,) = [
        s
        for s in extract("Honestly, we're happy with Smurfit Westrock, thanks.", role="buyer")
        if s.kind == "incumbent"
    ]
    assert sig.text == "happy with Smurfit Westrock"
    shouted = "WE ARE HAPPY WITH HARTLEY"  # in capitals a capital says nothing
    assert "incumbent" not in {s.kind for s in extract(shouted, role="buyer", learned=False)}


def test_a_number_after_a_standard_or_code_is_not_a_price() -> None:
    """R-B2: "vraagt ... ISO 9001" is a certificate, "vraagt 0,85" a price."""
    text = "Ons kwaliteitsdepartement vraagt een kopie van jullie ISO 9001-certificaat."
    assert "price_anchor" not in _kinds(text)
    (anchor,) = [
        s
        for s in extract("Hendriks vraagt 0,85 per stuk.", role="buyer")
        if s.kind == "price_anchor"
    ]
    assert anchor.value == {"amount": 0.85, "currency": None, "unit": "piece"}

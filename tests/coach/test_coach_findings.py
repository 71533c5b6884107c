"""Each finding of the coach on real Dutch and English drafts: the whole set is asserted.

The drafts are written the way sellers write; each case names the rule it exercises.
"""

from __future__ import annotations

import pytest

from buyerlens.coach import CoachContext, review

FIRST = CoachContext(first_contact=True)
FOLLOW_UP = CoachContext()

CASES: list[tuple[str, str, CoachContext, set[str]]] = [
    # --- clean drafts: nothing to say --------------------------------------------------
    (
        "clean_first_en",
        "Hi Eva,\n\nI saw that Zuivel BV is opening a second filling line in March. At "
        "Melkunie we cut line waste 18% with our tray packaging in 2025.\n\nWould Tuesday "
        "at 8:00 work for a 15-minute call before the line is specified?\n\nBest regards,\nPiet",
        FIRST,
        set(),
    ),
    (
        "clean_first_nl",
        "Beste Eva,\n\nIk las dat Zuivel BV in maart een tweede vullijn opent. Bij Melkunie "
        "verlaagden we de uitval op de lijn met 18%.\n\nSchikt dinsdag om 8.00 uur voor een "
        "belafspraak van 15 minuten, voordat de lijn wordt vastgelegd?\n\nMet vriendelijke "
        "groet,\nPiet",
        FIRST,
        set(),
    ),
    (
        "clean_reply_nl",
        "Hoi Eva,\n\nDank voor je vraag over de palletconfiguratie. De specificatie stuur ik "
        "je donderdag vóór 12.00 uur. Klopt het dat jullie 120 dozen per pallet willen?\n\n"
        "Groet,\nPiet",
        FOLLOW_UP,
        set(),
    ),
    (
        "clean_reply_en",
        "Hi Olivia,\n\nThanks for the drawings. I'll send the revised quote by Friday 12:00 "
        "with the pallet spec you asked for. Is 40 cartons per layer still right?\n\n"
        "Kind regards,\nTom",
        FOLLOW_UP,
        set(),
    ),
    # --- R-P1: one clear ask -----------------------------------------------------------
    (
        "no_ask_en",
        "Hi Olivia,\n\nAttached is the revised quote with the pallet spec. The lead time is "
        "three weeks from order.\n\nKind regards,\nTom",
        FOLLOW_UP,
        {"no_clear_ask"},
    ),
    (
        "no_ask_nl",
        "Beste Eva,\n\nIn de bijlage vindt u de aangepaste offerte. De levertijd is drie "
        "weken na bestelling.\n\nMet vriendelijke groet,\nPiet",
        FOLLOW_UP,
        {"no_clear_ask"},
    ),
    (
        "too_many_asks_en",
        "Hi Olivia,\n\nHow many pallets do you ship per week? Which carton sizes do you use? "
        "Who else is involved in the decision? Can you send me the current spec? When does "
        "the contract with your supplier end?\n\nThanks,\nTom",
        FOLLOW_UP,
        {"too_many_asks"},
    ),
    (
        "too_many_asks_nl",
        "Beste Eva,\n\nHoeveel pallets verzenden jullie per week? Welke doosmaten gebruiken "
        "jullie? Wie beslist er nog meer mee? Kunt u de huidige specificatie sturen? Wanneer "
        "loopt het contract met jullie leverancier af?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"too_many_asks"},
    ),
    # --- R-P1: a reason to talk now ----------------------------------------------------
    (
        "no_reason_checking_in_en",
        "Hi Olivia,\n\nJust checking in on my proposal from last month. Do you have time "
        "for a call at 7:45 on Thursday?\n\nBest,\nTom",
        FOLLOW_UP,
        {"no_reason_now"},
    ),
    (
        "no_reason_nl",
        "Beste Eva,\n\nIk wilde even checken of u mijn voorstel heeft ontvangen. Zullen we "
        "volgende week bellen, om 17.30 uur?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"no_reason_now"},
    ),
    # --- R-P3: vague claims ------------------------------------------------------------
    (
        "vague_en",
        "Hi Olivia,\n\nOur world-class cartons will save you a lot on freight. Could we "
        "walk through your pallet plan at 17:30 on Tuesday, before your new line starts?"
        "\n\nBest,\nTom",
        FOLLOW_UP,
        {"vague_claim"},
    ),
    (
        "vague_nl",
        "Hoi Eva,\n\nWij zijn marktleider in omdozen en ontzorgen u volledig. Zullen we om "
        "17.30 uur bellen, voor de start van de nieuwe lijn?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"vague_claim"},
    ),
    # --- R-B1/R-P3: promises need a date -----------------------------------------------
    (
        "undated_en",
        "Hi Olivia,\n\nThanks for the call. I'll send you the samples soon. Which carton "
        "size should I start with?\n\nBest,\nTom",
        FOLLOW_UP,
        {"undated_promise"},
    ),
    (
        "undated_nl",
        "Hoi Eva,\n\nDank voor het gesprek. Ik stuur je zo snel mogelijk de monsters. Met "
        "welke doosmaat zal ik beginnen?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"undated_promise"},
    ),
    # --- R-B2: not "what do you pay now?" ----------------------------------------------
    (
        "current_price_en",
        "Hi Olivia,\n\nTo make you a sharp offer: what are you paying now per carton?\n\n"
        "Best,\nTom",
        FOLLOW_UP,
        {"current_price_question"},
    ),
    (
        "current_price_nl",
        "Beste Eva,\n\nOm een scherpe offerte te maken: wat betaalt u nu per doos?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"current_price_question"},
    ),
    (
        "price_probe_is_fine_nl",
        "Beste Eva,\n\nAls mijn prijs voor de omdozen € 0,92 per stuk is, zou u dan "
        "bestellen?\n\nGroet,\nPiet",
        FOLLOW_UP,
        set(),
    ),
    # --- R-P2: credibility on a first contact ------------------------------------------
    (
        "no_credibility_en",
        "Hi Olivia,\n\nI saw that Northgate is opening a bakery in Leeds in March. Would "
        "Tuesday at 8:00 work for a short call before the packaging is chosen?\n\nBest,\nTom",
        FIRST,
        {"no_credibility"},
    ),
    (
        "no_credibility_nl",
        "Beste Eva,\n\nIk las dat Zuivel BV in maart een tweede vullijn opent. Schikt "
        "dinsdag om 8.00 uur voor een kort gesprek, voordat de verpakking is gekozen?\n\n"
        "Groet,\nPiet",
        FIRST,
        {"no_credibility"},
    ),
    # --- R-P1: meetings in free hours --------------------------------------------------
    (
        "busy_meeting_en",
        "Hi Olivia,\n\nBefore your new line starts in March, could we have a call on "
        "Tuesday at 10:30?\n\nBest,\nTom",
        FOLLOW_UP,
        {"meeting_in_busy_hours"},
    ),
    (
        "busy_meeting_nl",
        "Beste Eva,\n\nVoor de start van de nieuwe lijn in maart: kunnen we dinsdagmiddag "
        "bellen?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"meeting_in_busy_hours"},
    ),
    (
        "lunch_meeting_is_fine_nl",
        "Beste Eva,\n\nVoor de start van de nieuwe lijn in maart: kunnen we dinsdag tussen "
        "de middag bellen?\n\nGroet,\nPiet",
        FOLLOW_UP,
        set(),
    ),
    # --- R-P1: about us, not them ------------------------------------------------------
    (
        "about_us_en",
        "Hi Olivia,\n\nWe are Acme. We make cartons and we ship them from our plant in "
        "Venlo. Our team is proud of our service and our people. Can I call you at 17:30 "
        "before your tender closes?\n\nBest,\nTom",
        FOLLOW_UP,
        {"about_us_not_them"},
    ),
    (
        "about_us_nl",
        "Beste Eva,\n\nWij zijn Acme. Wij maken dozen en wij leveren ze vanuit onze fabriek "
        "in Venlo. Ons team is trots op onze service en onze mensen. Zullen we om 17.30 uur "
        "bellen, voor de aanbesteding sluit?\n\nGroet,\nPiet",
        FOLLOW_UP,
        {"about_us_not_them"},
    ),
]


@pytest.mark.parametrize(("name", "text", "context", "expected"), CASES, ids=[c[0] for c in CASES])
def test_findings(name: str, text: str, context: CoachContext, expected: set[str]) -> None:
    assert set(review(text, context=context).finding_ids) == expected


LONG_EN = (
    "Dear Olivia,\n\nWe are a leading provider of innovative, best-in-class packaging "
    "solutions and we have been helping many satisfied customers achieve huge savings "
    "through our unique approach, which combines state-of-the-art technology with "
    "world-class service and a holistic view on the total supply chain, so that our "
    "customers can maximise value while we take care of everything from design to delivery. "
    "Our team of experts will get back to you soon with more information about our "
    "products, our services and our company, and we will also send our brochure. We "
    "believe that our solutions are the best in the market and we are confident that we "
    "can deliver significant improvements for your business as we have done for our other "
    "customers in many industries across Europe. What are you currently paying for your "
    "packaging? We would love to meet with you on Tuesday afternoon to present our company "
    "and our products. Our company was founded with the mission to be the best partner for "
    "our customers, and we continue to invest in innovation and quality every single day."
    "\n\nKind regards,\nJohn"
)

LONG_NL = (
    "Beste mevrouw De Vries,\n\nWij zijn marktleider in innovatieve verpakkingsoplossingen "
    "en wij ontzorgen onze klanten volledig met onze totaaloplossing, waardoor zij enorme "
    "besparingen realiseren en zich volledig kunnen richten op hun kernactiviteiten, "
    "terwijl wij zorgen voor de beste kwaliteit en service. Onze organisatie beschikt over "
    "een uitgebreid assortiment hoogwaardige producten en een gedreven team van "
    "specialisten dat klaarstaat om samen met uw organisatie de verpakkingsprocessen te "
    "optimaliseren en naar een hoger niveau te tillen. Wat betaalt u nu voor uw "
    "verpakkingen? Wij sturen u binnenkort onze brochure. Zullen we dinsdagochtend "
    "afspreken om onze oplossingen te bespreken? Wij kijken ernaar uit om kennis te maken "
    "en u te laten zien wat onze totaaloplossing voor uw organisatie kan betekenen."
    "\n\nMet vriendelijke groet,\nJan"
)


@pytest.mark.parametrize("text", [LONG_EN, LONG_NL], ids=["en", "nl"])
def test_long_vague_draft_has_the_expected_findings(text: str) -> None:
    found = review(text, context=FIRST).finding_ids
    assert {
        "too_long",
        "long_sentences",
        "vague_claim",
        "undated_promise",
        "current_price_question",
        "no_credibility",
        "meeting_in_busy_hours",
        "about_us_not_them",
        "no_reason_now",
        "hard_to_read",
    } <= found


@pytest.mark.parametrize("text", [LONG_EN, LONG_NL], ids=["en", "nl"])
def test_long_vague_draft_scores_below_40(text: str) -> None:
    assert review(text, context=FIRST).score < 40


@pytest.mark.parametrize("name", ["clean_first_en", "clean_first_nl", "clean_reply_nl"])
def test_clean_short_specific_draft_scores_above_85(name: str) -> None:
    _, text, context, _ = next(c for c in CASES if c[0] == name)
    assert review(text, context=context).score > 85

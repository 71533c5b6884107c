"""The deal's current supplier by name (R-B4): the CRM knows the incumbent's name, so the
buyer's mentions of it are incumbent signals with the buyer's tone."""

from __future__ import annotations

import pytest

from buyerlens.signals import extract, read_note
from buyerlens.signals.names import name_forms, person_forms


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Kartonnage Lemmens", ("Kartonnage Lemmens", "Lemmens")),
        ("Kartonfabriek De Hoop", ("Kartonfabriek De Hoop", "De Hoop")),
        ("Plastipack Rhein GmbH", ("Plastipack Rhein GmbH", "Plastipack Rhein", "Plastipack")),
        ("Northern Packaging Solutions", ("Northern Packaging Solutions", "Northern")),
        ("Van Dam", ("Van Dam",)),
        ("  ", ()),
        # the trade's word opens many Dutch and Belgian names: the family name is the name
        (
            "Drukkerij Vandewiele NV",
            ("Drukkerij Vandewiele NV", "Drukkerij Vandewiele", "Vandewiele"),
        ),
        (
            "Kruidenhuis Van Dijk B.V.",
            ("Kruidenhuis Van Dijk B.V.", "Kruidenhuis Van Dijk", "Van Dijk"),
        ),
        ("Cartonnages Delvaux SA", ("Cartonnages Delvaux SA", "Cartonnages Delvaux", "Delvaux")),
        ("Golfkarton Berg B.V.", ("Golfkarton Berg B.V.", "Golfkarton Berg", "Berg")),
        ("Ashford Print Group", ("Ashford Print Group", "Ashford")),
        # a brand that ends like a trade word is a brand; a direction is no name alone
        ("Rotodruk Zwolle B.V.", ("Rotodruk Zwolle B.V.", "Rotodruk Zwolle", "Rotodruk")),
        (
            "Eiwitcentrale Noord B.V.",
            ("Eiwitcentrale Noord B.V.", "Eiwitcentrale Noord", "Eiwitcentrale"),
        ),
    ],
)
def test_the_forms_a_buyer_writes_of_a_supplier(name: str, forms: tuple[str, ...]) -> None:
    assert name_forms(name) == forms


@pytest.mark.parametrize(
    ("text", "name", "said", "polarity"),
    [
        (
            "Vorige week weer een levering van Lemmens die niet kwam, lijn 2 heeft een halve "
            "dag stilgestaan. Ik heb er echt genoeg van.",
            "Kartonnage Lemmens",
            "Lemmens",
            "negative",
        ),
        (
            "Northern delivered late again and the truck never turned up on Friday.",
            "Northern Packaging Solutions",
            "Northern",
            "negative",
        ),
        (
            "Met De Hoop zijn we eigenlijk heel tevreden, maar we willen een tweede bron.",
            "Kartonfabriek De Hoop",
            "De Hoop",
            "positive",
        ),
    ],
)
def test_a_mention_of_the_incumbent_by_name_is_evidence(
    text: str, name: str, said: str, polarity: str
) -> None:
    without = [s for s in extract(text, role="buyer", learned=False) if s.kind == "incumbent"]
    found = [s for s in extract(text, role="buyer", incumbents=[name]) if s.kind == "incumbent"]
    assert not without  # the lexicon cannot know the name
    # the name is the evidence, with the tone of its sentence (a sentence the learned layer
    # took as its incumbent evidence gives way to the name in it)
    assert [(text[s.start : s.end], s.polarity, s.rule) for s in found] == [(said, polarity, "B4")]


def test_a_name_needs_its_capital_and_whole_words() -> None:
    # "de hoop" is hope; "Northernmost" is not Northern
    assert not [
        s
        for s in extract("Ik heb de hoop dat het lukt.", role="buyer", incumbents=["De Hoop"])
        if s.kind == "incumbent"
    ]
    assert not [
        s
        for s in extract(
            "Our Northernmost site is in Inverness.",
            role="buyer",
            incumbents=["Northern Packaging Solutions"],
        )
        if s.kind == "incumbent"
    ]


def test_quoted_history_and_the_seller_do_not_count() -> None:
    mail = (
        "Prima, dank je.\n\n"
        "Op di 3 sep. 2026 om 10:12 schreef Tom <tom@kroonhof.nl>:\n"
        "> Werkt u nog steeds met Lemmens?"
    )
    found = extract(mail, role="buyer", incumbents=["Kartonnage Lemmens"])
    assert "incumbent" not in {s.kind for s in found}
    seller = extract("Ik weet dat u met Lemmens werkt.", role="seller", incumbents=["Lemmens"])
    assert "incumbent" not in {s.kind for s in seller}


def test_a_call_note_reads_the_name_in_the_buyers_lines() -> None:
    note = (
        "Bezoek Genk met Kristof.\n"
        "- Lemmens levert structureel te laat, twee keer lijnstilstand dit jaar.\n"
        "- Ruud stuurt de offerte uiterlijk vrijdag."
    )
    buyer, _ = read_note(note, buyer_people=["Kristof"], incumbents=["Kartonnage Lemmens"])
    named = [s for s in buyer if s.entry == "name.incumbent"]
    assert [(note[s.start : s.end], s.polarity) for s in named] == [("Lemmens", "negative")]


def test_one_sentence_is_one_piece_of_evidence() -> None:
    # "Huidige leverancier" already says it: the name in the same sentence adds no second
    # incumbent signal (the diagnosis would count the one remark twice)
    text = "Huidige leverancier Kartonfabriek De Hoop, geen klachten genoemd. De Hoop levert snel."
    found = [
        s
        for s in extract(text, role="buyer", learned=False, incumbents=["Kartonfabriek De Hoop"])
        if s.kind == "incumbent"
    ]
    assert [(text[s.start : s.end], s.entry == "name.incumbent") for s in found] == [
        ("Huidige leverancier", False),
        ("De Hoop", True),
    ]


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Sietse Dijkstra", ("Sietse Dijkstra", "Dijkstra", "Sietse")),
        ("Bart Van Damme", ("Bart Van Damme", "Van Damme", "van Damme", "Bart")),
        ("Dr. Hartmut Lenz", ("Hartmut Lenz", "Hartmut", "Lenz")),
        # a first name that opens sentences as a word ("Will you ...", "Ben je ...")
        ("Will Jones", ("Will Jones", "Jones")),
        ("Ben de Graaf", ("Ben de Graaf", "de Graaf", "De Graaf")),
    ],
)
def test_the_forms_colleagues_write_of_a_person(name: str, forms: tuple[str, ...]) -> None:
    assert person_forms(name) == forms


TEAM = {
    "Sietse Dijkstra": "operations",
    "Bart Van Damme": "production",
    "Nathalie Goossens": "quality_control",
}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "Hoe staat het met de samples? Sietse heeft de proefdraai ingepland op dinsdag.",
            [("Sietse", "operations")],
        ),
        (
            "Bart en Nathalie zijn akkoord, het voorstel mag door.",
            [("Bart", "production"), ("Nathalie", "quality_control")],
        ),
        (
            "Mr Van Damme asked me to check the corner fold of the 1/3 tray.",
            [("Van Damme", "production")],
        ),
    ],
)
def test_a_colleague_by_name_is_a_stakeholder(text: str, named: list[tuple[str, str]]) -> None:
    # R-B3: the buyer brings a colleague in; the CRM knows who and in which role
    found = extract(text, role="buyer", colleagues=TEAM)
    got = [(s.text, (s.value or {}).get("role")) for s in found if s.entry == "name.stakeholder"]
    assert got == named
    assert all(s.rule == "B3" for s in found if s.entry == "name.stakeholder")


def test_a_first_name_that_is_a_word_is_not_looked_for_alone() -> None:
    team = {"Will Jones": "finance", "Ben de Graaf": "warehouse"}
    assert not [
        s
        for t in ("Will you send the revised quote?", "Ben je er morgen om 9 uur?")
        for s in extract(t, role="buyer", colleagues=team)
        if s.entry == "name.stakeholder"
    ]
    found = extract("Jones from finance and de Graaf both agreed.", role="buyer", colleagues=team)
    assert [s.text for s in found if s.entry == "name.stakeholder"] == ["de Graaf"]


def test_a_colleague_inside_a_stakeholder_phrase_counts_once() -> None:
    # "onze productieleider Bart": the lexicon's phrase already names the person's role
    found = extract(
        "Ik moet het eerst afstemmen met onze productieleider Bart.",
        role="buyer",
        learned=False,
        colleagues=TEAM,
    )
    assert [s.text for s in found if s.kind == "stakeholder"] == ["productieleider"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Vandewiele blijft voorlopig de kleine series doen.", "Drukkerij Vandewiele NV"),
        ("Van Dijk levert nu, maar de laatste partij was afgekeurd.", "Kruidenhuis Van Dijk B.V."),
        ("You're roughly on par with Delvaux on total cost.", "Cartonnages Delvaux SA"),
    ],
)
def test_the_supplier_by_its_family_name(text: str, name: str) -> None:
    # R-B4: "Drukkerij Vandewiele" is "Vandewiele" to the buyer, not "Drukkerij"
    found = [
        s.text for s in extract(text, role="buyer", incumbents=[name]) if s.kind == "incumbent"
    ]
    assert found == [name_forms(name)[-1]]
    other = "We kregen ook een prijs van Drukkerij Sansen uit Kortrijk."
    assert not [s for s in extract(other, role="buyer", incumbents=[name]) if s.kind == "incumbent"]


@pytest.mark.parametrize(
    "text",
    [
        "We kunnen elkaar dinsdag zien in Tielt, ik moet daar toch zijn voor een klant.",
        "I'm in Bristol next week for the coffee festival, any chance of a coffee?",
    ],
)
def test_the_town_a_supplier_is_named_after_is_not_the_supplier(text: str) -> None:
    suppliers = ["Tielt Verpakking BV", "Bristol Flexibles Ltd"]
    assert not [
        s for s in extract(text, role="buyer", incumbents=suppliers) if s.kind == "incumbent"
    ]
    said = "Tielt levert prima. Bristol was twee keer te laat."
    found = [
        s.text for s in extract(said, role="buyer", incumbents=suppliers) if s.kind == "incumbent"
    ]
    assert found == ["Tielt", "Bristol"]


@pytest.mark.parametrize(
    "text",
    [
        "De proefrollen mogen naar Industrieweg 14. Ben je er voor 7.00 uur, bel dan Jelle bij "
        "de receptie voor de poortcode.",
        "Vragen over betaling kun je rechtstreeks aan Yvonne Schouten stellen (030-6921144).",
        "Deliveries to the brewery yard please, Unit 3. Ask for Gareth at goods-in, he's there "
        "7 till 3.",
        "Could invoices go to Ellie Shaw (accounts@ridgewayroasters.co.uk) rather than me?",
        "Hoi Lisa, hoi Jelle,\n\nHierbij het afleveradres voor de eerste zending.",
        "Dear Jasper and Gareth,\n\nFiles for the spring title are on your FTP as of this morning.",
    ],
)
def test_a_colleague_named_only_as_a_contact_is_no_stakeholder(text: str) -> None:
    # GUIDELINES.md: "a colleague mentioned only as a phone contact for logistics" (R-B3)
    colleagues = {
        "Jelle Veenstra": "warehouse",
        "Yvonne Schouten": "accounts_payable",
        "Gareth Price": "warehouse",
        "Ellie Shaw": "accounts_payable",
    }
    found = [
        s for s in extract(text, role="buyer", colleagues=colleagues) if s.kind == "stakeholder"
    ]
    assert found == []


def test_a_colleague_involved_beside_a_contact_line_still_counts() -> None:
    text = (
        "Jelle wil eerst een proefdraai op lijn 2 voordat we beslissen.\n"
        "Voor de levering: bel de receptie, 030-6921144."
    )
    found = [
        (s.text, s.value)
        for s in extract(text, role="buyer", colleagues={"Jelle Veenstra": "production"})
        if s.kind == "stakeholder"
    ]
    assert found == [("Jelle", {"role": "production"})]


def test_a_long_first_line_or_run_of_letters_is_read_in_linear_time() -> None:
    # pathological input near a colleague's name: a first line of one long word (no
    # greeting) and a long run of address-like characters without an "@"
    text = "Sietse" + "a" * 5000 + " b\nSietse " + "x." * 5000 + " wil een proef."
    found = extract(text, role="buyer", colleagues={"Sietse Dijkstra": "production"})
    assert [s.text for s in found if s.kind == "stakeholder"] == ["Sietse"]

"""Rows to bundle records and back. One function pair per entity, nothing else."""

from __future__ import annotations

from typing import Any

from buyerlens.model import (
    Account,
    Answer,
    Commitment,
    Contact,
    Credential,
    Deal,
    DealContact,
    Interaction,
    Money,
    Seller,
)
from buyerlens.store.tables import (
    AccountRow,
    AnswerRow,
    CommitmentRow,
    ContactRow,
    CredentialRow,
    DealContactRow,
    DealRow,
    InteractionRow,
    SellerRow,
    utc_naive,
)

_INTERACTION_COLUMNS = (
    "id",
    "deal",
    "contact",
    "direction",
    "channel",
    "at",
    "subject",
    "text",
    "language",
)


def account_row(a: Account) -> dict[str, Any]:
    return a.model_dump()


def account_model(r: AccountRow) -> Account:
    return Account(
        id=r.id,
        name=r.name,
        industry=r.industry,
        country=r.country,
        timezone=r.timezone,
        domain=r.domain,
    )


def contact_row(c: Contact) -> dict[str, Any]:
    data = c.model_dump(exclude={"authority_limit"})
    data["authority_amount"] = c.authority_limit.amount if c.authority_limit else None
    data["authority_currency"] = c.authority_limit.currency if c.authority_limit else None
    return data


def contact_model(r: ContactRow) -> Contact:
    limit = None
    if r.authority_amount is not None:
        limit = Money(amount=r.authority_amount, currency=r.authority_currency or "EUR")
    return Contact.model_validate(
        {
            "id": r.id,
            "account": r.account,
            "name": r.name,
            "role": r.role,
            "title": r.title,
            "email": r.email,
            "phone": r.phone,
            "language": r.language,
            "timezone": r.timezone,
            "working_hours": r.working_hours,
            "authority_limit": limit,
        }
    )


def deal_row(d: Deal) -> dict[str, Any]:
    return d.model_dump(exclude={"contacts"})


def deal_contact_rows(d: Deal) -> list[dict[str, Any]]:
    return [
        {"deal": d.id, "contact": dc.contact, "position": i, "buying_role": dc.buying_role}
        for i, dc in enumerate(d.contacts)
    ]


def deal_model(r: DealRow, contacts: list[DealContactRow]) -> Deal:
    return Deal.model_validate(
        {
            "id": r.id,
            "account": r.account,
            "title": r.title,
            "product_category": r.product_category,
            "amount": r.amount,
            "currency": r.currency,
            "stage": r.stage,
            "new_supplier": r.new_supplier,
            "incumbent": r.incumbent,
            "owner": r.owner,
            "created": r.created,
            "expected_close": r.expected_close,
            "outcome": r.outcome,
            "contacts": [
                DealContact.model_validate({"contact": c.contact, "buying_role": c.buying_role})
                for c in sorted(contacts, key=lambda c: c.position)
            ],
        }
    )


def interaction_row(i: Interaction) -> dict[str, Any]:
    data = i.model_dump()
    row = {key: data.pop(key) for key in _INTERACTION_COLUMNS}
    row["at_utc"] = utc_naive(i.at)
    # Fields added to the model later (raw text, attachments ...) travel in `extra`.
    extra = {k: v for k, v in i.model_dump(mode="json").items() if k in data and v is not None}
    row["extra"] = extra or None
    return row


def interaction_model(r: InteractionRow) -> Interaction:
    data: dict[str, Any] = {key: getattr(r, key) for key in _INTERACTION_COLUMNS}
    if r.extra:
        data.update(r.extra)
    return Interaction.model_validate(data)


def commitment_row(k: Commitment) -> dict[str, Any]:
    return k.model_dump()


def commitment_model(r: CommitmentRow) -> Commitment:
    return Commitment(
        id=r.id,
        deal=r.deal,
        text=r.text,
        due=r.due,
        done_at=r.done_at,
        source=r.source,
        made_at=r.made_at,
    )


def answer_row(a: Answer) -> dict[str, Any]:
    return {
        "deal": a.deal,
        "contact": a.contact or "",
        "question": a.question,
        "at_key": a.at.isoformat() if a.at else "",
        "value": {"v": a.value},
        "at": a.at,
        "note": a.note,
    }


def answer_model(r: AnswerRow) -> Answer:
    return Answer.model_validate(
        {
            "deal": r.deal,
            "contact": r.contact or None,
            "question": r.question,
            "value": r.value["v"],
            "at": r.at,
            "note": r.note,
        }
    )


def seller_row(s: Seller) -> dict[str, Any]:
    return {
        "id": 1,
        "name": s.name,
        "timezone": s.timezone,
        "email": s.email,
        "domains": list(s.domains),
    }


def credential_rows(s: Seller) -> list[dict[str, Any]]:
    return [{"position": i, **c.model_dump()} for i, c in enumerate(s.credentials)]


def seller_model(r: SellerRow, credentials: list[CredentialRow]) -> Seller:
    return Seller(
        name=r.name,
        timezone=r.timezone,
        email=r.email,
        domains=list(r.domains or []),
        credentials=[
            Credential.model_validate(
                {
                    "kind": c.kind,
                    "industry": c.industry,
                    "title": c.title,
                    "summary": c.summary,
                    "years": c.years,
                }
            )
            for c in sorted(credentials, key=lambda c: c.position)
        ],
    )

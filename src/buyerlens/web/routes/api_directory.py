"""REST API: accounts, contacts and deals (list with pagination, get, create, replace, delete)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from buyerlens.model import Account, Contact, Deal
from buyerlens.web import records
from buyerlens.web.deps import ApiAuthDep, CacheDep, SessionDep
from buyerlens.web.records import Page
from buyerlens.web.routes.api_common import ERRORS, Limit, Offset

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/accounts", response_model=Page[Account], tags=["accounts"])
def list_accounts(
    auth: ApiAuthDep, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> Page[Account]:
    """Accounts: one page, in the order they were imported or created."""
    page = records.list_page(session, auth.user, "accounts", limit=limit, offset=offset)
    return Page[Account].model_validate(page.model_dump())


@router.get("/accounts/{record_id}", response_model=Account, tags=["accounts"])
def get_account(record_id: str, auth: ApiAuthDep, session: SessionDep) -> Account:
    """One account by id (404 when it does not exist or is not yours to see)."""
    return Account.model_validate(
        records.get(session, auth.user, "accounts", record_id).model_dump()
    )


@router.post("/accounts", response_model=Account, status_code=201, tags=["accounts"])
def create_account(
    body: Account, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Account:
    """Create an account; 409 when the id is taken, 422 naming the field when it is bad."""
    made = records.create(session, auth.user, "accounts", body, cache=cache)
    return Account.model_validate(made.model_dump())


@router.put("/accounts/{record_id}", response_model=Account, tags=["accounts"])
def replace_account(
    record_id: str, body: Account, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Account:
    """Replace an account with the body (its id must equal the path's)."""
    made = records.replace(session, auth.user, "accounts", record_id, body, cache=cache)
    return Account.model_validate(made.model_dump())


@router.delete("/accounts/{record_id}", status_code=204, tags=["accounts"])
def delete_account(
    record_id: str, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Response:
    """Delete an account; 409 while other records still use it."""
    records.remove(session, auth.user, "accounts", record_id, cache=cache)
    return Response(status_code=204)


@router.get("/contacts", response_model=Page[Contact], tags=["contacts"])
def list_contacts(
    auth: ApiAuthDep, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> Page[Contact]:
    """Contacts: one page, in the order they were imported or created."""
    page = records.list_page(session, auth.user, "contacts", limit=limit, offset=offset)
    return Page[Contact].model_validate(page.model_dump())


@router.get("/contacts/{record_id}", response_model=Contact, tags=["contacts"])
def get_contact(record_id: str, auth: ApiAuthDep, session: SessionDep) -> Contact:
    """One contact by id (404 when it does not exist or is not yours to see)."""
    return Contact.model_validate(
        records.get(session, auth.user, "contacts", record_id).model_dump()
    )


@router.post("/contacts", response_model=Contact, status_code=201, tags=["contacts"])
def create_contact(
    body: Contact, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Contact:
    """Create a contact; 409 when the id is taken, 422 naming the field when it is bad."""
    made = records.create(session, auth.user, "contacts", body, cache=cache)
    return Contact.model_validate(made.model_dump())


@router.put("/contacts/{record_id}", response_model=Contact, tags=["contacts"])
def replace_contact(
    record_id: str, body: Contact, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Contact:
    """Replace a contact with the body (its id must equal the path's)."""
    made = records.replace(session, auth.user, "contacts", record_id, body, cache=cache)
    return Contact.model_validate(made.model_dump())


@router.delete("/contacts/{record_id}", status_code=204, tags=["contacts"])
def delete_contact(
    record_id: str, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Response:
    """Delete a contact; 409 while other records still use it."""
    records.remove(session, auth.user, "contacts", record_id, cache=cache)
    return Response(status_code=204)


@router.get("/deals", response_model=Page[Deal], tags=["deals"])
def list_deals(
    auth: ApiAuthDep, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> Page[Deal]:
    """Deals: one page, in the order they were imported or created."""
    page = records.list_page(session, auth.user, "deals", limit=limit, offset=offset)
    return Page[Deal].model_validate(page.model_dump())


@router.get("/deals/{record_id}", response_model=Deal, tags=["deals"])
def get_deal(record_id: str, auth: ApiAuthDep, session: SessionDep) -> Deal:
    """One deal by id (404 when it does not exist or is not yours to see)."""
    return Deal.model_validate(records.get(session, auth.user, "deals", record_id).model_dump())


@router.post("/deals", response_model=Deal, status_code=201, tags=["deals"])
def create_deal(body: Deal, auth: ApiAuthDep, session: SessionDep, cache: CacheDep) -> Deal:
    """Create a deal; 409 when the id is taken, 422 naming the field when it is bad."""
    made = records.create(session, auth.user, "deals", body, cache=cache)
    return Deal.model_validate(made.model_dump())


@router.put("/deals/{record_id}", response_model=Deal, tags=["deals"])
def replace_deal(
    record_id: str, body: Deal, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Deal:
    """Replace a deal with the body (its id must equal the path's)."""
    made = records.replace(session, auth.user, "deals", record_id, body, cache=cache)
    return Deal.model_validate(made.model_dump())


@router.delete("/deals/{record_id}", status_code=204, tags=["deals"])
def delete_deal(record_id: str, auth: ApiAuthDep, session: SessionDep, cache: CacheDep) -> Response:
    """Delete a deal; 409 while other records still use it."""
    records.remove(session, auth.user, "deals", record_id, cache=cache)
    return Response(status_code=204)

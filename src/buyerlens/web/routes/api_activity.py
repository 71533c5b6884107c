"""REST API: interactions, commitments and answers (list, get, create, replace, delete)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from buyerlens.model import Answer, Commitment, Interaction
from buyerlens.web import records
from buyerlens.web.deps import ApiAuthDep, CacheDep, SessionDep
from buyerlens.web.records import Page, StoredAnswer
from buyerlens.web.routes.api_common import ERRORS, AnswerId, Limit, Offset

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/interactions", response_model=Page[Interaction], tags=["interactions"])
def list_interactions(
    auth: ApiAuthDep,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    deal: Annotated[str | None, Query(description="Only this deal's records.")] = None,
) -> Page[Interaction]:
    """Interactions: one page, in the order they were imported or created."""
    page = records.list_page(
        session, auth.user, "interactions", limit=limit, offset=offset, deal=deal
    )
    return Page[Interaction].model_validate(page.model_dump())


@router.get("/interactions/{record_id}", response_model=Interaction, tags=["interactions"])
def get_interaction(record_id: str, auth: ApiAuthDep, session: SessionDep) -> Interaction:
    """One interaction by id (404 when it does not exist or is not yours to see)."""
    return Interaction.model_validate(
        records.get(session, auth.user, "interactions", record_id).model_dump()
    )


@router.post("/interactions", response_model=Interaction, status_code=201, tags=["interactions"])
def create_interaction(
    body: Interaction, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Interaction:
    """Create an interaction; 409 when the id is taken, 422 naming the field when it is bad."""
    made = records.create(session, auth.user, "interactions", body, cache=cache)
    return Interaction.model_validate(made.model_dump())


@router.put("/interactions/{record_id}", response_model=Interaction, tags=["interactions"])
def replace_interaction(
    record_id: str, body: Interaction, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Interaction:
    """Replace an interaction with the body (its id must equal the path's)."""
    made = records.replace(session, auth.user, "interactions", record_id, body, cache=cache)
    return Interaction.model_validate(made.model_dump())


@router.delete("/interactions/{record_id}", status_code=204, tags=["interactions"])
def delete_interaction(
    record_id: str, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Response:
    """Delete an interaction; 409 while other records still use it."""
    records.remove(session, auth.user, "interactions", record_id, cache=cache)
    return Response(status_code=204)


@router.get("/commitments", response_model=Page[Commitment], tags=["commitments"])
def list_commitments(
    auth: ApiAuthDep,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    deal: Annotated[str | None, Query(description="Only this deal's records.")] = None,
) -> Page[Commitment]:
    """Commitments: one page, in the order they were imported or created."""
    page = records.list_page(
        session, auth.user, "commitments", limit=limit, offset=offset, deal=deal
    )
    return Page[Commitment].model_validate(page.model_dump())


@router.get("/commitments/{record_id}", response_model=Commitment, tags=["commitments"])
def get_commitment(record_id: str, auth: ApiAuthDep, session: SessionDep) -> Commitment:
    """One commitment by id (404 when it does not exist or is not yours to see)."""
    return Commitment.model_validate(
        records.get(session, auth.user, "commitments", record_id).model_dump()
    )


@router.post("/commitments", response_model=Commitment, status_code=201, tags=["commitments"])
def create_commitment(
    body: Commitment, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Commitment:
    """Create a commitment; 409 when the id is taken, 422 naming the field when it is bad."""
    made = records.create(session, auth.user, "commitments", body, cache=cache)
    return Commitment.model_validate(made.model_dump())


@router.put("/commitments/{record_id}", response_model=Commitment, tags=["commitments"])
def replace_commitment(
    record_id: str, body: Commitment, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Commitment:
    """Replace a commitment with the body (its id must equal the path's)."""
    made = records.replace(session, auth.user, "commitments", record_id, body, cache=cache)
    return Commitment.model_validate(made.model_dump())


@router.delete("/commitments/{record_id}", status_code=204, tags=["commitments"])
def delete_commitment(
    record_id: str, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Response:
    """Delete a commitment; 409 while other records still use it."""
    records.remove(session, auth.user, "commitments", record_id, cache=cache)
    return Response(status_code=204)


@router.get("/answers", response_model=Page[StoredAnswer], tags=["answers"])
def list_answers(
    auth: ApiAuthDep,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    deal: Annotated[str | None, Query(description="Only this deal's records.")] = None,
) -> Page[StoredAnswer]:
    """Answers: one page, in the order they were imported or created."""
    page = records.list_page(session, auth.user, "answers", limit=limit, offset=offset, deal=deal)
    return Page[StoredAnswer].model_validate(page.model_dump())


@router.get("/answers/{record_id}", response_model=StoredAnswer, tags=["answers"])
def get_answer(record_id: AnswerId, auth: ApiAuthDep, session: SessionDep) -> StoredAnswer:
    """One answer by id (404 when it does not exist or is not yours to see)."""
    return StoredAnswer.model_validate(
        records.get(session, auth.user, "answers", record_id).model_dump()
    )


@router.post("/answers", response_model=StoredAnswer, status_code=201, tags=["answers"])
def create_answer(
    body: Answer, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> StoredAnswer:
    """Create an answer; 409 when the id is taken, 422 naming the field when it is bad."""
    made = records.create(session, auth.user, "answers", body, cache=cache)
    return StoredAnswer.model_validate(made.model_dump())


@router.put("/answers/{record_id}", response_model=StoredAnswer, tags=["answers"])
def replace_answer(
    record_id: AnswerId, body: Answer, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> StoredAnswer:
    """Replace an answer with the body."""
    made = records.replace(session, auth.user, "answers", record_id, body, cache=cache)
    return StoredAnswer.model_validate(made.model_dump())


@router.delete("/answers/{record_id}", status_code=204, tags=["answers"])
def delete_answer(
    record_id: AnswerId, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
) -> Response:
    """Delete an answer; 409 while other records still use it."""
    records.remove(session, auth.user, "answers", record_id, cache=cache)
    return Response(status_code=204)

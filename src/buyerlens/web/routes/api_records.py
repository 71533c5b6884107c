"""REST API for the records of the bundle: list (paginated), get, create, replace, delete.

Every kind gets the same five routes from :func:`add_record_routes`; only the model, the
id type and whether the list can be filtered by deal differ (:data:`KINDS`). The real
models go into each endpoint's signature so OpenAPI and validation see them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from buyerlens.model import Account, Answer, Commitment, Contact, Deal, Interaction
from buyerlens.web import records
from buyerlens.web.deps import ApiAuthDep, CacheDep, SessionDep
from buyerlens.web.records import Page, StoredAnswer
from buyerlens.web.routes.api_common import ERRORS, AnswerId, Limit, Offset

DealFilter = Annotated[str | None, Query(description="Only this deal's records.")]


@dataclass(frozen=True)
class Kind:
    """One kind of record served under ``/api/<name>``."""

    name: str
    singular: str
    body: type[BaseModel]
    public: type[BaseModel]
    record_id: Any = str
    by_deal: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("accounts", "account", Account, Account),
    Kind("contacts", "contact", Contact, Contact),
    Kind("deals", "deal", Deal, Deal),
    Kind("interactions", "interaction", Interaction, Interaction, by_deal=True),
    Kind("commitments", "commitment", Commitment, Commitment, by_deal=True),
    Kind("answers", "answer", Answer, StoredAnswer, record_id=AnswerId, by_deal=True),
)


def _typed(fn: Callable[..., Any], drop: tuple[str, ...] = (), **types: Any) -> None:
    """Give ``fn`` the real types of its parameters (and drop some) for FastAPI."""
    signature = inspect.signature(fn)
    params = [
        p.replace(annotation=types.get(p.name, p.annotation))
        for p in signature.parameters.values()
        if p.name not in drop
    ]
    fn.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]


def add_record_routes(router: APIRouter, kind: Kind) -> None:
    """Register the five routes of ``kind`` on ``router``."""
    public, name = kind.public, kind.name

    def list_records(
        auth: ApiAuthDep,
        session: SessionDep,
        limit: Limit = 50,
        offset: Offset = 0,
        deal: DealFilter = None,
    ) -> Any:
        page = records.list_page(session, auth.user, name, limit=limit, offset=offset, deal=deal)
        return Page[public].model_validate(page.model_dump())  # type: ignore[valid-type]

    def get_record(record_id: Any, auth: ApiAuthDep, session: SessionDep) -> Any:
        return public.model_validate(records.get(session, auth.user, name, record_id).model_dump())

    def create_record(body: Any, auth: ApiAuthDep, session: SessionDep, cache: CacheDep) -> Any:
        made = records.create(session, auth.user, name, body, cache=cache)
        return public.model_validate(made.model_dump())

    def replace_record(
        record_id: Any, body: Any, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
    ) -> Any:
        made = records.replace(session, auth.user, name, record_id, body, cache=cache)
        return public.model_validate(made.model_dump())

    def delete_record(
        record_id: Any, auth: ApiAuthDep, session: SessionDep, cache: CacheDep
    ) -> Response:
        records.remove(session, auth.user, name, record_id, cache=cache)
        return Response(status_code=204)

    _typed(list_records, drop=() if kind.by_deal else ("deal",))
    _typed(get_record, record_id=kind.record_id)
    _typed(create_record, body=kind.body)
    _typed(replace_record, record_id=kind.record_id, body=kind.body)
    _typed(delete_record, record_id=kind.record_id)
    one, path = kind.singular, f"/{name}/{{record_id}}"
    article = "an" if one[0] in "aeiou" else "a"
    routes: list[tuple[str, str, Callable[..., Any], dict[str, Any], str]] = [
        (
            f"/{name}",
            "GET",
            list_records,
            {"response_model": Page[public]},  # type: ignore[valid-type]
            f"{name.capitalize()}: one page, in the order they were imported or created.",
        ),
        (
            path,
            "GET",
            get_record,
            {"response_model": public},
            f"One {one} by id (404 when it does not exist or is not yours to see).",
        ),
        (
            f"/{name}",
            "POST",
            create_record,
            {"response_model": public, "status_code": 201},
            f"Create {article} {one}; 409 when it exists, 422 naming the field when it is bad.",
        ),
        (
            path,
            "PUT",
            replace_record,
            {"response_model": public},
            f"Replace {article} {one} with the body (its id must equal the path's).",
        ),
        (
            path,
            "DELETE",
            delete_record,
            {"status_code": 204},
            f"Delete {article} {one}; 409 while other records still use it.",
        ),
    ]
    for route_path, method, endpoint, extra, doc in routes:
        verb = endpoint.__name__.split("_")[0]
        router.add_api_route(
            route_path,
            endpoint,
            methods=[method],
            tags=[name],
            description=doc,
            name=f"{verb}_{one if verb != 'list' else name}",
            **extra,
        )


router = APIRouter(prefix="/api", responses=ERRORS)
for _kind in KINDS:
    add_record_routes(router, _kind)

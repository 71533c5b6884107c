"""What the API routes share: the error responses in OpenAPI and the pagination bounds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorBody(BaseModel):
    """Every API error: ``{"error": {"code", "message", "field"?}}``."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No or a bad bearer token."},
    403: {"model": ErrorBody, "description": "Your role does not allow this."},
    404: {"model": ErrorBody, "description": "Not found (or not yours to see)."},
    409: {"model": ErrorBody, "description": "Clashes with stored data."},
    422: {"model": ErrorBody, "description": "Bad input; `field` names the field."},
}

Limit = Annotated[int, Query(ge=1, le=500, description="Records per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]
AnswerId = Annotated[int, Path(ge=1, le=2**62, description="The answer's id.")]

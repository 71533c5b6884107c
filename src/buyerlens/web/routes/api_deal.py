"""REST API: a deal's diagnosis and brief, the coach, and imports."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from buyerlens.model import BadInputError, Issue, UsageError
from buyerlens.store import load_bundle
from buyerlens.store.users import UserRole
from buyerlens.web import service
from buyerlens.web.deps import ApiAuthDep, CacheDep, EngineDep, SessionDep, SettingsDep
from buyerlens.web.errors import ForbiddenError
from buyerlens.web.routes.api_common import ERRORS
from buyerlens.web.tools import MEDIA_TYPES, brief_bytes, coach_review

router = APIRouter(prefix="/api", responses=ERRORS)

Lang = Literal["nl", "en"]
MAX_UPLOAD = 50 * 1024 * 1024


def _as_of(value: datetime | None, settings_now: datetime) -> datetime:
    if value is None:
        return settings_now
    if value.tzinfo is None:
        raise BadInputError(
            "as_of must carry a UTC offset such as +01:00 or Z",
            issues=[Issue("as_of", "has no UTC offset")],
        )
    return value


@router.get("/deals/{deal_id}/diagnosis", tags=["analysis"])
def deal_diagnosis(
    deal_id: str,
    auth: ApiAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
    as_of: Annotated[datetime | None, Query(description="The moment (default: now).")] = None,
    lang: Annotated[Lang | None, Query(description="Language of the advice.")] = None,
) -> dict[str, Any]:
    """The deal's DIAGNOSIS (the contract of ``buyerlens analyze --json``)."""
    moment = _as_of(as_of, settings.clock())
    use_cache = cache if as_of is None else None
    diagnosis = service.diagnosis_for(
        session, auth.user, deal_id, cache=use_cache, as_of=moment, lang=lang
    )
    return diagnosis.to_json()


@router.get(
    "/deals/{deal_id}/brief",
    tags=["analysis"],
    response_class=Response,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
)
def deal_brief(
    deal_id: str,
    auth: ApiAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    fmt: Annotated[Literal["md", "html", "pdf"], Query(alias="format")] = "md",
    lang: Annotated[Lang | None, Query()] = None,
    as_of: Annotated[datetime | None, Query()] = None,
) -> Response:
    """The call-prep brief in Markdown, HTML or PDF."""
    service.require_deal(session, auth.user, deal_id)
    bundle = load_bundle(session, deal_ids=[deal_id])
    body = brief_bytes(
        bundle,
        deal_id,
        as_of=_as_of(as_of, settings.clock()),
        fmt=fmt,
        lang=lang or auth.user.language.value,
    )
    return Response(body, media_type=MEDIA_TYPES[fmt])


class CoachRequest(BaseModel):
    """A draft to review, optionally in the context of a deal (and one of its contacts)."""

    text: str = Field(max_length=50_000, description="The draft message.")
    lang: Lang | None = Field(default=None, description="nl or en (detected when empty).")
    deal: str | None = Field(default=None, description="A deal whose buyer will read it.")
    contact: str | None = Field(default=None, description="The contact it is written to.")


@router.post("/coach", tags=["coach"])
def coach(
    body: CoachRequest,
    auth: ApiAuthDep,
    session: SessionDep,
    settings: SettingsDep,
    cache: CacheDep,
) -> dict[str, Any]:
    """The coach's review: a score and itemised findings with suggestions."""
    return coach_review(
        session,
        auth.user,
        body.text,
        lang=body.lang,
        deal=body.deal,
        contact=body.contact,
        as_of=settings.clock(),
        cache=cache,
    )


def _safe_name(name: str | None, index: int) -> str:
    base = Path(name or f"upload-{index}").name
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in base)[:120]
    return cleaned.lstrip(".") or f"upload-{index}"


def save_uploads(files: list[tuple[str | None, bytes]], folder: Path) -> list[Path]:
    """Write uploaded files under ``folder`` by their (cleaned) names."""
    paths: list[Path] = []
    for index, (name, data) in enumerate(files):
        if not data:
            raise BadInputError(
                f"{name or 'the upload'}: the file is empty",
                issues=[Issue("files", "an uploaded file is empty")],
            )
        path = folder / f"{index}-{_safe_name(name, index)}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def import_files(
    engine: Any, files: list[tuple[str | None, bytes]], *, fmt: str | None, dry_run: bool
) -> dict[str, Any]:
    """Import uploaded files; the report names each rejected line by the uploaded name."""
    from buyerlens.importing import run_import

    if not files:
        raise UsageError("upload at least one file")
    with tempfile.TemporaryDirectory(prefix="buyerlens-upload-") as tmp:
        paths = save_uploads(files, Path(tmp))
        names = {str(p): (n or p.name) for p, (n, _) in zip(paths, files, strict=True)}
        report = run_import(engine, paths, fmt=fmt or None, dry_run=dry_run)
        data = report.to_json()
    data.pop("reject_files", None)
    for item in data["rejected"]:
        item["file"] = names.get(item["file"], Path(item["file"]).name)
    return data


@router.post("/import", tags=["import"])
async def import_upload(
    auth: ApiAuthDep,
    session: SessionDep,
    engine: EngineDep,
    cache: CacheDep,
    files: Annotated[list[UploadFile], File(description="Bundle, CRM CSV, .eml, mbox, .ics")],
    fmt: Annotated[str | None, Form(alias="format")] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import uploaded files in one transaction; rejected records come back with lines."""
    if auth.user.role is UserRole.REP:
        raise ForbiddenError("only a manager or an admin may import")
    uploads: list[tuple[str | None, bytes]] = []
    for upload in files:
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise BadInputError(f"{upload.filename}: larger than {MAX_UPLOAD // 2**20} MB")
        uploads.append((upload.filename, data))
    session.commit()  # the import writes in its own transaction; release ours first
    report = await run_in_threadpool(import_files, engine, uploads, fmt=fmt, dry_run=dry_run)
    cache.clear()
    return report

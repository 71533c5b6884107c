"""Users, their API tokens and login sessions, and questions marked as asked.

The tables live on the same declarative ``Base`` as the deal tables
(:mod:`buyerlens.store.tables`) and are created by migration ``0002_users``.

Secrets are never stored: passwords as argon2 hashes, API tokens and session tokens as
the SHA-256 of a random value that only the client holds.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from buyerlens.model import BadInputError, ConflictError, Language, NotFoundError
from buyerlens.store.tables import AwareDateTime, Base

_HASHER = PasswordHasher()
MIN_PASSWORD = 8
NAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"


class UserRole(StrEnum):
    """What a user may see and do: ``rep`` own deals, ``manager`` all deals, ``admin`` users."""

    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="en")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class SessionRow(Base):
    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False)


class QuestionMarkRow(Base):
    """A playbook question the seller marked as asked by hand (R-B2, R-B3, R-B4)."""

    __tablename__ = "question_marks"
    __table_args__ = (UniqueConstraint("deal", "question", name="uq_question_marks"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    deal: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    question: Mapped[str] = mapped_column(String(200), nullable=False)
    asked_at: Mapped[datetime] = mapped_column(AwareDateTime(), nullable=False)
    by: Mapped[str] = mapped_column(String(64), nullable=False)


@dataclass(frozen=True, slots=True)
class User:
    """A user as the web app sees it (never the password hash)."""

    id: int
    name: str
    role: UserRole
    language: Language

    @property
    def sees_all_deals(self) -> bool:
        return self.role in (UserRole.MANAGER, UserRole.ADMIN)


@dataclass(frozen=True, slots=True)
class QuestionMark:
    deal: str
    question: str
    asked_at: datetime
    by: str


def _user(row: UserRow) -> User:
    return User(id=row.id, name=row.name, role=UserRole(row.role), language=Language(row.language))


def hash_secret(raw: str) -> str:
    """The SHA-256 hex digest under which a token or session is stored."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BadInputError(f"the password must have at least {MIN_PASSWORD} characters")


def create_user(
    session: Session,
    name: str,
    *,
    role: UserRole | str,
    password: str,
    language: Language | str = Language.EN,
    now: datetime,
) -> User:
    """Add a user; raises ConflictError when the name is taken."""
    if not re.match(NAME_PATTERN, name):
        raise BadInputError(
            f"user name {name!r} must be lower-case letters, digits, '.', '_' or '-'"
        )
    try:
        role = UserRole(role)
    except ValueError:
        raise BadInputError(f"role must be one of rep, manager, admin; got {role!r}") from None
    try:
        language = Language(language)
    except ValueError:
        raise BadInputError(f"language must be nl or en; got {language!r}") from None
    _check_password(password)
    if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
        raise ConflictError(f"a user named {name!r} already exists")
    row = UserRow(
        name=name,
        role=role.value,
        language=language.value,
        password_hash=_HASHER.hash(password),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _user(row)


def get_user(session: Session, name: str) -> User:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFoundError(f"no user named {name!r}; add one with `buyerlens user add`")
    return _user(row)


def list_users(session: Session) -> list[User]:
    return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user when the password is right, else None (the same answer for unknown names)."""
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        _HASHER.hash(password)  # spend the same time as a real check
        return None
    try:
        _HASHER.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        row.password_hash = _HASHER.hash(password)
    return _user(row)


def set_password(session: Session, name: str, *, password: str) -> None:
    _check_password(password)
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFoundError(f"no user named {name!r}")
    row.password_hash = _HASHER.hash(password)


def update_user(
    session: Session,
    name: str,
    *,
    role: UserRole | str | None = None,
    language: Language | str | None = None,
) -> User:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFoundError(f"no user named {name!r}")
    if role is not None:
        try:
            row.role = UserRole(role).value
        except ValueError:
            raise BadInputError(f"role must be one of rep, manager, admin; got {role!r}") from None
    if language is not None:
        try:
            row.language = Language(language).value
        except ValueError:
            raise BadInputError(f"language must be nl or en; got {language!r}") from None
    return _user(row)


def delete_user(session: Session, name: str) -> None:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFoundError(f"no user named {name!r}")
    session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == row.id))
    session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
    session.delete(row)


def create_token(session: Session, name: str, *, now: datetime) -> str:
    """A new personal API token for ``name``; only its hash is kept, so show it once."""
    user = get_user(session, name)
    raw = "bl_" + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user.id, token_hash=hash_secret(raw), created_at=now))
    session.flush()
    return raw


def user_for_token(session: Session, raw: str, *, now: datetime) -> User | None:
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_secret(raw)))
    if row is None:
        return None
    row.last_used_at = now
    user = session.get(UserRow, row.user_id)
    return None if user is None else _user(user)


def start_session(session: Session, user: User, *, now: datetime, ttl: timedelta) -> str:
    """A new login session; returns the raw token for the cookie."""
    raw = secrets.token_urlsafe(32)
    session.add(
        SessionRow(
            token_hash=hash_secret(raw), user_id=user.id, created_at=now, expires_at=now + ttl
        )
    )
    session.flush()
    return raw


def user_for_session(session: Session, raw: str, *, now: datetime) -> User | None:
    row = session.get(SessionRow, hash_secret(raw))
    if row is None:
        return None
    if row.expires_at <= now:
        session.delete(row)
        return None
    user = session.get(UserRow, row.user_id)
    return None if user is None else _user(user)


def end_session(session: Session, raw: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.token_hash == hash_secret(raw)))


def mark_question(
    session: Session, deal: str, *, question: str, by: str, at: datetime
) -> QuestionMark:
    """Record that ``question`` was asked in ``deal`` (idempotent: the first mark stays)."""
    row = session.scalar(
        select(QuestionMarkRow).where(
            QuestionMarkRow.deal == deal, QuestionMarkRow.question == question
        )
    )
    if row is None:
        row = QuestionMarkRow(deal=deal, question=question, asked_at=at, by=by)
        session.add(row)
        session.flush()
    return QuestionMark(row.deal, row.question, row.asked_at, row.by)


def unmark_question(session: Session, deal: str, *, question: str) -> None:
    session.execute(
        delete(QuestionMarkRow).where(
            QuestionMarkRow.deal == deal, QuestionMarkRow.question == question
        )
    )


def question_marks(session: Session, deal: str) -> dict[str, QuestionMark]:
    rows = session.scalars(select(QuestionMarkRow).where(QuestionMarkRow.deal == deal))
    return {r.question: QuestionMark(r.deal, r.question, r.asked_at, r.by) for r in rows}


__all__ = [
    "QuestionMark",
    "User",
    "UserRole",
    "authenticate",
    "create_token",
    "create_user",
    "delete_user",
    "end_session",
    "get_user",
    "hash_secret",
    "list_users",
    "mark_question",
    "question_marks",
    "set_password",
    "start_session",
    "unmark_question",
    "update_user",
    "user_for_session",
    "user_for_token",
]

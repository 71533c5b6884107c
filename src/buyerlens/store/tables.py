"""SQLAlchemy 2 tables for every entity of the bundle (product.md, capability 1).

Times keep the offset they were written with (:class:`AwareDateTime` stores ISO 8601
text), so an import followed by an export gives back the same bundle; a parallel
``*_utc`` column holds the instant for sorting and range queries. ``position`` keeps the
order records had in the bundle they came from.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as ISO 8601 text with its own offset."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes cannot be stored; give them an offset")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


def utc_naive(value: datetime | None) -> datetime | None:
    """The instant of an aware datetime as naive UTC, for the ``*_utc`` sort columns."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: AwareDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


ID = String(200)


class SellerRow(Base):
    __tablename__ = "seller"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    timezone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(320))
    domains: Mapped[list[Any]] = mapped_column(JSON, default=list)


class CredentialRow(Base):
    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    industry: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    years: Mapped[int | None] = mapped_column(Integer)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    industry: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str | None] = mapped_column(String(64))
    domain: Mapped[str | None] = mapped_column(String(253), index=True)


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    account: Mapped[str] = mapped_column(ID, ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str | None] = mapped_column(String(64))
    working_hours: Mapped[str | None] = mapped_column(String(11))
    authority_amount: Mapped[float | None] = mapped_column(Float)
    authority_currency: Mapped[str | None] = mapped_column(String(3))


class DealRow(Base):
    __tablename__ = "deals"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    account: Mapped[str] = mapped_column(ID, ForeignKey("accounts.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    product_category: Mapped[str | None] = mapped_column(String(200))
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    stage: Mapped[str | None] = mapped_column(String(100))
    new_supplier: Mapped[bool | None] = mapped_column(Boolean)
    incumbent: Mapped[str | None] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(200), index=True)
    created: Mapped[datetime | None] = mapped_column(AwareDateTime())
    expected_close: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(10))


class DealContactRow(Base):
    __tablename__ = "deal_contacts"

    deal: Mapped[str] = mapped_column(
        ID, ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    contact: Mapped[str] = mapped_column(ID, ForeignKey("contacts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    buying_role: Mapped[str | None] = mapped_column(String(40))


class InteractionRow(Base):
    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_deal_at", "deal", "at_utc"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    deal: Mapped[str | None] = mapped_column(ID, ForeignKey("deals.id"))
    contact: Mapped[str | None] = mapped_column(ID, ForeignKey("contacts.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    at_utc: Mapped[datetime] = mapped_column(DateTime)
    subject: Mapped[str | None] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(2))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CommitmentRow(Base):
    __tablename__ = "commitments"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    deal: Mapped[str] = mapped_column(ID, ForeignKey("deals.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime | None] = mapped_column(AwareDateTime())
    done_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    source: Mapped[str | None] = mapped_column(ID)
    made_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("deal", "contact", "question", "at_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    deal: Mapped[str] = mapped_column(ID, ForeignKey("deals.id"), index=True)
    contact: Mapped[str] = mapped_column(ID, default="")
    question: Mapped[str] = mapped_column(String(200))
    at_key: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    note: Mapped[str | None] = mapped_column(Text)

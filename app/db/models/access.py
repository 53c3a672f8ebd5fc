"""Users and the append-only access log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UTCDateTime, Versioned, utcnow
from app.db.models.region import Gemeente
from app.domain.roles import Action, Role

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key for the log.
BigId = BigInteger().with_variant(Integer, "sqlite")


def _values(enum_cls: type) -> list[str]:
    return [member.value for member in enum_cls]  # type: ignore[attr-defined]


class User(Versioned, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id"))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="role", native_enum=False, length=32, values_callable=_values), nullable=False
    )
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    gemeente: Mapped[Gemeente | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<User {self.login} {self.role}>"


class AccessLog(Base):
    """One row per read, search, change, print, export or import. Never updated or deleted:
    the migration installs triggers that refuse UPDATE and DELETE on both databases."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_login: Mapped[str] = mapped_column(String(64), nullable=False)
    on_behalf_of: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[Action] = mapped_column(
        Enum(Action, name="action", native_enum=False, length=16, values_callable=_values), nullable=False
    )
    object_type: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[str | None] = mapped_column(String(64))
    gemeente_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the log outlives merges
    result: Mapped[str] = mapped_column(String(16), nullable=False)  # ok, denied, error, conflict
    detail: Mapped[str | None] = mapped_column(String(500))  # never medical content
    workstation: Mapped[str] = mapped_column(String(120), nullable=False, default="")

    __table_args__ = (
        Index("ix_access_log_object", "object_type", "object_id"),
        Index("ix_access_log_actor_at", "actor_login", "at"),
        # A user may insert log rows but not read them back (INSERT … RETURNING would need SELECT):
        # the key comes from the sequence first.
        {"implicit_returning": False},
    )


class AppMeta(Base):
    """Flags of this database: "demo" (made by ``python -m app demo``), the program version that
    last upgraded the schema. Written by the owner only."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)

"""Users and the append-only, hash-chained access log."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Connection, Enum, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

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
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="", server_default="")
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
    # Filled in by the database on PostgreSQL whatever the client sends (the login, its address);
    # None on SQLite, where there is no login.
    db_login: Mapped[str | None] = mapped_column(String(64))
    client_addr: Mapped[str | None] = mapped_column(String(64))
    # The chain (see ``chain_hash``): computed by the database on PostgreSQL, by the program on SQLite.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        # The viewer's filters, each ending in id: a page is ``ORDER BY id DESC LIMIT n`` (migration 0007).
        Index("ix_access_log_actor_id", "actor_login", "id"),
        Index("ix_access_log_behalf_id", "on_behalf_of", "id"),
        Index("ix_access_log_object_id", "object_type", "object_id", "id"),
        Index("ix_access_log_action_id", "action", "id"),
        Index("ix_access_log_result_id", "result", "id"),
        Index("ix_access_log_at", "at"),
        # A user may insert log rows but not read them back (INSERT … RETURNING would need SELECT):
        # the key comes from the sequence first.
        {"implicit_returning": False},
    )


class AccessLogChain(Base):
    """One row (id 1): the newest access-log row's id and hash. Locked by every insert, so inserts
    queue up instead of forking the chain; ``audit verify`` compares the log's last row with it."""

    __tablename__ = "access_log_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int | None] = mapped_column(BigId)
    last_hash: Mapped[str | None] = mapped_column(String(64))


# -- the chain ---------------------------------------------------------------------------------------

CHAIN_VERSION = "v1"
# The fields a row's hash covers, in order (its own id and the previous row's hash included).
CHAIN_FIELDS = (
    "id", "at", "actor_id", "actor_login", "on_behalf_of", "action", "object_type", "object_id",
    "gemeente_id", "result", "detail", "workstation", "db_login", "client_addr", "prev_hash",
)  # fmt: skip


def _field_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        # Microseconds, UTC, no zone suffix: to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, Action):
        return value.value
    return str(value)


def canonical_text(values: Sequence[Any]) -> str:
    """The text a row's hash is taken over: each field as ``<length>:<text>`` (``~`` for NULL),
    joined by ``|`` after a version tag. The same as ``dl_access_log_hash`` in migration 0006."""
    parts = [CHAIN_VERSION]
    for value in values:
        field = _field_text(value)
        parts.append("~" if field is None else f"{len(field)}:{field}")
    return "|".join(parts)


def chain_hash(values: Sequence[Any]) -> str:
    """sha256 (hex) of a row's canonical text; ``values`` in the order of ``CHAIN_FIELDS``."""
    return hashlib.sha256(canonical_text(values).encode("utf-8")).hexdigest()


def row_values(row: Any) -> list[Any]:
    return [getattr(row, name) for name in CHAIN_FIELDS]


@event.listens_for(AccessLog, "before_insert")
def _chain_on_sqlite(_mapper: Mapper[AccessLog], connection: Connection, target: AccessLog) -> None:
    """On SQLite the program links the new row to the chain. Taking the chain head's write lock
    first (SQLite has one writer at a time) makes reading the head and inserting one step."""
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL: the access_log_z_chain trigger does it, whatever the client sends
    from app.db.base import utcnow

    # The DB-API cursor itself: three statements per row, and SQLAlchemy's per-statement work would
    # double the cost of writing a log row.
    cursor = connection.connection.cursor()
    try:
        head = cursor.execute(
            "UPDATE access_log_chain SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash"
        ).fetchone()
        newest = cursor.execute("SELECT max(id) FROM access_log").fetchone()[0]
        last_id = max(head[0] or 0, newest or 0) if head else newest or 0
        target.id = last_id + 1
        if target.at is None:
            target.at = utcnow()
        if target.workstation is None:
            target.workstation = ""
        target.db_login = None
        target.client_addr = None
        target.prev_hash = head[1] if head else None
        target.row_hash = chain_hash(row_values(target))
        cursor.execute(
            "UPDATE access_log_chain SET last_id = ?, last_hash = ? WHERE id = 1",
            (target.id, target.row_hash),
        )
    finally:
        cursor.close()


class AppMeta(Base):
    """Flags of this database: "demo" (made by ``python -m app demo``), the program version that
    last upgraded the schema. Written by the owner only."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)

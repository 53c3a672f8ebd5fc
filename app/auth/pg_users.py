"""The user-management calls into PostgreSQL's own functions (app.db.pg_functions). The password
leaves this PC only as a SCRAM-SHA-256 verifier computed by libpq, never as plain text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db.pg_functions import CONFLICT_STATE
from app.domain.roles import Role
from app.errors import CONFLICT, ConflictError, NotFound, PermissionDenied, UserError, ValidationError


def scram_verifier(session: Session, login: str, password: str) -> str:
    """What PostgreSQL stores for this password (SCRAM-SHA-256, with a fresh salt)."""
    raw = session.connection().connection.driver_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")  # type: ignore[union-attr]
    return bytes(verifier).decode("ascii")


@contextmanager
def _database_says() -> Iterator[None]:
    """The functions raise Dutch messages with a SQLSTATE; these become the program's errors."""
    try:
        yield
    except DBAPIError as exc:
        orig = exc.orig
        state = getattr(orig, "sqlstate", None)
        diag = getattr(orig, "diag", None)
        message = (getattr(diag, "message_primary", None) or str(orig)).strip()
        if state == CONFLICT_STATE:
            raise ConflictError(CONFLICT) from exc
        if state == "42501":
            raise PermissionDenied(message) from exc
        if state == "P0002":
            raise NotFound(message) from exc
        if state in ("22023", "23505"):
            raise ValidationError(message) from exc
        if state is not None and state.startswith("P0"):
            raise UserError(message) from exc
        raise


def create_login(
    session: Session, *, login: str, name: str, email: str, role: Role, gemeente_id: int | None, password: str
) -> int:
    verifier = scram_verifier(session, login, password)
    with _database_says(), session.begin_nested():
        user_id = session.scalar(
            text("SELECT dl_create_user(:login, :name, :email, :role, :gemeente, :verifier)"),
            {"login": login, "name": name, "email": email, "role": role.value, "gemeente": gemeente_id,
             "verifier": verifier},
        )  # fmt: skip
    return int(user_id)  # type: ignore[arg-type]


def update_login(
    session: Session,
    user_id: int,
    expected_version: int,
    *,
    name: str | None,
    email: str | None,
    role: Role | None,
    gemeente_id: int | None,
    active: bool | None,
) -> None:
    with _database_says(), session.begin_nested():
        session.execute(
            text("SELECT dl_update_user(:id, :version, :name, :email, :role, :gemeente, :active)"),
            {"id": user_id, "version": expected_version, "name": name, "email": email,
             "role": role.value if role else None, "gemeente": gemeente_id, "active": active},
        )  # fmt: skip


def set_login_password(session: Session, login: str, password: str) -> None:
    verifier = scram_verifier(session, login, password)
    with _database_says(), session.begin_nested():
        session.execute(
            text("SELECT dl_set_password(:login, :verifier)"), {"login": login, "verifier": verifier}
        )


def set_login_phone(session: Session, user_id: int, phone: str) -> None:
    """A user's phone number (migration 0020): a beheerder sets anyone's, a user their own."""
    with _database_says(), session.begin_nested():
        session.execute(text("SELECT dl_set_user_phone(:id, :phone)"), {"id": user_id, "phone": phone})

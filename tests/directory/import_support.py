"""Helpers for the directory's import and export tests: users per role in a committed database,
a sheet writer, and the initiatives as plain dicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db.models import Gemeente, Initiative
from app.db.session import Database
from app.domain.roles import Role
from app.imports.engine import run_import
from app.imports.results import ImportRequest, ImportResult
from app.services.access import Actor
from tests.imports.conftest import write_xlsx

__all__ = ["actor", "initiatives", "run", "write_xlsx"]


def actor(db: Database, role: Role, code: str | None, login: str) -> Actor:
    from app.services.users import create_user, sign_in

    with db.unit_of_work() as session:
        create_user(
            session, Actor.system_actor("test"), login=login, name=login.title(), role=role,
            gemeente_code=code,
        )  # fmt: skip
    with db.unit_of_work() as session:
        return sign_in(session, login)


def run(db: Database, who: Actor, path: Path, kind: str = "initiatieven", **kw: Any) -> ImportResult:
    dry_run = kw.pop("dry_run", False)
    today = kw.pop("today", None)
    with db.unit_of_work() as session:
        return run_import(session, who, ImportRequest(path, kind, **kw), dry_run=dry_run, today=today)


def initiatives(db: Database) -> dict[str, dict[str, Any]]:
    """Every initiative by name: its columns (lists as stored) and the owner's cbs code."""
    with db.session() as session:
        rows = session.execute(select(Initiative, Gemeente.cbs_code).join(Gemeente))
        out: dict[str, dict[str, Any]] = {}
        for row, code in rows:
            values = {c.name: getattr(row, c.name) for c in Initiative.__table__.columns}
            out[row.name] = values | {"owner": code}
        return out

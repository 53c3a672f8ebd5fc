"""PostgreSQL, with the users' own logins: an import's start is committed apart under the importing
user's login (row-level security allows them INSERT only) and survives the import's rollback; the
beheerder, with their own login, sees it as an import without an end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from app.db.session import Database
from app.domain.roles import Role
from app.errors import ConflictError
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.imports.runlog import imports_without_end
from app.services.users import sign_in
from tests.imports.conftest import COA_HEADER, write_xlsx
from tests.security.conftest import POSTGRES_ONLY, A, Person, World, make_world, refused

pytestmark = POSTGRES_ONLY


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("regio", Role.REGIO_COORDINATOR, A)
        w.add_person("beheer", Role.BEHEERDER, None)
        yield w


def _as(world: World, person: Person) -> Database:
    return Database(make_url(world.url).set(username=person.login, password=person.password))


class _FailsMidway:
    """The import stops with a conflict after its start is logged (as a concurrent edit would)."""

    def progress(self, fraction: float, text: str = "") -> None:
        pass

    def check_cancelled(self) -> None:
        raise ConflictError("tegelijk gewijzigd")


def test_the_start_is_the_users_own_row_and_survives_the_rollback(world: World, tmp_path: Path) -> None:
    regio, beheer = world.people["regio"], world.people["beheer"]
    path = write_xlsx(tmp_path / "k.xlsx", [COA_HEADER,
        ["1000000001", "A", 1, 1, 0, "Zeist", dt.date(2026, 5, 1), "Dari", "AZC Zeist"]])  # fmt: skip
    db, admin_db = _as(world, regio), _as(world, beheer)
    try:
        with db.unit_of_work() as s:
            actor = sign_in(s, regio.login)
        with pytest.raises(ConflictError), db.unit_of_work() as s:
            run_import(s, actor, ImportRequest(path, "koppelingen"), control=_FailsMidway())
        with db.unit_of_work() as s:  # a second one that is killed: its start only, by hand
            run_import(s, actor, ImportRequest(path, "koppelingen"), dry_run=True)
        with world.admin() as conn:
            rows = conn.execute(
                "SELECT db_login, actor_login, result, split_part(detail, ';', 1), object_id FROM access_log "
                "WHERE action = 'import' AND actor_login = %s ORDER BY id",
                (regio.login,),
            ).fetchall()
            assert conn.execute("SELECT count(*) FROM koppelingen").fetchone() == (0,)
        assert [r[:4] for r in rows] == [
            (regio.login, regio.login, "ok", "begin"),
            (regio.login, regio.login, "conflict", "einde"),
            (regio.login, regio.login, "ok", "begin"),
            (regio.login, regio.login, "ok", "einde"),
        ]
        assert rows[0][4] == rows[1][4] != rows[2][4]
        # The user may write the log but not read it back: only the beheerder lists the open runs.
        with world.connect(regio) as conn:
            assert isinstance(
                refused(conn, "SELECT count(*) FROM access_log"), psycopg.errors.InsufficientPrivilege
            )
            conn.execute(
                "INSERT INTO access_log (actor_id, actor_login, action, object_type, object_id, result, "
                "detail, workstation) VALUES (%s, %s, 'import', 'import koppelingen', 'killed-run', 'ok', "
                "'begin; import; rijen in bestand: 2', 'pc')",
                (regio.user_id, regio.login),
            )
        with admin_db.unit_of_work() as s:
            admin = sign_in(s, beheer.login)
        with admin_db.unit_of_work() as s:
            assert [o.run_id for o in imports_without_end(s, admin)] == ["killed-run"]
    finally:
        db.dispose()
        admin_db.dispose()

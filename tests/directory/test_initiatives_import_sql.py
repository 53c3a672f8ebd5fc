"""PostgreSQL, with the users' own logins: an initiatives import of a contactpersoon lands under
row-level security (own municipality's rows only), and so does its undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from app.db.session import Database
from app.domain.roles import Role
from app.imports.engine import run_import
from app.imports.history import undo_batch
from app.imports.results import ImportRequest
from app.services.users import sign_in
from tests.directory.import_support import write_xlsx
from tests.security.conftest import POSTGRES_ONLY, A, B, Person, World, make_world

pytestmark = POSTGRES_ONLY

HEADER = ["Naam activiteit", "Soort", "Talen", "Adres", "Gemeente"]


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("zeist", Role.CONTACTPERSOON, A)
        w.add_person("bunnik", Role.CONSULENT, B)
        yield w


def _as(world: World, person: Person) -> Database:
    return Database(make_url(world.url).set(username=person.login, password=person.password))


@pytest.mark.parametrize("who, own, other", [("zeist", "Zeist", "Bunnik"), ("bunnik", "Bunnik", "Zeist")])
def test_a_user_imports_and_undoes_the_own_municipalitys_rows(
    world: World, tmp_path: Path, who: str, own: str, other: str
) -> None:
    person = world.people[who]
    path = write_xlsx(tmp_path / "a.xlsx", [
        HEADER,
        ["Eigen taalcafé", "taalcafé", "Arabisch", "Plein 1", own],
        ["Van de buren", "sport", "nl", "Veld 2", other],
    ])  # fmt: skip
    db = _as(world, person)
    try:
        with db.unit_of_work() as s:
            actor = sign_in(s, person.login)
        with db.unit_of_work() as s:
            result = run_import(s, actor, ImportRequest(path, "initiatieven"))
        assert result.counts["new"] == 1 and result.counts["error"] == 1
        with world.admin() as conn:
            rows = conn.execute("SELECT name, created_by FROM initiatives").fetchall()
        assert rows == [("Eigen taalcafé", person.login)]
        assert result.batch_id is not None
        with db.unit_of_work() as s:
            undo_batch(s, actor, result.batch_id)
        with world.admin() as conn:
            assert conn.execute("SELECT count(*) FROM initiatives").fetchone() == (0,)
    finally:
        db.dispose()


def test_a_verification_round_with_the_users_own_logins(world: World, tmp_path: Path) -> None:
    from datetime import date

    import openpyxl

    from app.services.directory.excel import export_verification_round
    from tests.directory.fixtures import gemeente_id, initiative

    zeist, bunnik = world.people["zeist"], world.people["bunnik"]
    db_zeist, db_bunnik = _as(world, zeist), _as(world, bunnik)
    try:
        with db_zeist.unit_of_work() as s:
            actor = sign_in(s, zeist.login)
        with db_bunnik.unit_of_work() as s:
            other = sign_in(s, bunnik.login)
        path = tmp_path / "ronde.xlsx"
        with db_zeist.unit_of_work() as s:
            made = initiative(s, actor, today=date(2024, 1, 1))
            export_verification_round(s, actor, gemeente_id(s, A), path)
        book = openpyxl.load_workbook(path)
        header = [c.value for c in book.worksheets[0][1]]
        book.worksheets[0].cell(2, header.index("Klopt nog (ja/nee)") + 1).value = "ja"
        book.save(path)
        with db_bunnik.unit_of_work() as s:  # not theirs: refused, nothing written
            refused = run_import(s, other, ImportRequest(path, "controleronde"))
        assert refused.counts["error"] == 1
        with db_zeist.unit_of_work() as s:
            done = run_import(s, actor, ImportRequest(path, "controleronde"))
        assert done.counts["changed"] == 1
        with world.admin() as conn:
            row = conn.execute("SELECT checked_on, checked_by FROM initiatives WHERE id = %s", (made.id,))
            assert row.fetchone() == (date.today(), actor.name)
    finally:
        db_zeist.dispose()
        db_bunnik.dispose()

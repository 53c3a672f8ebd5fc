"""Taakstellingen kept in the program: set and corrected with a source and a history, a conflict
shown instead of overwritten, the ranges checked, only the regio-coördinator or beheerder writes,
and an import leaves history lines too."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Taakstelling, TaakstellingChange
from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.access import Actor
from app.services.board.taakstellingen import (
    TaakstellingEdit,
    list_taakstellingen,
    save_taakstellingen,
    taakstelling_history,
)
from tests.db.board_fixtures import gemeente

P = Period(2027, 1)


def _edit(session: Session, code: str, persons: int, **kw: object) -> TaakstellingEdit:
    fields: dict[str, object] = {"backlog_in": None, "source": "Brief ministerie 01-12-2026", **kw}
    return TaakstellingEdit(gemeente(session, code).id, persons, **fields)  # type: ignore[arg-type]


def test_the_regio_coordinator_sets_and_corrects_with_a_history(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    regio = make_actor(Role.REGIO_COORDINATOR)
    table = list_taakstellingen(session, regio, P)
    assert len(table.rows) == 16 and all(r.persons is None for r in table.rows)

    table = save_taakstellingen(session, regio, P, [_edit(session, "GM0355", 55, backlog_in=3)])
    zeist = table.by_id(gemeente(session, "GM0355").id)
    assert (zeist.persons, zeist.backlog_in, zeist.source) == (55, 3, "Brief ministerie 01-12-2026")

    table = save_taakstellingen(
        session,
        regio,
        P,
        [
            _edit(
                session,
                "GM0355",
                58,
                backlog_in=-2,
                source="Correctie COA",
                reason="Telfout",
                expected_version=zeist.version,
            ),
        ],
    )
    assert table.by_id(zeist.gemeente_id).persons == 58
    lines = taakstelling_history(session, regio, P, zeist.gemeente_id)
    assert [(h.old_persons, h.new_persons, h.old_backlog, h.new_backlog) for h in lines] == [
        (55, 58, 3, -2),
        (None, 55, None, 3),
    ]
    assert (lines[0].source, lines[0].reason, lines[0].by_name) == (
        "Correctie COA",
        "Telfout",
        "Test Gebruiker",
    )


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    regio, beheerder = make_actor(Role.REGIO_COORDINATOR), make_actor(Role.BEHEERDER)
    first = save_taakstellingen(
        session, regio, P, [_edit(session, "GM0355", 55), _edit(session, "GM0344", 400)]
    )
    seen = {r.gemeente_id: r.version for r in first.rows}
    zeist, utrecht = gemeente(session, "GM0355").id, gemeente(session, "GM0344").id
    save_taakstellingen(session, beheerder, P, [_edit(session, "GM0355", 57, expected_version=seen[zeist])])

    with pytest.raises(ConflictError) as caught:  # Utrecht fine, Zeist stale: neither is saved
        save_taakstellingen(
            session,
            regio,
            P,
            [
                _edit(session, "GM0344", 410, expected_version=seen[utrecht]),
                _edit(session, "GM0355", 60, expected_version=seen[zeist]),
            ],
        )
    assert "Zeist" in caught.value.message and "niets opgeslagen" in caught.value.message
    assert caught.value.current.by_id(zeist).persons == 57  # the fresh numbers, to show
    now = list_taakstellingen(session, regio, P)
    assert (now.by_id(zeist).persons, now.by_id(utrecht).persons) == (57, 400)
    # Somebody else made one where the user saw none: a conflict as well.
    with pytest.raises(ConflictError):
        save_taakstellingen(session, regio, P, [_edit(session, "GM0355", 1, expected_version=None)])


@pytest.mark.parametrize(
    ("persons", "backlog", "source", "field"),
    [
        (-1, None, "bron", "persons"),
        (100_001, None, "bron", "persons"),
        (10, -100_001, "bron", "backlog_in"),
        (10, 100_001, "bron", "backlog_in"),
        (10, None, "   ", "source"),
    ],
)
def test_out_of_range_or_no_source_is_refused(  # type: ignore[no-untyped-def]
    session: Session, make_actor, persons: int, backlog: int | None, source: str, field: str
) -> None:
    regio = make_actor(Role.REGIO_COORDINATOR)
    with pytest.raises(ValidationError) as caught:
        save_taakstellingen(
            session, regio, P, [_edit(session, "GM0355", persons, backlog_in=backlog, source=source)]
        )
    assert field in caught.value.fields and "Zeist" in caught.value.message
    assert (
        session.scalar(
            select(Taakstelling.id)
            .join(Taakstelling.period)
            .where(Taakstelling.gemeente_id == gemeente(session, "GM0355").id)
        )
        is None
    )


def test_the_limits_themselves_are_allowed(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    regio = make_actor(Role.REGIO_COORDINATOR)
    table = save_taakstellingen(
        session,
        regio,
        P,
        [
            _edit(session, "GM0355", 0, backlog_in=-100_000),
            _edit(session, "GM0344", 100_000, backlog_in=100_000),
        ],
    )
    assert table.total == 100_000


@pytest.mark.parametrize("role", [Role.CONTACTPERSOON, Role.CONSULENT, Role.ALLEEN_LEZEN])
def test_other_roles_read_but_cannot_write(session: Session, make_actor, role: Role) -> None:  # type: ignore[no-untyped-def]
    who = make_actor(role, "GM0355")
    assert len(list_taakstellingen(session, who, P).rows) == 16
    with pytest.raises(PermissionDenied):
        save_taakstellingen(session, who, P, [_edit(session, "GM0355", 55)])
    assert session.scalar(select(TaakstellingChange.id)) is None


def test_an_import_writes_history_lines_and_undo_too(fresh_database: Database, tmp_path: Path) -> None:
    from app.imports.engine import run_import
    from app.imports.history import undo_batch
    from app.imports.results import ImportRequest
    from tests.imports.conftest import write_xlsx

    regio = Actor(login="rc-import", name="Regio Import", role=Role.REGIO_COORDINATOR)

    def run(rows: list[list[object]]) -> int:
        path = write_xlsx(
            tmp_path / f"t{len(rows)}.xlsx", [["Gemeente", "Halfjaar", "Aantal personen"], *rows]
        )
        with fresh_database.unit_of_work() as session:
            return run_import(session, regio, ImportRequest(path, "taakstellingen")).batch_id

    run([["Zeist", "2027-H1", 55]])
    second = run([["Zeist", "2027-H1", 60], ["Bunnik", "2027-H1", 20]])
    with fresh_database.session() as session:
        zeist = gemeente(session, "GM0355").id
        lines = taakstelling_history(session, regio, P, zeist)
        assert [(h.old_persons, h.new_persons, h.source) for h in lines] == [
            (55, 60, "import"),
            (None, 55, "import"),
        ]
    with fresh_database.unit_of_work() as session:
        undo_batch(session, regio, second)
    with fresh_database.session() as session:
        table = list_taakstellingen(session, regio, P)
        assert table.by_id(zeist).persons == 55
        assert table.by_id(gemeente(session, "GM0312").id).persons is None
        lines = taakstelling_history(session, regio, P, zeist)
        assert (lines[0].old_persons, lines[0].new_persons, lines[0].reason) == (
            60,
            55,
            "Import ongedaan gemaakt",
        )

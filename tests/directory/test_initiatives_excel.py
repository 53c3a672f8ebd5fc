"""The directory in Excel: an export of a selection (opened with openpyxl, read back unchanged) and a
verification round: export → answers filled in → import sets *laatst gecontroleerd* only for the
answered rows, with the corrections; undo puts it back. Both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Role
from app.errors import PermissionDenied
from app.imports.history import undo_batch
from app.services.directory import initiatives as di
from app.services.directory.excel import export_initiatives, export_verification_round
from tests.directory.fixtures import BUNNIK, ZEIST, gemeente_id, initiative
from tests.directory.import_support import actor, initiatives, run

ENTERED = date(2025, 1, 10)
TODAY = date(2026, 6, 1)


def _sheet(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, r, strict=False)) for r in rows[1:]]


def _three(db: Database, who):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        a = initiative(
            session,
            who,
            today=ENTERED,
            name="Taalcafé De Brug",
            languages=["ar", "ti"],
            via_interpreter=True,
            target_groups=["kinderen", "jongeren"],
            min_age=12,
            max_age=18,
        )
        b = initiative(session, who, today=ENTERED, name="Fietsles", kind="fietsles", contact_phone="030-111")
        c = initiative(session, who, today=ENTERED, name="Zwemles", kind="sport")
        fresh = initiative(session, who, today=TODAY, name="Net gecontroleerd", kind="sport")
        return a.id, b.id, c.id, fresh.id  # fmt: skip


def test_an_export_opens_with_openpyxl_and_reads_back_unchanged(
    fresh_database: Database, tmp_path: Path
) -> None:
    zeist = actor(fresh_database, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    bunnik = actor(fresh_database, Role.CONSULENT, BUNNIK, "cons-bunnik")
    a, b, _c, _fresh = _three(fresh_database, zeist)
    path = tmp_path / "selectie.xlsx"
    with fresh_database.unit_of_work() as session:
        result = export_initiatives(session, bunnik, [b, a], path)  # everyone reads the directory
    assert result.rows == 2
    header, rows = _sheet(path)
    assert header[:6] == ["Nummer", "Naam", "Organisatie", "Soort", "Omschrijving", "Doelgroep"]
    assert {"Talen", "Leeftijd", "Gemeente", "Contactpersoon", "E-mail", "Laatst gecontroleerd"} <= set(
        header
    )
    assert [r["Naam"] for r in rows] == ["Fietsles", "Taalcafé De Brug"]  # the order asked for
    cafe = rows[1]
    assert (cafe["Talen"], cafe["Doelgroep"], cafe["Leeftijd"], cafe["Soort"], cafe["Gemeente"]) == (
        "Arabisch, Tigrinya, via tolk", "Kinderen (tot 12), Jongeren (12–23)", "12-18 jaar", "Taalcafé",
        "Zeist",
    )  # fmt: skip
    with fresh_database.session() as session:
        logged = session.scalars(
            select(AccessLog.detail).where(
                AccessLog.action == "export", AccessLog.actor_login == "cons-bunnik"
            )
        ).all()
    assert logged == ["lijst=initiatieven; rijen=2; filter: 2 gekozen initiatieven"]
    # The same file read back by the owner: every row unchanged.
    back = run(fresh_database, zeist, path, dry_run=True, today=TODAY)
    assert back.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}


def _answer(path: Path, answers: dict[int, dict[str, str]]) -> Path:
    """Fill in answers as the municipality would after the replies came in (by initiative number)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        number = row[0].value
        for title, value in answers.get(number, {}).items():
            row[header.index(title)].value = value
    out = path.with_name("antwoorden.xlsx")
    wb.save(out)
    return out


def test_a_verification_round_checks_only_the_answered_rows(fresh_database: Database, tmp_path: Path) -> None:
    zeist = actor(fresh_database, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    a, b, c, fresh = _three(fresh_database, zeist)
    path = tmp_path / "ronde.xlsx"
    with fresh_database.unit_of_work() as session:
        export_verification_round(session, zeist, gemeente_id(session, ZEIST), path, today=TODAY)
    header, rows = _sheet(path)
    assert header[:6] == ["Nummer", "Naam", "Organisatie", "Contactpersoon", "E-mail", "Telefoon"]
    assert "Klopt nog (ja/nee)" in header and "Nieuw: Telefoon" in header and "Nieuw: Talen" in header
    assert sorted(r["Nummer"] for r in rows) == sorted([a, b, c])  # only the ones te controleren
    assert fresh not in {r["Nummer"] for r in rows}

    answered = _answer(path, {
        a: {"Klopt nog (ja/nee)": "ja"},
        b: {"Klopt nog (ja/nee)": "nee", "Nieuw: Telefoon": "030-999 88 77",
            "Nieuw: Talen": "Dari, via tolk"},
    })  # fmt: skip
    before = initiatives(fresh_database)
    preview = run(fresh_database, zeist, answered, "controleronde", dry_run=True, today=TODAY)
    assert preview.counts == {"new": 0, "changed": 2, "unchanged": 1, "error": 0}
    result = run(fresh_database, zeist, answered, "controleronde", today=TODAY)
    assert result.committed
    after = initiatives(fresh_database)
    cafe, bike, swim = after["Taalcafé De Brug"], after["Fietsles"], after["Zwemles"]
    assert (cafe["checked_on"], cafe["checked_by"]) == (TODAY, "Cp-Zeist")
    assert cafe["changed_at"] == before["Taalcafé De Brug"]["changed_at"]  # "klopt nog" is no change
    assert (bike["checked_on"], bike["contact_phone"], bike["languages"], bike["via_interpreter"]) == (
        TODAY, "030-999 88 77", "prs", True,
    )  # fmt: skip
    assert bike["changed_at"] > before["Fietsles"]["changed_at"]
    assert swim == before["Zwemles"]  # not answered: untouched
    with fresh_database.session() as session:
        notes = [h.new_value for h in di.initiative_history(session, zeist, b) if h.field == "gecontroleerd"]
    assert notes == ["gewijzigd: talen, via tolk, telefoon"]

    assert result.batch_id is not None
    with fresh_database.unit_of_work() as session:
        undo_batch(session, zeist, result.batch_id)
    undone = initiatives(fresh_database)
    for name in ("Taalcafé De Brug", "Fietsles"):
        for column in ("checked_on", "checked_by", "contact_phone", "languages", "via_interpreter"):
            assert undone[name][column] == before[name][column], (name, column)


def test_answers_that_contradict_themselves_are_row_errors(fresh_database: Database, tmp_path: Path) -> None:
    zeist = actor(fresh_database, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    bunnik = actor(fresh_database, Role.CONSULENT, BUNNIK, "cons-bunnik")
    a, b, c, _fresh = _three(fresh_database, zeist)
    path = tmp_path / "ronde.xlsx"
    with fresh_database.unit_of_work() as session:
        export_verification_round(session, zeist, gemeente_id(session, ZEIST), path, today=TODAY)
    answered = _answer(path, {
        a: {"Klopt nog (ja/nee)": "ja", "Nieuw: Kosten": "€ 3"},
        b: {"Klopt nog (ja/nee)": "nee"},
        c: {"Nieuw: Leeftijd": "300"},
    })  # fmt: skip
    result = run(fresh_database, zeist, answered, "controleronde", today=TODAY)
    errors = {r.values["nummer"]: r.errors for r in result.rows if r.status == "error"}
    assert "ook correcties" in errors[a]["klopt_nog"]
    assert "Bij 'nee' hoort" in errors[b]["klopt_nog"]
    assert "Leeftijd 300 kan niet" in errors[c]["nieuw_leeftijd"]
    assert all(v["checked_on"] is None for v in initiatives(fresh_database).values())
    # Another municipality's user: not their round, and not their answers.
    with pytest.raises(PermissionDenied), fresh_database.unit_of_work() as session:
        export_verification_round(session, bunnik, gemeente_id(session, ZEIST), tmp_path / "x.xlsx")
    yes = _answer(path, {a: {"Klopt nog (ja/nee)": "ja"}})
    refused = run(fresh_database, bunnik, yes, "controleronde", today=TODAY)
    assert refused.counts["error"] == 1
    assert (
        next(r for r in refused.rows if r.status == "error")
        .errors["nummer"]
        .startswith("Niet voor uw gemeente")
    )

"""Importing a list of initiatives: messy headers, bad rows, an update through the service, rights,
and undo. Both backends (``fresh_database`` runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.db.session import Database
from app.domain.roles import Role
from app.imports.history import undo_batch
from app.services.directory import initiatives as di
from tests.directory.fixtures import BUNNIK, ZEIST, initiative
from tests.directory.import_support import actor, initiatives, run, write_xlsx

DAY = date(2026, 6, 1)

# A sheet as a municipality keeps it: a title, a blank line, its own column names in its own
# order, and columns the program does not know.
MESSY: list[list[object]] = [
    ["Vrijwilligersaanbod gemeente Zeist", None, None, "bijgewerkt mei"],
    [],
    ["Nr.", "Naam activiteit", "Organisatie", "Soort", "Talen", "Doelgroep", "Leeftijd", "Contactpersoon",
     "Tel.", "E-mailadres", "Website", "Adres", "Open voor regio", "Plaatsen", "Wachtlijst", "Wanneer",
     "Kosten", "Status", "Opmerking intern"],
    [1, "Taalcafé De Brug", "Stichting Samen", "Taalcafé", "Arabisch, Tigrinya, via tolk", "jeugd",
     "12-18 jaar", "Anna de Vries", "030-1234567", "anna@samen.nl", "www.samen.nl", "Dorpsstraat 1", "ja",
     4, "nee", "Woensdag 15-17 uur", "gratis", "actief", "loopt goed"],
    [2, "Fietsles voor vrouwen", "Fietsmaatjes", "fietsles", "Nederlands / Dari", "vrouwen", "vanaf 18",
     "Bram", 301234567, "bram@fiets.nl", None, "Online", "nee", "vol", "ja", "Op afspraak", "€ 5",
     "tijdelijk", None],
]  # fmt: skip


def _users(db: Database):  # type: ignore[no-untyped-def]
    return (
        actor(db, Role.CONTACTPERSOON, ZEIST, "cp-zeist"),
        actor(db, Role.CONSULENT, BUNNIK, "cons-bunnik"),
        actor(db, Role.REGIO_COORDINATOR, "GM0344", "regio"),
    )


def test_messy_headers_are_understood_and_values_parsed(fresh_database: Database, tmp_path: Path) -> None:
    zeist, _bunnik, _regio = _users(fresh_database)
    path = write_xlsx(tmp_path / "aanbod.xlsx", MESSY)
    preview = run(fresh_database, zeist, path, dry_run=True, today=DAY)
    assert preview.counts == {"new": 2, "changed": 0, "unchanged": 0, "error": 0}
    assert preview.header_row == 3
    assert "opmerking" not in {k for k in preview.mapping.values()}  # an unknown column stays out
    assert initiatives(fresh_database) == {}  # a preview saves nothing

    result = run(fresh_database, zeist, path, today=DAY)
    assert result.committed and result.counts["new"] == 2
    found = initiatives(fresh_database)
    cafe, bike = found["Taalcafé De Brug"], found["Fietsles voor vrouwen"]
    assert (cafe["owner"], cafe["kind"], cafe["languages"], cafe["via_interpreter"]) == (
        ZEIST, "taalcafe", "ar ti", True,
    )  # fmt: skip
    assert (cafe["target_groups"], cafe["min_age"], cafe["max_age"]) == ("kinderen jongeren", 12, 18)
    assert (cafe["open_to_region"], cafe["places_available"], cafe["schedule"]) == (
        True, 4, "Woensdag 15-17 uur",
    )  # fmt: skip
    assert (bike["languages"], bike["min_age"], bike["max_age"]) == ("nl prs", 18, None)
    assert (bike["online"], bike["address"], bike["by_appointment"], bike["places_available"]) == (
        True, "", True, 0,
    )  # fmt: skip
    assert bike["contact_phone"] == "0301234567"  # Excel had dropped the leading zero
    assert bike["status"].value == "tijdelijk_gestopt" and bike["waiting_list"] is True
    # An import changes; it does not check: laatst gecontroleerd stays empty.
    assert cafe["checked_on"] is None and cafe["entered_on"] == DAY


BAD_HEADER = ["Naam", "Soort", "Talen", "Leeftijd", "E-mail", "Adres", "Gemeente"]
BAD_ROWS = [
    ["Goed initiatief", "sport", "nl", "alle leeftijden", "a@b.nl", "Laan 1", "Zeist"],
    ["Klingon-les", "sport", "Klingon", "", "a@b.nl", "Laan 1", "Zeist"],
    ["Oud worden", "sport", "nl", "300", "a@b.nl", "Laan 1", "Zeist"],
    ["Geen mail", "sport", "nl", "", "anna@", "Laan 1", "Zeist"],
    ["Vreemde soort", "paardrijden", "nl", "", "a@b.nl", "Laan 1", "Zeist"],
    ["Van Bunnik", "sport", "nl", "", "a@b.nl", "Laan 1", "Bunnik"],
]


def test_bad_rows_each_get_their_error_and_nothing_of_them_is_saved(
    fresh_database: Database, tmp_path: Path
) -> None:
    zeist, _bunnik, _regio = _users(fresh_database)
    path = write_xlsx(tmp_path / "fout.xlsx", [BAD_HEADER, *BAD_ROWS])
    result = run(fresh_database, zeist, path, today=DAY)
    errors = {r.row_number: r.errors for r in result.rows if r.status == "error"}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "onbekende taal 'Klingon'" in errors[3]["talen"]
    assert "Leeftijd 300 kan niet" in errors[4]["leeftijd"]
    assert "geen geldig e-mailadres" in errors[5]["email"]
    assert "onbekende soort 'paardrijden'" in errors[6]["soort"]
    assert errors[7]["gemeente"].startswith("Niet voor uw gemeente")
    assert set(initiatives(fresh_database)) == {"Goed initiatief"}  # not one bad row half in

    # 'Stoppen bij een fout': not even the good row.
    again = write_xlsx(tmp_path / "fout2.xlsx", [BAD_HEADER, ["Nog een", "sport", "", "", "", "Laan 2", ""],
                                                 *BAD_ROWS[1:2]])  # fmt: skip
    stopped = run(fresh_database, zeist, again, mode="stop", today=DAY)
    assert stopped.stopped_at == 3 and not stopped.committed
    assert set(initiatives(fresh_database)) == {"Goed initiatief"}


def test_a_row_with_the_same_owner_and_name_updates_through_the_service(
    fresh_database: Database, tmp_path: Path
) -> None:
    zeist, _bunnik, _regio = _users(fresh_database)
    with fresh_database.unit_of_work() as session:
        made = initiative(session, zeist, today=date(2025, 1, 1))
        di.verify_initiative(session, zeist, made.id, made.version, today=date(2025, 2, 1))
    before = initiatives(fresh_database)["Taalcafé De Brug"]
    path = write_xlsx(tmp_path / "update.xlsx", [
        ["naam", "Talen", "Plaatsen vrij", "Gemeente"],
        ["TAALCAFE de brug", "Nederlands, Tigrinya", 3, "Zeist"],  # case and accents do not count
    ])  # fmt: skip
    result = run(fresh_database, zeist, path, today=DAY)
    assert result.counts["changed"] == 1 and result.counts["new"] == 0
    row = next(r for r in result.rows if r.status == "changed")
    assert ("Talen", "Nederlands, Arabisch", "Nederlands, Tigrinya") in row.changes
    after = initiatives(fresh_database)["TAALCAFE de brug"]
    assert (after["languages"], after["places_available"], after["version"]) == (
        "nl ti",
        3,
        before["version"] + 1,
    )
    assert after["changed_at"] > before["changed_at"]
    assert after["checked_on"] == date(2025, 2, 1)  # an import is not a check
    assert after["address"] == "Dorpsstraat 1"  # a column the sheet lacks is kept
    with fresh_database.session() as session:
        history = {(c.field, c.new_value) for c in di.initiative_history(session, zeist, made.id)}
    assert {("languages", "nl ti"), ("places_available", "3"), ("name", "TAALCAFE de brug")} <= history


def test_a_coordinator_imports_for_every_municipality(fresh_database: Database, tmp_path: Path) -> None:
    _zeist, bunnik, regio = _users(fresh_database)
    path = write_xlsx(tmp_path / "regio.xlsx", [BAD_HEADER, BAD_ROWS[0], BAD_ROWS[5]])
    assert run(fresh_database, regio, path, today=DAY).counts["new"] == 2
    # A consulent of Bunnik may import Bunnik's row only.
    path2 = write_xlsx(tmp_path / "bunnik.xlsx", [
        BAD_HEADER,
        ["Zwemles", "sport", "nl", "", "", "Bad 1", "Bunnik"],
        ["Zeister les", "sport", "nl", "", "", "Bad 1", "Zeist"],
    ])  # fmt: skip
    result = run(fresh_database, bunnik, path2, today=DAY)
    assert result.counts["new"] == 1 and result.counts["error"] == 1
    assert initiatives(fresh_database)["Zwemles"]["owner"] == BUNNIK


def test_without_a_gemeente_column_the_rows_are_the_importers_own(
    fresh_database: Database, tmp_path: Path
) -> None:
    zeist, _bunnik, _regio = _users(fresh_database)
    path = write_xlsx(
        tmp_path / "eigen.xlsx", [["Naam", "Soort", "Adres"], ["Inloop", "ontmoeting", "Plein 2"]]
    )
    assert run(fresh_database, zeist, path, today=DAY).counts["new"] == 1
    assert initiatives(fresh_database)["Inloop"]["owner"] == ZEIST
    missing_kind = write_xlsx(tmp_path / "soort.xlsx", [["Naam", "Adres"], ["Zonder soort", "Plein 3"]])
    result = run(fresh_database, zeist, missing_kind, today=DAY)
    assert "Vul de soort in" in result.rows[0].errors["soort"]


def test_undo_restores_what_the_import_changed(fresh_database: Database, tmp_path: Path) -> None:
    zeist, _bunnik, _regio = _users(fresh_database)
    with fresh_database.unit_of_work() as session:
        made = initiative(session, zeist)
    before = initiatives(fresh_database)["Taalcafé De Brug"]
    path = write_xlsx(tmp_path / "tweede.xlsx", [
        ["Naam", "Soort", "Talen", "Doelgroep", "Adres"],
        ["Taalcafé De Brug", "taalcafé", "Somalisch", "jeugd", "Kerkweg 9"],
        ["Nieuw aanbod", "sport", "nl", "", "Sportpark 1"],
    ])  # fmt: skip
    result = run(fresh_database, zeist, path, today=DAY)
    assert result.counts == {"new": 1, "changed": 1, "unchanged": 0, "error": 0}
    assert result.batch_id is not None
    with fresh_database.unit_of_work() as session:
        undo_batch(session, zeist, result.batch_id)
    after = initiatives(fresh_database)
    assert set(after) == {"Taalcafé De Brug"}  # the new one is gone
    restored = after["Taalcafé De Brug"]
    for column in ("languages", "target_groups", "address", "kind", "checked_on"):
        assert restored[column] == before[column]
    with fresh_database.session() as session:
        history = [
            (c.field, c.old_value, c.new_value) for c in di.initiative_history(session, zeist, made.id)
        ]
    assert ("address", "Kerkweg 9", "Dorpsstraat 1") in history  # the undo is in the history too


def test_undo_refused_when_an_imported_initiative_changed_since(
    fresh_database: Database, tmp_path: Path
) -> None:
    from app.errors import UserError

    zeist, _bunnik, _regio = _users(fresh_database)
    with fresh_database.unit_of_work() as session:
        initiative(session, zeist)
    path = write_xlsx(tmp_path / "x.xlsx", [["Naam", "Kosten"], ["Taalcafé De Brug", "€ 1"]])
    result = run(fresh_database, zeist, path, today=DAY)
    with fresh_database.unit_of_work() as session:
        info = next(iter(initiatives(fresh_database).values()))
        current = di.get_initiative(session, zeist, info["id"])
        from dataclasses import replace

        di.update_initiative(session, zeist, current.id, current.version, replace(current.data, cost="€ 2"))
    assert result.batch_id is not None
    with pytest.raises(UserError, match="Taalcaf"), fresh_database.unit_of_work() as session:
        undo_batch(session, zeist, result.batch_id)
    assert next(iter(initiatives(fresh_database).values()))["cost"] == "€ 2"

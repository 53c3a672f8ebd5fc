"""Employers (``werkgevers``) and pledges (``toezeggingen``) from real xlsx files through the import
framework: preview saves nothing, row errors name the cell (KvK, ranges, unknown names), a failed
import in stop mode changes nothing, municipality names resolve, a KvK number already known updates
that employer instead of doubling it, and undo puts things back. Both backends (``fresh_database``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.db.models import Challenge, Employer, Gemeente, Pledge
from app.db.session import Database
from app.domain.challenges import PlaceKind
from app.domain.roles import Role
from app.imports.history import undo_batch
from app.imports.kinds import available_kinds
from app.imports.results import ImportResult
from tests.directory.import_support import actor, run, write_xlsx

DAY = date(2026, 3, 12)
ZEIST, BUNNIK, UTRECHT = "GM0355", "GM0312", "GM0344"
EMPLOYER_HEADER = [
    "Bedrijfsnaam",
    "KvK",
    "Vestigingsplaats",
    "Sector",
    "Aantal medewerkers",
    "Adres",
    "Contactpersoon",
    "Telefoon",
    "E-mail",
]


def _employers(db: Database) -> dict[str, dict[str, Any]]:
    with db.session() as s:
        out = {}
        for row in s.scalars(select(Employer).order_by(Employer.id)):
            code = s.scalar(select(Gemeente.cbs_code).where(Gemeente.id == row.gemeente_id))
            out[row.name] = {
                "kvk": row.kvk,
                "gemeente": code,
                "sector": row.sector,
                "size": row.size_class,
                "address": row.address,
                "wsp": row.wsp,
                "contacts": [(c.name, c.phone, c.email) for c in row.contacts],
            }
        return out


def _errors(result: ImportResult) -> dict[int, str]:
    return {r.row_number: r.message() for r in result.rows if r.status == "error"}


def test_both_kinds_are_registered_for_the_dialog_and_the_cli() -> None:
    names = {k.name: k.title for k in available_kinds()}
    assert "werkgevers" in names and "toezeggingen" in names


def test_employers_preview_import_update_by_kvk_and_undo(fresh_database: Database, tmp_path: Path) -> None:
    db = fresh_database
    who = actor(db, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    path = write_xlsx(
        tmp_path / "werkgevers.xlsx",
        [
            EMPLOYER_HEADER,
            [
                "Bakkerij De Korenbloem",
                "12345678",
                "Zeist",
                "C",
                12,
                "Slotlaan 4",
                "Anna de Vries",
                "030-1234567",
                "anna@korenbloem.example",
            ],
            ["Hotel De Linde", 1234567, "gemeente zeist", "I – Horeca", "50-249", "", "", "", ""],
            [
                "Zorggroep Heuvelrug",
                "",
                "Zeist",
                "Gezondheids- en welzijnszorg",
                "250+",
                "Laan 1",
                "",
                "",
                "",
            ],
        ],
    )
    preview = run(db, who, path, kind="werkgevers", dry_run=True, today=DAY)
    assert preview.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}, _errors(preview)
    assert _employers(db) == {}  # a preview saves nothing
    first = run(db, who, path, kind="werkgevers", today=DAY)
    assert first.counts["new"] == 3
    got = _employers(db)
    assert got["Bakkerij De Korenbloem"] == {
        "kvk": "12345678",
        "gemeente": ZEIST,
        "sector": "C",
        "size": "10-49",
        "address": "Slotlaan 4",
        "wsp": "Zuidoost-Utrecht",
        "contacts": [("Anna de Vries", "030-1234567", "anna@korenbloem.example")],
    }
    assert got["Hotel De Linde"]["kvk"] == "01234567"  # Excel dropped the leading zero of a number cell
    assert got["Hotel De Linde"]["sector"] == "I" and got["Zorggroep Heuvelrug"]["sector"] == "Q"
    # The same sheet again, the bakery with a second contact and a new address; the care group now
    # with a KvK number: nothing is doubled.
    again = write_xlsx(
        tmp_path / "werkgevers-2.xlsx",
        [
            EMPLOYER_HEADER,
            [
                "Bakkerij De Korenbloem BV",
                "12345678",
                "Zeist",
                "",
                "",
                "Slotlaan 6",
                "Piet Bakker",
                "06-12345678",
                "",
            ],
            ["Zorggroep Heuvelrug", "87654321", "Zeist", "", "", "", "", "", ""],
            ["Hotel De Linde", "01234567", "Zeist", "", "", "", "", "", ""],
        ],
    )
    second = run(db, who, again, kind="werkgevers", today=DAY)
    assert second.counts == {"new": 0, "changed": 2, "unchanged": 1, "error": 0}, _errors(second)
    got = _employers(db)
    assert len(got) == 3
    bakery = got["Bakkerij De Korenbloem BV"]
    assert bakery["address"] == "Slotlaan 6" and bakery["sector"] == "C"  # an empty cell keeps what is known
    assert [c[0] for c in bakery["contacts"]] == ["Anna de Vries", "Piet Bakker"]
    assert got["Zorggroep Heuvelrug"]["kvk"] == "87654321"
    with db.unit_of_work() as s:
        assert second.batch_id is not None
        undo_batch(s, who, second.batch_id)
    got = _employers(db)
    assert got["Bakkerij De Korenbloem"]["address"] == "Slotlaan 4"
    assert [c[0] for c in got["Bakkerij De Korenbloem"]["contacts"]] == ["Anna de Vries"]
    assert got["Zorggroep Heuvelrug"]["kvk"] is None


def test_employer_row_errors_and_a_failed_import_changes_nothing(
    fresh_database: Database, tmp_path: Path
) -> None:
    db = fresh_database
    who = actor(db, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    path = write_xlsx(
        tmp_path / "fout.xlsx",
        [
            EMPLOYER_HEADER,
            ["Goed BV", "11112222", "Zeist", "C", 5, "", "", "", ""],
            ["Kort BV", "123", "Zeist", "", "", "", "", "", ""],
            ["Letters BV", "1234ABCD", "Zeist", "", "", "", "", "", ""],
            ["Verweg BV", "", "Amsterdam-Noord", "", "", "", "", "", ""],
            ["Sector BV", "", "Zeist", "Z", "", "", "", "", ""],
            ["Bunnik BV", "", "Bunnik", "", "", "", "", "", ""],
            ["Mail BV", "", "Zeist", "", "", "", "Jan", "", "geen-adres"],
            ["Dubbel BV", "11112222", "Zeist", "", "", "", "", "", ""],
            ["Telefoon BV", "", "Zeist", "", "", "", "", "030-111", ""],
        ],
    )
    preview = run(db, who, path, kind="werkgevers", dry_run=True, today=DAY)
    errors = _errors(preview)
    assert preview.counts["new"] == 1 and set(errors) == {3, 4, 5, 6, 7, 8, 9, 10}, errors
    assert "8 cijfers" in errors[3] and "cijfers" in errors[4]
    assert "Amsterdam-Noord" in errors[5] and "onbekend" in errors[5]
    assert "sector" in errors[6].lower()
    assert "eigen gemeente" in errors[7]  # Bunnik is not Zeist's to keep
    assert "e-mail" in errors[8]
    assert "regel 2" in errors[9]  # the same KvK number twice in the file
    assert "naam van de contactpersoon" in errors[10]
    stopped = run(db, who, path, kind="werkgevers", mode="stop", today=DAY)
    assert stopped.stopped_at is not None
    assert _employers(db) == {}  # stop mode: nothing at all, not even the good row
    with db.session() as s:
        s.add(
            Employer(
                gemeente_id=s.scalar(select(Gemeente.id).where(Gemeente.cbs_code == UTRECHT)),
                name="Al bekend",
                kvk="99998888",
            )
        )
        s.commit()
    taken = write_xlsx(tmp_path / "bezet.xlsx", [EMPLOYER_HEADER[:3], ["Al bekend", "99998888", "Zeist"]])
    # The KvK number is Utrecht's employer: Zeist may not take it over by moving it.
    assert "eigen gemeente" in _errors(run(db, who, taken, kind="werkgevers", dry_run=True, today=DAY))[2]


PLEDGE_HEADER = [
    "KvK-nummer",
    "Werkgever",
    "Challenge",
    "Soort plek",
    "Aantal",
    "Functie",
    "Taalniveau",
    "Uren per week",
    "Startdatum",
    "Open voor de hele regio",
]


def _setup_pledges(db: Database) -> tuple[Any, int]:
    who = actor(db, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    with db.unit_of_work() as s:
        zeist = s.scalar(select(Gemeente.id).where(Gemeente.cbs_code == ZEIST))
        assert zeist is not None
        s.add_all(
            [
                Employer(gemeente_id=zeist, name="Bakkerij De Korenbloem", kvk="12345678", sector="C"),
                Employer(gemeente_id=zeist, name="Hotel De Linde", sector="I"),
                Employer(gemeente_id=zeist, name="Twee Keer", sector="I"),
                Employer(gemeente_id=zeist, name="twee  keer", sector="I"),
            ]
        )
        challenge = Challenge(
            gemeente_id=zeist, title="Challenge Zorg en Techniek", held_on=DAY, created_by="t"
        )
        s.add(challenge)
        s.flush()
        return who, challenge.id


def _pledges(db: Database) -> list[dict[str, Any]]:
    with db.session() as s:
        rows = s.execute(select(Pledge, Employer.name).join(Employer).order_by(Pledge.id)).all()
        return [
            {
                "employer": name,
                "kind": p.kind,
                "places": p.places,
                "job": p.job_title,
                "level": p.language_level,
                "hours": p.hours,
                "start": p.start_on,
                "open": p.open_to_region,
                "challenge": p.challenge_id,
            }
            for p, name in rows
        ]


def test_pledges_import_find_employer_and_challenge_and_update_not_double(
    fresh_database: Database, tmp_path: Path
) -> None:
    db = fresh_database
    who, challenge_id = _setup_pledges(db)
    path = write_xlsx(
        tmp_path / "toezeggingen.xlsx",
        [
            PLEDGE_HEADER,
            [
                "12345678",
                "",
                "Challenge Zorg en Techniek",
                "Werkervaringsplekken",
                3,
                "Productiemedewerker",
                "A2",
                24,
                date(2026, 5, 1),
                "nee",
            ],
            ["", "hotel de linde", str(challenge_id), "taalstage", 2, "Keukenhulp", "geen", "", "", "ja"],
            ["", "Hotel De Linde", "", "Betaalde baan", 1, "Kok", "B1", 38, "", ""],
        ],
    )
    preview = run(db, who, path, kind="toezeggingen", dry_run=True, today=DAY)
    assert preview.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}, _errors(preview)
    assert _pledges(db) == []
    run(db, who, path, kind="toezeggingen", today=DAY)
    got = _pledges(db)
    assert got[0] == {
        "employer": "Bakkerij De Korenbloem",
        "kind": PlaceKind.WERKERVARINGSPLEK,
        "places": 3,
        "job": "Productiemedewerker",
        "level": "A2",
        "hours": 24,
        "start": date(2026, 5, 1),
        "open": False,
        "challenge": challenge_id,
    }
    assert got[1]["level"] == "" and got[1]["open"] and got[1]["challenge"] == challenge_id
    assert got[2]["challenge"] is None and got[2]["kind"] is PlaceKind.BETAALDE_BAAN
    more = write_xlsx(
        tmp_path / "toezeggingen-2.xlsx",
        [
            PLEDGE_HEADER,
            [
                "12345678",
                "",
                "challenge zorg en techniek",
                "werkervaringsplek",
                5,
                "productiemedewerker",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    result = run(db, who, more, kind="toezeggingen", today=DAY)
    assert result.counts["changed"] == 1 and result.counts["new"] == 0
    got = _pledges(db)
    assert len(got) == 3 and got[0]["places"] == 5 and got[0]["hours"] == 24  # empty cells keep
    with db.unit_of_work() as s:
        assert result.batch_id is not None
        undo_batch(s, who, result.batch_id)
    assert _pledges(db)[0]["places"] == 3


def test_pledge_row_errors_with_ranges_and_stop_mode_writes_nothing(
    fresh_database: Database, tmp_path: Path
) -> None:
    db = fresh_database
    who, _challenge_id = _setup_pledges(db)
    path = write_xlsx(
        tmp_path / "fout.xlsx",
        [
            PLEDGE_HEADER,
            ["12345678", "", "", "werkstage", 2, "Inpakker", "A1", 20, "", ""],
            ["12345678", "", "", "werkstage", 0, "Nul", "", "", "", ""],
            ["12345678", "", "", "werkstage", 501, "Te veel", "", "", "", ""],
            ["12345678", "", "", "werkstage", 1, "Uren", "", 41, "", ""],
            ["12345678", "", "", "werkstage", 1, "Niveau", "C2", "", "", ""],
            ["87654321", "", "", "werkstage", 1, "", "", "", "", ""],
            ["", "Onbekend BV", "", "werkstage", 1, "", "", "", "", ""],
            ["", "Twee keer", "", "werkstage", 1, "", "", "", "", ""],
            ["", "Hotel De Linde", "Challenge Sport", "werkstage", 1, "", "", "", "", ""],
            ["", "Hotel De Linde", "", "stage", 1, "", "", "", "", ""],
            ["", "Hotel De Linde", "", "werkstage", 1, "", "", "", date(1990, 1, 1), ""],
            ["", "", "", "werkstage", 1, "", "", "", "", ""],
        ],
    )
    errors = _errors(run(db, who, path, kind="toezeggingen", dry_run=True, today=DAY))
    assert set(errors) == set(range(3, 14)), errors
    assert "te klein" in errors[3] and "te groot" in errors[4] and "500" in errors[4]
    assert "40" in errors[5] and "taalniveau" in errors[6]
    assert "87654321" in errors[7] and "Onbekend BV" in errors[8] and "KvK-nummer" in errors[9]
    assert "Challenge Sport" in errors[10] and "soort plek" in errors[11] and "1990" in errors[12]
    assert "KvK-nummer of de naam" in errors[13]
    run(db, who, path, kind="toezeggingen", mode="stop", today=DAY)
    assert _pledges(db) == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Pledge)) == 0


def test_the_dialog_recognises_each_sheet_and_the_cli_imports_it(
    fresh_database: Database, tmp_path: Path, capsys: Any
) -> None:
    from app.imports.guess import guess_kind
    from tests.cli.cli_fixtures import add_users, cli

    db = fresh_database
    add_users(db)
    who, _challenge_id = _setup_pledges(db)
    employers = write_xlsx(
        tmp_path / "w.xlsx", [EMPLOYER_HEADER, ["Nieuw BV", "22223333", "Zeist", "C", 3, "", "", "", ""]]
    )
    pledges = write_xlsx(
        tmp_path / "t.xlsx", [PLEDGE_HEADER, ["12345678", "", "", "werkstage", 2, "Inpakker", "", "", "", ""]]
    )
    with db.session() as s:
        assert guess_kind(s, who, employers)[0][0] == "werkgevers"
        assert guess_kind(s, who, pledges)[0][0] == "toezeggingen"
    assert cli(db, "--as", "cp", "import", str(employers), "--kind", "werkgevers") == 0
    assert cli(db, "--as", "cp", "import", str(pledges), "--kind", "toezeggingen") == 0
    out = capsys.readouterr().out
    assert "Werkgevers (challenges)" in out and "Toegezegde plekken (challenges)" in out
    assert _employers(db)["Nieuw BV"]["kvk"] == "22223333"
    assert [p["job"] for p in _pledges(db)] == ["Inpakker"]

"""``python -m app import`` through the real command line on a real database: columns the program does
not recognise get command-line advice, ``--map`` maps (or ignores) them, ``--save-profile`` keeps the
mapping for ``--profile``, ``--list-fields`` shows the fields, and ``--rejected`` writes an owner-only
file that is checked before the import runs."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import openpyxl
import pytest

from app.db.session import Database
from app.imports.columns import MissingColumnsError
from app.imports.engine import run_import
from app.imports.profiles import list_profiles, load_profile
from app.imports.results import ImportRequest
from app.services.users import sign_in
from tests.cli.cli_fixtures import add_users, cli
from tests.imports.conftest import koppelingen, write_xlsx

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

# Headers a municipality's own export uses: only 'Omvang' is recognised (as Gezinsgrootte).
ODD = ["Dossier", "Plaats van vestiging", "Startdatum traject", "Omvang", "Achternaam"]
ROWS = [
    ["1000000021", "Bunnik", dt.date(2026, 4, 1), 2, "Fictief-1"],
    ["1000000022", "Zeist", dt.date(2026, 4, 2), 3, "Fictief-2"],
]
MAPS = ("--map", "dossier=vnummer", "--map", "PLAATS VAN VESTIGING=Gemeente",
        "--map", "Startdatum  traject=datum koppeling")  # fmt: skip
FIELDS = "vnummer (V-nummer), gemeente (Gemeente), datum_koppeling (Datum koppeling)"


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)
    return fresh_database


def _import(db: Database, path: Path, *argv: str) -> int:
    return cli(db, "--as", "regio", "import", str(path), "--kind", "koppelingen", *argv)


def _odd(tmp_path: Path, name: str = "gemeente-export.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [ODD, *ROWS])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_unrecognised_headers_give_command_line_advice(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(db, _odd(tmp_path)) == 2
    captured = capsys.readouterr()
    err = " ".join(captured.err.split())
    assert captured.out == ""
    assert err.startswith(
        "Fout: Deze verplichte kolommen zijn niet gekoppeld: V-nummer, Gemeente. "
        'Koppel ze met --map "Kolomnaam=veld" (kolommen in het bestand: '
        "'Dossier', 'Plaats van vestiging', 'Startdatum traject', 'Omvang' (= gezinsgrootte), "
        "'Achternaam' (= achternaam); "
        f"velden: {FIELDS}, gezinsgrootte (Gezinsgrootte)"
    )
    assert err.endswith(") of gebruik --profile NAAM.")
    assert "stap 'Kolommen'" not in err
    assert koppelingen(db) == {}


def test_the_dialog_keeps_its_own_advice(db: Database, tmp_path: Path) -> None:
    with db.unit_of_work() as session:
        actor = sign_in(session, "regio")
    with db.unit_of_work() as session, pytest.raises(MissingColumnsError) as caught:
        run_import(session, actor, ImportRequest(_odd(tmp_path), "koppelingen"), dry_run=True)
    assert caught.value.message_nl == (
        "Deze verplichte kolommen zijn niet gekoppeld: 'V-nummer', 'Gemeente'. "
        "Koppel ze in de stap 'Kolommen'."
    )
    assert [f.key for f in caught.value.missing] == ["vnummer", "gemeente"]


def test_map_imports_the_exact_rows(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(db, _odd(tmp_path), *MAPS) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Nieuw: 2 Gewijzigd: 0 Ongewijzigd: 0 Met fouten: 0" in out
    assert "Opgeslagen als importbatch" in out
    rows = koppelingen(db)
    assert set(rows) == {"1000000021", "1000000022"}
    got = {v: (r["gemeente"], r["linked_on"], r["persons"]) for v, r in rows.items()}
    assert got == {
        "1000000021": ("GM0312", dt.date(2026, 4, 1), 2),
        "1000000022": ("GM0355", dt.date(2026, 4, 2), 3),
    }


def test_map_finds_a_header_the_program_knows_nothing_of(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = [["Overzicht april"], ["Kenmerk", "Woonplaats straks", "Per", "Mensen"],
             ["1000000031", "Utrecht", dt.date(2026, 4, 3), 1]]  # fmt: skip
    path = write_xlsx(tmp_path / "kaal.xlsx", sheet)
    assert _import(db, path) == 2
    assert "geen kopregel gevonden" in capsys.readouterr().err
    maps = ("--map", "Kenmerk=vnummer", "--map", "Woonplaats straks=gemeente", "--map", "Per=datum_koppeling",
            "--map", "Mensen=gezinsgrootte")  # fmt: skip
    assert _import(db, path, *maps) == 0
    assert "kopregel op regel 2" in capsys.readouterr().out
    assert koppelingen(db)["1000000031"]["gemeente"] == "GM0344"


def test_save_profile_then_profile_on_the_next_file(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'Opmerking taal' is recognised as Taal, wrongly: --map "…=" keeps it out, in the profile too.
    header = [*ODD, "Opmerking taal"]
    first = write_xlsx(tmp_path / "eerste.xlsx", [header, [*ROWS[0], "tolk gewenst"]])
    assert _import(db, first, *MAPS, "--map", "Opmerking taal=", "--save-profile", " Gemeente  export ",
                   "--dry-run") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Voorbeeld (er is niets opgeslagen)" in out
    assert out.rstrip().endswith("Kolomprofiel 'Gemeente export' opgeslagen.")
    assert koppelingen(db) == {}  # a dry run saves the profile, not the rows
    with db.session() as session:
        assert [p.name for p in list_profiles(session, "koppelingen")] == ["Gemeente export"]
        profile = load_profile(session, "koppelingen", "Gemeente export")
    assert profile["columns"] == {
        "dossier": "vnummer", "plaatsvestiging": "gemeente", "startdatumtraject": "datum_koppeling",
        "omvang": "gezinsgrootte", "achternaam": "achternaam",
    }  # fmt: skip
    assert profile["ignored"] == ["opmerkingtaal"]

    # The next file: other columns order, other rows, no --map.
    order = [5, 3, 0, 2, 1, 4]
    rows = [[*ROWS[1], "tolk gewenst"], [*ROWS[0], "geen"]]
    moved = write_xlsx(
        tmp_path / "tweede.xlsx", [[header[i] for i in order], *[[r[i] for i in order] for r in rows]]
    )
    assert _import(db, moved, "--profile", "Gemeente export") == 0
    assert "Nieuw: 2" in " ".join(capsys.readouterr().out.split())
    got = {
        v: (r["gemeente"], r["linked_on"], r["persons"], r["languages"]) for v, r in koppelingen(db).items()
    }
    assert got == {
        "1000000021": ("GM0312", dt.date(2026, 4, 1), 2, ""),
        "1000000022": ("GM0355", dt.date(2026, 4, 2), 3, ""),
    }


def test_map_with_an_empty_field_ignores_a_wrongly_recognised_column(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = dt.date(2026, 5, 1)
    sheet = [["V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte", "Opmerking taal"],
             ["1000000041", "Zeist", day, 1, "tolk gewenst"],
             ["1000000042", "Zeist", day, 2, "geen"]]  # fmt: skip
    path = write_xlsx(tmp_path / "opmerking.xlsx", sheet)
    with db.unit_of_work() as session:  # without --map the remark would become the language
        actor = sign_in(session, "regio")
        preview = run_import(session, actor, ImportRequest(path, "koppelingen"), dry_run=True)
    assert preview.mapping[4] == "taal"
    assert _import(db, path, "--map", "opmerking TAAL=-") == 0
    capsys.readouterr()
    assert {v: r["languages"] for v, r in koppelingen(db).items()} == {"1000000041": "", "1000000042": ""}
    again = write_xlsx(tmp_path / "opnieuw.xlsx", [sheet[0], ["1000000043", "Zeist", day, 1, "Dari"]])
    assert _import(db, again, "--map", "Opmerking taal=") == 0
    assert koppelingen(db)["1000000043"]["languages"] == ""


def test_an_unknown_column_lists_the_headers_and_an_unknown_field_lists_the_fields(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _odd(tmp_path)
    assert _import(db, path, *MAPS, "--map", "Dosier=gezinsgrootte") == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err == (
        "Fout: De kolom 'Dosier' staat niet in de kopregel (regel 1 van werkblad 'Blad1'). Kolommen in het "
        "bestand: 'Dossier', 'Plaats van vestiging', 'Startdatum traject', 'Omvang', 'Achternaam'."
    )
    assert _import(db, path, "--map", "Dossier=dossiernummer") == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"Fout: Onbekend veld 'dossiernummer' voor COA-koppelingen. Velden: {FIELDS}, ")
    assert "bijzonderheden (Bijzonderheden huisvesting), achternaam (Achternaam), voornaam (Voornaam)." in err
    assert _import(db, path, "--map", "Dossier=vnummer", "--map", "Plaats van vestiging=vnummer") == 2
    assert "Het veld 'vnummer' is aan twee kolommen gekoppeld" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        _import(db, path, "--map", "Dossier")
    assert exit_info.value.code == 2
    assert "--map: 'Dossier' is geen koppeling: schrijf \"Kolomnaam=veld\"" in capsys.readouterr().err
    assert koppelingen(db) == {}


def test_list_fields_and_a_missing_file(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "regio", "import", "--kind", "koppelingen", "--list-fields", "--wide") == 0
    out = capsys.readouterr().out
    assert out.startswith("Velden van COA-koppelingen (--kind koppelingen):")
    lines = [line.split() for line in out.splitlines()]
    assert lines[3][:4] == ["vnummer", "V-nummer", "ja", "vreemdelingennummer,"]
    assert lines[5][:4] == ["datum_koppeling", "Datum", "koppeling", "koppeldatum,"]
    assert cli(db, "--as", "regio", "import", "--kind", "koppelingen") == 2
    assert "Geef het bestand dat u wilt inlezen" in capsys.readouterr().err
    assert cli(db, "--as", "regio", "import", "--kind", "onzin", "--list-fields") == 2
    assert "Onbekende soort import 'onzin'" in capsys.readouterr().err


def _with_an_error(tmp_path: Path) -> Path:
    day = dt.date(2026, 5, 1)
    sheet = [["V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte"],
             ["1000000051", "Zeist", day, 1], ["12", "Zeist", day, 2]]  # fmt: skip
    return write_xlsx(tmp_path / "fout.xlsx", sheet)


@posix_only
def test_rejected_is_checked_first_made_in_a_new_folder_and_owner_only(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_an_error(tmp_path)
    existing = tmp_path / "afgewezen.xlsx"
    existing.write_bytes(b"oud")
    assert _import(db, path, "--rejected", str(existing)) == 2
    err = capsys.readouterr().err
    assert f"'{existing}' bestaat al" in err and "--force" in err
    assert existing.read_bytes() == b"oud"
    assert koppelingen(db) == {}  # refused before the import ran
    assert _import(db, path, "--rejected", str(tmp_path / "afgewezen.csv")) == 2
    assert "moet eindigen op .xlsx" in capsys.readouterr().err
    assert koppelingen(db) == {}

    target = tmp_path / "nieuw" / "dieper" / "afgewezen"  # no extension: .xlsx is added
    assert _import(db, path, "--rejected", str(target)) == 0
    written = target.with_name("afgewezen.xlsx")
    assert f"1 afgewezen rijen geschreven naar {written}." in capsys.readouterr().out
    assert set(koppelingen(db)) == {"1000000051"}
    assert _mode(written) == 0o600 and _mode(written.parent) == 0o700
    sheet = openpyxl.load_workbook(written).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte", "Foutmelding"]
    assert rows[1][:4] == ["12", "Zeist", dt.datetime(2026, 5, 1), 2] and "geen V-nummer" in rows[1][4]
    assert [p.name for p in written.parent.iterdir()] == ["afgewezen.xlsx"]  # no temporary file left

    os.chmod(existing, 0o644)
    assert _import(db, path, "--rejected", str(existing), "--force", "--dry-run") == 0
    assert "1 afgewezen rijen geschreven naar" in capsys.readouterr().out
    assert existing.read_bytes().startswith(b"PK") and _mode(existing) == 0o600


def test_a_stopped_import_saves_no_profile_and_writes_the_rejected_rows(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejected = tmp_path / "afgewezen.xlsx"
    argv = ("--stop-on-error", "--save-profile", "Fouten", "--rejected", str(rejected))
    assert _import(db, _with_an_error(tmp_path), *argv) == 1
    out = capsys.readouterr().out
    assert "Kolomprofiel 'Fouten' is niet opgeslagen: de import is gestopt." in out
    assert f"1 afgewezen rijen geschreven naar {rejected}." in out
    with db.session() as session:
        assert list_profiles(session, "koppelingen") == []
    assert koppelingen(db) == {}
    fine = write_xlsx(tmp_path / "goed.xlsx", [["V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte"],
                                              ["1000000061", "Zeist", dt.date(2026, 5, 1), 1]])  # fmt: skip
    assert _import(db, fine, "--rejected", str(tmp_path / "leeg.xlsx")) == 0
    assert f"Geen afgewezen rijen; {tmp_path / 'leeg.xlsx'} is niet geschreven." in capsys.readouterr().out
    assert not (tmp_path / "leeg.xlsx").exists()


def test_import_history_lists_the_imports_that_never_ended(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A start without an end (the process was killed after logging it) is listed for the
    beheerder (the tester's own account); an import that ended is not."""
    from app.imports.runlog import ImportRun

    assert _import(db, _odd(tmp_path), *MAPS) == 0
    with db.unit_of_work() as session:
        regio = sign_in(session, "regio")
    with db.unit_of_work() as session:
        ImportRun("run-zonder-einde", "import koppelingen", None, "import").start(session, regio, 40)
    capsys.readouterr()
    assert cli(db, "import-history", "--unfinished") == 0
    out = capsys.readouterr().out
    assert out.startswith("1 import(s) begonnen maar nooit geëindigd")
    assert "run-zonder-einde" in out and "koppelingen" in out and "regio" in out

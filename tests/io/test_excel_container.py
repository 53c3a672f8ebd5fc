"""The xlsx container: limits checked in the sheet XML before calamine allocates, no false
refusals (ratio with size, workbooks found through their relationships, backslash names), and the
child process that a native abort cannot take the program down with."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from app.io.excel import safety, sheet_limits
from app.io.excel.isolated import ABORT_ENV, IsolatedWorkbook, isolated_reading
from app.io.excel.reader import XlsxWorkbook, open_workbook
from app.io.excel.safety import ImportFileError, SafetyLimits, check_file
from tests.io.handmade import rows_xml, shared_strings_xml, sheet_xml, write_package

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["V-nummer", "Naam"]
DATA = [HEADER] + [[f"V{i:07d}", f"Naam {i}"] for i in range(40)]

MSG_STRAY = (
    "Werkblad 'Blad1' heeft 42 rijen, maar ook een cel op CZ1048576, ver buiten de gegevens; zo'n "
    "groot werkblad kan het programma niet veilig inlezen. Verwijder de lege rijen en kolommen aan "
    "het eind (of maak die cel leeg) en sla het bestand opnieuw op."
)
MSG_ROW_2E9 = (
    "Werkblad 'Blad1' verwijst naar cel A2000000000, buiten wat Excel kent (1.048.576 rijen × "
    "16.384 kolommen); het bestand is beschadigd. Open het in Excel en sla het opnieuw op."
)
MSG_SST = (
    "Het bestand zegt 4.000.000.000 verschillende teksten te bevatten; de grens is 5.000.000. Dat kan "
    "het programma niet veilig inlezen. Open het bestand in Excel en sla het opnieuw op."
)


def lying_dimension(path: Path) -> Path:
    return write_package(path, [("Blad1", sheet_xml(rows_xml(DATA), dimension="A1:XFD1048576"))])


def stray_cell(path: Path) -> Path:
    body = [*rows_xml(DATA), '<row r="1048576"><c r="CZ1048576"><v>1</v></c></row>']
    return write_package(path, [("Blad1", sheet_xml(body))])


def huge_row_number(path: Path) -> Path:
    body = [*rows_xml(DATA), '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>']
    return write_package(path, [("Blad1", sheet_xml(body))])


def huge_shared_strings(path: Path) -> Path:
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    sst = shared_strings_xml(["V-nummer"], count=4_000_000_000, unique=4_000_000_000)
    return write_package(path, [("Blad1", sheet)], shared_strings=sst)


def too_many_rows(path: Path, data_rows: int = 250_000) -> Path:
    """Written as XML directly: a quarter of a million rows in well under a second."""
    body = ['<row r="1"><c r="A1" t="inlineStr"><is><t>V-nummer</t></is></c></row>']
    body += [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, data_rows + 2)]
    return write_package(path, [("Blad1", sheet_xml(body))])


def refused(path: Path, limits: SafetyLimits | None = None) -> str:
    with pytest.raises(ImportFileError) as caught, open_workbook(path, limits=limits) as wb:
        list(wb.rows(0))
    return caught.value.message_nl


def read_all(path: Path) -> list[list[object]]:
    with open_workbook(path) as wb:
        return list(wb.rows(0))


# --- limits before allocation -----------------------------------------------------------------


def test_a_lying_dimension_is_ignored_and_the_rows_import(tmp_path: Path) -> None:
    assert read_all(lying_dimension(tmp_path / "dim.xlsx")) == DATA


def test_a_stray_far_cell_is_refused_naming_the_cell(tmp_path: Path) -> None:
    assert refused(stray_cell(tmp_path / "stray.xlsx")) == MSG_STRAY


def test_a_sole_sheet_scanned_ahead_is_refused_only_when_it_is_read(tmp_path: Path) -> None:
    """The sole sheet's limits scan goes on beside the package check at opening (reader.py), but
    its refusal comes when the sheet is asked for, as for any sheet: the file opens and lists it."""
    with open_workbook(stray_cell(tmp_path / "stray.xlsx")) as wb:
        assert wb.sheet_names == ["Blad1"]
        with pytest.raises(ImportFileError) as caught:
            list(wb.rows(0))
        assert caught.value.message_nl == MSG_STRAY
        with pytest.raises(ImportFileError):  # asked again: scanned again, refused again
            list(wb.rows(0))


def test_a_row_number_beyond_excel_is_refused(tmp_path: Path) -> None:
    assert refused(huge_row_number(tmp_path / "row.xlsx")) == MSG_ROW_2E9


def test_a_shared_strings_count_of_billions_is_refused(tmp_path: Path) -> None:
    assert refused(huge_shared_strings(tmp_path / "sst.xlsx")) == MSG_SST


def test_a_sheet_over_the_row_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = too_many_rows(tmp_path / "groot.xlsx")
    assert refused(path) == "Werkblad 'Blad1' heeft 250.000 rijen; de grens is 200.000. Splits het bestand."


def test_the_row_limit_counts_data_rows(tmp_path: Path) -> None:
    limits = SafetyLimits(max_rows=100)
    path = too_many_rows(tmp_path / "rand.xlsx", data_rows=100)
    with open_workbook(path, limits=limits) as wb:
        assert len(list(wb.rows(0))) == 101
    path = too_many_rows(tmp_path / "over.xlsx", data_rows=101)
    assert refused(path, limits) == "Werkblad 'Blad1' heeft 101 rijen; de grens is 100. Splits het bestand."


def test_the_scan_sees_prefixed_elements_and_other_attribute_orders(tmp_path: Path) -> None:
    body = "".join(
        f"<x:row spans='1:2' r='{r}'><x:c t='n' r='A{r}'><x:v>1</x:v></x:c></x:row>" for r in range(1, 4)
    )
    body += "<x:row r='1048576'><x:c s='1' r='CZ1048576'><x:v>1</x:v></x:c></x:row>"
    xml = sheet_xml(body).replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace(
        "</worksheet>", "</x:worksheet>"
    ).replace("<sheetData>", "<x:sheetData>").replace("</sheetData>", "</x:sheetData>")
    path = write_package(tmp_path / "prefix.xlsx", [("Blad1", xml)])
    with zipfile.ZipFile(path) as zf, zf.open("xl/worksheets/sheet1.xml") as fh:
        scan = sheet_limits.scan_sheet_xml(fh)
    assert (scan.rows, scan.last_row, scan.last_col, scan.far_cell) == (4, 1_048_576, 104, "CZ1048576")


RISKY = {
    "dim": (lying_dimension, "ROWS 41"),
    "stray": (stray_cell, MSG_STRAY),
    "row": (huge_row_number, MSG_ROW_2E9),
    "sst": (huge_shared_strings, MSG_SST),
}


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("name", sorted(RISKY))
def test_hostile_files_end_with_a_message_under_1_gb_within_seconds(tmp_path: Path, name: str) -> None:
    """In a process of its own, limited to 1 GB: before the checks, these aborted or took 3.5 GB."""
    build, expected = RISKY[name]
    path = build(tmp_path / f"{name}.xlsx")
    script = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from app.io.excel.reader import open_workbook
        from app.io.excel.safety import ImportFileError
        try:
            with open_workbook({str(path)!r}) as wb:
                print("ROWS", len(list(wb.rows(0))))
        except ImportFileError as exc:
            print(exc.message_nl)
        # VmHWM is this program's own peak; ru_maxrss would carry the forking pytest's size over exec.
        try:
            status = open("/proc/self/status").read().split("VmHWM:")[1]
            print("MAXRSS_KB", int(status.split()[0]))
        except (OSError, IndexError):
            print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0] == expected
    assert int(lines[1].split()[1]) < 300 * 1024  # KB: far below the limit, not just under it


# --- no false refusals ------------------------------------------------------------------------


def test_a_9999_row_workbook_at_121_to_1_is_not_a_zip_bomb(tmp_path: Path) -> None:
    """Rows written without cell references (allowed, and what some exporters do) and mostly the
    same values compress beyond 120:1; a few MB of XML are harmless at any ratio."""
    same = '<c t="inlineStr"><is><t>Utrecht</t></is></c>' * 8 + "<c><v>1</v></c>" * 8
    body = ["<row>" + '<c t="inlineStr"><is><t>Kolom</t></is></c>' * 17 + "</row>"]
    body += [f"<row><c><v>{n % 10}</v></c>{same}</row>" for n in range(9_999)]
    path = write_package(tmp_path / "herhaling.xlsx", [("Blad1", sheet_xml(body))])
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size / info.compress_size > 121
    assert check_file(path) == "xlsx"
    rows = read_all(path)
    assert len(rows) == 10_000
    assert rows[2] == [1.0] + ["Utrecht"] * 8 + [1.0] * 8


def test_a_kilobyte_that_claims_a_gigabyte_is_still_a_bomb(tmp_path: Path) -> None:
    path = write_package(tmp_path / "ok.xlsx", [("Blad1", sheet_xml(rows_xml(DATA)))])
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        with zout.open("xl/media/image1.png", "w", force_zip64=True) as member:
            block = b"\0" * (4 * 1024 * 1024)
            for _ in range(100):  # 400 MB of zeros: ~400 KB compressed
                member.write(block)
    with pytest.raises(ImportFileError) as caught:
        check_file(bomb)
    assert caught.value.message_nl == safety.MSG_BOMB


def test_a_workbook_outside_xl_is_found_through_its_relationships(tmp_path: Path) -> None:
    sheets = [("Blad1", sheet_xml(rows_xml(DATA)))]
    path = write_package(tmp_path / "elders.xlsx", sheets, workbook_dir="data/boek")
    assert check_file(path) == "xlsx"
    assert read_all(path) == DATA
    with zipfile.ZipFile(path) as zf:
        parts = safety.package_parts(zf)
    assert parts == safety.PackageParts(
        "data/boek/workbook.xml", {"Blad1": "data/boek/worksheets/sheet1.xml"}, None
    )


def test_member_names_with_backslashes_are_read(tmp_path: Path) -> None:
    path = write_package(tmp_path / "backslash.xlsx", [("Blad1", sheet_xml(rows_xml(DATA)))], sep="\\")
    with zipfile.ZipFile(path) as zf:
        assert "xl\\workbook.xml" in zf.namelist()
    assert check_file(path) == "xlsx"
    assert read_all(path) == DATA


def test_the_limits_apply_to_backslash_packages_too(tmp_path: Path) -> None:
    body = [*rows_xml(DATA), '<row r="1048576"><c r="CZ1048576"><v>1</v></c></row>']
    path = write_package(tmp_path / "bs-stray.xlsx", [("Blad1", sheet_xml(body))], sep="\\")
    assert refused(path) == MSG_STRAY


# --- the child process ------------------------------------------------------------------------


def test_isolated_reading_gives_the_same_rows_and_messages(tmp_path: Path) -> None:
    ok = lying_dimension(tmp_path / "ok.xlsx")
    with isolated_reading(), open_workbook(ok) as wb:
        assert isinstance(wb, IsolatedWorkbook)
        assert wb.sheet_names == ["Blad1"]
        assert list(wb.rows(0)) == DATA
        assert list(wb.rows(0, start=39)) == DATA[39:]
        assert wb.row_count(0) == 41
    with isolated_reading(), pytest.raises(ImportFileError) as caught, open_workbook(
        stray_cell(tmp_path / "stray.xlsx")
    ) as wb:
        list(wb.rows(0))
    assert caught.value.message_nl == MSG_STRAY
    with open_workbook(ok) as wb:  # outside the block: in-process, as on the command line
        assert isinstance(wb, XlsxWorkbook)


def test_two_passes_over_a_sheet_do_not_mix(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"V{i:07d}", i] for i in range(5000)]
    path = write_package(tmp_path / "lang.xlsx", [("Blad1", sheet_xml(rows_xml(rows)))])
    with isolated_reading(), open_workbook(path) as wb:
        first, second = wb.rows(0), wb.rows(0, start=1)
        assert next(first) == HEADER
        assert next(second) == rows[1]
        assert list(first) == rows[1:]
        assert list(second) == rows[2:]


def test_a_native_abort_in_the_child_is_a_message(tmp_path: Path) -> None:
    """Without our checks calamine really aborts on this file (reserving 96 GB); here it does so
    in the child, and the caller gets the message."""
    path = huge_shared_strings(tmp_path / "sst.xlsx")
    with pytest.raises(ImportFileError) as caught:
        IsolatedWorkbook(path, limits=SafetyLimits(max_shared_strings=10**12))
    assert caught.value.message_nl == (
        "Het bestand kon niet veilig worden gelezen: het leesproces stopte onverwacht (signaal SIGABRT: "
        "memory allocation of 96000000000 bytes failed). Het programma draait gewoon door; er is niets "
        "ingelezen."
    )


def test_the_test_hook_aborts_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ABORT_ENV, "1")
    with pytest.raises(ImportFileError) as caught:
        IsolatedWorkbook(lying_dimension(tmp_path / "ok.xlsx"))
    assert "het leesproces stopte onverwacht (signaal SIGABRT)" in caught.value.message_nl


def test_a_cancel_while_waiting_kills_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Cancelled(Exception):
        pass

    class Control:
        def check_cancelled(self) -> None:
            raise Cancelled

    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(real_popen(*args, **kwargs))  # type: ignore[call-overload]
        return started[-1]

    monkeypatch.setattr("app.io.excel.isolated.subprocess.Popen", popen)
    with isolated_reading(Control()), pytest.raises(Cancelled):
        IsolatedWorkbook(lying_dimension(tmp_path / "ok.xlsx"))
    assert len(started) == 1
    assert started[0].poll() is not None  # killed and reaped, not left running


@pytest.mark.parametrize(
    ("cell", "markers"),
    [
        ("<c r='B{r}'><v>2</v></c>", False),
        ("<c r='B{r}'><f>A{r}*2</f><v>2</v></c>", True),
        ("<c r='B{r}'><f>A{r}*2</f></c>", True),
        ("<c r='B{r}' t=\"e\"><v>#N/A</v></c>", True),
        ("<c r='B{r}' t='e'><v>#DIV/0!</v></c>", True),
    ],
)
def test_the_limits_scan_says_whether_the_formula_scan_is_needed(
    tmp_path: Path, cell: str, markers: bool
) -> None:
    """The reader reads a sheet's XML for formula cells again only when the limits scan saw a
    formula or an error value in it; what the reader gives is the same either way."""
    from app.io.excel.formulas import unusable_formula_cells

    body = [f"<row r='{r}'><c r='A{r}'><v>1</v></c>" + cell.format(r=r) + "</row>" for r in range(1, 2001)]
    path = write_package(tmp_path / "f.xlsx", [("Blad1", sheet_xml(body))])
    scan = sheet_limits.check_workbook_limits(path, "Blad1")
    assert scan is not None and scan.formula_markers is markers and scan.member == "xl/worksheets/sheet1.xml"
    found = unusable_formula_cells(path, "Blad1")
    assert bool(found) is (markers and "<v>2" not in cell)
    with open_workbook(path) as wb:
        rows = list(wb.rows(0))
    assert len(rows) == 2000 and (rows[0][1].__class__.__name__ == "FormulaCell") is bool(found)

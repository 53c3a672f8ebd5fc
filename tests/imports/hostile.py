"""Hostile files for the import corpus test (issue 10: "every bad file ends well").

Each public ``make_*`` function writes one file into a folder and returns a :class:`Hostile`: the
path, the class name, the import kinds it is fed to, and what must happen — ``refused`` (exit 2,
a Dutch message, the database untouched), ``imported`` (exit 0, saved as a batch, no row errors)
or ``row errors`` (exit 0, the bad rows reported and not stored, the good ones stored). Where the
issue fixes a message, ``fragment`` (a substring) or ``pattern`` (a regular expression) holds it.

xlsx files are built by hand with zipfile — [Content_Types].xml, _rels/.rels, the workbook, its
relationships, the sheets, shared strings and a tiny styles part for dates — so every byte is
ours: a lying ``<dimension>``, a row number of two billion or a shared-strings count of billions
cannot be made with a spreadsheet library. Every file takes well under a few seconds to write.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

Outcome = Literal["refused", "imported", "row errors"]
KINDS = ("koppelingen", "taakstellingen", "woningen")
KOPPELINGEN: tuple[str, ...] = ("koppelingen",)
TAAKSTELLINGEN: tuple[str, ...] = ("taakstellingen",)
WONINGEN: tuple[str, ...] = ("woningen",)

TODAY = dt.date.today()
ROW_LIMIT = 200_000  # the row limit: more is refused with the size stated

BIG_10_30 = 10**30
BIG_2_63 = 2**63
BIG_2_31 = 2**31
ARABIC = "العربية"
TIGRINYA = "ትግርኛ"


@dataclass(frozen=True)
class Hostile:
    """One generated file and what the import must make of it."""

    path: Path
    outcome: Outcome | tuple[Outcome, ...]  # a tuple where the issue leaves the choice open
    fragment: str | None = None  # the exact text the issue asks for, somewhere in the output
    pattern: str | None = None  # the same as a regular expression (numbers written either way)
    # Keys (V-nummer, dwelling reference, 'GM0344/2026-H2') that must not be in the database after
    # the import: the rows that carry the hostile value.
    absent: tuple[str, ...] = ()
    # Keys that must be stored, each with column values it must have (the honest rows).
    present: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Keys that, if stored at all, must have these values (no mojibake, no half value).
    intact: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    forbidden: str | None = None  # a text that must not appear (the wrong message of today)
    args: tuple[str, ...] = ()  # extra command-line arguments (``--sheet NAAM``)
    note: str = ""
    # Set from the @case registration:
    name: str = ""  # the class of hostility, also the test id
    kinds: tuple[str, ...] = ()
    dry_run: bool = False  # also run with --dry-run (and expect the same output)
    slow: bool = False

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return self.outcome if isinstance(self.outcome, tuple) else (self.outcome,)


@dataclass(frozen=True)
class Entry:
    """A registered class: known without writing its file (for test collection)."""

    name: str
    kinds: tuple[str, ...]
    make: Callable[[Path], Hostile]
    slow: bool = False
    dry_run: bool = False


CATALOGUE: dict[str, Entry] = {}


def case(
    name: str, kinds: tuple[str, ...], *, slow: bool = False, dry_run: bool = False
) -> Callable[[Callable[[Path], Hostile]], Callable[[Path], Hostile]]:
    """Register a maker under ``name``; the Hostile it returns gets the name, kinds and flags."""

    def register(make: Callable[[Path], Hostile]) -> Callable[[Path], Hostile]:
        def made(folder: Path) -> Hostile:
            return replace(make(folder), name=name, kinds=kinds, slow=slow, dry_run=dry_run)

        assert name not in CATALOGUE, name
        CATALOGUE[name] = Entry(name, kinds, made, slow, dry_run)
        return made

    return register


# --- SpreadsheetML by hand --------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A formula cell: no cached value at all (``value=None``), a cached number or text, or an
    error value (``error='#N/A'``)."""

    text: str
    value: Any = None
    error: str | None = None


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given (inner XML of ``<c>`` and its attributes)."""

    attrs: str
    inner: str


@dataclass
class Sheet:
    name: str
    rows: Iterable[Sequence[Any]] = ()
    hidden: bool = False
    dimension: str | None = None  # '<dimension ref=…>' as declared, None: computed honestly
    # Explicit Excel row numbers (1-based) for the rows; None: 1, 2, 3, …
    row_numbers: Sequence[int] | None = None
    # Cells placed after the rows: (column letters, row number, value).
    stray: Sequence[tuple[str, int, Any]] = ()
    # The whole sheet part as bytes, bypassing everything above.
    xml: bytes | None = None


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Style 1 is the built-in date format 14 (d-m-yyyy in a Dutch Excel): calamine returns a date.
STYLES = (
    XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)


def column_letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA', 16383 -> 'XFD'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


class SharedStrings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0  # references, as Excel counts them

    def ref(self, text: str) -> int:
        self.count += 1
        return self.index.setdefault(text, len(self.index))

    def xml(self, count: int | None = None, unique: int | None = None) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.index)
        return (
            XML_DECL + f'<sst xmlns="{NS_MAIN}" count="{self.count if count is None else count}" '
            f'uniqueCount="{len(self.index) if unique is None else unique}">{items}</sst>'
        ).encode()


def cell_xml(ref: str, value: Any, sst: SharedStrings | None) -> str:
    if isinstance(value, Raw):
        return f'<c r="{ref}"{value.attrs}>{value.inner}</c>'
    if isinstance(value, Formula):
        f = f"<f>{escape(value.text)}</f>"
        if value.error is not None:
            return f'<c r="{ref}" t="e">{f}<v>{escape(value.error)}</v></c>'
        if value.value is None:
            return f'<c r="{ref}">{f}</c>'
        if isinstance(value.value, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(value.value)}</v></c>'
        return f'<c r="{ref}">{f}<v>{value.value}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{excel_serial(value)}</v></c>'
    if isinstance(value, int | float):
        text = repr(value) if isinstance(value, float) else str(value)
        return f'<c r="{ref}"><v>{text}</v></c>'
    text = str(value)
    if sst is None:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    return f'<c r="{ref}" t="s"><v>{sst.ref(text)}</v></c>'


def row_xml(number: int, cells: Sequence[Any], sst: SharedStrings | None) -> str:
    inner = "".join(
        cell_xml(f"{column_letters(c)}{number}", v, sst) for c, v in enumerate(cells) if v is not None
    )
    return f'<row r="{number}">{inner}</row>'


def sheet_xml(sheet: Sheet, sst: SharedStrings | None) -> bytes:
    if sheet.xml is not None:
        return sheet.xml
    rows = list(sheet.rows)
    numbers = list(sheet.row_numbers) if sheet.row_numbers is not None else list(range(1, len(rows) + 1))
    body = [row_xml(n, cells, sst) for n, cells in zip(numbers, rows, strict=True)]
    last_row = max(numbers, default=1)
    last_col = max((len(r) for r in rows), default=1)
    for letters, number, value in sheet.stray:
        body.append(f'<row r="{number}">{cell_xml(f"{letters}{number}", value, sst)}</row>')
        last_row = max(last_row, number)
    dimension = sheet.dimension or f"A1:{column_letters(max(last_col - 1, 0))}{last_row}"
    return (
        XML_DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><dimension ref="{dimension}"/>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    ).encode()


def write_xlsx(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    shared_strings: bool = True,
    sst_count: int | None = None,
    sst_unique: int | None = None,
    workbook_part: str = "xl/workbook.xml",
    backslashes: bool = False,
    extra_parts: Mapping[str, bytes] | None = None,
) -> Path:
    """A minimal valid SpreadsheetML package. ``workbook_part`` moves the workbook (and its
    folder's parts) away from ``xl/``; ``backslashes`` writes member names as a Windows tool does."""
    sst = SharedStrings() if shared_strings else None
    folder, _, book_name = workbook_part.rpartition("/")
    base = f"{folder}/" if folder else ""
    parts: dict[str, bytes] = {}
    overrides = [f'<Override PartName="/{workbook_part}" ContentType="{CT_WORKBOOK}"/>']
    book_rels = []
    entries = []
    for n, sheet in enumerate(sheets, start=1):
        parts[f"{base}worksheets/sheet{n}.xml"] = sheet_xml(sheet, sst)
        overrides.append(f'<Override PartName="/{base}worksheets/sheet{n}.xml" ContentType="{CT_SHEET}"/>')
        book_rels.append(f'<Relationship Id="rId{n}" Type="{REL_SHEET}" Target="worksheets/sheet{n}.xml"/>')
        state = ' state="hidden"' if sheet.hidden else ""
        entries.append(f'<sheet name="{escape(sheet.name)}" sheetId="{n}"{state} r:id="rId{n}"/>')
    n_rel = len(sheets) + 1
    parts[f"{base}styles.xml"] = (STYLES).encode()
    overrides.append(f'<Override PartName="/{base}styles.xml" ContentType="{CT_STYLES}"/>')
    book_rels.append(f'<Relationship Id="rId{n_rel}" Type="{REL_STYLES}" Target="styles.xml"/>')
    if sst is not None:
        parts[f"{base}sharedStrings.xml"] = sst.xml(sst_count, sst_unique)
        overrides.append(f'<Override PartName="/{base}sharedStrings.xml" ContentType="{CT_SST}"/>')
        book_rels.append(f'<Relationship Id="rId{n_rel + 1}" Type="{REL_SST}" Target="sharedStrings.xml"/>')
    parts[workbook_part] = (
        XML_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><workbookPr/>'
        f"<sheets>{''.join(entries)}</sheets></workbook>"
    ).encode()
    parts[f"{base}_rels/{book_name}.rels"] = (
        XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">{"".join(book_rels)}</Relationships>'
    ).encode()
    content_types = (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    ).encode()
    package_rels = (
        XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL_DOC}" Target="{workbook_part}"/></Relationships>'
    ).encode()
    members = {"[Content_Types].xml": content_types, "_rels/.rels": package_rels, **parts}
    members.update(extra_parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name.replace("/", "\\") if backslashes else name, data)
    return path


def write_csv(
    path: Path, lines: Iterable[Sequence[Any]], *, delimiter: str = ";", encoding: str = "utf-8"
) -> Path:
    """Rows joined by hand (no quoting unless a cell asks for it), so a test controls the bytes."""
    with path.open("w", encoding=encoding, newline="") as fh:
        for cells in lines:
            fh.write(delimiter.join("" if c is None else _csv_text(c) for c in cells) + "\r\n")
    return path


def _csv_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


# --- honest rows to hide the hostile ones among -------------------------------------------------

KOP_HEADER = [
    "V-nummer",
    "Achternaam",
    "Gezinsgrootte",
    "Volwassenen",
    "Kinderen",
    "Gemeente",
    "Datum koppeling",
    "Taal",
    "Locatie",
    "Nareizigers verwacht",
]
TAAK_HEADER = ["Gemeente", "Periode", "Taakstelling", "Achterstand"]
WON_HEADER = [
    "Corporatie",
    "Referentie",
    "Gemeente",
    "Adres",
    "Soort woning",
    "Slaapkamers",
    "Max. bewoners",
    "Huur",
    "Beschikbaar per",
]
GEMEENTEN = ("Utrecht", "Zeist", "Bunnik", "De Bilt", "Houten", "Nieuwegein")
PERIOD = f"{TODAY.year}-H{1 if TODAY.month <= 6 else 2}"


def vnummer(i: int) -> str:
    return f"20{i:08d}"


def kop_row(i: int, **over: Any) -> list[Any]:
    """An honest koppeling: a household of three, linked a few weeks ago."""
    values: dict[str, Any] = {
        "V-nummer": vnummer(i),
        "Achternaam": f"Fictief-{i:03d}",
        "Gezinsgrootte": 3,
        "Volwassenen": 2,
        "Kinderen": 1,
        "Gemeente": GEMEENTEN[i % len(GEMEENTEN)],
        "Datum koppeling": TODAY - dt.timedelta(days=20 + i % 200),
        "Taal": "Arabisch",
        "Locatie": "AZC Zeist",
        "Nareizigers verwacht": 0,
    }
    values.update({k.replace("_", " "): v for k, v in over.items()})
    unknown = set(values) - set(KOP_HEADER)
    assert not unknown, unknown
    return [values[h] for h in KOP_HEADER]


def kop_rows(n: int, start: int = 1) -> list[list[Any]]:
    return [kop_row(i) for i in range(start, start + n)]


def taak_row(gemeente: str, persons: Any = 12, backlog: Any = 0, period: str = PERIOD) -> list[Any]:
    return [gemeente, period, persons, backlog]


def won_row(i: int, **over: Any) -> list[Any]:
    values: dict[str, Any] = {
        "Corporatie": "Mitros",
        "Referentie": f"VHE-{i:05d}",
        "Gemeente": GEMEENTEN[i % len(GEMEENTEN)],
        "Adres": f"Voorbeeldstraat {i}",
        "Soort woning": "appartement",
        "Slaapkamers": 2,
        "Max. bewoners": 4,
        "Huur": 650.5,
        "Beschikbaar per": TODAY + dt.timedelta(days=14),
    }
    values.update({k.replace("_", " "): v for k, v in over.items()})
    return [values[h] for h in WON_HEADER]


def _kop_xlsx(folder: Path, name: str, bad: Sequence[list[Any]], *, good: int = 5, **kw: Any) -> Path:
    rows = [KOP_HEADER, *kop_rows(good), *bad]
    return write_xlsx(folder / f"{name}.xlsx", [Sheet("Koppelingen", rows)], **kw)


def _kop_csv(folder: Path, name: str, bad: Sequence[list[Any]], *, good: int = 5) -> Path:
    return write_csv(folder / f"{name}.csv", [KOP_HEADER, *kop_rows(good), *bad])


def _present_kop(n: int = 5, start: int = 1) -> dict[str, dict[str, Any]]:
    return {vnummer(i): {} for i in range(start, start + n)}


CODES = {
    "Utrecht": "GM0344",
    "Zeist": "GM0355",
    "Bunnik": "GM0312",
    "De Bilt": "GM0310",
    "Houten": "GM0321",
    "Nieuwegein": "GM0356",
}


def taak_key(gemeente: str, period: str = PERIOD) -> str:
    return f"{CODES[gemeente]}/{period}"


# --- 1. numbers too large for the database ------------------------------------------------------

# The message; a number cell shows as Excel shows it (1E+30), text as written.
MSG_TOO_BIG_30 = f"Gezinsgrootte {BIG_10_30} is te groot"
MSG_TOO_BIG_30_NUMBER = "Gezinsgrootte 1E+30 is te groot"


def _household_only(i: int, persons: Any) -> list[Any]:
    """A row with only a household size (no split), so nothing else stops the value."""
    return kop_row(i, Gezinsgrootte=persons, Volwassenen=None, Kinderen=None)


@case("huge-household-number", KOPPELINGEN, dry_run=True)
def make_huge_household_number(folder: Path) -> Hostile:
    bad = [_household_only(101, float(BIG_10_30)), _household_only(102, float(BIG_2_63))]
    return Hostile(
        _kop_xlsx(folder, "huge-household-number", bad),
        "row errors",
        fragment=MSG_TOO_BIG_30_NUMBER,
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
        note="Gezinsgrootte 1E+30 and 2^63 as numbers (no Volwassenen/Kinderen to stop them)",
    )


@case("huge-household-text", KOPPELINGEN)
def make_huge_household_text(folder: Path) -> Hostile:
    bad = [_household_only(101, str(BIG_10_30)), _household_only(102, str(BIG_2_63))]
    return Hostile(
        _kop_xlsx(folder, "huge-household-text", bad),
        "row errors",
        fragment=MSG_TOO_BIG_30,
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
    )


@case("huge-nareizigers", KOPPELINGEN)
def make_huge_nareizigers(folder: Path) -> Hostile:
    bad = [
        kop_row(101, Nareizigers_verwacht=float(BIG_10_30)),
        kop_row(102, Nareizigers_verwacht=str(BIG_2_63)),
    ]
    return Hostile(
        _kop_xlsx(folder, "huge-nareizigers", bad),
        "row errors",
        pattern=r"Nareizigers[^\n]*te groot",
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
    )


@case("huge-numbers-csv", KOPPELINGEN)
def make_huge_numbers_csv(folder: Path) -> Hostile:
    bad = [_household_only(101, str(BIG_10_30)), kop_row(102, Nareizigers_verwacht=str(BIG_2_63))]
    return Hostile(
        _kop_csv(folder, "huge-numbers-csv", bad),
        "row errors",
        fragment=MSG_TOO_BIG_30,
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
    )


@case("huge-taakstelling", TAAKSTELLINGEN, dry_run=True)
def make_huge_taakstelling(folder: Path) -> Hostile:
    rows = [
        TAAK_HEADER,
        taak_row("Utrecht"),
        taak_row("Houten"),
        taak_row("Zeist", float(BIG_10_30)),
        taak_row("Bunnik", 5, str(BIG_2_63)),
        taak_row("De Bilt", str(BIG_10_30)),
    ]
    path = write_xlsx(folder / "huge-taakstelling.xlsx", [Sheet("Taakstellingen", rows)])
    return Hostile(
        path,
        "row errors",
        pattern=r"te groot",
        absent=(taak_key("Zeist"), taak_key("Bunnik"), taak_key("De Bilt")),
        present={taak_key("Utrecht"): {"persons": 12}, taak_key("Houten"): {}},
    )


@case("huge-taakstelling-csv", TAAKSTELLINGEN)
def make_huge_taakstelling_csv(folder: Path) -> Hostile:
    rows = [
        TAAK_HEADER,
        taak_row("Utrecht"),
        taak_row("Zeist", str(BIG_2_63)),
        taak_row("Bunnik", 5, str(BIG_10_30)),
    ]
    path = write_csv(folder / "huge-taakstelling-csv.csv", rows)
    return Hostile(
        path,
        "row errors",
        pattern=r"te groot",
        absent=(taak_key("Zeist"), taak_key("Bunnik")),
        present={taak_key("Utrecht"): {}},
    )


@case("huge-woningen", WONINGEN, dry_run=True)
def make_huge_woningen(folder: Path) -> Hostile:
    rows = [
        WON_HEADER,
        won_row(1),
        won_row(2),
        won_row(3, Slaapkamers=float(BIG_10_30)),
        won_row(4, **{"Max. bewoners": str(BIG_2_63)}),
        won_row(5, Slaapkamers=str(BIG_2_63)),
        won_row(6, Huur=float(BIG_10_30)),
    ]
    path = write_xlsx(folder / "huge-woningen.xlsx", [Sheet("Woningen", rows)])
    return Hostile(
        path,
        "row errors",
        pattern=r"te groot",
        absent=("VHE-00003", "VHE-00004", "VHE-00005", "VHE-00006"),
        present={"VHE-00001": {"bedrooms": 2}, "VHE-00002": {}},
    )


# --- 2. container limits: what the reader would allocate for ------------------------------------


@case("dimension-XFD1048576", KINDS)
def make_dimension_xfd(folder: Path) -> Hostile:
    sheet = Sheet("Koppelingen", [KOP_HEADER, *kop_rows(5)], dimension="A1:XFD1048576")
    return Hostile(
        write_xlsx(folder / "dimension-xfd1048576.xlsx", [sheet]),
        ("refused", "imported"),
        present=_present_kop(),
        note="<dimension ref='A1:XFD1048576'> over five real rows",
    )


@case("row-number-2e9", KINDS)
def make_row_number_2e9(folder: Path) -> Hostile:
    rows = [KOP_HEADER, *kop_rows(5), kop_row(6)]
    sheet = Sheet("Koppelingen", rows, row_numbers=[1, 2, 3, 4, 5, 6, 2_000_000_000])
    return Hostile(
        write_xlsx(folder / "row-number-2e9.xlsx", [sheet]),
        "refused",
        fragment="buiten wat Excel kent",
        note="the last row claims r='2000000000'",
    )


@case("stray-cell-CZ1048576", KOPPELINGEN)
def make_stray_cell(folder: Path) -> Hostile:
    sheet = Sheet("Koppelingen", [KOP_HEADER, *kop_rows(40)], stray=[("CZ", 1_048_576, "x")])
    return Hostile(
        write_xlsx(folder / "stray-cell-cz1048576.xlsx", [sheet]),
        "refused",
        fragment="een cel op CZ1048576",
        note="40 honest rows and one cell at CZ1048576: refused before the reader allocates",
    )


@case("sst-count-billions", KINDS)
def make_sst_count_billions(folder: Path) -> Hostile:
    sheet = Sheet("Koppelingen", [KOP_HEADER, *kop_rows(5)])
    path = write_xlsx(
        folder / "sst-count-billions.xlsx", [sheet], sst_count=4_000_000_000, sst_unique=4_000_000_000
    )
    return Hostile(
        path, "refused", fragment="4.000.000.000 verschillende teksten", note="sst count/uniqueCount 4e9"
    )


def _words(seed: int, n: int) -> list[str]:
    """n distinct made-up words that look like header texts but match no field."""
    syllables = (
        "ka",
        "lo",
        "mi",
        "ne",
        "su",
        "ro",
        "ti",
        "va",
        "ze",
        "pu",
        "do",
        "fe",
        "gi",
        "ha",
        "jo",
        "wu",
    )
    out = []
    for i in range(n):
        x, parts = seed * 1_000_003 + i, []
        for _ in range(4):
            x, r = divmod(x, len(syllables))
            parts.append(syllables[r])
        out.append("".join(parts).capitalize() + f" {i}")
    return out


@case("many-sheets-300", KINDS)
def make_many_sheets(folder: Path) -> Hostile:
    sheets = [Sheet(f"Blad{n}", [_words(n * 40 + r, 20) for r in range(30)]) for n in range(1, 301)]
    return Hostile(
        write_xlsx(folder / "many-sheets-300.xlsx", sheets),
        "refused",
        note="300 sheets of 30 × 20 distinct texts, none a known header",
    )


@case("unknown-headers-16384-xlsx", KINDS)
def make_unknown_headers_xlsx(folder: Path) -> Hostile:
    rows = [_words(1, 16_384), *[_words(r, 16_384) for r in range(2, 4)]]
    return Hostile(
        write_xlsx(folder / "unknown-headers-16384.xlsx", [Sheet("Blad1", rows)]),
        "refused",
        note="A1:XFD3, 49,152 distinct texts",
    )


@case("unknown-headers-16384-csv", KINDS)
def make_unknown_headers_csv(folder: Path) -> Hostile:
    rows = [_words(1, 16_384), *[_words(r, 16_384) for r in range(2, 8)]]
    return Hostile(
        write_csv(folder / "unknown-headers-16384.csv", rows),
        "refused",
        note="7 lines of 16,384 distinct texts",
    )


# --- 3. CSV: NUL bytes, mixed encodings, unclosed quotes ----------------------------------------


def _csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    for cells in rows:
        buffer.write(";".join("" if c is None else _csv_text(c) for c in cells) + "\r\n")
    return buffer.getvalue().encode("utf-8")


@case("nul-bytes-csv-head", KINDS)
def make_nul_head_csv(folder: Path) -> Hostile:
    data = _csv_bytes([KOP_HEADER, *kop_rows(5)]).replace(b"Gemeente", b"Gem\x00eente", 1)
    path = folder / "nul-bytes-head.csv"
    path.write_bytes(data)
    return Hostile(path, "refused", note="a NUL byte in the header line")


@case("nul-bytes-csv-late", KOPPELINGEN)
def make_nul_late_csv(folder: Path) -> Hostile:
    rows = [KOP_HEADER, *kop_rows(1200)]
    data = _csv_bytes(rows)
    # Past the first 64 KB, inside the Achternaam of row 1100: no quick look at the head sees it.
    gemeente = GEMEENTEN[1100 % len(GEMEENTEN)].encode()
    needle = f"{vnummer(1100)};Fictief-1100;3;2;1;".encode() + gemeente
    assert data.index(needle) > 64 * 1024
    path = folder / "nul-bytes-late.csv"
    path.write_bytes(data.replace(needle, needle.replace(gemeente, gemeente[:3] + b"\0\0" + gemeente[3:]), 1))
    return Hostile(
        path,
        "refused",
        fragment="Regel 1101: een NUL-teken",
        note="NUL bytes in the Gemeente of line 1101, past the first 64 KB; the line is named",
    )


@case("mixed-encoding-csv", KOPPELINGEN, dry_run=True)
def make_mixed_encoding_csv(folder: Path) -> Hostile:
    rows = [KOP_HEADER, *[kop_row(i, Taal=ARABIC if i % 2 else TIGRINYA) for i in range(1, 41)]]
    data = _csv_bytes(rows)
    needle = b"Fictief-030"
    path = folder / "mixed-encoding.csv"
    # One cp1252 'é' (0xE9, invalid in UTF-8) in line 31; every Taal stays UTF-8.
    path.write_bytes(data.replace(needle, "Fictiéf-030".encode("cp1252"), 1))
    intact = {vnummer(i): {"languages": ARABIC if i % 2 else TIGRINYA} for i in range(1, 41)}
    return Hostile(
        path,
        "refused",
        fragment="Regel 31: tekens die geen UTF-8 zijn",
        pattern=r"0xE9",
        intact=intact,
        note="UTF-8 with Arabic/Tigrinya in Taal and one cp1252 byte on line 31: reported, never mojibake",
    )


MSG_QUOTE_4 = 'Regel 4: een aanhalingsteken (") wordt niet gesloten'


@case("unclosed-quote-csv", KOPPELINGEN, dry_run=True)
def make_unclosed_quote_csv(folder: Path) -> Hostile:
    rows = [KOP_HEADER, *kop_rows(10)]
    lines = _csv_bytes(rows).split(b"\r\n")
    # Line 4 (row 3): an opening quote in Achternaam that is never closed.
    lines[3] = lines[3].replace(b"Fictief-003", b'"Fictief-003', 1)
    path = folder / "unclosed-quote.csv"
    path.write_bytes(b"\r\n".join(lines))
    return Hostile(
        path,
        "row errors",
        fragment=MSG_QUOTE_4,
        forbidden="Gemeente is verplicht maar leeg",
        absent=(vnummer(3),),
        present=_present_kop(2) | _present_kop(7, start=4),
        note="an unclosed quote on line 4 swallows the rest: a row error there, the lines after read",
    )


@case("unclosed-quote-csv-4-lines", KOPPELINGEN)
def make_unclosed_quote_swallows_four(folder: Path) -> Hostile:
    rows = [KOP_HEADER, *kop_rows(10)]
    lines = _csv_bytes(rows).split(b"\r\n")
    # Line 4 opens a quote that a stray quote on line 8 closes: lines 4-8 read as one row.
    lines[3] = lines[3].replace(b"Fictief-003", b'"Fictief-003', 1)
    lines[7] = lines[7].replace(b"Fictief-007", b'Fictief-007"', 1)
    path = folder / "unclosed-quote-four-lines.csv"
    path.write_bytes(b"\r\n".join(lines))
    return Hostile(
        path,
        "row errors",
        fragment=MSG_QUOTE_4 + "; regels 4–8",
        forbidden="Gemeente is verplicht maar leeg",
        absent=(vnummer(3),),
        present=_present_kop(2) | _present_kop(7, start=4),
        note="a quote opened on line 4 and closed on line 8: the lines it swallowed are named and read",
    )


# --- 4. formulas without a usable value -----------------------------------------------------------


@case("formula-no-cached-value", KOPPELINGEN, dry_run=True)
def make_formula_no_value(folder: Path) -> Hostile:
    bad = [
        kop_row(101, **{"V-nummer": Formula('TEXT(2000000101,"0")')}),
        kop_row(102, Gemeente=Formula("VLOOKUP(A103,Gemeenten!A:B,2,FALSE)")),
        _household_only(103, Formula("SUM(D104:E104)")),
    ]
    return Hostile(
        _kop_xlsx(folder, "formula-no-value", bad),
        "row errors",
        fragment="formule zonder opgeslagen uitkomst",
        forbidden="V-nummer is verplicht maar leeg",
        absent=(vnummer(102), vnummer(103)),
        present=_present_kop(),
        note="formula cells saved without a cached value (as some generators write them)",
    )


@case("formula-error-values", KOPPELINGEN)
def make_formula_errors(folder: Path) -> Hostile:
    bad = [
        kop_row(101, Gemeente=Formula("VLOOKUP(A102,Gemeenten!A:B,2,FALSE)", error="#N/A")),
        _household_only(102, Formula("D103/E103", error="#DIV/0!")),
        kop_row(103, **{"V-nummer": Formula("Blad2!A1", error="#REF!")}),
    ]
    return Hostile(
        _kop_xlsx(folder, "formula-errors", bad),
        "row errors",
        fragment="formule met de fout #N/A",
        pattern=r"#DIV/0!",
        forbidden="Gemeente is verplicht maar leeg",
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
        note="formula cells whose cached value is #N/A, #DIV/0!, #REF!",
    )


# --- 5. several data sheets, a hidden data sheet --------------------------------------------------

FEBRUARI = "Koppelingen februari"


def _two_sheets(folder: Path, name: str) -> Path:
    sheets = [
        Sheet("Koppelingen januari", [KOP_HEADER, *kop_rows(5)]),
        Sheet(FEBRUARI, [KOP_HEADER, *kop_rows(5, start=51)]),
    ]
    return write_xlsx(folder / f"{name}.xlsx", sheets)


@case("two-data-sheets", KOPPELINGEN, dry_run=True)
def make_two_data_sheets(folder: Path) -> Hostile:
    return Hostile(
        _two_sheets(folder, "two-data-sheets"),
        "imported",
        fragment="Kies zelf het werkblad met --sheet NAAM",
        pattern=r"Ook werkblad 'Koppelingen februari'",
        present=_present_kop(),
        note="two sheets both hold koppelingen: the first is read, the other named, --sheet offered",
    )


@case("two-data-sheets-with-sheet", KOPPELINGEN)
def make_two_data_sheets_chosen(folder: Path) -> Hostile:
    return Hostile(
        _two_sheets(folder, "two-data-sheets-chosen"),
        "imported",
        args=("--sheet", FEBRUARI),
        present=_present_kop(5, start=51),
        absent=(vnummer(1),),
        note="--sheet NAAM imports that sheet",
    )


@case("hidden-data-sheet", KOPPELINGEN, dry_run=True)
def make_hidden_data_sheet(folder: Path) -> Hostile:
    visible: list[list[Any]] = [
        ["V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte"],
        *[[vnummer(i), "Zeist", TODAY - dt.timedelta(days=30), 2] for i in range(1, 6)],
    ]
    sheets = [Sheet("Koppelingen", visible), Sheet("Oud", [KOP_HEADER, *kop_rows(5, start=71)], hidden=True)]
    return Hostile(
        write_xlsx(folder / "hidden-data-sheet.xlsx", sheets),
        "imported",
        fragment="'Oud' (verborgen)",
        present=_present_kop(),
        absent=(vnummer(71),),
        note="a hidden sheet with a fuller header: the visible one is read, the hidden one named",
    )


@case("only-hidden-data-sheet", KOPPELINGEN)
def make_only_hidden_data_sheet(folder: Path) -> Hostile:
    sheets = [
        Sheet(
            "Toelichting", [["Dit bestand bevat de koppelingen van deze maand."], ["Vragen: het COA-loket."]]
        ),
        Sheet("Data", [KOP_HEADER, *kop_rows(5)], hidden=True),
    ]
    return Hostile(
        write_xlsx(folder / "only-hidden-data-sheet.xlsx", sheets),
        "imported",
        fragment="Werkblad 'Data' is in Excel verborgen",
        present=_present_kop(),
        note="only a hidden sheet holds data: it is read, and the output says it is hidden",
    )


# --- 6. over the row limit ---------------------------------------------------------------------

ROWS_OVER = ROW_LIMIT + 1
SIZE_PATTERN = r"200[.\u00a0 ]?00[12]"


def _big_sheet_xml(n: int) -> bytes:
    """n koppelingen rows of four cells, as sheet XML with inline strings: ~2 s for 200,001."""
    day = excel_serial(TODAY - dt.timedelta(days=30))
    head = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>'
        for c, t in zip("ABCD", ("V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte"), strict=True)
    )
    parts = [
        XML_DECL,
        f'<worksheet xmlns="{NS_MAIN}"><dimension ref="A1:D{n + 1}"/><sheetData>',
        f'<row r="1">{head}</row>',
    ]
    gemeenten = [f'<c r="B{{r}}" t="inlineStr"><is><t>{g}</t></is></c>' for g in GEMEENTEN]
    for i in range(1, n + 1):
        r = i + 1
        parts.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{3000000000 + i}</t></is></c>'
            + gemeenten[i % 6].format(r=r)
            + f'<c r="C{r}" s="1"><v>{day}</v></c><c r="D{r}"><v>{1 + i % 5}</v></c></row>'
        )
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


@case("rows-200001-xlsx", KOPPELINGEN, slow=True)
def make_rows_over_limit_xlsx(folder: Path) -> Hostile:
    sheet = Sheet("Koppelingen", xml=_big_sheet_xml(ROWS_OVER))
    path = write_xlsx(folder / "rows-200001.xlsx", [sheet], shared_strings=False)
    return Hostile(
        path,
        "refused",
        pattern=SIZE_PATTERN,
        note="200,001 data rows: refused with the size stated",
    )


@case("rows-200001-csv", KOPPELINGEN, slow=True)
def make_rows_over_limit_csv(folder: Path) -> Hostile:
    day = (TODAY - dt.timedelta(days=30)).strftime("%d-%m-%Y")
    path = folder / "rows-200001.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("V-nummer;Gemeente;Datum koppeling;Gezinsgrootte\r\n")
        fh.writelines(
            f"{3000000000 + i};{GEMEENTEN[i % 6]};{day};{1 + i % 5}\r\n" for i in range(1, ROWS_OVER + 1)
        )
    return Hostile(
        path,
        "refused",
        pattern=SIZE_PATTERN,
        note="200,001 data lines: refused with the size stated",
    )


# --- 7. implausible values, "1,000", two municipalities, a Totaal row, English months ------------


@case("household-9999-and-2^31", KOPPELINGEN, dry_run=True)
def make_household_implausible(folder: Path) -> Hostile:
    bad = [_household_only(101, 9_999), _household_only(102, BIG_2_31), _household_only(103, "9.999")]
    return Hostile(
        _kop_xlsx(folder, "household-implausible", bad),
        "row errors",
        pattern=r"Gezinsgrootte",
        absent=(vnummer(101), vnummer(102), vnummer(103)),
        present=_present_kop(),
        note="household sizes 9,999, 2^31 and '9.999'",
    )


@case("nareizigers-9999-and-2^31", KOPPELINGEN)
def make_nareizigers_implausible(folder: Path) -> Hostile:
    bad = [kop_row(101, Nareizigers_verwacht=9_999), kop_row(102, Nareizigers_verwacht=BIG_2_31)]
    return Hostile(
        _kop_xlsx(folder, "nareizigers-implausible", bad),
        "row errors",
        pattern=r"Nareizigers",
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
    )


@case("dates-1850-and-9999", KOPPELINGEN, dry_run=True)
def make_dates_implausible(folder: Path) -> Hostile:
    bad = [
        kop_row(101, Datum_koppeling="01-06-1850"),
        kop_row(102, Datum_koppeling=dt.date(9999, 12, 31)),
        kop_row(103, Datum_koppeling="9999-12-31"),
        kop_row(104, Datum_koppeling=dt.date(1901, 1, 1)),
    ]
    return Hostile(
        _kop_xlsx(folder, "dates-implausible", bad),
        "row errors",
        pattern=r"Datum koppeling",
        absent=tuple(vnummer(i) for i in range(101, 105)),
        present=_present_kop(),
        note="koppeling dates 1850, 9999 (date and text), 1901",
    )


@case("dates-1850-and-9999-csv", KOPPELINGEN)
def make_dates_implausible_csv(folder: Path) -> Hostile:
    bad = [kop_row(101, Datum_koppeling="01-06-1850"), kop_row(102, Datum_koppeling="31-12-9999")]
    return Hostile(
        _kop_csv(folder, "dates-implausible-csv", bad),
        "row errors",
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
    )


@case("comma-1,000", KOPPELINGEN)
def make_comma_thousands(folder: Path) -> Hostile:
    bad = [_household_only(101, "1,000"), kop_row(102, Nareizigers_verwacht="1,000")]
    return Hostile(
        _kop_xlsx(folder, "comma-thousands", bad),
        "row errors",
        pattern=r"1,000",
        absent=(vnummer(101), vnummer(102)),
        present=_present_kop(),
        note="'1,000' must not become 1 (nor a household of 1000)",
    )


@case("two-gemeenten-in-a-cell", KOPPELINGEN, dry_run=True)
def make_two_gemeenten(folder: Path) -> Hostile:
    bad = [
        kop_row(101, Gemeente="Bunnik; Zeist"),
        kop_row(102, Gemeente="Utrecht/Zeist"),
        kop_row(103, Gemeente="Utrecht (provincie)"),
    ]
    return Hostile(
        _kop_xlsx(folder, "two-gemeenten", bad),
        "row errors",
        pattern=r"Bunnik; Zeist",
        absent=(vnummer(101), vnummer(102), vnummer(103)),
        present=_present_kop(),
    )


@case("two-gemeenten-in-a-cell-woningen", WONINGEN)
def make_two_gemeenten_woningen(folder: Path) -> Hostile:
    rows = [
        WON_HEADER,
        won_row(1),
        won_row(2, Gemeente="Bunnik; Zeist"),
        won_row(3, Gemeente="Utrecht/Zeist"),
    ]
    path = write_xlsx(folder / "two-gemeenten-woningen.xlsx", [Sheet("Woningen", rows)])
    return Hostile(
        path,
        "row errors",
        absent=("VHE-00002", "VHE-00003"),
        present={"VHE-00001": {}},
    )


@case("totaal-row", KOPPELINGEN, dry_run=True)
def make_totaal_row(folder: Path) -> Hostile:
    totaal = kop_row(
        0,
        **{
            "V-nummer": "Totaal",
            "Gezinsgrootte": 15,
            "Volwassenen": 10,
            "Kinderen": 5,
            "Achternaam": None,
            "Gemeente": None,
            "Datum koppeling": None,
            "Taal": None,
            "Locatie": None,
            "Nareizigers verwacht": 0,
        },
    )
    return Hostile(
        _kop_xlsx(folder, "summary-row", [totaal]),
        "imported",
        pattern=r"totaalregels? overgeslagen",
        forbidden="'Totaal' is geen V-nummer",
        present=_present_kop(),
        note="a closing Totaal row is a summary row: listed as skipped, not as an error",
    )


def _last_march_3() -> dt.date:
    this_year = dt.date(TODAY.year, 3, 3)
    return this_year if this_year <= TODAY else dt.date(TODAY.year - 1, 3, 3)


@case("english-month-names", KOPPELINGEN)
def make_english_months(folder: Path) -> Hostile:
    y = _last_march_3().year
    english = [f"3 March {y}", f"Mar 3 {y}", f"3 Mar {y}", f"March 3, {y}"]
    dutch = [f"3 maart {y}", f"3 mrt {y}", f"3-mrt-{y}"]
    rows = [kop_row(101 + i, Datum_koppeling=t) for i, t in enumerate([*english, *dutch])]
    return Hostile(
        _kop_xlsx(folder, "english-months", rows),
        "imported",
        present={vnummer(101 + i): {"linked_on": _last_march_3()} for i in range(len(rows))},
        note="'3 March', 'Mar 3', '3 Mar', 'March 3,' read like '3 maart', '3 mrt' (they were refused)",
    )


@case("near-the-edge-warnings", KOPPELINGEN, dry_run=True)
def make_near_edge(folder: Path) -> Hostile:
    rows = [
        _household_only(101, 14),
        kop_row(102, Nareizigers_verwacht=12),
        kop_row(103, Datum_koppeling=TODAY - dt.timedelta(days=5 * 365)),
    ]
    return Hostile(
        _kop_xlsx(folder, "near-the-edge", rows),
        "imported",
        fragment="Gezinsgrootte 14 is ongewoon hoog",
        pattern=r"met een waarschuwing",
        present={vnummer(101): {"persons": 14}, vnummer(102): {"expected_followers": 12}, **_present_kop()},
        note="unusual but plausible (14 persons, 12 nareizigers, 5 years back): imported, with a warning",
    )


# --- 8. false refusals: honest packages that must import ------------------------------------------

RATIO_ROWS = 9_999
RATIO_COLUMNS = 17
RATIO_TARGET = (121.0, 124.0)  # the sheet part's uncompressed : compressed size


def _ratio_sheet(every: int, pad: int = 1) -> bytes:
    """9,999 rows × 17 columns: the koppelingen columns and a long, identical remark per row
    (inline text, as some exports write it), which is what compresses so well. Cells carry no
    ``r`` (it is optional; some generators leave it out), so rows differ in little but the V-nummer;
    every ``every``-th row has its number, which sets the ratio."""
    header = [
        *KOP_HEADER,
        "Bijzonderheden huisvesting",
        "Opmerking",
        "Dossierhouder",
        "Team",
        "Regio",
        "Contactpersoon",
        "Status",
    ]
    assert len(header) == RATIO_COLUMNS
    remark = "Gegevens overgenomen uit het COA-overzicht; controle door de regio volgt. " * pad
    day = TODAY - dt.timedelta(days=45)

    def cells(values: Sequence[Any]) -> str:
        return "".join(cell_xml("X", v, None).replace(' r="X"', "") for v in values)

    body = [f'<row r="1">{cells(header)}</row>']
    for i in range(1, RATIO_ROWS + 1):
        values = [
            *kop_row(i, Datum_koppeling=day, Gemeente="Zeist", Achternaam="Fictief"),
            "geen bijzonderheden",
            remark,
            "Team Noord",
            "Noord",
            "U16",
            "Fictief contact",
            "gekoppeld",
        ]
        number = f' r="{i + 1}"' if i % every == 0 else ""  # the knob that sets the ratio
        body.append(f"<row{number}>{cells(values)}</row>")
    return (
        XML_DECL + f'<worksheet xmlns="{NS_MAIN}"><dimension ref="A1:Q{RATIO_ROWS + 1}"/>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    ).encode()


@case("ratio-121-valid", KOPPELINGEN)
def make_ratio_121(folder: Path) -> Hostile:
    every = 7
    for _ in range(4):  # a few tries: the ratio depends on zlib's version only slightly
        xml = _ratio_sheet(every)
        ratio = len(xml) / len(zlib.compress(xml, 6))
        if ratio < RATIO_TARGET[0]:
            every += 1
        elif ratio > RATIO_TARGET[1]:
            every -= 1
        else:
            break
    assert RATIO_TARGET[0] <= ratio <= RATIO_TARGET[1], ratio
    path = write_xlsx(folder / "ratio-121.xlsx", [Sheet("Koppelingen", xml=xml)], shared_strings=False)
    return Hostile(
        path,
        "imported",
        present=_present_kop(3),
        note=f"a valid {RATIO_ROWS:,} × {RATIO_COLUMNS} workbook whose sheet compresses {ratio:.0f}:1",
    )


@case("workbook-not-at-xl", KOPPELINGEN)
def make_workbook_elsewhere(folder: Path) -> Hostile:
    path = write_xlsx(
        folder / "workbook-elsewhere.xlsx",
        [Sheet("Koppelingen", [KOP_HEADER, *kop_rows(5)])],
        workbook_part="werkmap/workbook.xml",
    )
    return Hostile(
        path,
        "imported",
        present=_present_kop(),
        note="the workbook part is werkmap/workbook.xml, found through _rels/.rels",
    )


@case("backslash-member-names", KOPPELINGEN)
def make_backslash_names(folder: Path) -> Hostile:
    path = write_xlsx(
        folder / "backslash-names.xlsx", [Sheet("Koppelingen", [KOP_HEADER, *kop_rows(5)])], backslashes=True
    )
    return Hostile(
        path,
        "imported",
        present=_present_kop(),
        note="member names like xl\\worksheets\\sheet1.xml, as some Windows tools write them",
    )


# --- 9. honest files: the generator itself is right -----------------------------------------------


@case("honest-koppelingen-xlsx", KOPPELINGEN, dry_run=True)
def make_honest_koppelingen(folder: Path) -> Hostile:
    return Hostile(
        _kop_xlsx(folder, "honest-koppelingen", [], good=20),
        "imported",
        present={vnummer(1): {"persons": 3, "adults": 2, "children": 1, "languages": "Arabisch"}},
    )


@case("honest-koppelingen-csv", KOPPELINGEN)
def make_honest_koppelingen_csv(folder: Path) -> Hostile:
    rows = [KOP_HEADER, *[kop_row(i, Taal=ARABIC if i % 2 else TIGRINYA) for i in range(1, 21)]]
    return Hostile(
        write_csv(folder / "honest-koppelingen.csv", rows),
        "imported",
        present={vnummer(1): {"languages": ARABIC}, vnummer(2): {"languages": TIGRINYA}},
    )


@case("honest-taakstellingen-xlsx", TAAKSTELLINGEN)
def make_honest_taakstellingen(folder: Path) -> Hostile:
    rows = [TAAK_HEADER, *[taak_row(g, 10 + n) for n, g in enumerate(GEMEENTEN)]]
    return Hostile(
        write_xlsx(folder / "honest-taakstellingen.xlsx", [Sheet("Taakstellingen", rows)]),
        "imported",
        present={taak_key("Utrecht"): {"persons": 10}},
    )


@case("honest-woningen-xlsx", WONINGEN)
def make_honest_woningen(folder: Path) -> Hostile:
    rows = [WON_HEADER, *[won_row(i) for i in range(1, 11)]]
    return Hostile(
        write_xlsx(folder / "honest-woningen.xlsx", [Sheet("Woningen", rows)]),
        "imported",
        present={"VHE-00001": {"bedrooms": 2, "max_occupants": 4}},
    )


def generate(folder: Path) -> Iterator[Hostile]:
    """Every hostile file into ``folder`` (which must exist)."""
    for entry in CATALOGUE.values():
        yield entry.make(folder)

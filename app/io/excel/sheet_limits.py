"""Limits checked in a workbook's XML before calamine allocates (the checks before any parser
are in ``safety``).

calamine keeps a sheet as a dense box from the first to the last used cell (~40 bytes a cell) and
reserves room for as many shared strings as the file claims, before reading one: a 4 KB file
with one cell at CZ1048576 costs 3.5 GB, a claimed 4·10⁹ strings or a row 2·10⁹ aborts the
process. So the sheet XML is scanned first, streaming, for what it really references.
"""

from __future__ import annotations

import functools
import os
import re
import typing
import zipfile
from dataclasses import dataclass

from app.io.excel.formulas import may_hold_marker
from app.io.excel.safety import (
    DEFAULT_LIMITS,
    MSG_CORRUPT,
    ImportFileError,
    SafetyLimits,
    package_parts,
    read_part,
    xml_attrs,
    zip_members,
)

_MB = 1024 * 1024
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384

MSG_SHEET_TOO_MANY_ROWS = "Werkblad '{sheet}' heeft {rows} rijen; de grens is {limit}. Splits het bestand."
MSG_SHEET_BEYOND_EXCEL = (
    "Werkblad '{sheet}' verwijst naar cel {cell}, buiten wat Excel kent ({max_rows} rijen × "
    "{max_cols} kolommen); het bestand is beschadigd. Open het in Excel en sla het opnieuw op."
)
MSG_SHEET_BOX = (
    "Werkblad '{sheet}' heeft {used} rijen, maar ook een cel op {cell}, ver buiten de gegevens; zo'n "
    "groot werkblad kan het programma niet veilig inlezen. Verwijder de lege rijen en kolommen aan "
    "het eind (of maak die cel leeg) en sla het bestand opnieuw op."
)
MSG_SHARED_STRINGS = (
    "Het bestand zegt {count} verschillende teksten te bevatten; de grens is {limit}. Dat kan het "
    "programma niet veilig inlezen. Open het bestand in Excel en sla het opnieuw op."
)

_SCAN_CHUNK = 1024 * 1024
_SCAN_TAIL_CAP = 16 * _MB
# Per-cell work in Python would cost seconds on a 100,000-row sheet, so only what can be far is
# matched one by one: rows, refs of two or more letters (column AA on) and refs of six or more
# digits (row 100,000 on). Single-letter refs below row 100,000 are bounded by Z99999.
_PREFIX_RE = re.compile(rb"<(\w+:)?(?:worksheet|sheetData)\b")


@functools.lru_cache(maxsize=8)
def _scan_patterns(prefix: bytes, exact: bool) -> tuple[re.Pattern[bytes], ...]:
    """Patterns with the element prefix spelled out: a literal start keeps re several times faster.
    `exact` (the usual r="…" spelling) or any spacing and quotes (slower, used when needed)."""
    p = re.escape(prefix)
    r = rb' r="' if exact else rb"""\sr\s*=\s*["']"""
    q = rb'"' if exact else rb"""["']"""
    return (
        re.compile(rb"<" + p + rb"row\b[^>]*?" + r + rb"(\d{7,})"),  # row numbers from 1,000,000
        re.compile(rb"<" + p + rb"row[\s>/]"),  # rows opened
        re.compile(rb"<" + p + rb"row\b[^>]*/>"),  # rows without cells
        re.compile(r + rb"([A-Za-z]{2,}\d+|[A-Za-z]\d{6,})" + q),  # far references
        re.compile(r + rb"[A-Za-z]\d"),  # near references
    )


_REF_RE = re.compile(r"([A-Za-z]+)(\d+)")
_SST_RE = re.compile(rb"<(?:\w+:)?sst\b([^>]*)>")


def dotted(n: int) -> str:
    """12345 -> '12.345'."""
    return f"{n:,}".replace(",", ".")


def column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class SheetScan:
    """What a sheet's XML references: enough to know how big calamine's box will be."""

    rows: int = 0  # <row> elements with content
    last_row: int = 0
    last_col: int = 0  # an upper bound: single-letter columns count as Z
    far_cell: str = ""  # the reference that makes the box biggest
    far_row: int = 0
    # Something that may be a formula or an error value (formulas.may_hold_marker): the reader's
    # formula scan is needed only then, or when the sheet's zip member is not known (`member`).
    formula_markers: bool = False
    member: str | None = None

    @property
    def box_cells(self) -> int:
        return self.last_row * self.last_col


def scan_sheet_xml(stream: typing.IO[bytes]) -> SheetScan:
    """Read a sheet's XML in bounded chunks and note its rows and farthest references.

    A tag never contains '<', so everything before the last '<' of a chunk holds complete tags;
    the rest is carried over to the next chunk.
    """
    scan = SheetScan()
    far_score = 0
    tail = b""
    prefix: bytes | None = None
    while True:
        block = stream.read(_SCAN_CHUNK)
        buf = tail + block
        cut = buf.rfind(b"<") if block else len(buf)
        if cut < 0:
            cut = 0
        part, tail = buf[:cut], buf[cut:]
        if len(tail) > _SCAN_TAIL_CAP:  # a "tag" of megabytes: nothing a reader would accept
            raise ImportFileError(MSG_CORRUPT)
        if not scan.formula_markers and may_hold_marker(part):
            scan.formula_markers = True
        if prefix is None:
            found_prefix = _PREFIX_RE.search(part)
            if found_prefix is None and block:
                tail = part[-4096:] + tail  # the root element is still to come
                continue
            prefix = (found_prefix.group(1) or b"") if found_prefix else b""
        exact = (b"'" not in part or b"r='" not in part) and b"r =" not in part and b"r= " not in part
        row_number_re, row_open_re, row_empty_re, far_re, near_re = _scan_patterns(prefix, exact)
        opened = part.count(b"<row ") + part.count(b"<row>") if not prefix else len(row_open_re.findall(part))
        if opened:
            scan.rows += opened - len(row_empty_re.findall(part))
            numbers = row_number_re.findall(part)
            if numbers:
                scan.last_row = max(scan.last_row, max(int(n[:13]) for n in numbers))
        scan.last_row = max(scan.last_row, scan.rows)
        if scan.last_col < 26 and near_re.search(part):
            scan.last_col = 26
        for ref in far_re.findall(part):
            found = _REF_RE.fullmatch(ref.decode("ascii"))
            if found is None:
                continue
            col, row = column_number(found.group(1)[:4]), int(found.group(2)[:13])
            scan.last_col = max(scan.last_col, col)
            scan.last_row = max(scan.last_row, row)
            if row * col > far_score:
                far_score, scan.far_cell, scan.far_row = row * col, found.group(0).upper(), row
        if not block:
            break
    return scan


def check_sheet_scan(sheet: str, scan: SheetScan, limits: SafetyLimits | None = None) -> None:
    """Refuse a sheet calamine cannot read within bounded memory; the message says why."""
    limits = limits or DEFAULT_LIMITS
    if scan.last_row > EXCEL_MAX_ROWS or scan.last_col > EXCEL_MAX_COLS:
        raise ImportFileError(
            MSG_SHEET_BEYOND_EXCEL.format(
                sheet=sheet, cell=scan.far_cell or f"rij {dotted(scan.last_row)}",
                max_rows=dotted(EXCEL_MAX_ROWS), max_cols=dotted(EXCEL_MAX_COLS),
            )
        )  # fmt: skip
    data_rows = max(scan.rows - 1, 0)  # the header row
    if data_rows > limits.max_rows:
        raise ImportFileError(
            MSG_SHEET_TOO_MANY_ROWS.format(sheet=sheet, rows=dotted(data_rows), limit=dotted(limits.max_rows))
        )
    if scan.box_cells > limits.max_box_cells:
        raise ImportFileError(
            MSG_SHEET_BOX.format(sheet=sheet, cell=scan.far_cell or f"rij {dotted(scan.last_row)}",
                                 used=dotted(scan.rows))
        )  # fmt: skip


def check_shared_strings_xml(head: bytes, limits: SafetyLimits | None = None) -> None:
    """The sst element's uniqueCount is what calamine reserves room for, before reading one."""
    limits = limits or DEFAULT_LIMITS
    found = _SST_RE.search(head)
    if found is None:
        return
    attrs = xml_attrs(found.group(1))
    for key in ("uniqueCount", "count"):
        text = attrs.get(key, "").strip()
        if not text.isdigit():
            continue
        count = int(text[:20])
        # count is the number of references, legitimately large; only uniqueCount is reserved,
        # but a count beyond any sheet calamine could hold is a lie all the same.
        limit = limits.max_shared_strings if key == "uniqueCount" else EXCEL_MAX_ROWS * EXCEL_MAX_COLS
        if count > limit:
            raise ImportFileError(
                MSG_SHARED_STRINGS.format(count=dotted(count), limit=dotted(limits.max_shared_strings))
            )


def check_workbook_limits(
    path: str | os.PathLike[str], sheet: str | None, limits: SafetyLimits | None = None
) -> SheetScan | None:
    """Before calamine opens the file (sheet None: the shared strings) or loads `sheet`. Returns
    what the sheet's scan found, or None when nothing was scanned."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = package_parts(zf)
            if parts is None:
                return None
            if sheet is None:
                if parts.shared_strings:
                    head = read_part(zf, parts.shared_strings, 64 * 1024)
                    if head:
                        check_shared_strings_xml(head, limits)
                return None
            part = parts.sheets.get(sheet)
            info = zip_members(zf).get(part.casefold()) if part else None
            if info is None:
                return None  # calamine finds it or says the file is damaged
            with zf.open(info) as fh:
                scan = scan_sheet_xml(fh)
            scan.member = info.filename
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFileError(MSG_CORRUPT) from exc
    check_sheet_scan(sheet, scan, limits)
    return scan

"""Limits checked in a workbook's XML before calamine allocates (the checks before any parser
are in ``safety``).

calamine keeps a sheet as a dense box from the first to the last used cell (~40 bytes a cell) and
reserves room for as many shared strings as the file claims, before reading one: a 4 KB file
with one cell at CZ1048576 costs 3.5 GB, a claimed 4·10⁹ strings or a row 2·10⁹ aborts the
process. So the sheet XML is scanned first, streaming, for what it really references.
"""

from __future__ import annotations

import functools
import itertools
import operator
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
# re runs a pattern that starts with a literal as a quick scan for that literal, calling the
# matcher only where the whole literal is found; one that starts with '<' (every tag) or a class
# calls it on millions of places. So the patterns below start at 'w' of <row, or at ' r', and
# look behind for what comes before.
#
# The hint, a necessary condition for what the far, row-number and near patterns of
# `_scan_patterns` could find in either spelling: r=" then a letter and not a digit (AA1), or six
# characters without a quote (A100000, 1000000); or r= or r and a space followed by anything but
# '"' (r='A1', r = "A1"), where the general patterns may find what the exact ones do not. It sees
# a space before r; other whitespace is looked for apart (_control_r). Most parts of a sheet have
# none of these, and are done after this one search.
_HINT_RE = re.compile(rb""" r[=\s](?:[^"]|".(?:[^\d"]|[^"]{6}))""", re.S)
_ODD_R_RE = re.compile(rb""" r[=\s][^"]""")  # the hint's r= or r-and-space part
_CONTROL_SPACES = (b"\n", b"\t", b"\r", b"\f", b"\v")
_CONTROL_R_RE = re.compile(rb"r(?<=[\t\n\r\f\v]r)")  # an r after a whitespace other than ' '


@functools.lru_cache(maxsize=8)
def _row_re(prefix: bytes) -> re.Pattern[bytes]:
    """One match per <row> start tag: its text up to '/>' when it has no cells (the empty-row
    pattern), else the character after the name (the opened-row pattern) or nothing."""
    return re.compile(rb"w(?<=<" + re.escape(prefix) + rb"row)(\b[^>]*/>|[\s>/]|)")


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


_DIGITS = b"0123456789"
_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
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

    A tag never contains '<', so everything before the last '<' of a chunk (its part) holds
    complete tags; the rest is carried over to the next chunk. A part is searched in place (start
    and end positions), not copied.
    """
    scan = SheetScan()
    far_score = 0
    tail = b""
    prefix: bytes | None = None
    while True:
        block = stream.read(_SCAN_CHUNK)
        buf = tail + block if tail else block
        end = buf.rfind(b"<") if block else len(buf)
        if end < 0:
            end = 0
        tail = buf[end:]
        if len(tail) > _SCAN_TAIL_CAP:  # a "tag" of megabytes: nothing a reader would accept
            raise ImportFileError(MSG_CORRUPT)
        if not scan.formula_markers and may_hold_marker(buf, end):
            scan.formula_markers = True
        if prefix is None:
            found_prefix = _PREFIX_RE.search(buf, 0, end)
            if found_prefix is None and block:
                tail = buf[max(end - 4096, 0) :]  # the root element is still to come
                continue
            prefix = (found_prefix.group(1) or b"") if found_prefix else b""
        far_score = _scan_part(scan, buf, end, prefix, far_score)
        if not block:
            break
    return scan


def _scan_part(scan: SheetScan, buf: bytes, end: int, prefix: bytes, far_score: int) -> int:
    """Add what buf[:end] holds to `scan`; returns the new far score. The far, row-number and near
    patterns run only on a part the hint finds something in; on any other part they would find
    nothing, and the exact near pattern says what the general one would."""
    opened, empty = _count_rows(buf, end, prefix)
    hit = _HINT_RE.search(buf, 0, end)
    control = _control_r(buf, end)
    hint = hit is not None or control
    if hint:
        # The exact and the general patterns differ only on a part with a quote or an odd r=
        # spelling (which the hint stops at or before), so only there does the choice matter.
        odd = control or buf.find(b"'", 0, end) >= 0 or _ODD_R_RE.search(buf, hit.start() if hit else 0, end)
        # A tab or line break before r (<c\nr="XFD1048576">) only the general patterns see, so
        # then they are used whatever else the part holds (the exact ones missed such a cell).
        exact = not odd or (
            not control
            and (buf.find(b"'", 0, end) < 0 or buf.find(b"r='", 0, end) < 0)
            and buf.find(b"r =", 0, end) < 0
            and buf.find(b"r= ", 0, end) < 0
        )
        row_number_re, _, _, far_re, near_re = _scan_patterns(prefix, exact)
    else:
        near_re = _scan_patterns(prefix, True)[4]
    if opened:
        scan.rows += opened - empty
    if hint:  # also when no row is counted as opened: <row\tr="2000000000"> is not, but is read
        numbers = row_number_re.findall(buf, 0, end)
        if numbers:
            scan.last_row = max(scan.last_row, max(int(n[:13]) for n in numbers))
    scan.last_row = max(scan.last_row, scan.rows)
    if scan.last_col < 26 and near_re.search(buf, 0, end):
        scan.last_col = 26
    if not hint:
        return far_score
    refs = far_re.findall(buf, 0, end)
    return _far_refs(scan, refs, far_score) if refs else far_score


def _far_refs(scan: SheetScan, refs: list[bytes], far_score: int) -> int:
    """Note the far refs of a part (letters, then digits): the largest column and row, and the
    first ref with the largest row × column when that beats `far_score`. Beyond row 100,000 every
    cell is one, so this works list by list (map, max, index) rather than ref by ref."""
    letters = list(map(bytes.rstrip, refs, itertools.repeat(_DIGITS, len(refs))))
    digits = list(map(bytes.lstrip, refs, itertools.repeat(_LETTERS, len(refs))))
    rows = list(map(int, digits)) if max(map(len, digits)) <= 13 else [int(d[:13]) for d in digits]
    col_of = {lt: column_number(lt[:4].decode("ascii")) for lt in set(letters)}
    cols = list(map(col_of.__getitem__, letters))
    scan.last_col = max(scan.last_col, max(cols))
    scan.last_row = max(scan.last_row, max(rows))
    scores = list(map(operator.mul, rows, cols))
    best = max(scores)
    if best > far_score:
        at = scores.index(best)  # the first: a later ref as far does not replace it
        far_score, scan.far_cell, scan.far_row = best, refs[at].decode("ascii").upper(), rows[at]
    return far_score


def _control_r(buf: bytes, end: int) -> bool:
    """An r after a tab or line break: the general patterns' \\s before r, which the hint's ' r'
    does not see. Such whitespace is rare in sheet XML; each look for it is a memchr."""
    return any(buf.find(c, 0, end) >= 0 for c in _CONTROL_SPACES) and bool(_CONTROL_R_RE.search(buf, 0, end))


def _count_rows(buf: bytes, end: int, prefix: bytes) -> tuple[int, int]:
    """(rows opened, rows without cells) in buf[:end], as the opened- and empty-row patterns count
    them, from one pass. A row without cells (<row/>) counts as opened and as empty, so it adds
    nothing; with or without a prefix alike (without one, <row/> was once only subtracted, so
    many of them could hide real rows from the row limit)."""
    found = _row_re(prefix).findall(buf, 0, end)
    seps = b"".join(found)
    if len(seps) == len(found) - found.count(b""):  # one character each: no row without cells
        return len(seps), 0
    empty = sum(len(f) > 1 for f in found)
    if any(b"<" in f for f in found):  # a '<row' inside a row's tag, which the empty match hides
        _, row_open_re, _, _, _ = _scan_patterns(prefix, True)
        return len(row_open_re.findall(buf, 0, end)), empty
    return sum(1 for f in found if f and f[0] in b" \t\n\r\f\v>/"), empty


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


def sole_sheet(path: str | os.PathLike[str]) -> str | None:
    """The name of the package's only sheet; None when it has several (or none found)."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = package_parts(zf)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if parts is None or len(parts.sheets) != 1:
        return None
    return next(iter(parts.sheets))

"""Formula cells without a usable value in an xlsx sheet.

calamine reads a cell holding an error value (#N/A, #DIV/0!) and a formula whose result the file
did not keep (written by a program that cannot calculate) as an empty cell, so the import would
say "V-nummer is verplicht maar leeg" and blame the user. This scan finds those cells in the
sheet's XML so the reader can hand on a FormulaCell instead.

The scan streams the sheet part in chunks and costs one decompression for a sheet without
formulas or error values (a byte search per chunk); only rows that hold a formula or an error are
looked at cell by cell. It never raises: a part it cannot find or read gives no cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from app.io.excel.values import FormulaCell

_CHUNK = 1 << 20
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MARKER_RE = re.compile(rb"<(?:\w+:)?f[\s>/]|\st=[\"']e[\"']")
# '<f' or ':f', and 't="e"': the same as `in` three times, from a literal rarer than '<' or 't'
_MAY_F_RE = re.compile(rb"f(?<=[<:]f)")
_F_LOOKS = 256
_MAY_E_RE = re.compile(rb'e"(?<=t="e")')
_ROW_START_RE = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_RE = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_R_ATTR_RE = re.compile(rb"\sr=[\"']([A-Za-z]*)(\d*)[\"']")
_T_ATTR_RE = re.compile(rb"\st=[\"'](\w+)[\"']")
_F_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_V_RE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_MAX_CELLS = 100_000  # enough to report; a sheet of nothing but broken formulas stops here

FormulaCells = dict[int, dict[int, FormulaCell]]  # row index -> column index -> cell (0-based)


def unusable_formula_cells(path: Path, sheet_name: str, *, clean_member: str | None = None) -> FormulaCells:
    """Error values and formulas without a stored result in `sheet_name`, by row and column.
    `clean_member`: a zip member already known to hold no formula and no error value
    (``may_hold_marker`` false on all of it); when it is the sheet's, it is not read again."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet_name)
            if part is None or part == clean_member:
                return {}
            with zf.open(part) as fh:
                return _scan(fh)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ET.ParseError, EOFError):
        return {}


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n - 1


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    names = {n.replace("\\", "/").lstrip("/"): n for n in zf.namelist()}
    workbook = _target(zf, names, "_rels/.rels", "", "officeDocument") or "xl/workbook.xml"
    if workbook not in names:
        return None
    root = _xml(zf.read(names[workbook]))
    sheets = (s for s in root.iter() if s.tag.endswith("}sheet") and s.get("name") == sheet_name)
    rel_id = next((s.get(f"{{{_NS_REL}}}id") for s in sheets), None)
    if rel_id is None:
        return None
    folder = posixpath.dirname(workbook)
    rels = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    part = _target(zf, names, rels, folder, None, rel_id)
    return names.get(part) if part else None


def _target(
    zf: zipfile.ZipFile, names: dict[str, str], rels: str, folder: str, kind: str | None, rel_id: str = ""
) -> str | None:
    if rels not in names:
        return None
    for rel in _xml(zf.read(names[rels])).iter():
        if not rel.tag.endswith("}Relationship"):
            continue
        by_type = kind is not None and (rel.get("Type") or "").endswith("/" + kind)
        if by_type or (rel_id and rel.get("Id") == rel_id):
            target = (rel.get("Target") or "").replace("\\", "/")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(path)
    return None


def _xml(data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise ValueError("DTD")  # the safety checks refuse these files before the reader opens them
    return ET.fromstring(data)


def _scan(fh: object) -> FormulaCells:
    found: FormulaCells = {}
    count = 0
    row_index = -1
    buffer = b""
    read = fh.read  # type: ignore[attr-defined]
    while True:
        data = read(_CHUNK)
        buffer += data
        cut = len(buffer) if not data else buffer.rfind(b"row>") + 4
        if data and cut < 4:
            continue  # no complete row yet: read on
        block, buffer = buffer[:cut], buffer[cut:]
        if not may_hold_marker(block) or not _MARKER_RE.search(block):
            # Nothing to report here; only keep the row count right. The last row of the block
            # says where we are when it has r="…" (it nearly always has); else count the rows.
            row_index = _last_row_index(block, row_index)
        else:
            for row in _ROW_RE.finditer(block):
                attr = _R_ATTR_RE.search(row[1])
                row_index = int(attr[2]) - 1 if attr and attr[2] else row_index + 1
                if row[2] and _MARKER_RE.search(row[2]):
                    count += _cells(row[2], row_index, found)
                    if count >= _MAX_CELLS:
                        return found
        if not data:
            return found


def may_hold_marker(block: bytes, end: int | None = None) -> bool:
    """A fast look (in block[:end]) for what a formula or an error value needs; the regex
    confirms. Every marker lies within one tag, so a block cut before a '<' holds each marker whole
    or not at all."""
    stop = len(block) if end is None else end
    if _f_after_tag_or_prefix(block, stop) or _MAY_E_RE.search(block, 0, stop):
        return True
    # A quote is found at memchr speed, and is rare
    return block.find(b"'", 0, stop) >= 0 and block.find(b"t='e'", 0, stop) >= 0


def _f_after_tag_or_prefix(block: bytes, stop: int) -> bool:
    """'<f' or ':f' in block[:stop]. Most sheets have few f's: memchr finds them, and only their
    neighbour is looked at; where there are many, one regex pass does the rest."""
    at = block.find(b"f", 1, stop)
    for _ in range(_F_LOOKS):
        if at < 0:
            return False
        if block[at - 1] in b"<:":
            return True
        at = block.find(b"f", at + 1, stop)
    return at >= 0 and _MAY_F_RE.search(block, at, stop) is not None


def _last_row_index(block: bytes, row_index: int) -> int:
    """The 0-based index of the block's last row: from its r attribute (one look at the end of the
    block), else row by row as the rows give it (r where present, counting where not)."""
    tail_from = max(0, block.rfind(b"row", 0, len(block) - 4) - 16)
    last = None
    for match in _ROW_START_RE.finditer(block, tail_from):
        last = match
    if last is not None:
        attr = _row_attr(block, last)
        if attr is not None:
            return attr
    for start in _ROW_START_RE.finditer(block):
        attr = _row_attr(block, start)
        row_index = attr if attr is not None else row_index + 1
    return row_index


def _row_attr(block: bytes, start: re.Match[bytes]) -> int | None:
    end = block.find(b">", start.end() - 1)
    attr = _R_ATTR_RE.search(block, start.end() - 1, end if end >= 0 else len(block))
    return int(attr[2]) - 1 if attr and attr[2] else None


def fill_formula_cells(cells: list[object], row: dict[int, FormulaCell]) -> None:
    """Put the row's FormulaCells where the reader found nothing (calamine's empty string)."""
    for col, marker in row.items():
        if col >= len(cells):
            cells.extend([None] * (col + 1 - len(cells)))
        if cells[col] is None:
            cells[col] = marker


def _cells(body: bytes, row_index: int, found: FormulaCells) -> int:
    col = -1
    count = 0
    for cell in _CELL_RE.finditer(body):
        attrs, inner = cell[1], cell[2] or b""
        ref = _R_ATTR_RE.search(attrs)
        col = _column(ref[1]) if ref and ref[1] else col + 1
        kind = _T_ATTR_RE.search(attrs)
        typ = kind[1] if kind else b"n"
        value = _V_RE.search(inner)
        text = (value[1] or b"").strip() if value else None
        if typ == b"e":
            error = (text or b"#N/A").decode("ascii", "replace")
        elif _F_RE.search(inner) and (text is None or (not text and typ != b"str")):
            error = ""
        else:
            continue
        found.setdefault(row_index, {})[col] = FormulaCell(error)
        count += 1
    return count

"""Hand-made xlsx packages, written member by member with zipfile, for the container tests.

Each builder writes the smallest package calamine accepts, so a test controls every byte that
matters: the dimension, row and cell references, shared-string counts, part names and paths.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SHARED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_xml(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def rows_xml(rows: Iterable[Sequence[Any]], first_row: int = 1) -> Iterable[str]:
    for r, row in enumerate(rows, start=first_row):
        cells = "".join(cell_xml(f"{col_letter(c)}{r}", v) for c, v in enumerate(row))
        yield f'<row r="{r}">{cells}</row>'


def sheet_xml(body: str | Iterable[str], dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    text = body if isinstance(body, str) else "".join(body)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
        f'xmlns:r="{REL_NS}">{dim}<sheetData>{text}</sheetData></worksheet>'
    )


def write_package(
    path: Path,
    sheets: Sequence[tuple[str, str]],
    *,
    shared_strings: str | None = None,
    workbook_dir: str = "xl",
    sep: str = "/",
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A package with `sheets` as (name, sheet XML); the workbook part lives in `workbook_dir`
    and member names are joined with `sep` ('\\\\' for the backslash packages some tools write)."""
    wb_dir = workbook_dir.strip("/")
    sheet_entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _x) in enumerate(sheets, 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS}" '
        f'xmlns:r="{REL_NS}"><sheets>{sheet_entries}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{WORKSHEET}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{SHARED}" Target="sharedStrings.xml"/>'
    overrides = "".join(
        f'<Override PartName="/{wb_dir}/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/>'
        f'<Override PartName="/{wb_dir}/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
    )
    members: list[tuple[str, str]] = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
         f'xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{OFFICE_DOC}" Target="{wb_dir}/workbook.xml"/>'
         "</Relationships>"),
        (f"{wb_dir}/workbook.xml", workbook),
        (f"{wb_dir}/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         f'<Relationships xmlns="{PKG_REL_NS}">{rels}</Relationships>'),
    ]
    members += [(f"{wb_dir}/worksheets/sheet{i}.xml", xml) for i, (_n, xml) in enumerate(sheets, 1)]
    if shared_strings is not None:
        members.append((f"{wb_dir}/sharedStrings.xml", shared_strings))
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, text in members:
            zf.writestr(name.replace("/", sep), text)
    return path


def shared_strings_xml(strings: Sequence[str], count: int | None = None, unique: int | None = None) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    c = len(strings) if count is None else count
    u = len(strings) if unique is None else unique
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS}" count="{c}" '
        f'uniqueCount="{u}">{items}</sst>'
    )

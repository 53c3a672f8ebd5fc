"""Checks a file *before* any spreadsheet parser sees it.

Parsers are the wrong place to discover a hostile file: calamine inflates a 300 KB zip bomb to
300 MB of memory before complaining, and a password-protected workbook is not even a zip. So we
look at the raw bytes and the zip's central directory first, and refuse with one exception type
that carries a Dutch message the user can act on.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

FileFormat = Literal["xlsx", "csv"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Directory entries in a compound file (CFB) store their names in UTF-16-LE.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_XLS_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))

MSG_EMPTY = "Het bestand is leeg."
MSG_TOO_LARGE = "Het bestand is te groot om in te lezen ({size} MB; de grens is {limit} MB)."
MSG_PASSWORD = (
    "Het bestand is beveiligd met een wachtwoord. Open het in Excel, haal de beveiliging weg "
    "(Bestand > Info > Werkmap beveiligen) en sla het opnieuw op."
)
MSG_LEGACY_XLS = (
    "Dit is een oud Excel-bestand (.xls). Open het in Excel en sla het op als "
    "'Excel-werkmap (.xlsx)'; lees daarna dat bestand in."
)
MSG_NOT_EXCEL = (
    "Het bestand is geen Excel-bestand (.xlsx) of CSV-bestand, of het is beschadigd."
)
MSG_CORRUPT = (
    "Het Excel-bestand is beschadigd of onvolledig (misschien niet helemaal gedownload of "
    "gekopieerd). Open het in Excel, sla het opnieuw op en probeer het nog eens."
)
MSG_BOMB = (
    "Het bestand wordt niet ingelezen: het pakt uit tot een onredelijk grote hoeveelheid gegevens "
    "(mogelijk een 'zip-bom'). Sla het opnieuw op vanuit Excel of vraag de afzender om een "
    "normaal bestand."
)
MSG_TOO_MANY_PARTS = "Het bestand bevat onredelijk veel onderdelen en wordt niet ingelezen."
MSG_XLSB = (
    "Dit is een binaire Excel-werkmap (.xlsb). Sla het bestand in Excel op als "
    "'Excel-werkmap (.xlsx)' en lees dat in."
)
MSG_ODS = (
    "Dit is een OpenDocument-rekenblad (.ods). Sla het op als 'Excel-werkmap (.xlsx)' en lees dat in."
)
MSG_UNREADABLE = (
    "Het bestand kan niet worden geopend. Is het nog geopend in Excel of hebt u geen leesrechten? "
    "Sluit het bestand in Excel en probeer het opnieuw."
)
MSG_NOT_FOUND = "Het bestand bestaat niet (meer): {name}"
MSG_BINARY_CSV = "Het bestand heeft de naam van een CSV-bestand, maar bevat geen tekst."

_MB = 1024 * 1024


class ImportFileError(Exception):
    """A file that cannot be imported; `message_nl` is shown to the user as is."""

    def __init__(self, message_nl: str) -> None:
        super().__init__(message_nl)
        self.message_nl = message_nl


@dataclass(frozen=True)
class SafetyLimits:
    """Limits applied before parsing. Defaults leave room for ~400,000 COA rows.

    A real 100,000 × 15 sheet is ~6 MB on disk and ~60 MB of XML; sheet XML compresses ~10–30:1,
    blocks of identical empty formatted rows up to ~80:1 and more (a valid 9,999 × 17 sheet: 121:1).
    A zip bomb is 1000:1 or worse, but a ratio only matters with size: a member below
    `ratio_min_member_bytes` uncompressed is harmless at any ratio; above `max_uncompressed_bytes`
    in total nothing is read at all (a kilobyte that claims a gigabyte).
    """

    max_file_bytes: int = 50 * _MB
    max_uncompressed_bytes: int = 400 * _MB
    max_member_ratio: float = 120.0
    ratio_min_member_bytes: int = 64 * _MB
    max_total_ratio: float = 100.0
    max_members: int = 5_000
    # Decompress every member (streaming, bounded) to catch lying size headers and CRC errors
    # before calamine does. Costs ~0.1 s per 50 MB of XML.
    verify_members: bool = True
    # Checked in the sheet XML before calamine allocates (see scan_sheet): calamine holds a sheet
    # as a dense box of ~40 bytes per cell, from the first to the last used cell, and reserves
    # 24 bytes per shared string the file *claims* to have.
    max_rows: int = 200_000  # data rows (the header row not counted)
    max_box_cells: int = 10_000_000  # ~400 MB in calamine
    max_shared_strings: int = 5_000_000


DEFAULT_LIMITS = SafetyLimits()


def check_file(path: str | os.PathLike[str], limits: SafetyLimits | None = None) -> FileFormat:
    """Return the format to read `path` with, or raise ImportFileError.

    The format is decided by the content, never trusted from the extension alone; the extension
    only decides whether plain text is accepted as CSV.
    """
    fmt, pending = check_file_deferred(path, limits)
    if pending is not None:
        pending()
    return fmt


Pending = Callable[[], None]


def check_file_deferred(
    path: str | os.PathLike[str], limits: SafetyLimits | None = None
) -> tuple[FileFormat, Pending | None]:
    """As check_file, except that a package's members are inflated (the check against sizes that
    lie, most of a large file's check) on a thread of their own; zlib works without the GIL, so
    the sheet's limits scan can go on beside it. Call the returned function before anything but
    that scan (and capped reads of small parts) opens the package: it waits for the check and
    raises what it found."""
    return _check_file(path, limits or DEFAULT_LIMITS)


def _check_file(path: str | os.PathLike[str], limits: SafetyLimits) -> tuple[FileFormat, Pending | None]:
    p = Path(path)
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError as exc:
        raise ImportFileError(MSG_NOT_FOUND.format(name=p.name)) from exc
    except OSError as exc:
        raise ImportFileError(MSG_UNREADABLE) from exc
    if size == 0:
        raise ImportFileError(MSG_EMPTY)
    if size > limits.max_file_bytes:
        raise ImportFileError(
            MSG_TOO_LARGE.format(size=_mb(size), limit=_mb(limits.max_file_bytes))
        )
    if head.startswith(OLE2_MAGIC):
        _check_ole2(p)
    if head[:4] in ZIP_MAGICS:
        return "xlsx", _check_zip(p, size, limits)
    if p.suffix.lower() in (".csv", ".txt"):
        _check_text(p)
        return "csv", None
    # A truncated xlsx keeps its PK header, so anything else with an Excel name is not Excel.
    raise ImportFileError(MSG_NOT_EXCEL)


def _mb(n: int) -> str:
    value = n / _MB
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")


def _check_ole2(p: Path) -> None:
    """OLE2/CFB container: an encrypted OOXML package, a legacy .xls, or something else."""
    # The directory may sit anywhere in the file; files here are at most max_file_bytes, so a
    # plain substring search is cheap and needs no CFB parser.
    data = p.read_bytes()
    if _ENCRYPTED_PACKAGE in data or _ENCRYPTION_INFO in data:
        raise ImportFileError(MSG_PASSWORD)
    if any(name in data for name in _XLS_WORKBOOK_STREAMS):
        raise ImportFileError(MSG_LEGACY_XLS)
    raise ImportFileError(MSG_NOT_EXCEL)


def _check_zip(p: Path, size: int, limits: SafetyLimits) -> Pending | None:
    """The directory now; the members' inflation on a thread (see check_file_deferred)."""
    with _zip_errors(), zipfile.ZipFile(p) as zf:
        _check_zip_directory(zf, zf.infolist(), size, limits)
    if not limits.verify_members:
        return None
    failed: list[BaseException] = []

    def verify() -> None:
        try:
            with _zip_errors(), zipfile.ZipFile(p) as zf:
                _verify_members(zf, zf.infolist(), limits)
        except BaseException as exc:  # handed to whoever waits
            failed.append(exc)

    thread = threading.Thread(target=verify, name="zip-verify", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failed:
            raise failed[0]

    return wait


@contextlib.contextmanager
def _zip_errors() -> Iterator[None]:
    """What zipfile raises on a damaged package, as the Dutch message."""
    try:
        yield
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportFileError(MSG_CORRUPT) from exc
    except OSError as exc:  # zlib.error is not an OSError; see _verify_members
        raise ImportFileError(MSG_CORRUPT) from exc


def _check_zip_directory(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], size: int, limits: SafetyLimits
) -> None:
    if len(infos) > limits.max_members:
        raise ImportFileError(MSG_TOO_MANY_PARTS)
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.file_size >= limits.ratio_min_member_bytes
            and info.file_size > limits.max_member_ratio * max(info.compress_size, 1)
        ):
            raise ImportFileError(MSG_BOMB)
    if total > limits.max_uncompressed_bytes:
        raise ImportFileError(MSG_BOMB)
    if total >= limits.ratio_min_member_bytes and total > limits.max_total_ratio * size:
        raise ImportFileError(MSG_BOMB)
    if workbook_part(zf) is not None:
        return
    names = {part_name(i.filename) for i in infos}
    if "xl/workbook.bin" in names:
        raise ImportFileError(MSG_XLSB)
    if "content.xml" in names and "mimetype" in names:
        raise ImportFileError(MSG_ODS)
    # A .docx, a zipped folder, …: a zip, but not a workbook.
    raise ImportFileError(MSG_NOT_EXCEL)


# --- the package's relationships ------------------------------------------------------------------
# A workbook is found through _rels/.rels (officeDocument), its sheets and shared strings through
# the workbook's own rels, never by a fixed path: valid packages put the workbook elsewhere, and
# some tools write member names with backslashes. Rels and workbook parts are small; they are read
# with a cap and searched with regular expressions (no DTDs, no entities, nothing to expand).

_PART_CAP = 8 * _MB
_OFFICE_DOCUMENT = re.compile(rb"/officeDocument$")
_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR_RE = re.compile(rb"""\b([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")


def part_name(member: str) -> str:
    """A member name as a part name: forward slashes, no leading slash."""
    return member.replace("\\", "/").lstrip("/")


def zip_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    out: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        out.setdefault(part_name(info.filename).casefold(), info)
    return out


def read_part(zf: zipfile.ZipFile, name: str, cap: int = _PART_CAP) -> bytes | None:
    """A part's bytes (at most `cap`), found case- and slash-insensitively; None when absent."""
    info = zip_members(zf).get(part_name(name).casefold())
    if info is None:
        return None
    with zf.open(info) as fh:
        return fh.read(cap)


def xml_attrs(text: bytes) -> dict[str, str]:
    out = {}
    for key, v1, v2 in _ATTR_RE.findall(text):
        name = key.decode("ascii", "replace").rsplit(":", 1)[-1]
        out[name] = _unescape((v1 or v2).decode("utf-8", "replace"))
    return out


def _unescape(text: str) -> str:
    import html

    return html.unescape(text) if "&" in text else text


def _resolve(base_part: str, target: str) -> str:
    """A relationship target relative to the part that owns the rels, as a part name."""
    import posixpath

    target = target.replace("\\", "/")
    if target.startswith("/"):
        return target.lstrip("/")
    folder = posixpath.dirname(base_part)
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _rels_of(zf: zipfile.ZipFile, part: str) -> list[dict[str, str]]:
    import posixpath

    folder, name = posixpath.split(part)
    data = read_part(zf, posixpath.join(folder, "_rels", name + ".rels"))
    if data is None:
        return []
    return [xml_attrs(m) for m in _REL_RE.findall(data)]


def workbook_part(zf: zipfile.ZipFile) -> str | None:
    """The workbook part (usually 'xl/workbook.xml'), from _rels/.rels; None for no workbook."""
    for rel in _rels_of(zf, ""):
        rel_type = rel.get("Type", "").encode()
        target = rel.get("Target", "")
        if _OFFICE_DOCUMENT.search(rel_type) and target:
            part = _resolve("", target)
            if part.casefold().endswith(".xml") and part.casefold() in zip_members(zf):
                return part
    # No usable rels: the fixed path is what most readers, calamine too, fall back on.
    return "xl/workbook.xml" if "xl/workbook.xml" in zip_members(zf) else None


@dataclass(frozen=True)
class PackageParts:
    """Where a workbook's parts are: the workbook, each sheet by name, the shared strings."""

    workbook: str
    sheets: dict[str, str]
    shared_strings: str | None


def package_parts(zf: zipfile.ZipFile) -> PackageParts | None:
    workbook = workbook_part(zf)
    if workbook is None:
        return None
    targets: dict[str, str] = {}
    shared: str | None = None
    for rel in _rels_of(zf, workbook):
        rel_type, target = rel.get("Type", ""), rel.get("Target", "")
        if not target or rel.get("TargetMode", "").casefold() == "external":
            continue
        if rel_type.endswith("/sharedStrings"):
            shared = _resolve(workbook, target)
        targets[rel.get("Id", "")] = _resolve(workbook, target)
    sheets: dict[str, str] = {}
    for match in _SHEET_RE.findall(read_part(zf, workbook) or b""):
        attrs = xml_attrs(match)
        part = targets.get(attrs.get("id", ""))
        if "name" in attrs and part:
            sheets.setdefault(attrs["name"], part)
    return PackageParts(workbook, sheets, shared)


def _verify_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: SafetyLimits) -> None:
    """Inflate each member with a hard cap, so a header that lies about sizes cannot hurt us.

    zipfile stops reading at the declared size and checks the CRC at the end, so inflating past
    the declared size shows up as a CRC error, which we report as a damaged file.
    """
    import zlib

    budget = limits.max_uncompressed_bytes
    chunk = 1024 * 1024
    for info in infos:
        if info.is_dir():
            continue
        try:
            with zf.open(info) as member:
                while True:
                    block = member.read(chunk)
                    if not block:
                        break
                    budget -= len(block)
                    if budget < 0:
                        raise ImportFileError(MSG_BOMB)
        except zlib.error as exc:
            raise ImportFileError(MSG_CORRUPT) from exc
        except RuntimeError as exc:  # encrypted zip member ("password required")
            raise ImportFileError(MSG_PASSWORD) from exc


def _check_text(p: Path) -> None:
    with p.open("rb") as fh:
        head = fh.read(64 * 1024)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and _binary(head):
        raise ImportFileError(MSG_BINARY_CSV)


def _binary(head: bytes) -> bool:
    """Many NUL bytes: not text. UTF-16 without a BOM (a NUL in every other byte) and a text with a
    stray NUL are left to the CSV reader, which reads the one and names the line of the other."""
    half = max(1, len(head) // 2)
    if head[1::2].count(0) > 0.9 * half or head[0::2].count(0) > 0.9 * half:
        return False
    return head.count(0) > max(16, len(head) // 100)


_DATE1904_RE = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")


def workbook_uses_1904(path: str | os.PathLike[str]) -> bool:
    """True if the workbook uses the 1904 date system (Mac Excel's old default).

    calamine already converts date-formatted cells correctly; this matters only for dates that
    reach us as bare serial numbers (a date column formatted as a number).
    """
    try:
        with zipfile.ZipFile(path) as zf:
            part = workbook_part(zf)
            # workbookPr sits near the top; 64 KB is plenty and bounded.
            head = read_part(zf, part, 64 * 1024) if part else None
    except (KeyError, OSError, zipfile.BadZipFile):
        return False
    return bool(head and _DATE1904_RE.search(head))

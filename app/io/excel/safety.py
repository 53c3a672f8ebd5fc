"""Checks a file *before* any spreadsheet parser sees it.

Parsers are the wrong place to discover a hostile file: calamine inflates a 300 KB zip bomb to
300 MB of memory before complaining, and a password-protected workbook is not even a zip. So we
look at the raw bytes and the zip's central directory first, and refuse with one exception type
that carries a Dutch message the user can act on.
"""

from __future__ import annotations

import os
import re
import zipfile
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
    blocks of identical empty formatted rows up to ~80:1. A zip bomb is 1000:1 or worse.
    """

    max_file_bytes: int = 50 * _MB
    max_uncompressed_bytes: int = 400 * _MB
    max_member_ratio: float = 120.0
    # Tiny members (styles, rels) can have silly ratios without doing harm.
    ratio_min_member_bytes: int = 2 * _MB
    max_total_ratio: float = 100.0
    max_members: int = 5_000
    # Decompress every member (streaming, bounded) to catch lying size headers and CRC errors
    # before calamine does. Costs ~0.1 s per 50 MB of XML.
    verify_members: bool = True


DEFAULT_LIMITS = SafetyLimits()


def check_file(path: str | os.PathLike[str], limits: SafetyLimits | None = None) -> FileFormat:
    """Return the format to read `path` with, or raise ImportFileError.

    The format is decided by the content, never trusted from the extension alone; the extension
    only decides whether plain text is accepted as CSV.
    """
    limits = limits or DEFAULT_LIMITS
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
        _check_zip(p, size, limits)
        return "xlsx"
    if p.suffix.lower() in (".csv", ".txt"):
        _check_text(p)
        return "csv"
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


def _check_zip(p: Path, size: int, limits: SafetyLimits) -> None:
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            _check_zip_directory(infos, size, limits)
            if limits.verify_members:
                _verify_members(zf, infos, limits)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportFileError(MSG_CORRUPT) from exc
    except OSError as exc:  # zlib.error is not an OSError; see _verify_members
        raise ImportFileError(MSG_CORRUPT) from exc


def _check_zip_directory(infos: list[zipfile.ZipInfo], size: int, limits: SafetyLimits) -> None:
    if len(infos) > limits.max_members:
        raise ImportFileError(MSG_TOO_MANY_PARTS)
    names = {i.filename for i in infos}
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
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise ImportFileError(MSG_XLSB)
    if "content.xml" in names and "mimetype" in names:
        raise ImportFileError(MSG_ODS)
    # A .docx, a zipped folder, …: a zip, but not a workbook.
    raise ImportFileError(MSG_NOT_EXCEL)


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
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(MSG_BINARY_CSV)


_DATE1904_RE = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")


def workbook_uses_1904(path: str | os.PathLike[str]) -> bool:
    """True if the workbook uses the 1904 date system (Mac Excel's old default).

    calamine already converts date-formatted cells correctly; this matters only for dates that
    reach us as bare serial numbers (a date column formatted as a number).
    """
    try:
        with zipfile.ZipFile(path) as zf, zf.open("xl/workbook.xml") as fh:
            # workbookPr sits near the top; 64 KB is plenty and bounded.
            head = fh.read(64 * 1024)
    except (KeyError, OSError, zipfile.BadZipFile):
        return False
    return bool(_DATE1904_RE.search(head))

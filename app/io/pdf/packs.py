"""Handover packs as PDF: one pack to a file or stream, or a batch into a folder.

reportlab is imported on the first call, never when this module is imported: the GUI imports it at
start-up and must not pay ~0.2 s for a print that may never happen.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from app.io.pdf.pack_model import HandoverPack

__all__ = ["filename_for", "pack_filename", "render_pack", "render_packs", "write_private"]

_UNSAFE = re.compile(r"[^a-z0-9]+")
_SLUG_MAX = 60


def render_pack(pack: HandoverPack, target: str | os.PathLike[str] | BinaryIO) -> int:
    """Write the pack as PDF to a path or a binary stream; returns the page count.

    A path is written only once the whole PDF is made, so a failed render leaves no half file, and
    the file is readable by its owner only (mode 0600: a pack holds personal data).
    """
    from app.io.pdf.build import write

    if isinstance(target, str | os.PathLike):
        buffer = io.BytesIO()
        pages = write(pack, buffer)
        write_private(Path(target), buffer.getvalue())
        return pages
    return write(pack, target)


def write_private(path: Path, data: bytes) -> None:
    """``data`` into ``path`` as an owner-only file, put in place in one step (app.io.atomic)."""
    from app.io.atomic import replaced_atomically

    with replaced_atomically(path) as temp, open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", ascii_text.lower()).strip("-")[:_SLUG_MAX].strip("-")


def pack_filename(pack: HandoverPack) -> str:
    """ "overdracht-dossier-123-overdracht-17-gca-huisarts.pdf": ASCII only, safe on every file system."""
    return filename_for(pack.reference, pack.kind)


def filename_for(reference: str, kind: str) -> str:
    """The file name of a pack with this reference and kind (known before the pack is built)."""
    parts = ["overdracht", _slug(reference) or "zonder-kenmerk", _slug(kind) or "pakket"]
    return "-".join(parts) + ".pdf"


def _unique(directory: Path, name: str, taken: set[str]) -> Path:
    stem, suffix = name[: -len(".pdf")], ".pdf"
    candidate, n = name, 1
    # Compare case-insensitively: Windows file systems do.
    while candidate.lower() in taken or (directory / candidate).exists():
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate.lower())
    return directory / candidate


def render_packs(
    packs: Iterable[HandoverPack],
    directory: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Render each pack into ``directory`` (created if needed); returns the files written, in order.

    Existing files are never overwritten: a name already there gets "-2", "-3", ... ``progress``
    is called as (done, total) after each pack; when ``cancelled()`` turns true the batch stops
    before the next pack and the files written so far are returned (and kept).
    """
    todo = list(packs)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written: list[Path] = []
    total = len(todo)
    if progress:
        progress(0, total)
    for done, pack in enumerate(todo, start=1):
        if cancelled and cancelled():
            break
        path = _unique(folder, pack_filename(pack), taken)
        render_pack(pack, path)
        written.append(path)
        if progress:
            progress(done, total)
    return written

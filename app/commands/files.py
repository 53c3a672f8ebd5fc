"""The rules every command that writes a file follows: it never overwrites without ``--force``, it
creates missing folders, it keeps the extension it was given (or refuses one it cannot write), and
files with personal data are readable by their owner only (``PRIVATE_MODE``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from app.errors import UserError

PRIVATE_MODE = 0o600  # owner read/write: packs, exports, rejected rows hold personal data
PRIVATE_FOLDER_MODE = 0o700


def output_file(path: Path | str, *, suffixes: Sequence[str], force: bool) -> Path:
    """Check ``path`` before anything is written, create its folder and return the path to write.
    ``suffixes`` are the extensions the command writes (``(".xlsx",)``): a name without extension gets
    the first one; any other extension is refused, never silently changed."""
    out = Path(path).expanduser()
    allowed = tuple(s.lower() for s in suffixes)
    if out.is_dir():
        example = out / ("bestand" + allowed[0])
        raise UserError(f"'{out}' is een map. Geef een bestandsnaam, bijvoorbeeld {example}.")
    if not out.suffix:  # a bare name gets the extension; a different one is never replaced
        out = out.with_name(out.name + allowed[0])
    elif out.suffix.lower() not in allowed:
        raise UserError(
            f"'{out}' heeft de extensie '{out.suffix}'; dit bestand moet eindigen op "
            f"{' of '.join(allowed)}. Bijvoorbeeld: {out.with_suffix(allowed[0]).name}."
        )
    if out.exists() and not force:
        raise UserError(f"'{out}' bestaat al. Kies een andere naam of gebruik --force om te overschrijven.")
    output_folder(out.parent)
    return out


def output_folder(folder: Path | str) -> Path:
    """Create ``folder`` (and its parents) when missing; new folders are owner-only."""
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise UserError(f"'{path}' is een bestand, geen map.")
    try:
        path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"De map '{path}' kan niet worden gemaakt: {exc.strerror}.") from exc
    return path


def make_private(path: Path | str) -> None:
    """Owner-only permissions on a written file (a no-op where the OS has no such modes)."""
    if os.name == "posix":
        os.chmod(path, PRIVATE_MODE)

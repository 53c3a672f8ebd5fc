"""The background steps of the import dialog and how their outcomes read. Each step runs on a
worker through the task runner, with a Session of its own; nothing here touches a widget."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.imports.engine import Control, FileInspection, inspect_file, run_import
from app.imports.guess import guess_kind
from app.imports.profiles import list_profiles
from app.imports.results import ImportRequest, ImportResult
from app.io.excel.isolated import isolated_reading
from app.io.excel.safety import ImportFileError
from app.services.access import Actor

log = logging.getLogger(__name__)


@dataclass
class FileLook:
    """What the first step learned about a file for one kind."""

    inspection: FileInspection
    profiles: list[str]
    guesses: list[tuple[str, float]] | None = None  # only when the kind was guessed
    gemeente_names: dict[str, str] = field(default_factory=dict)  # CBS code -> name


def look_at_file(
    session: Session,
    actor: Actor,
    path: Path,
    kind: str | None,
    *,
    sheet: str | None = None,
    profile: str | None = None,
    control: Control | None = None,
) -> FileLook:
    """Guess the kind (when not given), then find sheet, header and mapping, and the profiles.

    The workbook is parsed in a child process (app.io.excel.isolated): a file that makes the native
    reader abort ends that process with a Dutch message, not the program; a cancel ends it too."""
    from app.db.models import Gemeente

    guesses = None
    with isolated_reading(control):
        if kind is None:
            guesses = guess_kind(session, actor, path)
            if not guesses:
                raise UserError("U mag geen gegevens inlezen.")
            kind = guesses[0][0]
        inspection = inspect_file(session, actor, path, kind, sheet=sheet, profile=profile)
    profiles = [p.name for p in list_profiles(session, kind)]
    names = {code: name for code, name in session.execute(select(Gemeente.cbs_code, Gemeente.name))}
    return FileLook(inspection, profiles, guesses, names)


def import_isolated(
    session: Session, actor: Actor, request: ImportRequest, *, dry_run: bool, control: Control | None
) -> ImportResult:
    """run_import with the workbook parsed in a child process, as look_at_file does."""
    with isolated_reading(control):
        return run_import(session, actor, request, dry_run=dry_run, control=control)


def error_text(exc: BaseException) -> str:
    """The Dutch message for a failed step (never a traceback)."""
    if isinstance(exc, ImportFileError):
        return exc.message_nl
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    log.error("import step failed", exc_info=exc)
    return f"Er ging iets onverwachts mis: {type(exc).__name__}: {exc}"


def cell_text(value: Any) -> str:
    """A raw or parsed cell as the user reads it: Dutch dates and decimals, whole numbers bare."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return " ".join(str(value).split())


def number_text(value: int) -> str:
    """12345 -> '12.345'."""
    return f"{value:,}".replace(",", ".")


def rows_text(count: int, adjective: str = "") -> str:
    """'1 rij', '3 rijen', '1 nieuwe rij'."""
    words = [number_text(count), adjective, "rij" if count == 1 else "rijen"]
    return " ".join(w for w in words if w)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

"""The import-kind interface and the registry of kinds.

A kind turns one parsed spreadsheet row (field key -> parsed value, see app.io.excel.table) into
the column values of one database row, keyed by a natural key. Only columns that the sheet
actually supplies are set: a sheet without a 'Taal' column must not wipe the languages already
known. Defaults for columns the sheet lacks are filled in for new rows only (``complete_new``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.db.models import Gemeente
from app.domain.roles import Action, Area, is_allowed
from app.imports.bulk import BulkTable
from app.imports.pipeline import DeferredCopies
from app.io.excel.headers import FieldSpec
from app.io.excel.values import build_gemeente_lookup
from app.services.access import Actor

# Modules that define kinds; imported on first use so the GUI start-up does not pay for them.
KIND_MODULES: list[str] = [
    "app.imports.koppelingen_kind",
    "app.imports.board_kinds",
    "app.imports.initiatives_kind",
    "app.imports.employer_answers_kind",
    "app.imports.employers_kind",
    "app.imports.pledges_kind",
]

_REGISTRY: dict[str, type[ImportKind]] = {}


class RowProblem(Exception):
    """A row cannot be imported; `errors` maps a field key (or '_row') to a Dutch message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


class ImportKind:
    name: ClassVar[str]  # CLI name: "koppelingen"
    title: ClassVar[str]  # Dutch: "COA-koppelingen"
    area: ClassVar[Area]
    object_type: ClassVar[str]  # for the access log: "koppeling"
    table: ClassVar[Table]
    key_columns: ClassVar[tuple[str, ...]]
    # Every column an import may write, with its Dutch label (for "old → new" and for undo).
    column_labels: ClassVar[dict[str, str]]
    # Whether ``record()`` may use the session (a look-up per new value). When it does not, a
    # chunk's rows are classified while the previous chunk's rows still go to PostgreSQL on their
    # own thread; the session is only used once they are done.
    record_reads_database: ClassVar[bool] = True
    # A kind whose rows its own service writes (a change history, derived columns, rights per
    # row) rather than the engine's bulk statements: ``write_new``, ``write_changed`` and
    # ``undo_row`` then do the writing, one row at a time. For small lists (the directory).
    writes_through_service: ClassVar[bool] = False

    def __init__(self, session: Session, actor: Actor, *, today: dt.date | None = None) -> None:
        self.session = session
        self.actor = actor
        self.today = today or current_date()
        self._gemeenten: list[tuple[int, str, str]] | None = None

    # --- what a subclass provides ------------------------------------------------------------

    def fields(self, *, date1904: bool = False) -> list[FieldSpec]:
        """The sheet fields; `date1904`: bare date serials count from 1904 (old Mac workbooks)."""
        raise NotImplementedError

    def record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Column values from one parsed row (only for fields the sheet supplies)."""
        raise NotImplementedError

    def complete_new(self, record: dict[str, Any]) -> dict[str, Any]:
        """The full column set for an insert; raise RowProblem for what a new row cannot lack."""
        return record

    def merge_existing(self, record: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
        """Adjust an update against the row it changes (e.g. keep a household's sums right)."""
        return record

    def rows_inserted(self, new_ids: Sequence[int], records: Sequence[Mapping[str, Any]]) -> None:
        """A chunk's new rows got these ids (in the order of `records`), before anything else."""

    def after_insert(self, bulk: BulkTable, new_ids: Sequence[int], later: DeferredCopies) -> None:
        """PostgreSQL, a chunk's new rows are on their way on the write thread (`later`): a kind may
        add what follows from them there too, beside the parsing of the next chunk. What it does
        not do here, ``after_write`` does at the end."""

    def after_write(self, new_ids: Sequence[int]) -> None:
        """After an import wrote its rows: what a new row brings along (a koppeling's dossier)."""

    def before_undo(self, new_ids: Sequence[int]) -> None:
        """Before an undo deletes these new rows: let go of what refers to them."""

    # --- a kind that writes through its service (``writes_through_service``) ---------------

    def existing_rows(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]] | None:
        """The current rows for ``keys`` as column -> value (with ``id`` and ``version``), for a key
        that is not plain columns (a folded name); None: the engine looks them up by key columns."""
        return None

    def write_new(self, record: dict[str, Any]) -> tuple[int, int]:
        """Insert one complete record through the service: (new id, its version)."""
        raise NotImplementedError

    def write_changed(self, current: Mapping[str, Any], changed: dict[str, Any]) -> int:
        """Change one row through the service (``changed``: column -> new value); its new version."""
        raise NotImplementedError

    def undo_row(
        self, object_id: int, action: Any, version_after: int, before: dict[str, Any]
    ) -> bool | None:
        """Undo one row of a batch: True done, False the row changed since (version differs), None:
        let the history do it on the table (delete a new row, put the replaced values back)."""
        return None

    def gemeente_of(self, record: Mapping[str, Any]) -> int | None:
        """The municipality a row belongs to, for per-row rights; None: a region-wide row."""
        return record.get("gemeente_id")

    def key_text(self, key: tuple[Any, ...]) -> str:
        return " / ".join(self.display(c, v) for c, v in zip(self.key_columns, key, strict=True))

    # --- shared helpers ----------------------------------------------------------------------

    def key(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        columns = self.key_columns
        if len(columns) == 1:  # once per row: no generator for the usual one-column key
            return (record[columns[0]],)
        return tuple([record[c] for c in columns])

    def display(self, column: str, value: Any) -> str:
        """A value as the user reads it in the preview."""
        if value is None or value == "":
            return "(leeg)"
        if column == "gemeente_id":
            return self.gemeente_name(value)
        if isinstance(value, bool):
            return "ja" if value else "nee"
        if isinstance(value, dt.date):
            return value.strftime("%d-%m-%Y")
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",")
        return str(value)

    def gemeenten(self) -> list[tuple[int, str, str]]:
        if self._gemeenten is None:
            rows = self.session.execute(select(Gemeente.id, Gemeente.cbs_code, Gemeente.name)).all()
            self._gemeenten = [(r.id, r.cbs_code, r.name) for r in rows]
        return self._gemeenten

    def gemeente_lookup(self) -> dict[str, str]:
        """Names and CBS codes -> CBS code, tolerant of case, accents and 'Gemeente ' prefixes."""
        return build_gemeente_lookup((code, [name]) for _id, code, name in self.gemeenten())

    def gemeente_id(self, cbs_code: str) -> int:
        ids: dict[str, int] | None = self.__dict__.get("_gemeente_ids")
        if ids is None:  # once per import: a dict, not a scan of the region per row
            ids = self.__dict__["_gemeente_ids"] = {code: gid for gid, code, _name in self.gemeenten()}
        return ids[cbs_code]

    def gemeente_name(self, gemeente_id: int) -> str:
        return next((name for gid, _code, name in self.gemeenten() if gid == gemeente_id), str(gemeente_id))

    def row_allowed(self, gemeente_id: int | None) -> bool:
        if self.actor.system:
            return True
        own = None if gemeente_id is None else gemeente_id == self.actor.gemeente_id
        return is_allowed(self.actor.role, Action.IMPORT, self.area, own_gemeente=own)


def register(cls: type[ImportKind]) -> type[ImportKind]:
    _REGISTRY[cls.name] = cls
    return cls


def _load() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def kind_class(name: str) -> type[ImportKind]:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"Onbekende soort import '{name}'. Kies uit: {known}.") from None


def available_kinds() -> list[type[ImportKind]]:
    _load()
    return list(_REGISTRY.values())


def current_date() -> dt.date:
    """Today, against which dates are judged plausible (a test of old sample sheets may set it)."""
    return dt.date.today()


def years_back(today: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February that does not exist then)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def first_text(values: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = values.get(key)
        if value not in (None, ""):
            return str(value)
    return None


Parser = Callable[[Any], Any]
FieldList = Sequence[FieldSpec]

"""Import batches (for history and undo) and saved column-mapping profiles.

A batch row keeps the values an import replaced, as JSON text, so a whole batch can be undone as
long as nobody changed those rows since (checked via the row's version after the import).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, UTCDateTime, Versioned, utcnow
from app.db.models.board import _enum


class BatchStatus(StrEnum):
    INGELEZEN = "ingelezen"
    ONGEDAAN = "ongedaan"

    @property
    def label(self) -> str:
        return "Ingelezen" if self is BatchStatus.INGELEZEN else "Ongedaan gemaakt"


class BatchAction(StrEnum):
    NEW = "new"
    CHANGED = "changed"


class ImportBatch(Versioned, Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    sheet: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    mode: Mapped[str] = mapped_column(String(8), nullable=False)  # "skip" or "stop"
    imported_by: Mapped[str] = mapped_column(String(64), nullable=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    rows_new: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_changed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_error: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[BatchStatus] = mapped_column(
        _enum(BatchStatus, "batch_status", 12), nullable=False, default=BatchStatus.INGELEZEN
    )
    undone_by: Mapped[str | None] = mapped_column(String(64))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_import_batches_kind_imported_at", "kind", "imported_at"),)


class ImportBatchRow(Base):
    """One object an import created or changed. `before` is JSON of the replaced values.

    `run_length` rows in one: objects ``object_id`` … ``object_id + run_length - 1``, each with
    the same action, version and `before` (an import's new rows get consecutive ids, so 100,000
    new koppelingen are a handful of rows here, not 100,000; see ``batch_runs``)."""

    __tablename__ = "import_batch_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[BatchAction] = mapped_column(_enum(BatchAction, "batch_action", 8), nullable=False)
    version_after: Mapped[int] = mapped_column(Integer, nullable=False)
    before: Mapped[str] = mapped_column(Text, nullable=False, default="")
    run_length: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    __table_args__ = (
        Index("ix_import_batch_rows_batch", "batch_id"),
        CheckConstraint("run_length >= 1", name="run_length_positive"),
    )

    def object_ids(self) -> range:
        """The objects this row stands for."""
        return range(self.object_id, self.object_id + self.run_length)


BatchEntry = tuple[int, BatchAction, int, str]  # object id, action, version after, before


def batch_runs(entries: list[BatchEntry]) -> list[tuple[int, BatchAction, int, str, int]]:
    """`entries` as import_batch_rows: consecutive object ids with the same action, version and
    `before` become one row with their count (``run_length``). Order is kept."""
    runs: list[list[Any]] = []
    for object_id, action, version, before in entries:
        last = runs[-1] if runs else None
        if (
            last is not None and before == "" and last[3] == "" and last[1] is action
            and last[2] == version and last[0] + last[4] == object_id
        ):  # fmt: skip
            last[4] += 1
        else:
            runs.append([object_id, action, version, before, 1])
    return [(r[0], r[1], r[2], r[3], r[4]) for r in runs]


class ImportProfile(Versioned, Base):
    """A named column mapping for one import kind: {normalised header: field key} as JSON."""

    __tablename__ = "import_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    mapping: Mapped[str] = mapped_column(Text, nullable=False)
    saved_by: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (UniqueConstraint("kind", "name", name="uq_import_profiles_kind_name"),)

"""The history of the taakstellingen: every value a municipality's taakstelling for a period had,
who set it, when, from which source and why. Appended, never edited (insert-only on PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, UTCDateTime, utcnow

SOURCE_LENGTH = 200
REASON_LENGTH = 400


class TaakstellingChange(Base):
    """One setting or correction of a taakstelling: old → new persons and backlog (None: not set),
    the source the numbers come from (a ministry letter, COA's sheet, "import") and the reason."""

    __tablename__ = "taakstelling_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taakstelling_id: Mapped[int] = mapped_column(
        ForeignKey("taakstellingen.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    by_login: Mapped[str] = mapped_column(String(64), nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    old_persons: Mapped[int | None] = mapped_column(Integer)  # None: the taakstelling was new
    new_persons: Mapped[int] = mapped_column(Integer, nullable=False)
    old_backlog: Mapped[int | None] = mapped_column(Integer)
    new_backlog: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(SOURCE_LENGTH), nullable=False)
    reason: Mapped[str] = mapped_column(String(REASON_LENGTH), nullable=False, default="")

    __table_args__ = (Index("ix_taakstelling_changes_taakstelling_at", "taakstelling_id", "at"),)

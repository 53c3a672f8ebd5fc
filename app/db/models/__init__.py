"""All models, imported here so Alembic and the session factory see one complete metadata."""

from app.db.models.access import AccessLog, User
from app.db.models.board import (
    BoardPost,
    Dwelling,
    DwellingKind,
    DwellingStatus,
    Koppeling,
    KoppelingStatus,
    MatchRejection,
    PostKind,
    PostStatus,
    SwapRow,
    SwapStatus,
    Taakstelling,
)
from app.db.models.imports import BatchAction, BatchStatus, ImportBatch, ImportBatchRow, ImportProfile
from app.db.models.region import Gemeente, PeriodRow

__all__ = [
    "AccessLog",
    "BatchAction",
    "BatchStatus",
    "BoardPost",
    "Dwelling",
    "DwellingKind",
    "DwellingStatus",
    "Gemeente",
    "ImportBatch",
    "ImportBatchRow",
    "ImportProfile",
    "Koppeling",
    "KoppelingStatus",
    "MatchRejection",
    "PeriodRow",
    "PostKind",
    "PostStatus",
    "SwapRow",
    "SwapStatus",
    "Taakstelling",
    "User",
]

"""All models, imported here so Alembic and the session factory see one complete metadata."""

from app.db.models.access import AccessLog, User
from app.db.models.region import Gemeente, PeriodRow

__all__ = ["AccessLog", "Gemeente", "PeriodRow", "User"]

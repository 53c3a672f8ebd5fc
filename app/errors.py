"""Errors a user may see. Each carries a plain-Dutch message; the GUI and CLI show ``message``."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Base for errors whose message is fit to show to a user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """Input that breaks a rule; ``fields`` maps a field name to its own message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class NotFound(UserError):
    pass


class PermissionDenied(UserError):
    pass


class ConflictError(UserError):
    """Someone else changed the row first; ``current`` holds the fresh data to show."""

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class DatabaseUnavailable(UserError):
    pass


class DatabaseConfigError(UserError):
    pass


class DatabaseBusy(UserError):
    """SQLite: another program or window held the write lock longer than the busy timeout. The
    connection itself is fine (not ``DatabaseUnavailable``: the status light stays green)."""


CONNECTION_LOST = (
    "De verbinding met de database is verbroken. Er is niets half opgeslagen. "
    "Probeer het opnieuw zodra de verbinding hersteld is."
)
DATABASE_LOCKED = (
    "Iemand anders is op dit moment gegevens aan het opslaan in dit databasebestand. Uw wijziging "
    "is niet opgeslagen. Wacht even en probeer het opnieuw."
)
CONFLICT = (
    "Iemand anders heeft dit gegevens intussen gewijzigd. Uw wijziging is niet opgeslagen; "
    "de actuele gegevens worden getoond."
)

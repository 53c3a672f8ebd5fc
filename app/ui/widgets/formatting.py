"""How values look in tables and labels: Dutch dates, Amsterdam time, ja/nee. No widgets here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo


@cache
def local_zone() -> ZoneInfo:
    return ZoneInfo("Europe/Amsterdam")


def format_value(value: Any, kind: str = "text") -> str:
    if value is None:
        return ""
    if kind == "bool" or isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(local_zone()).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def sort_key(value: Any) -> tuple[int, Any]:
    """Orders None last and never compares unlike types."""
    if value is None:
        return (2, 0)
    if isinstance(value, bool | int | float):
        return (0, value)
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return (0, aware.timestamp())
    if isinstance(value, date):
        return (0, value.toordinal())
    if isinstance(value, Enum):
        return (1, str(getattr(value, "label", value.value)).casefold())
    return (1, str(value).casefold())

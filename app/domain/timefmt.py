"""Times are stored in UTC and shown in Europe/Amsterdam."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


def local_text(moment: datetime) -> str:
    return local(moment).strftime("%d-%m-%Y %H:%M")


def date_text(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""

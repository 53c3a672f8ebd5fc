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


MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december")  # fmt: skip
WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def long_date_nl(day: date, *, weekday: bool = False) -> str:
    """``1 april 2027`` (``donderdag 1 april 2027`` with ``weekday``): a date in words, where it is
    the headline or stands in a letter."""
    text = f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"
    return f"{WEEKDAYS_NL[day.weekday()]} {text}" if weekday else text

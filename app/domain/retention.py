"""How long a closed dossier is kept: the term in whole years and the day before which a dossier
must have been closed to be past it. Pure rules (no database)."""

from __future__ import annotations

from datetime import date

DEFAULT_YEARS = 7
MIN_YEARS, MAX_YEARS = 1, 30

OUT_OF_RANGE = (
    f"De bewaartermijn moet tussen {MIN_YEARS} en {MAX_YEARS} jaar liggen (een heel getal). "
    f"Kies bijvoorbeeld {DEFAULT_YEARS}."
)


def cutoff_for(today: date, years: int) -> date:
    """Today ``years`` years ago (29 February becomes the 28th), as PostgreSQL's date - interval:
    a dossier closed before this day is past the term."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def valid_years(years: object) -> bool:
    return isinstance(years, int) and not isinstance(years, bool) and MIN_YEARS <= years <= MAX_YEARS

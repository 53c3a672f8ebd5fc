"""Import tests: a committed database per test, users per role, and a sheet writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import Koppeling
from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor

COA_HEADER = ["V-nummer", "Achternaam", "Gezinsgrootte", "Volwassenen", "Kinderen", "Gemeente",
              "Datum koppeling", "Taal", "Locatie"]  # fmt: skip


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Any]], *, sheet: str = "Blad1", date1904: bool = False
) -> Path:
    """Rows as given (dates become real Excel dates); xlsxwriter, as a sender's program would."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"date_1904": date1904, "strings_to_numbers": False})
    ws = wb.add_worksheet(sheet)
    fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return path


@pytest.fixture
def actor_for_role(fresh_database: Database) -> Callable[..., Actor]:
    from app.services.users import create_user, sign_in

    def make(role: Role, gemeente_code: str | None = "GM0344", login: str | None = None) -> Actor:
        login = login or f"{role.value[:6]}-{(gemeente_code or 'x').lower()}"
        with fresh_database.unit_of_work() as session:
            create_user(
                session, Actor.system_actor("test"), login=login, name=login.title(), role=role,
                gemeente_code=None if role is Role.BEHEERDER else gemeente_code,
            )  # fmt: skip
        with fresh_database.unit_of_work() as session:
            return sign_in(session, login)

    return make


@pytest.fixture
def coordinator(actor_for_role: Callable[..., Actor]) -> Actor:
    return actor_for_role(Role.REGIO_COORDINATOR, "GM0344", "regio")


def koppelingen(db: Database) -> dict[str, dict[str, Any]]:
    """Every koppeling in the database as {v_nummer: {column: value}}, with the gemeente's code."""
    from app.db.models import Gemeente

    with db.session() as session:
        rows = session.execute(
            select(Koppeling, Gemeente.cbs_code).join(Gemeente, Koppeling.gemeente_id == Gemeente.id)
        )
        out = {}
        for k, code in rows:
            out[k.v_nummer] = {
                "gemeente": code, "linked_on": k.linked_on, "persons": k.persons, "adults": k.adults,
                "children": k.children, "languages": k.languages, "azc_location": k.azc_location,
                "expected_followers": k.expected_followers, "needs_accessible": k.needs_accessible,
                "needs_ground_floor": k.needs_ground_floor, "medical_proximity": k.medical_proximity,
                "version": k.version, "status": k.status.value,
            }  # fmt: skip
        return out

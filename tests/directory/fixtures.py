"""Small directory scenarios built in the test's own (rolled-back) session."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Gemeente
from app.services.access import Actor
from app.services.directory import initiatives as di

ZEIST, BUNNIK, UTRECHT, HOUTEN = "GM0355", "GM0312", "GM0344", "GM0321"


def gemeente_id(session: Session, code: str) -> int:
    found = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == code))
    assert found is not None
    return found


def initiative(
    session: Session, actor: Actor, code: str = ZEIST, *, today: date = date(2026, 6, 1), **fields: object
) -> di.InitiativeInfo:
    """An active taalcafé of ``code`` (override any field by keyword)."""
    data = di.InitiativeInput(
        name="Taalcafé De Brug", kind="taalcafe", gemeente_id=gemeente_id(session, code),
        organisation="Stichting Samen", description="Elke week Nederlands oefenen met buurtgenoten.",
        target_groups=["volwassenen"], languages=["nl", "ar"], address="Dorpsstraat 1",
        contact_name="Anna de Vries", contact_email="anna@samen.nl", contact_phone="030-1234567",
    )  # fmt: skip
    return di.create_initiative(session, actor, replace(data, **fields), today=today)  # type: ignore[arg-type]

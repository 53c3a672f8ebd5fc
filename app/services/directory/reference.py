"""The directory's reference data: the kinds list, the check period, the municipalities by id."""

from __future__ import annotations

import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db.models import AppMeta, Gemeente, InitiativeKind
from app.domain.case_dossier import fold
from app.domain.directory import CHECK_AFTER_MONTHS, CHECK_MONTHS_MAX, CHECK_MONTHS_MIN, KIND_CODE_MAX
from app.domain.roles import Action, Area
from app.errors import ValidationError
from app.services.access import Actor, authorize

CHECK_MONTHS_KEY = "directory_check_months"


def check_months(session: Session) -> int:
    row = session.get(AppMeta, CHECK_MONTHS_KEY)
    try:
        value = int(row.value) if row is not None else CHECK_AFTER_MONTHS
    except ValueError:
        return CHECK_AFTER_MONTHS
    return value if CHECK_MONTHS_MIN <= value <= CHECK_MONTHS_MAX else CHECK_AFTER_MONTHS


def list_kinds(session: Session, *, include_inactive: bool = False) -> dict[str, str]:
    query = select(InitiativeKind.code, InitiativeKind.label).order_by(
        InitiativeKind.position, InitiativeKind.label
    )
    if not include_inactive:
        query = query.where(InitiativeKind.active.is_(True))
    return {code: label for code, label in session.execute(query)}


def add_kind(session: Session, actor: Actor, code: str, label: str) -> None:
    """A new kind for the whole region (reference data: beheerder or regio-coördinator)."""
    authorize(session, actor, Action.CREATE, Area.REGION, "soort initiatief")
    code = re.sub(r"[^a-z0-9_]+", "_", fold(code).strip()).strip("_")[:KIND_CODE_MAX]
    label = label.strip()
    if not code or not label or len(label) > 80:
        raise ValidationError("Geef de nieuwe soort een code en een naam (hoogstens 80 tekens).")
    existing = {c: lab for c, lab in session.execute(select(InitiativeKind.code, InitiativeKind.label))}
    if code in existing or fold(label) in {fold(lab) for lab in existing.values()}:
        raise ValidationError(f"De soort '{existing.get(code, label)}' bestaat al.")
    position = (
        session.scalar(select(InitiativeKind.position).order_by(InitiativeKind.position.desc())) or 0
    ) + 1
    session.add(InitiativeKind(code=code, label=label, position=position, active=True))
    session.flush()


def gemeenten_by_id(session: Session) -> dict[int, tuple[str, str]]:
    return {
        gid: (code, name)
        for gid, code, name in session.execute(select(Gemeente.id, Gemeente.cbs_code, Gemeente.name))
    }


def set_check_months(session: Session, actor: Actor, months: int) -> int:
    """The region's check period in months (reference data: regio-coördinator or beheerder)."""
    if not isinstance(months, int) or not CHECK_MONTHS_MIN <= months <= CHECK_MONTHS_MAX:
        raise ValidationError(
            f"De controletermijn moet tussen {CHECK_MONTHS_MIN} en {CHECK_MONTHS_MAX} maanden liggen."
        )
    old = check_months(session)
    authorize(
        session, actor, Action.UPDATE, Area.REGION, "controletermijn", detail=f"{old} → {months} maanden"
    )
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT dl_set_directory_check_months(:m)"), {"m": months})
        session.expire_all()
    else:
        row = session.get(AppMeta, CHECK_MONTHS_KEY)
        if row is None:
            session.add(AppMeta(key=CHECK_MONTHS_KEY, value=str(months)))
        else:
            row.value = str(months)
    session.flush()
    return months

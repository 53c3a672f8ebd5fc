"""The directory's reference data: the kinds list, the check period, the municipalities by id."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AppMeta, Gemeente, InitiativeKind
from app.domain.case_dossier import fold
from app.domain.directory import CHECK_AFTER_MONTHS, KIND_CODE_MAX
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
    return value if 1 <= value <= 60 else CHECK_AFTER_MONTHS


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
    if session.scalar(select(InitiativeKind.id).where(InitiativeKind.code == code)) is not None:
        raise ValidationError(f"De soort '{code}' bestaat al.")
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

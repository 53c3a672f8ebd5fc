"""Small case-register scenarios built in the test's own (rolled-back) session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.domain.case_dossier import MemberRole
from app.services.access import Actor
from app.services.cases import dossiers as ds
from app.services.cases import members as dm
from app.services.cases.views import DossierDetail
from tests.db.board_fixtures import koppeling

ZEIST, BUNNIK, UTRECHT = "GM0355", "GM0312", "GM0344"
# Valid BSNs (11-proef) made up for the tests.
BSN_A, BSN_B, BSN_C = "111222333", "123456782", "999999990"


def family(
    session: Session,
    actor: Actor,
    code: str = ZEIST,
    *,
    linked_on: date = date(2017, 2, 1),
    housed_on: date | None = None,
    head: str = "Ayşe Özdemir",
    partner: str | None = "Mehmet Özdemir",
    children: tuple[tuple[str, date], ...] = (("Elif Özdemir", date(2012, 5, 4)),),
) -> DossierDetail:
    """A koppeling and its dossier: head, partner and children."""
    k = koppeling(session, code, linked_on, (2 if partner else 1) + len(children), housed_on=housed_on)
    detail = ds.create_dossier_from_koppeling(
        session,
        actor,
        k.id,
        head=dm.MemberInput(name=head, birth_date=date(1984, 3, 1), v_nummer=k.v_nummer, languages="Turks"),
    )
    if partner:
        dm.add_member(
            session,
            actor,
            detail.id,
            dm.MemberInput(name=partner, role=MemberRole.PARTNER, birth_date=date(1982, 1, 9)),
        )
    for name, born in children:
        dm.add_member(
            session, actor, detail.id, dm.MemberInput(name=name, role=MemberRole.KIND, birth_date=born)
        )
    return ds.get_dossier(session, actor, detail.id)


def log_rows(session: Session, after_id: int = 0) -> list[AccessLog]:
    return list(session.scalars(select(AccessLog).where(AccessLog.id > after_id).order_by(AccessLog.id)))


def last_log_id(session: Session) -> int:
    session.flush()
    rows = log_rows(session)
    return rows[-1].id if rows else 0

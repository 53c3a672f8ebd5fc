"""When the board marks a household as housed, its dossier takes over the moving date and address,
and the handover due dates follow the real move."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.db.models import KoppelingStatus
from app.domain.case_dossier import MilestoneKind
from app.domain.handover import HandoverKind
from app.domain.roles import Role
from app.services.board.koppelingen import change_status
from app.services.cases import dossiers as ds
from app.services.cases import handovers as hs
from tests.db.board_fixtures import dwelling, koppeling
from tests.db.case_fixtures import ZEIST


def test_housing_on_the_board_moves_the_dossier_dates(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    k = koppeling(session, ZEIST, date(2026, 9, 1), 3)
    detail = ds.create_dossier_from_koppeling(session, zeist, k.id)
    assert detail.moving_date is None
    gca = hs.create_handover(session, zeist, detail.id, hs.HandoverInput(kind=HandoverKind.GCA_HUISARTS))
    home = dwelling(session, ZEIST, 2, 4, date(2026, 10, 1), address="Lindelaan 4, Zeist")
    change_status(session, zeist, k.id, k.version, KoppelingStatus.GEHUISVEST, on=date(2026, 10, 20),
                  dwelling_id=home.id)  # fmt: skip
    after = ds.get_dossier(session, zeist, detail.id)
    assert after.moving_date == date(2026, 10, 20)
    assert after.address_after_move == "Lindelaan 4, Zeist"
    assert after.milestone(MilestoneKind.VERHUISD).done_on == date(2026, 10, 20)
    moved = next(h for h in after.handovers if h.id == gca.id)
    assert moved.due_on == date(2026, 11, 3)  # GCA → huisarts: two weeks after the move
    assert any("Gehuisvest volgens het uitwisselbord" in e.text for e in after.timeline)

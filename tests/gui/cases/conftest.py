"""Fixtures for the case-register GUI: a consulent of Zeist, a family dossier made through the
services, the page and an opened dossier view on a real (migrated) database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import AccessLog, Handover, HandoverStatusChange
from app.db.session import Database
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.services.cases.views import ContactInfo
from app.ui.context import AppContext
from tests.db.case_fixtures import ZEIST, family

pytestmark = pytest.mark.usefixtures("qapp")

HEAD = "Ayşe Özdemir"
RECEIVER = ContactInfo(
    "Huisartsenpraktijk De Linde", "J. Bakker", "030-1234567", "praktijk@voorbeeld.invalid"
)


def wait_task(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


@pytest.fixture
def consulent(make_user: Callable[..., Actor]) -> Actor:
    return make_user("cons-zeist", Role.CONSULENT, ZEIST, name="Carla Consulent")


@pytest.fixture
def context(make_context: Callable[[Actor], AppContext], consulent: Actor) -> AppContext:
    return make_context(consulent)


@pytest.fixture
def dossier_id(fresh_database: Database, consulent: Actor) -> int:
    """A family of three in Zeist that moved 14 days ago (so the GP handover is due today)."""
    with fresh_database.unit_of_work() as session:
        moved = date.today() - timedelta(days=14)
        detail = family(session, consulent, ZEIST, linked_on=moved - timedelta(days=50), housed_on=moved)
        return detail.id


def make_handover(db: Database, actor: Actor, dossier_id: int, *, consent: bool = False, **kw: Any) -> int:
    with db.unit_of_work() as session:
        h = ho.create_handover(
            session, actor, dossier_id, ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=RECEIVER, **kw)
        )
        if consent:
            h = ho.record_consent(
                session,
                actor,
                h.id,
                h.version,
                ConsentStatus.GEGEVEN,
                on=date.today(),
                method=ConsentMethod.IN_PERSON,
            )
        return h.id


def handover_row(db: Database, handover_id: int) -> Handover:
    with db.unit_of_work() as session:
        row = session.get(Handover, handover_id)
        assert row is not None
        session.expunge(row)
        return row


def history(db: Database, handover_id: int) -> list[HandoverStatusChange]:
    with db.unit_of_work() as session:
        rows = list(
            session.scalars(
                select(HandoverStatusChange)
                .where(HandoverStatusChange.handover_id == handover_id)
                .order_by(HandoverStatusChange.id)
            )
        )
        session.expunge_all()
        return rows


def log_rows(db: Database, action: Action, login: str) -> list[AccessLog]:
    with db.unit_of_work() as session:
        rows = list(
            session.scalars(
                select(AccessLog)
                .where(AccessLog.action == action, AccessLog.actor_login == login)
                .order_by(AccessLog.id)
            )
        )
        session.expunge_all()
        return rows


@pytest.fixture
def page(context: AppContext, qtbot: Any) -> Iterator[Any]:
    from app.ui.cases.page import CasesPage

    widget = CasesPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    wait_task(qtbot, widget.dossiers.last_task)
    yield widget
    for view in list(widget.views.values()):
        view.close()
    context.tasks.wait_for_done()


@pytest.fixture
def open_view(page: Any, qtbot: Any) -> Callable[[int], Any]:
    def open_(dossier_id: int) -> Any:
        view = page.open_dossier(dossier_id)
        wait_task(qtbot, view.last_task)
        return view

    return open_

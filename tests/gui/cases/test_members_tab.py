"""A tab of the dossier window built on its own, without the window: the household tab with a
``DossierHandle`` made here (the same change the window makes: the service call and the fresh dossier
in one unit of work), driven like a user, and the database checked afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from app.db.models import DossierMember
from app.db.session import Database
from app.domain.case_dossier import MemberRole
from app.services.access import Actor
from app.services.cases.queries import fresh_detail
from app.services.cases.views import DossierDetail
from app.ui.cases.handle import DossierHandle
from app.ui.cases.members_tab import MembersTab
from app.ui.context import AppContext
from app.ui.tasks import Task
from tests.db.case_fixtures import BSN_B
from tests.gui.cases.conftest import HEAD, wait_task

pytestmark = pytest.mark.usefixtures("qapp")


class Alone:
    """What the window would be to the tab: it shows the fresh dossier, keeps the messages."""

    def __init__(self, context: AppContext, actor: Actor, dossier_id: int) -> None:
        self.context, self.actor, self.dossier_id = context, actor, dossier_id
        self.detail: DossierDetail | None = None
        self.tasks: list[Task] = []
        self.infos: list[str] = []
        self.errors: list[BaseException | str | None] = []
        self.tab = MembersTab(
            DossierHandle(
                dossier_id=dossier_id,
                actor=actor,
                can_write=True,
                detail=lambda: self.detail,
                change=self.change,
                show_info=self.infos.append,
                show_error=self.errors.append,
            )
        )

    def show(self, detail: DossierDetail) -> None:
        self.detail = detail
        self.tab.show_detail(detail)

    def change(
        self,
        work: Callable[[Any], Any],
        *,
        title: str,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], bool] | None = None,
        success_text: str = "",
    ) -> Task:
        actor, dossier_id = self.actor, self.dossier_id

        def ok(pair: tuple[Any, DossierDetail]) -> None:
            self.show(pair[1])
            self.infos.append(success_text)
            if done is not None:
                done(pair[0])

        def bad(exc: BaseException) -> None:
            if failed is None or not failed(exc):
                self.errors.append(exc)

        task = self.context.tasks.run(
            lambda session, _control: (work(session), fresh_detail(session, actor, dossier_id)),
            on_success=ok,
            on_failure=bad,
            title=title,
            parent=self.tab,
            cancellable=False,
        )
        self.tasks.append(task)
        return task


def names(db: Database, dossier_id: int) -> list[str]:
    with db.unit_of_work() as session:
        return list(
            session.scalars(
                select(DossierMember.name)
                .where(DossierMember.dossier_id == dossier_id)
                .order_by(DossierMember.id)
            )
        )


def test_the_household_tab_adds_and_removes_a_member_without_the_window(
    dossier_id: int, context: AppContext, consulent: Actor, fresh_database: Database, qtbot: Any
) -> None:
    alone = Alone(context, consulent, dossier_id)
    tab = alone.tab
    qtbot.addWidget(tab)
    tab.show()
    with fresh_database.unit_of_work() as session:
        alone.show(fresh_detail(session, consulent, dossier_id))
    assert [m.name for m in tab.model.rows()] == [HEAD, "Mehmet Özdemir", "Elif Özdemir"]

    dialog = tab.add_member()
    qtbot.addWidget(dialog)
    assert dialog.parent() is tab  # the window the tab lives in: here the tab itself
    assert dialog.role.currentData() == MemberRole.KIND.value  # the household has its head already
    dialog.name.setText("Selam Özdemir")
    dialog.bsn.setText(BSN_B)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    wait_task(qtbot, alone.tasks[-1])
    assert not dialog.isVisible() and not alone.errors
    assert names(fresh_database, dossier_id) == [HEAD, "Mehmet Özdemir", "Elif Özdemir", "Selam Özdemir"]
    assert "Selam Özdemir" in [m.name for m in tab.model.rows()]
    assert alone.infos == ["Selam Özdemir is toegevoegd aan het huishouden."]

    assert tab.table.select_row(lambda m: m.name == "Mehmet Özdemir")
    box = tab.remove_selected()
    assert tab.dialog is box and "Mehmet Özdemir" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_task(qtbot, alone.tasks[-1])
    assert names(fresh_database, dossier_id) == [HEAD, "Elif Özdemir", "Selam Özdemir"]
    assert sorted(m.name for m in tab.model.rows()) == sorted([HEAD, "Elif Özdemir", "Selam Özdemir"])
    assert alone.infos[-1] == "Mehmet Özdemir is verwijderd uit het huishouden."
    context.tasks.wait_for_done()

"""Refer from a dossier: the Doorverwijzingen tab, the refer dialog with consent and member choice,
and the "voor dit huishouden" search pre-filled with the household's municipality, languages and
ages; the database holds the referral afterwards."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import select

from app.db.models import DossierEvent, PlanAction, Referral
from app.db.session import Database
from app.domain.case_dossier import ActionStatus, PlanDomain
from app.domain.directory import ReferralStatus
from app.domain.handover import ConsentMethod, ConsentStatus
from tests.directory.fixtures import ZEIST
from tests.gui.cases.conftest import wait_task
from tests.gui.referral_fixtures import HEAD, scene

pytestmark = pytest.mark.usefixtures("qapp")


def _open_view(qtbot: Any, context: Any, dossier_id: int) -> Any:
    from app.ui.cases.dossier_view import DossierView

    view = DossierView(context, dossier_id)
    qtbot.addWidget(view)
    view.show()
    wait_task(qtbot, view.load())
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10_000)
    return view


def test_refer_from_a_dossier_through_the_household_search(qtbot, fresh_database: Database) -> None:  # type: ignore[no-untyped-def]
    s = scene(fresh_database)
    view = _open_view(qtbot, s.consulent, s.dossier_id)
    tab = view.referrals
    view.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 0 and tab.empty.isVisible()

    dialog = tab.refer()
    head = next(m for m in view.detail.members if m.name == HEAD)
    dialog.member_boxes[head.id].setChecked(True)
    # Saving without an initiative or consent says what is missing, next to the fields.
    dialog.accept()
    assert dialog.fields["initiative"].error.isVisible() and dialog.fields["consent"].error.isVisible()

    search = dialog.open_search()
    qtbot.waitUntil(lambda: search.last_task is not None, timeout=5000)
    wait_task(qtbot, search.last_task)
    flt = search.current_filter()
    assert (flt.gemeente, flt.include_region, flt.languages) == (ZEIST, True, frozenset({"tr"}))
    assert flt.ages == (head.age_on(date.today()),)
    found = [r.name for r in search.model.rows()]
    # Zeist's Turkish one first, then the region's; not the Tigrinya one, not Bunnik's own.
    assert found == ["Buurtcafé Samen", "Regionaal Sportfonds"]
    search.use_languages.setChecked(False)  # wider: every language
    qtbot.waitUntil(lambda: "Taalmaatjes Zeist" in [r.name for r in search.model.rows()], timeout=10_000)
    search.use_languages.setChecked(True)
    qtbot.waitUntil(lambda: len(search.model.rows()) == 2, timeout=10_000)
    assert search.table.select_row(lambda r: r.name == "Buurtcafé Samen")
    search.accept()
    assert dialog.initiative is not None and dialog.initiative.id == s.fits
    assert "Buurtcafé Samen" in dialog.initiative_label.text()

    assert not dialog.registered.isEnabled()  # registering needs consent given
    dialog.consent.choices[ConsentStatus.GEGEVEN].setChecked(True)
    dialog.consent.on.setDate(QDate.currentDate())
    dialog.consent.methods[ConsentMethod.INTERPRETER].setChecked(True)
    dialog.consent.language.setText("Turks")
    assert dialog.registered.isEnabled()
    dialog.registered.setChecked(True)
    dialog.note.setPlainText("Liefst op woensdagmiddag")
    dialog.accept()
    wait_task(qtbot, view.last_task)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert not dialog.isVisible()
    shown = tab.current()
    assert (shown.initiative_name, shown.members_text, shown.status) == (
        "Buurtcafé Samen", HEAD, ReferralStatus.AANGEMELD,
    )  # fmt: skip

    with fresh_database.unit_of_work() as session:
        row = session.scalars(select(Referral)).one()
        assert (row.dossier_id, row.initiative_id, row.status) == (
            s.dossier_id,
            s.fits,
            ReferralStatus.AANGEMELD,
        )
        assert [m.member_id for m in row.members] == [head.id]
        assert (row.consent, row.consent_method, row.consent_language) == (
            ConsentStatus.GEGEVEN, ConsentMethod.INTERPRETER, "Turks",
        )  # fmt: skip
        assert row.referred_by == s.consulent.actor.login and row.note == "Liefst op woensdagmiddag"
        action = session.get(PlanAction, row.plan_action_id)
        assert action is not None and action.status is ActionStatus.BEZIG
        assert action.goal.domain is PlanDomain.GEZONDHEID_PARTICIPATIE  # ontmoeting: not language
        texts = session.scalars(
            select(DossierEvent.text).where(DossierEvent.dossier_id == s.dossier_id)
        ).all()
        assert any("Buurtcafé Samen" in t and "Voorgesteld → Aangemeld" in t for t in texts)

    # The status dialog offers the next steps only; ending asks for a coded reason.
    status = tab.change_status()
    assert list(status.choices) == [ReferralStatus.GESTART, ReferralStatus.NIET_GESTART]
    status.choices[ReferralStatus.NIET_GESTART].setChecked(True)
    status.accept()
    assert status.fields["reason"].error.isVisible()
    status.reason.setCurrentIndex(status.reason.findText("Geen plek"))
    status.accept()
    wait_task(qtbot, view.last_task)
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().status.ended, timeout=10_000)
    assert tab.current().reason_label == "Geen plek"
    assert not tab.status_button.isEnabled()
    view.close()
    s.consulent.tasks.wait_for_done(10_000)
    qtbot.wait(10)


opened: list[tuple[str, int]] = []


def _open_initiative(_context: Any, initiative_id: int, _parent: Any) -> str:
    opened.append(("initiative", initiative_id))
    return "venster"


def test_the_household_filter_and_the_initiative_link(
    qtbot, fresh_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.services.directory import referrals as dr
    from app.ui.context import LINKS
    from app.ui.directory.household_search import household_filter, household_of

    opened.clear()
    s = scene(fresh_database)
    with fresh_database.unit_of_work() as session:
        from app.services.cases import members as dm
        from app.services.cases.dossiers import get_dossier

        detail = get_dossier(session, s.consulent.actor, s.dossier_id)
        partner = next(m for m in detail.members if m.name == "Mehmet Özdemir")
        dm.update_member(
            session, s.consulent.actor, partner.id, partner.version,
            dm.MemberInput(name=partner.name, role=partner.role, birth_date=partner.birth_date,
                           languages="Koerdisch (Kurmanci), Nederlands, via tolk"),
        )  # fmt: skip
        detail = get_dossier(session, s.consulent.actor, s.dossier_id)
        head = next(m for m in detail.members if m.name == HEAD)
        dr.refer(
            session, s.consulent.actor, s.dossier_id, s.fits, [head.id], consent=ConsentStatus.NIET_GEVRAAGD
        )
    household = household_of(detail, date(2026, 6, 1))
    assert household.languages() == ("tr", "ku", "nl")  # Dutch last; "via tolk" is no language
    assert household.ages() == (14, 42, 44)
    flt = household_filter(household, languages=False)
    assert (flt.gemeente, flt.languages, flt.ages) == (ZEIST, frozenset(), (14, 42, 44))

    monkeypatch.setitem(LINKS, "initiative", f"{__name__}:_open_initiative")
    view = _open_view(qtbot, s.consulent, s.dossier_id)
    tab = view.referrals
    view.tabs.setCurrentWidget(tab)
    assert tab.initiative_button.isVisibleTo(view) and tab.current() is not None
    tab.initiative_button.click()
    assert opened == [("initiative", s.fits)] and tab.link == "venster"
    view.close()
    s.consulent.tasks.wait_for_done(10_000)
    qtbot.wait(10)

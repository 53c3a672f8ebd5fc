"""Every QDialog subclass in app.ui, found by walking the package, and a factory table that builds
each with the narrow arguments it needs, read from a small demo database (app.demo at scale 0.1)
through the services, as the program itself does. Used by the fit and the tab-order tests (issue 17):
a new dialog without a factory entry, or one listed as not constructible without a reason, fails them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QWidget

import app.ui
from app.config import PostgresSettings, Settings, load_settings
from app.db.session import Database
from app.services.access import Actor
from app.ui.context import AppContext
from app.ui.tasks import TaskRunner

# Dialogs that are not built on their own, each with the reason (a silent skip would hide a new one).
NOT_CONSTRUCTED: dict[str, str] = {
    "app.ui.board.exchange_dialogs._ServiceDialog": "abstract base of PostDialog, AnswerDialog, "
    "SwapDialog and ReasonDialog (no widgets of its own); covered through them",
    "app.ui.challenges.dialogs._SaveDialog": "abstract base of ChallengeDialog and PledgeDialog "
    "(no widgets of its own); covered through them",
}

# Dialogs known not to fit yet, with the reason they are not fixed here. The fit test fails when one
# of them starts to fit (take it off the list) as well as when another one stops fitting.
KNOWN_NOT_FITTING: dict[str, str] = {}

# Windows that size themselves to the screen they open on (app.ui.widgets.placement.place_on_screen,
# whose arithmetic is tested against a 1366×768 laptop): on the 800×800 offscreen test screen they
# open taller than 720, so their opened size is checked against the screen instead.
SCREEN_PLACED = {"app.ui.cases.dossier_view.DossierView", "app.ui.imports.wizard.ImportWizard"}


def dialog_classes() -> dict[str, type[QDialog]]:
    """Every QDialog subclass defined in a module of app.ui, by its dotted name."""
    found: dict[str, type[QDialog]] = {}
    for module_info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        module = importlib.import_module(module_info.name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{name}"] = cls
    return found


@dataclass
class Demo:
    """The demo database and what the dialogs are built from."""

    database: Database
    runner: TaskRunner
    contexts: dict[str, AppContext] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    parent: QWidget | None = None

    def context(self, login: str) -> AppContext:
        if login not in self.contexts:
            from app.services.users import sign_in

            with self.database.unit_of_work() as session:
                actor = sign_in(session, login)
            self.contexts[login] = AppContext(
                self.database, actor, load_settings(), self.runner, show_status=lambda _text: None
            )
        return self.contexts[login]

    def read(self, login: str, fn: Callable[[Any, Actor], Any]) -> Any:
        with self.database.unit_of_work() as session:
            return fn(session, self.context(login).actor)


REGIO, CONSULENT, CP, BEHEER = "tester", "cons-utrecht", "cp-utrecht", "beheer"


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from app.bootstrap import prepare
    from app.demo.fill import fill_demo

    folder = tmp_path_factory.mktemp("demo-dialogs")
    with pytest.MonkeyPatch.context() as mp:  # never the developer's own settings
        mp.setenv("DOORLOPENDE_LIJN_CONFIG_DIR", str(folder / "config"))
        mp.setenv("DOORLOPENDE_LIJN_DATA_DIR", str(folder / "data"))
        db = Database(f"sqlite+pysqlite:///{folder / 'demo.db'}")
        prepare(db)
        with db.unit_of_work() as session:
            fill_demo(session, Actor.system_actor("demo"), login="tester", scale=0.1, seed=2017)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def demo(demo_database: Database, qtbot: Any) -> Iterator[Demo]:
    runner = TaskRunner(lambda: demo_database)
    runner.show_error = lambda *_a: None
    parent = QWidget()
    qtbot.addWidget(parent)
    made = Demo(demo_database, runner, parent=parent)
    yield made
    runner.wait_for_done(10_000)
    qtbot.wait(10)


# -- the pieces the dialogs are built from --------------------------------------------------------


def _gemeenten(d: Demo) -> Any:
    from app.services.region import list_gemeenten

    return d.read(REGIO, lambda s, a: list_gemeenten(s, a))


def _dossier_view(d: Demo, qtbot: Any) -> Any:
    """A dossier of the consulent's municipality with members, goals, handovers and referrals,
    opened in its window (the dossier dialogs get that window's handle)."""
    if "view" in d.data:
        return d.data["view"]
    from sqlalchemy import select

    from app.db.models import Dossier
    from app.ui.cases.dossier_view import DossierView

    def pick(session: Any, actor: Actor) -> int:  # the dossier that has the most to show
        from app.services.cases.queries import fresh_detail

        ids = session.scalars(
            select(Dossier.id).where(Dossier.gemeente_id == actor.gemeente_id).order_by(Dossier.id)
        ).all()
        best, score = ids[0], -1
        for dossier_id in ids:
            detail = fresh_detail(session, actor, dossier_id)
            points = sum(
                bool(x) for x in (detail.members, detail.goals, detail.handovers, detail.referrals)
            ) + bool(detail.goals and detail.goals[0].actions)
            if points > score:
                best, score = dossier_id, points
        return int(best)

    dossier_id = d.read(CONSULENT, pick)
    view = DossierView(d.context(CONSULENT), dossier_id)
    qtbot.addWidget(view)
    view.load()
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10_000)
    d.data["view"] = view
    return view


def _detail(d: Demo, qtbot: Any) -> Any:
    return _dossier_view(d, qtbot).detail


def _handle(d: Demo, qtbot: Any) -> Any:
    return _dossier_view(d, qtbot).handle


def _exchange(d: Demo) -> Any:
    from app.services.board.views import load_exchange

    if "exchange" not in d.data:
        d.data["exchange"] = d.read(REGIO, lambda s, a: load_exchange(s, a))
    return d.data["exchange"]


def _koppeling(d: Demo) -> Any:
    from sqlalchemy import select

    from app.db.models import Koppeling
    from app.services.board.koppelingen import get_koppeling

    def get(session: Any, actor: Actor) -> Any:
        first = session.scalars(select(Koppeling.id).order_by(Koppeling.id)).first()
        return get_koppeling(session, actor, first)

    return d.read(REGIO, get)


def _proposal(d: Demo) -> Any:
    from app.services.board.matching import run_matching
    from app.ui.board.matching_model import proposal_rows

    run = d.read(REGIO, lambda s, a: run_matching(s, a))
    rows = proposal_rows(run, {})
    assert rows, "the demo has no matching proposal"
    return rows[0]


def _candidate(d: Demo) -> Any:
    from sqlalchemy import select

    from app.db.models import Challenge
    from app.services.challenges.candidates import challenge_candidates

    def get(session: Any, actor: Actor) -> Any:
        for challenge_id in session.scalars(select(Challenge.id).order_by(Challenge.id)):
            found = [c for c in challenge_candidates(session, actor, challenge_id, today=date.today())
                     if not c.status.ended]  # fmt: skip
            if found:
                return found[0]
        raise AssertionError("the demo has no open candidate for cons-utrecht")

    return d.read(CONSULENT, get)


def _challenge(d: Demo) -> Any:
    from sqlalchemy import select

    from app.db.models import Challenge
    from app.services.challenges.challenges import get_challenge

    def get(session: Any, actor: Actor) -> Any:
        return get_challenge(session, actor, session.scalars(select(Challenge.id).limit(1)).one())

    return d.read(CP, get)


def _region_list(d: Demo) -> list[tuple[int, str, str]]:
    return [(g.id, g.cbs_code, g.name) for g in _gemeenten(d)]


def _employers(d: Demo) -> list[tuple[int, str]]:
    from app.services.challenges.employers import list_employers

    return [(e.id, e.name) for e in d.read(CP, lambda s, a: list_employers(s, a))]


def _employer_data(d: Demo) -> Any:
    from app.services.challenges.employers import get_employer

    first = _employers(d)[0][0]
    return d.read(CP, lambda s, a: get_employer(s, a, first)).data


def _snapshot(d: Demo) -> Any:
    from app.services.directory.snapshot import load_snapshot

    if "snapshot" not in d.data:
        d.data["snapshot"] = d.read(CP, lambda s, a: load_snapshot(s, a))
    return d.data["snapshot"]


def _initiative(d: Demo) -> Any:
    from app.services.directory.initiatives import get_initiative

    first = min(_snapshot(d).rows)
    return d.read(CP, lambda s, a: get_initiative(s, a, first))


def _batch() -> Any:
    from app.db.models.imports import BatchStatus
    from app.imports.history import BatchInfo, ChangedSince

    batch = BatchInfo(7, "koppelingen", "Koppelingen (COA)", "koppelingen-2026-11.xlsx", "Blad1", CP,
                      datetime(2026, 11, 3, 9, 30), 12, 3, 25, 0, BatchStatus.INGELEZEN, None, None,
                      imported_by_name="Anne de Vries")  # fmt: skip
    changed = [ChangedSince(n, f"V{1000000 + n}", "2 keer gewijzigd", "cons-utrecht", "Bram Jansen")
               for n in range(1, 6)]  # fmt: skip
    return batch, changed


def _shortcut_rows() -> Any:
    from PySide6.QtGui import QKeySequence

    from app.ui.help.shortcuts import ShortcutRow

    return [ShortcutRow("Overal", QKeySequence("Ctrl+F"), "Zoeken"),
            ShortcutRow("Overal", QKeySequence("F1"), "Handleiding")]  # fmt: skip


# -- the factory table: dotted class name -> build(demo, qtbot) -----------------------------------

Build = Callable[[Demo, Any], QDialog]
PG = Settings(backend="postgresql", postgres=PostgresSettings(user="x"))


def _h(d: Demo, q: Any) -> tuple[Any, Any, Any]:
    view = _dossier_view(d, q)
    return view.handle, view, view.detail


def _noop(_session: Any, _reason: str) -> None:
    return None


FACTORIES: dict[str, Build] = {}


def factory(name: str) -> Callable[[Build], Build]:
    def register(fn: Build) -> Build:
        FACTORIES[name] = fn
        return fn

    return register


@factory("app.ui.about.AboutDialog")
def _about(d: Demo, q: Any) -> QDialog:
    from app.ui.about import AboutDialog

    return AboutDialog("SQLite: demo.db")


@factory("app.ui.admin.password_dialog.PasswordDialog")
def _password(d: Demo, q: Any) -> QDialog:
    from app.services.users import list_users
    from app.ui.admin.password_dialog import PasswordDialog

    user = next(u for u in d.read(BEHEER, lambda s, a: list_users(s, a)) if u.login == CONSULENT)
    return PasswordDialog(d.context(BEHEER), user)


@factory("app.ui.admin.user_dialog.UserDialog")
def _user(d: Demo, q: Any) -> QDialog:
    from app.services.users import list_users
    from app.ui.admin.user_dialog import UserDialog

    user = next(u for u in d.read(BEHEER, lambda s, a: list_users(s, a)) if u.login == CONSULENT)
    return UserDialog(d.context(BEHEER), _gemeenten(d), user)


@factory("app.ui.board.dwelling_dialog.DwellingDialog")
def _dwelling(d: Demo, q: Any) -> QDialog:
    from app.services.board.dwellings import DwellingFilter, list_dwellings
    from app.ui.board.dwelling_dialog import DwellingDialog

    rows, _n = d.read(REGIO, lambda s, a: list_dwellings(s, a, DwellingFilter()))
    return DwellingDialog(d.context(REGIO), _gemeenten(d), rows[0])


@factory("app.ui.board.exchange_dialogs.AnswerDialog")
def _answer(d: Demo, q: Any) -> QDialog:
    from app.ui.board.exchange_dialogs import AnswerDialog

    data = _exchange(d)
    assert data.posts, "the demo has no post on the board"
    return AnswerDialog(d.context(CP), data.posts[0], data.periods, data.default_period)


@factory("app.ui.board.exchange_dialogs.PostDialog")
def _post(d: Demo, q: Any) -> QDialog:
    from app.ui.board.exchange_dialogs import PostDialog

    return PostDialog(d.context(CP))


@factory("app.ui.board.exchange_dialogs.ReasonDialog")
def _swap_reason(d: Demo, q: Any) -> QDialog:
    from app.ui.board.exchange_dialogs import ReasonDialog

    data = _exchange(d)
    return ReasonDialog(d.context(CP), data.swaps[0], "reject")


@factory("app.ui.board.exchange_dialogs.SwapDialog")
def _swap(d: Demo, q: Any) -> QDialog:
    from app.ui.board.exchange_dialogs import SwapDialog

    data = _exchange(d)
    return SwapDialog(d.context(CP), data.gemeenten, data.swaps, data.periods, data.default_period)


@factory("app.ui.board.forecast_help.ForecastHelpDialog")
def _forecast(d: Demo, q: Any) -> QDialog:
    from app.ui.board.forecast_help import ForecastHelpDialog

    return ForecastHelpDialog()


@factory("app.ui.board.koppeling_dialog.KoppelingDialog")
def _koppeling_dialog(d: Demo, q: Any) -> QDialog:
    from app.ui.board.koppeling_dialog import KoppelingDialog

    return KoppelingDialog(d.context(REGIO), _gemeenten(d), _koppeling(d))


@factory("app.ui.board.koppeling_status_dialog.KoppelingStatusDialog")
def _koppeling_status(d: Demo, q: Any) -> QDialog:
    from app.db.models.board import KoppelingStatus
    from app.ui.board.koppeling_status_dialog import KoppelingStatusDialog

    return KoppelingStatusDialog(d.context(REGIO), _koppeling(d), list(KoppelingStatus)[-1])


@factory("app.ui.board.matching_reject_dialog.RejectDialog")
def _reject(d: Demo, q: Any) -> QDialog:
    from app.ui.board.matching_reject_dialog import RejectDialog

    return RejectDialog(d.context(REGIO), _proposal(d))


@factory("app.ui.cases.consent_dialogs.ConsentDialog")
def _consent(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.consent_dialogs import ConsentDialog

    handle, view, detail = _h(d, q)
    return ConsentDialog(handle, view, detail.handovers[0])


@factory("app.ui.cases.consent_dialogs.ReceiptDialog")
def _receipt(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.consent_dialogs import ReceiptDialog

    handle, view, detail = _h(d, q)
    return ReceiptDialog(handle, view, detail.handovers[0])


@factory("app.ui.cases.dossier_access.DossierAccessDialog")
def _access(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.dossier_access import DossierAccessDialog

    return DossierAccessDialog(d.context(CONSULENT), _detail(d, q).id)


@factory("app.ui.cases.dossier_edit_dialog.DossierEditDialog")
def _dossier_edit(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.dossier_edit_dialog import DossierEditDialog

    handle, view, detail = _h(d, q)
    return DossierEditDialog(handle, view, detail)


@factory("app.ui.cases.dossier_view.DossierView")
def _dossier_window(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.dossier_view import WANTED_SIZE, DossierView
    from app.ui.widgets.placement import place_on_screen

    view = DossierView(d.context(CONSULENT), _detail(d, q).id)
    place_on_screen(view, WANTED_SIZE, d.parent)  # as the cases page opens it
    view.load()
    q.waitUntil(lambda: view.detail is not None, timeout=10_000)
    return view


@factory("app.ui.cases.form_dialog.FormDialog")
def _form(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.form_dialog import FormDialog

    handle, view, _detail = _h(d, q)
    return FormDialog(handle, view, "Formulier", intro="Vul de velden in.")


@factory("app.ui.cases.handover_dialogs.HandoverDialog")
def _handover(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.handover_dialogs import HandoverDialog

    handle, view, detail = _h(d, q)
    return HandoverDialog(handle, view, detail.handovers[0])


@factory("app.ui.cases.handover_dialogs.OverrideDialog")
def _override(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.handover_dialogs import OverrideDialog

    handle, view, _detail = _h(d, q)
    return OverrideDialog(handle, view, "Afdrukken zonder toestemming?",
                          "De cliënt heeft nog geen toestemming gegeven voor deze overdracht.",
                          "Zonder toestemming afdrukken…")  # fmt: skip


@factory("app.ui.cases.handover_dialogs.ReasonDialog")
def _handover_reason(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.handover_dialogs import ReasonDialog

    handle, view, _detail = _h(d, q)
    return ReasonDialog(handle, view, "Overdracht weigeren", "Waarom weigert de ontvanger?", "Weigeren",
                        required=True, work=_noop, success_text="Geweigerd.")  # fmt: skip


@factory("app.ui.cases.journey_tab.DoneDialog")
def _done(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.journey_tab import DoneDialog

    handle, view, _detail = _h(d, q)
    return DoneDialog(handle, view, "Stap afgerond", "Intake", date.today(), "Anne de Vries")


@factory("app.ui.cases.member_dialog.MemberDialog")
def _member(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.member_dialog import MemberDialog

    handle, view, detail = _h(d, q)
    return MemberDialog(handle, view, detail.members[0])


@factory("app.ui.cases.new_dossier_dialog.NewDossierDialog")
def _new_dossier(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.new_dossier_dialog import NewDossierDialog

    return NewDossierDialog(d.context(CONSULENT))


@factory("app.ui.cases.pack_options.PackOptionsDialog")
def _pack_options(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.pack_options import PackOptionsDialog

    handle, view, _detail = _h(d, q)
    return PackOptionsDialog(handle, view)


@factory("app.ui.cases.plan_dialogs.ActionDialog")
def _action(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.plan_dialogs import ActionDialog

    handle, view, detail = _h(d, q)
    goal = next((g for g in detail.goals if g.actions), detail.goals[0])
    return ActionDialog(handle, view, goal, goal.actions[0] if goal.actions else None)


@factory("app.ui.cases.plan_dialogs.GoalDialog")
def _goal(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.plan_dialogs import GoalDialog

    handle, view, detail = _h(d, q)
    return GoalDialog(handle, view, detail.goals[0])


@factory("app.ui.cases.plan_dialogs.HoursDialog")
def _hours(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.plan_dialogs import HoursDialog

    handle, view, detail = _h(d, q)
    return HoursDialog(handle, view, detail.members[0])


def _referral(d: Demo, q: Any) -> tuple[Any, Any, Any]:
    handle, view, detail = _h(d, q)
    assert detail.referrals, "the demo dossier has no referral"
    return handle, view, detail.referrals[0]


@factory("app.ui.cases.referral_dialogs.FollowUpDialog")
def _follow_up(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.referral_dialogs import FollowUpDialog

    return FollowUpDialog(*_referral(d, q))


@factory("app.ui.cases.referral_dialogs.ReferDialog")
def _refer(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.referral_dialogs import ReferDialog

    handle, view, _detail = _h(d, q)
    return ReferDialog(handle, d.context(CONSULENT), view)


@factory("app.ui.cases.referral_dialogs.ReferralConsentDialog")
def _referral_consent(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.referral_dialogs import ReferralConsentDialog

    return ReferralConsentDialog(*_referral(d, q))


@factory("app.ui.cases.referral_dialogs.ReferralStatusDialog")
def _referral_status(d: Demo, q: Any) -> QDialog:
    from app.ui.cases.referral_dialogs import ReferralStatusDialog

    return ReferralStatusDialog(*_referral(d, q))


@factory("app.ui.challenges.candidates_tab.StepDialog")
def _step(d: Demo, q: Any) -> QDialog:
    from app.ui.challenges.candidates_tab import StepDialog

    return StepDialog(None, _candidate(d), stop=False, today=date.today())


@factory("app.ui.challenges.dashboard_tab.TargetDialog")
def _target(d: Demo, q: Any) -> QDialog:
    from app.services.challenges.targets import get_targets
    from app.ui.challenges.dashboard_tab import TargetDialog

    return TargetDialog(d.read(REGIO, lambda s, a: get_targets(s, a, date.today().year)))


@factory("app.ui.challenges.dialogs.ChallengeDialog")
def _challenge_dialog(d: Demo, q: Any) -> QDialog:
    from app.ui.challenges.dialogs import ChallengeDialog

    return ChallengeDialog(d.context(CP), _region_list(d), _challenge(d))


@factory("app.ui.challenges.dialogs.PledgeDialog")
def _pledge(d: Demo, q: Any) -> QDialog:
    from app.ui.challenges.dialogs import PledgeDialog

    context = d.context(CP)
    return PledgeDialog(context, _employers(d), context.actor.gemeente_id, _challenge(d).id)


@factory("app.ui.challenges.employers_tab.EmployerDialog")
def _employer(d: Demo, q: Any) -> QDialog:
    from app.ui.challenges.employers_tab import EmployerDialog

    return EmployerDialog([(g.cbs_code, g.name) for g in _gemeenten(d)], _employer_data(d))


@factory("app.ui.demo_users.DemoUsersDialog")
def _demo_users(d: Demo, q: Any) -> QDialog:
    from app.ui.demo_users import DemoUsersDialog

    return DemoUsersDialog(d.context(REGIO))


@factory("app.ui.directory.edit_dialog.InitiativeDialog")
def _initiative_dialog(d: Demo, q: Any) -> QDialog:
    from app.ui.directory.edit_dialog import InitiativeDialog

    snapshot = _snapshot(d)
    return InitiativeDialog(d.context(CP), snapshot.gemeenten, snapshot.kinds, _initiative(d))


@factory("app.ui.directory.household_search.HouseholdSearchDialog")
def _household_search(d: Demo, q: Any) -> QDialog:
    from app.ui.directory.household_search import HouseholdSearchDialog, household_of

    detail = _detail(d, q)
    return HouseholdSearchDialog(d.context(CONSULENT), household_of(detail, date.today()))


@factory("app.ui.directory.links.InitiativeWindow")
def _initiative_window(d: Demo, q: Any) -> QDialog:
    from app.ui.directory.links import InitiativeWindow

    return InitiativeWindow(d.context(CP), _initiative(d).id)


@factory("app.ui.directory.outputs.GuideDialog")
def _guide(d: Demo, q: Any) -> QDialog:
    from app.ui.directory.outputs import GuideDialog

    context = d.context(CP)
    return GuideDialog(_region_list(d), context.actor.gemeente_id)


@factory("app.ui.first_start.FirstStartDialog")
def _first_start(d: Demo, q: Any) -> QDialog:
    from app.ui.first_start import FirstStartDialog

    return FirstStartDialog(d.database, d.runner, "tester")


@factory("app.ui.help.shortcuts.ShortcutsDialog")
def _shortcuts(d: Demo, q: Any) -> QDialog:
    from app.ui.help.shortcuts import ShortcutsDialog

    return ShortcutsDialog(_shortcut_rows())


@factory("app.ui.help.window.HelpWindow")
def _help(d: Demo, q: Any) -> QDialog:
    from app.ui.help.window import HelpWindow

    return HelpWindow()


@factory("app.ui.idle_lock.LockDialog")
def _lock(d: Demo, q: Any) -> QDialog:
    from app.ui.idle_lock import LockDialog

    return LockDialog(d.context(CONSULENT), 15)


@factory("app.ui.imports.history_dialog.ImportHistoryDialog")
def _history(d: Demo, q: Any) -> QDialog:
    from app.ui.imports.history_dialog import ImportHistoryDialog

    return ImportHistoryDialog(d.context(REGIO))


@factory("app.ui.imports.history_dialog.UndoRefusedDialog")
def _undo_refused(d: Demo, q: Any) -> QDialog:
    from app.ui.imports.history_dialog import UndoRefusedDialog

    return UndoRefusedDialog(*_batch())


@factory("app.ui.imports.wizard.ImportWizard")
def _wizard(d: Demo, q: Any) -> QDialog:
    from app.ui.imports.wizard import ImportWizard

    return ImportWizard(d.context(REGIO))


@factory("app.ui.settings_dialog.SettingsDialog")
def _settings(d: Demo, q: Any) -> QDialog:
    from app.ui.settings_dialog import SettingsDialog

    return SettingsDialog(PG, d.runner)


@factory("app.ui.sign_in_dialog.SignInDialog")
def _sign_in(d: Demo, q: Any) -> QDialog:
    from app.ui.sign_in_dialog import SignInDialog

    return SignInDialog(PG, d.runner, message="De server is niet bereikbaar. Controleer de "
                        "netwerkverbinding en probeer het opnieuw.")  # fmt: skip


@factory("app.ui.welcome.WelcomeDialog")
def _welcome(d: Demo, q: Any) -> QDialog:
    from pathlib import Path

    from app.ui.welcome import WelcomeDialog

    # The first start with IT's preset connection shown (the fuller of its two forms).
    return WelcomeDialog(PG, Path("C:/Users/demo/AppData/Local/DoorlopendeLijn/doorlopende-lijn-DEMO.db"))


def build_all(d: Demo, qtbot: Any) -> Iterator[tuple[str, QDialog]]:
    """Each discovered dialog, built, shown and added to qtbot (so it is closed after the test)."""
    for name in sorted(dialog_classes()):
        if name in NOT_CONSTRUCTED:
            continue
        dialog = FACTORIES[name](d, qtbot)
        qtbot.addWidget(dialog)
        yield name, dialog


def screenshot_dir() -> Path | None:
    import os

    shots = os.environ.get("DL_SCREENSHOTS")
    return Path(shots) if shots else None


def save_contact_sheets(shots: list[tuple[str, Any]], folder: Path, stem: str, per_sheet: int = 6) -> None:
    """Grabs (name, QPixmap) laid out 3 across with their names, several sheets of ``per_sheet``."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap

    cell_w, cell_h, label = 980, 720, 24
    for start in range(0, len(shots), per_sheet):
        chunk = shots[start : start + per_sheet]
        sheet = QPixmap(cell_w * 3, (cell_h + label) * ((len(chunk) + 2) // 3))
        sheet.fill(QColor("#808080"))
        painter = QPainter(sheet)
        for n, (name, pixmap) in enumerate(chunk):
            x, y = (n % 3) * cell_w, (n // 3) * (cell_h + label)
            painter.fillRect(QRect(x, y, cell_w, label), QColor("white"))
            painter.drawText(QRect(x + 6, y, cell_w - 12, label), Qt.AlignmentFlag.AlignVCenter,
                             f"{name} {pixmap.width()}×{pixmap.height()}")  # fmt: skip
            shown = pixmap
            if pixmap.width() > cell_w - 4 or pixmap.height() > cell_h - 4:
                shown = pixmap.scaled(cell_w - 4, cell_h - 4, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            painter.drawPixmap(x + 2, y + label + 2, shown)
        painter.end()
        sheet.save(str(folder / f"{stem}-{start // per_sheet + 1:02d}.png"))

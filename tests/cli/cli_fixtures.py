"""Data and a runner shared by the command-line tests: the real ``app.cli.run`` on a fresh database
with committed rows (board figures for 2017, a Zeist dossier with handovers, users)."""

from __future__ import annotations

import datetime as dt

from app.cli import run
from app.db.session import Database
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind, HandoverStatus
from app.domain.roles import Role
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.services.users import create_user, sign_in
from tests.db import board_fixtures as bf
from tests.db.case_fixtures import BUNNIK, UTRECHT, ZEIST, family
from tests.identity import playable

TODAY = dt.date.today()
LONG_HEAD = "Abdulrahman Mohammed Al-Hashimi van den Berg-Ouédraogo"
# Taakstellingen 2017-H2 (persons): the board's total row must add these up.
TARGETS = {ZEIST: 12, UTRECHT: 40, BUNNIK: 5}


def cli(db: Database, *argv: str) -> int:
    return run(["--db", db.url.render_as_string(hide_password=False), *argv])


def add_users(db: Database) -> None:
    """regio (Utrecht) and cp (Zeist) to play with --as, and the tester's own account (beheerder)."""
    playable(db)
    with db.unit_of_work() as session:
        system = Actor.system_actor("test")
        create_user(session, system, login="regio", name="Rita Regio", role=Role.REGIO_COORDINATOR,
                    gemeente_code=UTRECHT)  # fmt: skip
        create_user(session, system, login="cp", name="Cor Contact", role=Role.CONTACTPERSOON,
                    gemeente_code=ZEIST)  # fmt: skip


def add_board(db: Database) -> None:
    """Periods 2017-H1 and 2017-H2, taakstellingen in 2017-H2, a few housed households."""
    with db.unit_of_work() as session:
        periods = bf.setup_periods(session)
        for code, persons in TARGETS.items():
            bf.taakstelling(session, code, periods["2017-H2"], persons)
        bf.koppeling(session, ZEIST, dt.date(2017, 3, 1), 4, housed_on=dt.date(2017, 8, 1))
        bf.koppeling(session, UTRECHT, dt.date(2017, 4, 1), 3, housed_on=dt.date(2017, 9, 1))


def add_cases(db: Database) -> dict[str, int]:
    """A Zeist dossier (a long name) with two handovers to print: consent given for both."""
    with db.unit_of_work() as session:
        cp = sign_in(session, "cp")
        dossier = family(session, cp, head=LONG_HEAD)
        ids = {"dossier": dossier.id}
        for key, kind, due in (("gp", HandoverKind.GCA_HUISARTS, TODAY),
                               ("vwn", HandoverKind.VWN_MB, TODAY - dt.timedelta(days=3))):  # fmt: skip
            h = ho.create_handover(session, cp, dossier.id, ho.HandoverInput(kind, due_on=due))
            h = ho.record_consent(
                session,
                cp,
                h.id,
                h.version,
                ConsentStatus.GEGEVEN,
                on=dt.date.today(),
                method=ConsentMethod.IN_PERSON,
            )
            ho.change_status(session, cp, h.id, h.version, HandoverStatus.AANGEVRAAGD)
            ids[key] = h.id
    return ids

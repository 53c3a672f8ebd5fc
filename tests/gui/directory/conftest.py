"""Fixtures for the directory GUI: a contactpersoon of Zeist, a consulent of Bunnik, a few
initiatives entered through the services on a real (migrated) database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.ui.context import AppContext
from tests.directory.fixtures import BUNNIK, ZEIST, initiative

pytestmark = pytest.mark.usefixtures("qapp")

LONG_AGO = date.today() - timedelta(days=400)  # past the check period (6 months) and the next


def wait_task(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


@pytest.fixture
def zeist(make_user: Callable[..., Actor]) -> Actor:
    return make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST, name="Zara Zeist")


@pytest.fixture
def bunnik(make_user: Callable[..., Actor]) -> Actor:
    return make_user("cons-bunnik", Role.CONSULENT, BUNNIK, name="Bram Bunnik")


@pytest.fixture
def three(fresh_database: Database, zeist: Actor, bunnik: Actor) -> dict[str, int]:
    """A Zeist taalcafé (Arabic, checked long ago), a Zeist homework class for children (never
    checked, entered long ago), and a Bunnik sport club in Tigrinya that is open to the region."""
    with fresh_database.unit_of_work() as session:
        cafe = initiative(session, zeist, today=LONG_AGO, languages=["nl", "ar"])
        homework = initiative(
            session, zeist, today=LONG_AGO - timedelta(days=10), name="Huiswerkklas Oost", kind="huiswerk",
            target_groups=["kinderen"], min_age=6, max_age=12, languages=["nl"], places_available=3,
        )  # fmt: skip
        sport = initiative(
            session, bunnik, BUNNIK, today=date.today(), name="Voetbal voor iedereen", kind="sport",
            open_to_region=True, languages=["nl", "ti"], target_groups=["jongeren"], min_age=12, max_age=23,
        )  # fmt: skip
        from app.services.directory.initiatives import verify_initiative

        verify_initiative(session, zeist, cafe.id, cafe.version, today=LONG_AGO + timedelta(days=1))
        return {"cafe": cafe.id, "homework": homework.id, "sport": sport.id}


@pytest.fixture
def context(make_context: Callable[[Actor], AppContext], zeist: Actor) -> AppContext:
    return make_context(zeist)

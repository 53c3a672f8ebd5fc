"""What the referral GUI tests share: a Zeist family (the head speaks Turkish), a consulent who
refers, and initiatives of which one fits the household."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.db.session import Database
from app.domain.roles import Role
from app.ui.context import AppContext
from tests.db.case_fixtures import family
from tests.directory.fixtures import BUNNIK, ZEIST, initiative
from tests.gui.board.test_overview import make_context

HEAD = "Ayşe Özdemir"


@dataclass(frozen=True)
class Scene:
    consulent: AppContext
    dossier_id: int
    fits: int  # Turkish, in Zeist, every age of the household
    other_language: int  # Zeist, Tigrinya only
    elsewhere: int  # Bunnik, not open to the region
    region: int  # Bunnik, open to the region, Turkish


def scene(db: Database) -> Scene:
    consulent = make_context(db, "cons-zeist", Role.CONSULENT, ZEIST)
    keeper = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    bunnik = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    day = date(2026, 1, 5)
    with db.unit_of_work() as s:
        dossier = family(s, consulent.actor, ZEIST, head=HEAD)
        fits = initiative(s, keeper.actor, name="Buurtcafé Samen", kind="ontmoeting", languages=["tr", "nl"],
                          target_groups=["iedereen"], places_available=6, today=day)  # fmt: skip
        other = initiative(
            s, keeper.actor, name="Taalmaatjes Zeist", kind="taalmaatje", languages=["ti"], today=day
        )
        elsewhere = initiative(s, bunnik.actor, BUNNIK, name="Fietsles Bunnik", kind="fietsles",
                               languages=["tr"], today=day)  # fmt: skip
        region = initiative(s, bunnik.actor, BUNNIK, name="Regionaal Sportfonds", kind="sport",
                            languages=["tr", "ar"], open_to_region=True, today=day)  # fmt: skip
        return Scene(consulent, dossier.id, fits.id, other.id, elsewhere.id, region.id)

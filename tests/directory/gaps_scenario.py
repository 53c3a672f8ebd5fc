"""A small region for the gaps, with figures worked out by hand (see EXPECTED below).

Initiatives (active unless said otherwise):
  1. Zeist taalcafé, Nederlands + Arabisch (runs in Zeist)
  2. Utrecht sport, Nederlands + Engels + Tigrinya, open to the region
  3. Bunnik buddy, Nederlands + Dari, runs in Bunnik and Zeist
  4. Zeist juridisch spreekuur in het Tigrinya — gestopt: it does not count
  5. Utrecht huiswerkbegeleiding in het Somalisch, Utrecht only, via tolk too

Open dossiers (members' languages):
  Zeist   A: "Arabisch, Tigrinya", "Tigrinya", "Somalisch", ""   B: "Dari", "Farsi"
  Zeist   C (closed): "Turks", "Turks" — not counted
  Bunnik  D: "Somalisch", "Somalisch", "Engels"
  Utrecht E: "Somalisch", "Arabisch", "Koerdisch"

So Zeist (6 people; 1 without a known language) can go to 1, 2 and 3 — Nederlands, Arabisch,
Engels, Tigrinya, Dari — and misses Farsi (1) and Somalisch (1); Bunnik (3) goes to 2 and 3 and
misses Somalisch (2); Utrecht (3) goes to 2 and 5 and misses Arabisch (1) and Koerdisch (1).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.db.models import Dossier
from app.domain.case_dossier import DossierStatus, MemberRole
from app.domain.directory import InitiativeStatus
from app.services.access import Actor
from app.services.cases import dossiers as ds
from app.services.cases import members as dm
from tests.db.board_fixtures import koppeling
from tests.directory.fixtures import BUNNIK, UTRECHT, ZEIST, initiative

HOUSEHOLDS: list[tuple[str, tuple[str, ...], bool]] = [
    (ZEIST, ("Arabisch, Tigrinya", "Tigrinya", "Somalisch", ""), True),
    (ZEIST, ("Dari", "Farsi"), True),
    (ZEIST, ("Turks", "Turks"), False),
    (BUNNIK, ("Somalisch", "Somalisch", "Engels"), True),
    (UTRECHT, ("Somalisch", "Arabisch", "Koerdisch"), True),
]

# (gemeente, what, code, persons) in the order of the table
EXPECTED_LANGUAGE_GAPS = {
    ZEIST: [("taal", "fa", 1), ("taal", "so", 1)],
    BUNNIK: [("taal", "so", 2)],
    UTRECHT: [("taal", "ar", 1), ("taal", "ku", 1)],
}
EXPECTED_PERSONS = {ZEIST: 6, BUNNIK: 3, UTRECHT: 3}
EXPECTED_UNKNOWN = {ZEIST: 1, BUNNIK: 0, UTRECHT: 0}
# kinds residents can go to: (local, regional)
EXPECTED_KINDS = {
    ZEIST: {"taalcafe": (1, 0), "sport": (0, 1), "buddy": (1, 0)},
    BUNNIK: {"sport": (0, 1), "buddy": (1, 0)},
    UTRECHT: {"sport": (1, 0), "huiswerk": (1, 0)},
}
# Columns: most spoken in the region first (Somalisch 4; Arabisch 2, Tigrinya 2; then 1 each by
# name), then the languages only offered (Nederlands).
EXPECTED_LANGUAGES = ["so", "ar", "ti", "prs", "en", "fa", "ku", "nl"]


def build_initiatives(session: Session, actor: Actor) -> None:
    """``actor`` may write every municipality's entries (a regio-coördinator or the system)."""
    initiative(session, actor, ZEIST, languages=["nl", "ar"])
    initiative(session, actor, UTRECHT, name="Sportmaatjes", kind="sport", languages=["nl", "en", "ti"],
               open_to_region=True)  # fmt: skip
    initiative(session, actor, BUNNIK, name="Buddy Bunnik", kind="buddy", languages=["nl", "prs"],
               gemeenten=[BUNNIK, ZEIST])  # fmt: skip
    initiative(session, actor, ZEIST, name="Spreekuur", kind="juridisch", languages=["ti"],
               status=InitiativeStatus.GESTOPT)  # fmt: skip
    initiative(session, actor, UTRECHT, name="Huiswerkklas", kind="huiswerk", languages=["so"],
               via_interpreter=True)  # fmt: skip


def build_households(session: Session, actors: dict[str, Actor]) -> dict[str, list[int]]:
    """The dossiers above, each made by ``actors[code]``; the dossier ids per municipality."""
    made: dict[str, list[int]] = {}
    for n, (code, languages, is_open) in enumerate(HOUSEHOLDS):
        actor = actors[code]
        k = koppeling(session, code, date(2025, 2, 1), len(languages))
        detail = ds.create_dossier_from_koppeling(
            session, actor, k.id,
            head=dm.MemberInput(name=f"Hoofd {n}", birth_date=date(1984, 3, 1), v_nummer=k.v_nummer,
                                languages=languages[0]),
        )  # fmt: skip
        for m, spoken in enumerate(languages[1:]):
            dm.add_member(
                session, actor, detail.id,
                dm.MemberInput(name=f"Lid {n}.{m}", role=MemberRole.PARTNER if m == 0 else MemberRole.KIND,
                               birth_date=date(2010, 1, 1), languages=spoken),
            )  # fmt: skip
        if not is_open:
            row = session.get(Dossier, detail.id)
            assert row is not None
            row.status = DossierStatus.GESLOTEN
            row.closed_on = date(2026, 1, 1)
        session.flush()
        made.setdefault(code, []).append(detail.id)
    return made

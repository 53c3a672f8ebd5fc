"""Gaps in the offer per municipality: the kinds of initiative its residents can go to, and the
languages spoken in its open dossiers that no initiative there (or open to the region) offers.

- ``directory_gaps(session, actor) -> GapsReport`` (app.domain.directory_gaps): the table and the
  two heat maps (municipality × kind, municipality × language) for every active municipality.
- ``household_language_cells(session) -> list[(gemeente code, languages cell, persons)]``

Who speaks what is dossier data, of the user's own municipality only. The gaps need the counts of
the whole region, never who: on PostgreSQL row-level security would hide the other municipalities'
members, so the counts come from the SECURITY DEFINER function ``dl_household_languages()``
(app.db.pg_directory), which returns numbers per municipality and languages cell and nothing else.
On SQLite (a single-user file) the same GROUP BY runs directly.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Dossier, DossierMember, Gemeente, Initiative
from app.domain.case_dossier import DossierStatus
from app.domain.directory import InitiativeStatus, codes_of
from app.domain.directory_gaps import GapsReport, Offer, compute_gaps
from app.domain.roles import Action, Area
from app.services.access import Actor, authorize
from app.services.directory.reference import list_kinds

OBJECT = "hiaten"


def household_language_cells(session: Session) -> list[tuple[str, str, int]]:
    """(gemeente code, languages cell, persons) of the members of open dossiers. Counts only: the
    caller has already been authorised."""
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(text("SELECT gemeente_id, languages, persons FROM dl_household_languages()"))
    else:
        rows = session.execute(
            select(Dossier.gemeente_id, DossierMember.languages, func.count())
            .join(Dossier, Dossier.id == DossierMember.dossier_id)
            .where(Dossier.status == DossierStatus.OPEN)
            .group_by(Dossier.gemeente_id, DossierMember.languages)
        )
    return [(codes[gid], cell or "", int(n)) for gid, cell, n in rows if gid in codes]


def active_offers(session: Session) -> list[Offer]:
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    query = select(
        Initiative.kind, Initiative.gemeente_id, Initiative.gemeenten, Initiative.open_to_region,
        Initiative.languages,
    ).where(Initiative.status == InitiativeStatus.ACTIEF)  # fmt: skip
    return [
        Offer(
            kind=kind,
            runs_in=frozenset(codes_of(gemeenten) or [codes[owner]]),
            open_to_region=bool(open_to_region),
            languages=frozenset(codes_of(languages)),
        )
        for kind, owner, gemeenten, open_to_region, languages in session.execute(query)
    ]


def directory_gaps(session: Session, actor: Actor) -> GapsReport:
    """The gaps of every active municipality of the region (counts of people, never who)."""
    authorize(session, actor, Action.READ, Area.DIRECTORY, OBJECT, gemeente_id=None)
    gemeenten = [
        (code, name)
        for code, name in session.execute(
            select(Gemeente.cbs_code, Gemeente.name).where(Gemeente.active.is_(True)).order_by(Gemeente.name)
        )
    ]
    kinds = list(list_kinds(session).items())
    return compute_gaps(gemeenten, kinds, active_offers(session), household_language_cells(session))

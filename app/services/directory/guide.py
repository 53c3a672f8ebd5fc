"""The newcomer guide: the active initiatives of one municipality (running there or open to the
region), in the order of relevance for one language, printed as PDF.

Public API:

- ``build_guide(session, actor, gemeente_id, languages, today=None) -> Guide``: ``languages`` are
  ISO codes, most important first (one for the guide, a household's for the pack page). The order:
  offered in one of those languages, then via an interpreter, then in Dutch, then in another
  language only; within each, those running in the municipality before those open to the region,
  then by name. Logged as a search of the directory (everyone may read it).
- ``write_guide(session, actor, gemeente_id, language_code, path, today=None) -> int``: the guide
  as PDF at ``path`` (written in one step); returns the page count; logged as a print.
- ``household_languages(texts) -> list[str]``: the codes of the languages a household's members
  speak (DossierMember.languages, Dutch names), most spoken first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Initiative
from app.domain.case_dossier import fold
from app.domain.directory import InitiativeFilter, language_name, parse_languages
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.io.pdf.guide_model import Fit, Guide, GuideEntry, heading_language
from app.services.access import Actor, authorize
from app.services.directory.reference import gemeenten_by_id
from app.services.directory.search import InitiativeRow, search_initiatives

_ORDER = {Fit.OWN: 0, Fit.INTERPRETER: 1, Fit.DUTCH: 2, Fit.OTHER: 3}


def fit_of(languages: Iterable[str], via_interpreter: bool, wanted: Iterable[str]) -> Fit:
    """Where an initiative stands for someone who speaks ``wanted`` (Dutch aside)."""
    spoken = set(languages)
    own = {code for code in wanted if code != "nl"}
    if spoken & own:
        return Fit.OWN
    if via_interpreter and own:  # for a Dutch guide an interpreter is beside the point
        return Fit.INTERPRETER
    if "nl" in spoken or not spoken:
        return Fit.DUTCH
    return Fit.OTHER


def household_languages(texts: Iterable[str]) -> list[str]:
    """The languages of a household's members, most spoken first (then as first written)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for text in texts:
        for code in parse_languages(text or "")[0]:
            counts[code] += 1
            first.setdefault(code, len(first))
    return sorted(counts, key=lambda c: (-counts[c], first[c]))


def _languages_text(codes: tuple[str, ...], wanted: list[str]) -> str:
    ordered = [c for c in wanted if c in codes] + [c for c in ("nl",) if c in codes and c not in wanted]
    ordered += [c for c in codes if c not in ordered]
    return ", ".join(language_name(c) for c in ordered)


def _places(row: InitiativeRow) -> str:
    if row.places_available is None:
        return "Er is een wachtlijst" if row.waiting_list else ""
    if row.places_available == 0:
        return "Vol, er is een wachtlijst" if row.waiting_list else "Nu vol"
    return "1 plaats vrij" if row.places_available == 1 else f"{row.places_available} plaatsen vrij"


def _organisation(gemeente_name: str) -> str:
    from app.config import load_settings

    return load_settings().letterhead.organisation.strip() or f"Gemeente {gemeente_name}"


def build_guide(
    session: Session, actor: Actor, gemeente_id: int, languages: list[str], today: date | None = None
) -> Guide:
    names = gemeenten_by_id(session)
    if gemeente_id not in names:
        raise NotFound("Deze gemeente bestaat niet.")
    code, gemeente_name = names[gemeente_id]
    day = today or date.today()
    wanted = [c for c in languages if c != "nl"]
    rows = search_initiatives(session, actor, InitiativeFilter(gemeente=code, include_region=True), day)
    more = {
        r.id: r
        for r in session.execute(
            select(Initiative.id, Initiative.cost, Initiative.website, Initiative.by_appointment).where(
                Initiative.id.in_([row.id for row in rows])
            )
        )
    }
    entries = []
    for row in rows:
        extra = more[row.id]
        local = code in row.gemeenten
        where = "\n".join(p for p in (row.address, "Online" if row.online else "") if p)
        schedule = row.schedule or ("Op afspraak" if extra.by_appointment else "")
        contact = tuple(
            p for p in (row.contact_name, row.contact_phone, row.contact_email, extra.website) if p
        )
        entries.append(
            GuideEntry(
                name=row.name, kind_label=row.kind_label, organisation=row.organisation,
                description=row.description, languages=_languages_text(row.languages, wanted),
                via_interpreter=row.via_interpreter, schedule=schedule, where=where, cost=extra.cost,
                places=_places(row), contact=contact,
                fit=fit_of(row.languages, row.via_interpreter, wanted), local=local,
            )
        )  # fmt: skip
    entries.sort(key=lambda e: (_ORDER[e.fit], not e.local, fold(e.name)))
    shown = heading_language(wanted)
    first = wanted[0] if wanted else "nl"
    return Guide(
        gemeente_name=gemeente_name,
        language_code=shown if shown != "nl" else first,
        language_name=language_name(first) if len(wanted) == 1 else "",  # several: "In uw taal"
        entries=tuple(entries),
        made_on=day,
        organisation=_organisation(gemeente_name),
    )


def write_guide(
    session: Session,
    actor: Actor,
    gemeente_id: int,
    language_code: str,
    path: str | Path,
    today: date | None = None,
) -> int:
    """The newcomer guide of one municipality in one language's order, as PDF at ``path``."""
    guide = build_guide(session, actor, gemeente_id, [language_code], today)
    authorize(
        session, actor, Action.PRINT, Area.DIRECTORY, "gids", gemeente_id, gemeente_id=None,
        detail=f"gids voor nieuwkomers, taal {language_code}, {len(guide.entries)} initiatieven",
    )  # fmt: skip
    from app.io.pdf.initiatives_guide import render
    from app.io.pdf.packs import write_private

    data, pages = render(guide)
    write_private(Path(path), data)
    return pages

"""The planner's lists to Excel: the employers (as the Werkgevers tab filters them) and the challenges
(upcoming and past, with what is still open). Rights, access log and the atomic write are
app.services.exports'; the employers' columns carry the labels of the ``werkgevers`` import, so an
exported list can be corrected and read back in.

Public API:

- ``export_employers(session, actor, path, text_filter="", wsp=None) -> ExportResult``
- ``export_challenges(session, actor, path, today) -> ExportResult``
- ``export_dashboard(session, actor, year, path) -> ExportResult``: per municipality the target
  (indicatief), places pledged, filled, started and completed and the shares of the target, a line
  for the region, then one per kind of place.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.domain.challenges import SBI_SECTIONS, PlaceKind
from app.io.excel.writer import ColumnSpec
from app.services.access import Actor
from app.services.exports import ExportResult, ensure_may_export, export_list

EMPLOYERS_LIST = "werkgevers"
CHALLENGES_LIST = "challenges"
DASHBOARD_LIST = "challenge-dashboard"

EMPLOYER_COLUMNS = [
    ColumnSpec("naam", "Naam", "text", 32.0),
    ColumnSpec("kvk", "KvK-nummer", "text", 12.0),
    ColumnSpec("gemeente", "Gemeente", "text", 18.0),
    ColumnSpec("wsp", "Werkgeversservicepunt", "text", 20.0),
    ColumnSpec("sector", "Sector", "text", 30.0),
    ColumnSpec("grootte", "Grootte", "text", 9.0),
    ColumnSpec("adres", "Adres", "text", 28.0),
    ColumnSpec("contactpersoon", "Contactpersoon", "text", 22.0),
    ColumnSpec("functie", "Functie contactpersoon", "text", 18.0),
    ColumnSpec("telefoon", "Telefoon", "text", 14.0),
    ColumnSpec("email", "E-mail", "text", 26.0),
    ColumnSpec("meer", "Andere contactpersonen", "text", 30.0),
    ColumnSpec("actief", "Actief", "text", 7.0),
    ColumnSpec("toegezegd", "Plekken toegezegd", "int", 10.0),
    ColumnSpec("ingevuld", "Plekken ingevuld", "int", 10.0),
    ColumnSpec("betrouwbaar", "Betrouwbaarheid (%)", "int", 12.0),
]
CHALLENGE_COLUMNS = [
    ColumnSpec("nummer", "Nummer", "int", 8.0),
    ColumnSpec("datum", "Datum", "date", 11.0),
    ColumnSpec("tijd", "Tijd", "text", 12.0),
    ColumnSpec("titel", "Titel", "text", 34.0),
    ColumnSpec("plaats", "Plaats", "text", 26.0),
    ColumnSpec("organisatoren", "Organiserende gemeenten", "text", 28.0),
    ColumnSpec("status", "Status", "text", 20.0),
    ColumnSpec("doel", "Doel (plekken)", "int", 9.0),
    ColumnSpec("soorten", "Soorten plekken", "text", 30.0),
    ColumnSpec("toegezegd", "Plekken toegezegd", "int", 10.0),
    ColumnSpec("ingevuld", "Plekken ingevuld", "int", 10.0),
    ColumnSpec("open", "Nog open", "text", 44.0),
]


def export_employers(
    session: Session,
    actor: Actor,
    path: str | os.PathLike[str],
    text_filter: str = "",
    wsp: str | None = None,
) -> ExportResult:
    """The employers as ``list_employers`` finds them, with their contacts and their record."""
    from app.db.models import Employer
    from app.services.challenges.employers import history_of, list_employers

    ensure_may_export(session, actor, EMPLOYERS_LIST)
    data = []
    for row in list_employers(session, actor, text_filter, wsp=wsp):
        info = session.get(Employer, row.id)
        assert info is not None
        history = history_of(session, row.id)
        first = info.contacts[0] if info.contacts else None
        others = info.contacts[1:]
        share = history.reliability
        data.append(
            [
                info.name,
                info.kvk or "",
                row.gemeente_name,
                info.wsp,
                f"{info.sector} – {SBI_SECTIONS[info.sector]}" if info.sector else "",
                info.size_class,
                info.address,
                first.name if first else "",
                first.role if first else "",
                first.phone if first else "",
                first.email if first else "",
                "; ".join(" · ".join(p for p in (c.name, c.role, c.phone, c.email) if p) for c in others),
                "ja" if info.active else "nee",
                history.total.pledged,
                history.total.filled,
                None if share is None else round(100 * share),
            ]
        )
    filters = [
        f"zoekterm '{text_filter.strip()}'" if text_filter.strip() else "",
        f"servicepunt {wsp}" if wsp else "",
    ]
    return export_list(
        session,
        actor,
        EMPLOYERS_LIST,
        EMPLOYER_COLUMNS,
        data,
        path,
        filter_text=", ".join(f for f in filters if f),
        sort_text="naam",
    )


def export_challenges(
    session: Session, actor: Actor, path: str | os.PathLike[str], today: date
) -> ExportResult:
    """Every challenge by date, with the places pledged and filled and what is still open."""
    from app.services.challenges.challenges import planner

    ensure_may_export(session, actor, CHALLENGES_LIST)
    plan = planner(session, actor, today)
    data = []
    for entry in sorted(
        [*plan.upcoming, *plan.past], key=lambda e: (e.challenge.data.held_on, e.challenge.id)
    ):
        c = entry.challenge
        data.append(
            [
                c.id,
                c.data.held_on,
                c.when_text,
                c.data.title,
                c.data.venue,
                ", ".join(c.organiser_names),
                c.status.label,
                c.data.target_places,
                ", ".join(PlaceKind(k).label for k in c.data.target_kinds),
                entry.pledged,
                entry.filled,
                entry.open_text(),
            ]
        )
    return export_list(session, actor, CHALLENGES_LIST, CHALLENGE_COLUMNS, data, path, sort_text="datum")


DASHBOARD_COLUMNS = [
    ColumnSpec("wat", "Gemeente of soort plaats", "text", 26.0),
    ColumnSpec("doel", "Doel (indicatief)", "int", 11.0),
    ColumnSpec("toegezegd", "Toegezegd", "int", 10.0),
    ColumnSpec("vervuld", "Vervuld", "int", 10.0),
    ColumnSpec("gestart", "Gestart", "int", 10.0),
    ColumnSpec("afgerond", "Afgerond", "int", 10.0),
    ColumnSpec("pct_toegezegd", "Toegezegd (% van het doel)", "int", 12.0),
    ColumnSpec("pct_vervuld", "Vervuld (% van het doel)", "int", 12.0),
]


def export_dashboard(session: Session, actor: Actor, year: int, path: str | os.PathLike[str]) -> ExportResult:
    """The dashboard of ``year`` as the tab shows it: the municipalities, the region, the kinds."""
    from app.services.challenges.dashboard import challenge_dashboard

    ensure_may_export(session, actor, DASHBOARD_LIST)
    board = challenge_dashboard(session, actor, year)

    def line(label: str, f: Any) -> list[Any]:
        shares = [f.percent(f.pledged), f.percent(f.filled)]
        rounded = [None if v is None else round(v) for v in shares]
        return [label, f.target, f.pledged, f.filled, f.started, f.completed, *rounded]

    data = [line(r.name, r.figures) for r in board.rows]
    data.append(line("Regio (totaal)", board.total))
    data += [line(kind.label, figures) for kind, figures in board.kinds.items()]
    note = f"jaar {year}; doelen indicatief, naar rato van het aantal inwoners"
    return export_list(session, actor, DASHBOARD_LIST, DASHBOARD_COLUMNS, data, path, filter_text=note)

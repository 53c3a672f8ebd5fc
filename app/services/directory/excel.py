"""The directory in Excel: any selection of initiatives, and the mail-merge sheet of a
verification round.

- ``export_initiatives(session, actor, ids, path) -> ExportResult``: the initiatives ``ids`` (in
  that order), every field in Dutch, lists spelled out ("Arabisch, Tigrinya, via tolk"). The
  columns are those the import kind ``initiatieven`` reads, so the file goes back in unchanged.
- ``export_verification_round(session, actor, gemeente_id, path, today=None) -> ExportResult``: the
  owner's initiatives that are *te controleren*: contact, e-mail, the data as it stands, and the
  answer columns "Klopt nog (ja/nee)" and "Nieuw: …". The import kind ``controleronde`` reads the
  answers back ("ja" → verified, "nee" + corrections → verified with the corrections, empty →
  nothing).

Rights: exporting is reading (everyone reads the directory); a verification round only for whoever
keeps that municipality's entries (its contactpersoon or consulent, a regio-coördinator).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Initiative
from app.domain.directory import codes_of
from app.domain.roles import Action, Area
from app.domain.timefmt import local_text
from app.imports.initiative_fields import DATA_FIELDS
from app.imports.initiative_values import age_text, groups_text, languages_text
from app.imports.initiatives_kind import ANSWER_LABEL, NEW_LABEL, VerificationRoundKind
from app.io.excel.writer import ColumnSpec
from app.services.access import Actor, authorize
from app.services.directory.reference import gemeenten_by_id, list_kinds
from app.services.directory.search import to_check
from app.services.exports import ExportResult, export_list

# The data columns, in the order of the import's fields (a field the export has no column of
# of its own, such as the separate age limits, is left out: "Leeftijd" says it).
_DATA_KEYS = tuple(f.key for f in DATA_FIELDS if f.key not in ("min_leeftijd", "max_leeftijd"))
_LABEL = {f.key: f.label for f in DATA_FIELDS}
_WIDE = {"omschrijving": 50.0, "naam": 30.0, "wanneer": 28.0, "adres": 28.0}
# In a mail merge the contact comes first: whom to write, and to which address.
_ROUND_FIRST = ("naam", "organisatie", "contactpersoon", "email", "telefoon")


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


class _Shown:
    """An initiative's fields as the sheet shows them (one look-up of names per export)."""

    def __init__(self, session: Session) -> None:
        self.gemeenten = gemeenten_by_id(session)
        self.names = dict(self.gemeenten.values())
        self.kinds = list_kinds(session, include_inactive=True)

    def value(self, key: str, row: Initiative) -> Any:
        match key:
            case "naam":
                return row.name
            case "organisatie":
                return row.organisation
            case "soort":
                return self.kinds.get(row.kind, row.kind)
            case "omschrijving":
                return row.description
            case "doelgroep":
                return groups_text(codes_of(row.target_groups))
            case "leeftijd":
                return age_text(row.min_age, row.max_age)
            case "talen":
                return languages_text(codes_of(row.languages), row.via_interpreter)
            case "gemeente":
                return self.gemeenten[row.gemeente_id][1]
            case "werkgebied":
                return ", ".join(self.names.get(c, c) for c in codes_of(row.gemeenten))
            case "open_regio":
                return _yes_no(row.open_to_region)
            case "plaatsen":
                return row.places_available
            case "wachtlijst":
                return _yes_no(row.waiting_list)
            case "wanneer":
                return row.schedule or ("Op afspraak" if row.by_appointment else "")
            case "op_afspraak":
                return _yes_no(row.by_appointment)
            case "adres":
                return row.address or ("Online" if row.online else "")
            case "online":
                return _yes_no(row.online)
            case "toegankelijkheid":
                return row.accessibility
            case "kosten":
                return row.cost
            case "contactpersoon":
                return row.contact_name
            case "telefoon":
                return row.contact_phone
            case "email":
                return row.contact_email
            case "website":
                return row.website
            case "status":
                return row.status.label
        raise KeyError(key)  # pragma: no cover


def _column(key: str) -> ColumnSpec:
    kind = "int" if key == "plaatsen" else "text"
    return ColumnSpec(key, _LABEL[key], kind, _WIDE.get(key))  # type: ignore[arg-type]


def _rows_by_id(session: Session, ids: Sequence[int]) -> list[Initiative]:
    found = {r.id: r for r in session.scalars(select(Initiative).where(Initiative.id.in_(list(ids))))}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def export_initiatives(
    session: Session, actor: Actor, ids: Sequence[int], path: str | os.PathLike[str]
) -> ExportResult:
    """The initiatives ``ids`` to ``path`` (.xlsx): number, every field, both dates."""
    rows = _rows_by_id(session, ids)
    shown = _Shown(session)
    columns = [
        ColumnSpec("nummer", "Nummer", "int"),
        *(_column(k) for k in _DATA_KEYS),
        ColumnSpec("gewijzigd", "Laatst gewijzigd", "text"),
        ColumnSpec("gecontroleerd", "Laatst gecontroleerd", "date"),
        ColumnSpec("door", "Gecontroleerd door", "text"),
    ]
    data = [
        [
            r.id,
            *(shown.value(k, r) for k in _DATA_KEYS),
            local_text(r.changed_at),
            r.checked_on,
            r.checked_by,
        ]
        for r in rows
    ]
    return export_list(
        session, actor, "initiatieven", columns, data, path, filter_text=f"{len(rows)} gekozen initiatieven"
    )


def round_columns() -> list[ColumnSpec]:
    """The verification round's columns: number, contact first, the data, then the answers."""
    rest = [k for k in _DATA_KEYS if k not in _ROUND_FIRST]
    answers = VerificationRoundKind.correction_keys()  # the fields a correction may change
    return [
        ColumnSpec("nummer", "Nummer", "int"),
        *(_column(k) for k in (*_ROUND_FIRST, *rest)),
        ColumnSpec("gecontroleerd", "Laatst gecontroleerd", "date"),
        ColumnSpec("klopt_nog", ANSWER_LABEL, "text", 18.0),
        *(ColumnSpec("nieuw_" + k, NEW_LABEL.format(label=_LABEL[k]), "text", 20.0) for k in answers),
    ]


def export_verification_round(
    session: Session,
    actor: Actor,
    gemeente_id: int,
    path: str | os.PathLike[str],
    today: date | None = None,
) -> ExportResult:
    """The *te controleren* initiatives of ``gemeente_id`` as a mail-merge sheet with answer columns."""
    # A round is sent by whoever keeps the entries; the check is logged like any other.
    authorize(
        session, actor, Action.UPDATE, Area.DIRECTORY, "controleronde", gemeente_id=gemeente_id,
        detail="controleronde exporteren",
    )  # fmt: skip
    ids = [r.id for r in to_check(session, actor, gemeente_id, today)]
    rows = _rows_by_id(session, ids)
    shown = _Shown(session)
    columns = round_columns()
    data_keys = [c.key for c in columns[1:] if c.key in _LABEL]
    blank_answers = [""] * (len(columns) - 2 - len(data_keys))  # "Klopt nog" and every "Nieuw: …"
    data = [[r.id, *(shown.value(k, r) for k in data_keys), r.checked_on, *blank_answers] for r in rows]
    name = shown.gemeenten.get(gemeente_id, ("", str(gemeente_id)))[1]
    return export_list(
        session, actor, "controleronde", columns, data, path,
        filter_text=f"te controleren, eigenaar {name}",
    )  # fmt: skip

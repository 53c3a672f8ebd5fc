"""Named column-mapping profiles, shared by everyone importing the same kind of sheet.

A profile is keyed on normalised header text (see app.io.excel.headers.make_profile), so it keeps
working when a sender moves columns around.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import ImportProfile
from app.domain.roles import Action
from app.errors import NotFound, ValidationError
from app.imports.kinds import kind_class
from app.io.excel.headers import make_profile, normalise_header
from app.services.access import Actor, authorize


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    kind: str
    name: str
    columns: dict[str, str]
    saved_by: str


def _info(row: ImportProfile) -> ProfileInfo:
    data = json.loads(row.mapping)
    return ProfileInfo(row.id, row.kind, row.name, dict(data.get("columns", {})), row.saved_by)


def list_profiles(session: Session, kind: str) -> list[ProfileInfo]:
    rows = session.scalars(
        select(ImportProfile).where(ImportProfile.kind == kind).order_by(ImportProfile.name)
    )
    return [_info(r) for r in rows]


def load_profile(session: Session, kind: str, name: str) -> dict[str, Any]:
    row = session.scalar(select(ImportProfile).where(ImportProfile.kind == kind, ImportProfile.name == name))
    if row is None:
        known = ", ".join(p.name for p in list_profiles(session, kind)) or "geen"
        raise NotFound(f"Er is geen importprofiel '{name}' voor deze soort (bekende profielen: {known}).")
    return dict(json.loads(row.mapping))


def profile_name(name: str) -> str:
    """The name as it is stored (spaces tidied); a ValidationError when it cannot be one."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Geef het profiel een naam.", {"name": "verplicht"})
    if len(name) > 80:
        raise ValidationError(
            "De naam van het profiel is te lang (hoogstens 80 tekens).", {"name": "te lang"}
        )
    return name


def save_profile(
    session: Session,
    actor: Actor,
    kind: str,
    name: str,
    header_cells: Sequence[Any],
    mapping: Mapping[int, str],
    *,
    ignored: Sequence[Any] = (),
) -> ProfileInfo:
    """Create or replace the profile `name` for `kind`. ``ignored``: header texts of columns the
    user chose not to import, kept out of the proposal whenever the profile is used."""
    name = profile_name(name)
    if not mapping:
        raise ValidationError("Er is geen enkele kolom gekoppeld; er valt niets op te slaan.")
    # Whoever may import this kind may keep a profile for it.
    area = kind_class(kind).area
    authorize(
        session,
        actor,
        Action.IMPORT,
        area,
        "importprofiel",
        gemeente_id=actor.gemeente_id,
        detail=f"profiel opgeslagen: {kind}: {name}",
    )
    data = make_profile(name, kind, header_cells, mapping)
    skipped = sorted({k for k in map(normalise_header, ignored) if k} - set(data["columns"]))
    if skipped:
        data["ignored"] = skipped
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    row = session.scalar(select(ImportProfile).where(ImportProfile.kind == kind, ImportProfile.name == name))
    if row is None:
        row = ImportProfile(kind=kind, name=name, mapping=text, saved_by=actor.login)
        session.add(row)
    else:
        row.mapping = text
        row.saved_by = actor.login
    session.flush()
    return _info(row)


def delete_profile(session: Session, actor: Actor, kind: str, name: str) -> None:
    row = session.scalar(select(ImportProfile).where(ImportProfile.kind == kind, ImportProfile.name == name))
    if row is None:
        raise NotFound(f"Er is geen importprofiel '{name}'.")
    authorize(
        session,
        actor,
        Action.IMPORT,
        kind_class(kind).area,
        "importprofiel",
        row.id,
        gemeente_id=actor.gemeente_id,
        detail=f"profiel verwijderd: {kind}: {name}",
    )
    session.delete(row)

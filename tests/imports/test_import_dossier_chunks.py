"""An import of several chunks gives every new koppeling exactly one dossier (made on the write
thread, chunk by chunk, beside the parsing of the next one): with the head's name where that
chunk's rows had one, its first timeline entry and milestone, and one log row for them all. A
preview and a failed import leave none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.models import AccessLog, Dossier, Koppeling
from app.db.session import Database
from app.domain.case_dossier import MilestoneKind, TimelineKind
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.services.access import Actor
from app.services.cases.views import dossier_detail
from tests.imports.conftest import COA_HEADER, write_xlsx

HEADER = [*COA_HEADER, "Voornaam"]


def _rows(today: dt.date) -> list[list[Any]]:
    rows: list[list[Any]] = [HEADER]
    for i in range(11):  # chunks of 3: named, unnamed, named, mixed
        named = (i // 3) % 2 == 0 or i == 10
        rows.append([f"{4 * 10**9 + i:010d}", f"Fictief{i}" if named else None, 3, 1, 2, "Utrecht", today,
                     "Tigrinya", "AZC Zeist", f"Voornaam{i}" if named else None])  # fmt: skip
    return rows


def _import(db: Database, actor: Actor, path: Path, **kw: Any) -> Any:
    with db.unit_of_work() as session:
        return run_import(session, actor, ImportRequest(path, "koppelingen"), **kw)


def _dossiers(db: Database) -> dict[str, tuple[str, int, int]]:
    """Per V-nummer: the head's name, and the timeline entries and milestones its dossier shows
    (as the dossier view reads them: since revision 0022 the first entry and the milestone
    "gekoppeld" of a new dossier are kept in the dossier row; see test_lazy_dossier_origin)."""
    with db.session() as session:
        found = session.execute(
            select(Koppeling.v_nummer, Dossier).join(Dossier, Dossier.koppeling_id == Koppeling.id)
        )
        out = {}
        for v, dossier in found:
            detail = dossier_detail(session, dossier, dt.date.today())
            firsts = [e for e in detail.timeline if e.kind is TimelineKind.DOSSIER and v in e.text]
            gekoppeld = [m for m in detail.milestones if m.kind is MilestoneKind.GEKOPPELD]
            assert all(m.done_on == dossier.linked_on and m.done_by == "COA" for m in gekoppeld)
            out[v] = (dossier.head_name, len(firsts), len(gekoppeld))
    return out


def test_each_chunk_s_koppelingen_get_their_dossiers(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.imports.engine as engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 3)
    rows = _rows(dt.date.today())
    path = write_xlsx(tmp_path / "k.xlsx", rows)
    preview = _import(fresh_database, coordinator, path, dry_run=True)
    assert preview.counts["new"] == 11
    assert _dossiers(fresh_database) == {}
    result = _import(fresh_database, coordinator, path)
    assert result.counts["new"] == 11
    expected = {
        r[0]: (f"{r[9]} {r[1]}" if r[1] else "", 1, 1)  # one timeline entry, one milestone each
        for r in rows[1:]
    }
    assert _dossiers(fresh_database) == expected
    with fresh_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 11
        logged = session.scalars(select(AccessLog.detail).where(AccessLog.object_type == "dossier")).all()
    assert logged == ["11 dossier(s) aangemaakt bij koppelingen (import)"]


def test_an_import_stopped_in_a_later_chunk_leaves_no_dossiers(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.imports.engine as engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 3)
    rows = _rows(dt.date.today())
    rows.append(["4000000099", "X", 3, 1, 2, "Utrecht", "geen datum", "", "", ""])  # in the last chunk
    with fresh_database.unit_of_work() as session:
        request = ImportRequest(write_xlsx(tmp_path / "k.xlsx", rows), "koppelingen", mode="stop")
        result = run_import(session, coordinator, request)
    assert result.stopped_at == len(rows)
    with fresh_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0
        assert session.scalar(select(func.count()).select_from(Koppeling)) == 0

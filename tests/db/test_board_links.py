"""The board and the case register linked: a koppeling's dossier (open, create, refused for another
municipality), reservations traceable both ways, and the V-nummer of a household swap."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from app.db.models import DwellingStatus, KoppelingStatus, SwapRow, SwapStatus
from app.domain.roles import Action, Role
from app.errors import PermissionDenied
from app.services.board.dwellings import DwellingFilter, list_dwellings
from app.services.board.koppelingen import KoppelingFilter, change_status
from app.services.board.swaps import list_swaps
from app.services.board.views import get_koppeling_row, list_koppeling_rows, with_v_nummers
from app.services.cases import dossiers as ds
from app.services.export_lists import collect
from tests.db import board_fixtures as bf
from tests.db.case_fixtures import BUNNIK, ZEIST, last_log_id, log_rows


def test_dossier_for_a_koppeling_is_made_from_its_data_then_opened(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    k = bf.koppeling(session, ZEIST, date.today() - timedelta(days=10), 5, languages="Tigrinya, Arabisch")

    link = ds.dossier_for_koppeling(session, zeist, k.id)
    assert (link.dossier_id, link.may_create, link.refusal) == (None, True, "")

    before = last_log_id(session)
    dossier_id = ds.create_dossier_for_koppeling(session, zeist, k.id)
    detail = ds.get_dossier(session, zeist, dossier_id)
    assert (detail.koppeling_id, detail.v_nummer, detail.linked_on) == (k.id, k.v_nummer, k.linked_on)
    assert detail.gemeente_code == ZEIST
    said = " ".join(e.text for e in detail.timeline)
    assert "5 personen (2 volw., 3 kind.)" in said and "Tigrinya, Arabisch" in said
    created = [r for r in log_rows(session, before) if r.action is Action.CREATE]
    assert created and created[0].object_type == "dossier" and created[0].result == "ok"

    assert ds.dossier_for_koppeling(session, zeist, k.id).dossier_id == dossier_id
    # The board row now names the dossier, for the user who may read it.
    row = get_koppeling_row(session, zeist, k.id)
    assert row.dossier_id == dossier_id and row.dossier_gemeente_code == ZEIST


def test_another_municipality_neither_sees_nor_creates_the_dossier(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    with_dossier = bf.koppeling(session, ZEIST, date.today() - timedelta(days=10), 3)
    without = bf.koppeling(session, ZEIST, date.today() - timedelta(days=5), 2)
    ds.create_dossier_for_koppeling(session, zeist, with_dossier.id)

    # The same answer whether or not Zeist has a dossier: its existence is not Bunnik's to know.
    for k in (with_dossier, without):
        link = ds.dossier_for_koppeling(session, bunnik, k.id)
        assert link.dossier_id is None and not link.may_create
        assert link.refusal == "Dit huishouden hoort bij Zeist; alleen Zeist kan het dossier inzien."
        assert get_koppeling_row(session, bunnik, k.id).dossier_id is None

    before = last_log_id(session)
    with pytest.raises(PermissionDenied):
        ds.create_dossier_for_koppeling(session, bunnik, without.id)
    refused = log_rows(session, before)
    assert [(r.action, r.result) for r in refused] == [(Action.CREATE, "denied")]
    assert ds.dossier_for_koppeling(session, zeist, without.id).may_create  # nothing was made


def test_a_dwelling_names_its_household_and_the_koppeling_its_dwelling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    today = date.today()
    k = bf.koppeling(session, ZEIST, today - timedelta(days=20), 4)
    other = bf.koppeling(session, ZEIST, today - timedelta(days=20), 1)
    home = bf.dwelling(session, ZEIST, 3, 5, today, address="Houtenseweg 12")
    bare = bf.dwelling(session, ZEIST, 1, 2, today)  # no address: its reference is shown
    free = bf.dwelling(session, ZEIST, 2, 3, today)
    change_status(session, zeist, k.id, k.version, KoppelingStatus.WONING_AANGEBODEN, dwelling_id=home.id)
    change_status(session, zeist, other.id, other.version, KoppelingStatus.WONING_AANGEBODEN,
                  dwelling_id=bare.id)  # fmt: skip

    dwellings, _total = list_dwellings(session, zeist, DwellingFilter(gemeente_code=ZEIST))
    by_id = {d.id: d for d in dwellings}
    assert by_id[home.id].status is DwellingStatus.GERESERVEERD
    assert (by_id[home.id].reserved_v_nummer, by_id[home.id].reserved_persons) == (k.v_nummer, 4)
    assert by_id[home.id].reserved_text == f"{k.v_nummer} (4 pers.)"
    assert by_id[free.id].reserved_v_nummer is None and by_id[free.id].reserved_text == ""

    rows, _total = list_koppeling_rows(session, zeist, KoppelingFilter(gemeente_code=ZEIST))
    shown = {r.id: r for r in rows}
    assert shown[k.id].dwelling_text == "Houtenseweg 12" and shown[k.id].dwelling_id == home.id
    assert shown[other.id].dwelling_text == f"Mitros {bare.reference}"
    assert shown[k.id].board_text.startswith(f"Woning aangeboden op {today:%d-%m-%Y} · Houtenseweg 12")

    # Moving in keeps the link (the dwelling is now assigned to the household).
    fresh = get_koppeling_row(session, zeist, k.id)
    change_status(session, zeist, k.id, fresh.version, KoppelingStatus.GEHUISVEST, on=today)
    housed = get_koppeling_row(session, zeist, k.id)
    assert housed.dwelling_text == "Houtenseweg 12" and housed.dwelling_status is DwellingStatus.TOEGEWEZEN
    assert housed.board_text == f"Gehuisvest in Zeist op {today:%d-%m-%Y}"

    # The exports carry the same links.
    woningen = collect(session, zeist, "woningen")
    titles = [c.title for c in woningen.columns]
    row = next(r for r in woningen.rows if r[titles.index("Kenmerk")] == home.reference)
    assert row[titles.index("Voor huishouden (V-nummer)")] == k.v_nummer
    assert row[titles.index("Personen huishouden")] == 4
    koppelingen = collect(session, zeist, "koppelingen")
    titles = [c.title for c in koppelingen.columns]
    row = next(r for r in koppelingen.rows if r[titles.index("V-nummer")] == other.v_nummer)
    assert row[titles.index("Woning")] == f"Mitros {bare.reference}"


def test_board_text_says_where_a_household_stands(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    today = date.today()
    k = bf.koppeling(session, ZEIST, today - timedelta(days=47), 2)  # 70 - 47 = 23 days to the offer
    assert get_koppeling_row(session, zeist, k.id).board_text == "Gekoppeld · nog 23 dagen tot aanbod"
    swapped = bf.koppeling(session, ZEIST, today - timedelta(days=60), 2, status=KoppelingStatus.UITGERUILD)
    swapped.housed_gemeente = bf.gemeente(session, BUNNIK)  # as an agreed swap leaves it
    session.flush()
    assert get_koppeling_row(session, zeist, swapped.id).board_text == (
        "Uitgeruild naar Bunnik · nog 10 dagen tot aanbod"
    )


def test_the_swap_list_and_export_show_the_households_v_nummer(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    periods = bf.setup_periods(session)
    k = bf.koppeling(session, ZEIST, date(2017, 2, 1), 3)
    host, owner = bf.gemeente(session, BUNNIK), bf.gemeente(session, ZEIST)
    for koppeling_id in (k.id, None):  # a household, and a number of persons without one
        session.add(SwapRow(host_gemeente_id=host.id, owner_gemeente_id=owner.id,
                            period_id=periods["2017-H1"], persons=3, koppeling_id=koppeling_id,
                            status=SwapStatus.VOORGESTELD, proposed_by="test"))  # fmt: skip
    session.flush()
    swaps = with_v_nummers(session, list_swaps(session, zeist))
    assert sorted(s.v_nummer for s in swaps) == ["", k.v_nummer]
    export = collect(session, zeist, "swaps")
    column = [c.title for c in export.columns].index("V-nummer")
    assert sorted(r[column] or "" for r in export.rows) == ["", k.v_nummer]

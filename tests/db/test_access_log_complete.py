"""The access log is complete (issue 12): every service function that reads, searches, creates,
changes, deletes, prints, exports or imports a dossier or a board object leaves exactly the
expected rows, each in its own committed unit of work as the program runs it; a conflict, refused
input and a refusal each leave their row; and at the end no row's detail holds a BSN or a name
from the fixture (the whole log is scanned)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import AccessLog, DwellingKind
from app.db.session import Database
from app.domain.case_dossier import MemberRole
from app.domain.roles import Action, Role
from app.errors import UserError
from app.services.access import Actor
from app.services.board import dwellings as dw
from app.services.board import koppelingen as kp
from app.services.cases import dossiers as ds
from app.services.cases import members as dm
from tests.conftest import BACKENDS, _drop_pg_database, _new_pg_database
from tests.db.case_fixtures import BSN_A, BSN_B, BSN_C, BUNNIK, ZEIST, family

# Every name and BSN the fixture puts in the database: none may reach a log row's detail.
HEAD, PARTNER, CHILD = "Ayşe Özdemir", "Mehmet Özdemir", "Elif Özdemir"
NEW_HEAD, NEW_CHILD = "Yohannes Tesfay", "Senait Kahsay"
SECRETS = (HEAD, PARTNER, CHILD, NEW_HEAD, NEW_CHILD, "Özdemir", "Tesfay", "Kahsay", BSN_A, BSN_B, BSN_C)


@dataclass
class World:
    db: Database
    consulent: Actor  # Zeist
    other: Actor  # a consulent of Bunnik
    regio: Actor  # regio-coördinator (board, imports)
    dossier_id: int
    head_member: int
    koppeling_id: int
    tmp: Path
    runs: int = 0


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One database per backend for the whole module: each case commits, as the program does."""
    from app.bootstrap import prepare
    from app.services.users import create_user, sign_in

    tmp = tmp_path_factory.mktemp("log")
    url = f"sqlite+pysqlite:///{tmp / 'log.db'}" if request.param == "sqlite" else _new_pg_database()
    db = Database(url)
    try:
        prepare(db)
        system = Actor.system_actor("test")
        with db.unit_of_work() as s:
            for login, role, code in (("cons", Role.CONSULENT, ZEIST), ("bun", Role.CONSULENT, BUNNIK),
                                      ("regio", Role.REGIO_COORDINATOR, ZEIST)):  # fmt: skip
                create_user(s, system, login=login, name=login.title(), role=role, gemeente_code=code)
        with db.unit_of_work() as s:
            cons, bun, regio = (sign_in(s, login) for login in ("cons", "bun", "regio"))
        with db.unit_of_work() as s:
            detail = family(s, cons)
            dm.update_member(  # a BSN on the head, to be sure it never reaches the log
                s, cons, detail.members[0].id, detail.members[0].version,
                dm.MemberInput(name=HEAD, birth_date=date(1984, 3, 1), bsn=BSN_A,
                               v_nummer=detail.v_nummer, languages="Turks"),
            )  # fmt: skip
            from tests.db.board_fixtures import koppeling

            k = koppeling(s, ZEIST, date(2026, 5, 1), 2)
            ids = detail.id, detail.members[0].id, k.id
        yield World(db, cons, bun, regio, *ids, tmp=tmp)
    finally:
        db.dispose()
        if request.param != "sqlite":
            _drop_pg_database(url)


@dataclass(frozen=True)
class Case:
    name: str
    who: str  # "consulent", "other", "regio"
    call: Callable[[Any, Actor, World], object]
    rows: list[tuple[Action, str, str]]  # (action, object_type, result), in order
    raises: type[BaseException] | None = None


def _dossier_version(s: Any, w: World) -> int:
    from app.db.models import Dossier

    return int(s.get(Dossier, w.dossier_id).version)


def _koppeling_input(w: World, s: Any, **changes: Any) -> kp.KoppelingInput:
    from app.db.models import Koppeling

    info = s.get(Koppeling, w.koppeling_id)  # as it is, without a READ of its own
    data = {"v_nummer": info.v_nummer, "gemeente_code": ZEIST, "linked_on": info.linked_on, "adults": 1,
            "children": 1} | changes  # fmt: skip
    return kp.KoppelingInput(**data)


def _update_koppeling(s: Any, a: Actor, w: World, *, stale: bool = False, **changes: Any) -> object:
    from app.db.models import Koppeling

    version = s.get(Koppeling, w.koppeling_id).version
    data = _koppeling_input(w, s, **changes)
    return kp.update_koppeling(s, a, w.koppeling_id, version - 1 if stale else version, data)


def _new_child(s: Any, a: Actor, w: World) -> object:
    child = dm.MemberInput(name=NEW_CHILD, role=MemberRole.KIND, birth_date=date(2019, 1, 1), bsn=BSN_C)
    return dm.add_member(s, a, w.dossier_id, child)


def _remove_new_child(s: Any, a: Actor, w: World) -> object:
    from app.db.models import DossierMember

    row = s.scalar(select(DossierMember).where(DossierMember.name == NEW_CHILD))
    return dm.remove_member(s, a, row.id, row.version)


def _changes(**kw: Any) -> ds.DossierChanges:
    return ds.DossierChanges(
        **({"moving_date": None, "address_after_move": "", "expected_followers": 0} | kw)
    )


def _export_dossiers(s: Any, a: Actor, w: World) -> object:
    from app.io.excel.writer import ColumnSpec
    from app.services.exports import export_list

    rows, _ = ds.list_dossiers(s, a, ds.DossierFilter())
    return export_list(s, a, "dossiers", [ColumnSpec("n", "Naam", "text")], [[r.head_name] for r in rows],
                       w.tmp / "dossiers.xlsx", items=rows)  # fmt: skip


def _print_pack(s: Any, a: Actor, w: World) -> object:
    from app.domain.handover import HandoverKind
    from app.services.cases import handovers as ho
    from app.services.cases import packs
    from app.services.cases.views import ContactInfo

    with w.db.unit_of_work() as setup:  # the handover, made (and logged) beforehand
        data = ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=ContactInfo("De Linde"))
        hid = ho.create_handover(setup, a, w.dossier_id, data).id
    w.runs = _last_id(w.db)  # only the print's rows are compared
    return packs.build_pack(s, a, hid, override_reason="Verhuizing gaat voor")


def _import(s: Any, a: Actor, w: World) -> object:
    from app.imports.engine import run_import
    from app.imports.results import ImportRequest
    from tests.imports.conftest import COA_HEADER, write_xlsx

    path = write_xlsx(w.tmp / f"{NEW_HEAD}.xlsx", [COA_HEADER,
        ["1000000091", NEW_HEAD, 1, 1, 0, "Zeist", date(2026, 5, 1), "Tigrinya", "AZC Zeist"]])  # fmt: skip
    return run_import(s, a, ImportRequest(path, "koppelingen"))


R, S, C, U, D, P, E, IM = (Action.READ, Action.SEARCH, Action.CREATE, Action.UPDATE, Action.DELETE,
                           Action.PRINT, Action.EXPORT, Action.IMPORT)  # fmt: skip

CASES = [
    # dossiers
    Case(
        "dossier read",
        "consulent",
        lambda s, a, w: ds.get_dossier(s, a, w.dossier_id),
        [(R, "dossier", "ok")],
    ),
    Case(
        "dossier search",
        "consulent",
        lambda s, a, w: ds.list_dossiers(s, a, ds.DossierFilter(text=BSN_A)),
        [(S, "dossier", "ok")],
    ),
    Case(
        "dossier change",
        "consulent",
        lambda s, a, w: ds.update_dossier(
            s, a, w.dossier_id, _dossier_version(s, w), _changes(expected_followers=1)
        ),
        [(U, "dossier", "ok")],
    ),
    Case("member create", "consulent", _new_child, [(C, "dossierlid", "ok")]),
    Case("member delete", "consulent", _remove_new_child, [(D, "dossierlid", "ok")]),
    Case("dossier print", "consulent", _print_pack, [(P, "overdracht", "ok")]),
    Case("dossier export", "consulent", _export_dossiers, [(S, "dossier", "ok"), (E, "dossier", "ok")]),
    # dossier failures
    Case(
        "dossier conflict",
        "consulent",
        lambda s, a, w: ds.update_dossier(s, a, w.dossier_id, _dossier_version(s, w) - 1, _changes()),
        [(U, "dossier", "conflict")],
        UserError,
    ),
    Case(
        "dossier invalid",
        "consulent",
        lambda s, a, w: ds.update_dossier(
            s, a, w.dossier_id, _dossier_version(s, w), _changes(expected_followers=-3)
        ),
        [(U, "dossier", "invalid")],
        UserError,
    ),
    Case(
        "dossier denied",
        "other",
        lambda s, a, w: ds.get_dossier(s, a, w.dossier_id),
        [(R, "dossier", "denied")],
        UserError,
    ),
    # board objects
    Case(
        "koppeling read",
        "regio",
        lambda s, a, w: kp.get_koppeling(s, a, w.koppeling_id),
        [(R, "koppeling", "ok")],
    ),
    Case(
        "koppeling search",
        "regio",
        lambda s, a, w: kp.list_koppelingen(s, a, kp.KoppelingFilter(text="AZC")),
        [(S, "koppeling", "ok")],
    ),
    Case(
        "koppeling change",
        "regio",
        lambda s, a, w: _update_koppeling(s, a, w, languages="Dari"),
        [(U, "koppeling", "ok")],
    ),
    Case(
        "koppeling conflict",
        "regio",
        lambda s, a, w: _update_koppeling(s, a, w, stale=True),
        [(U, "koppeling", "conflict")],
        UserError,
    ),
    Case(
        "koppeling invalid",
        "regio",
        lambda s, a, w: _update_koppeling(s, a, w, adults=-1),
        [(U, "koppeling", "invalid")],
        UserError,
    ),
    Case(
        "koppeling denied",
        "consulent",
        lambda s, a, w: _update_koppeling(s, a, w),  # the board's, not hers
        [(U, "koppeling", "denied")],
        UserError,
    ),
    Case(
        "dwelling create",
        "regio",
        lambda s, a, w: dw.create_dwelling(
            s,
            a,
            dw.DwellingInput(
                gemeente_code=ZEIST,
                corporation="Portaal",
                reference="W-1",
                kind=DwellingKind.EENGEZINSWONING,
                bedrooms=3,
                max_occupants=4,
                available_from=date(2026, 9, 1),
                address="Slotlaan 1",
            ),
        ),
        [(C, "woning", "ok")],
    ),
    Case(
        "koppelingen import",
        "regio",
        _import,
        # start, the new koppelingen's dossiers (one row for the lot), end
        [(IM, "import koppelingen", "ok"), (C, "dossier", "ok"), (IM, "import koppelingen", "ok")],
    ),
]


def test_an_export_of_thousands_of_dossiers_names_every_one_over_several_rows(world: World) -> None:
    """Ids that do not fit one row's detail go on in more rows: none is cut off."""
    from types import SimpleNamespace

    from app.io.excel.writer import ColumnSpec
    from app.services.exports import export_list

    ids = list(range(5, 30_000, 7))  # 4,285 dossiers, no two adjacent: no runs to join
    items = [SimpleNamespace(id=i) for i in ids]
    world.runs = _last_id(world.db)
    with world.db.unit_of_work() as s:
        export_list(s, world.consulent, "dossiers", [ColumnSpec("n", "Nummer", "int")], [[i] for i in ids],
                    world.tmp / "veel.xlsx", items=items)  # fmt: skip
    with world.db.session() as s:
        details = list(
            s.scalars(select(AccessLog.detail).where(AccessLog.id > world.runs).order_by(AccessLog.id))
        )
    assert len(details) > 1 and all(len(d) <= 500 for d in details)
    assert details[0].startswith("lijst=dossiers; rijen=4285; deel 1/")
    logged = [int(x) for d in details for x in d.split("dossiers=")[1].split(",")]
    assert logged == ids


def _last_id(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(AccessLog.id).order_by(AccessLog.id.desc()).limit(1)) or 0)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_action_and_failure_writes_exactly_its_rows(world: World, case: Case) -> None:
    actor = {"consulent": world.consulent, "other": world.other, "regio": world.regio}[case.who]
    world.runs = _last_id(world.db)
    if case.raises is not None:
        with pytest.raises(case.raises), world.db.unit_of_work() as s:
            case.call(s, actor, world)
    else:
        with world.db.unit_of_work() as s:
            case.call(s, actor, world)
    with world.db.session() as s:
        rows = list(s.scalars(select(AccessLog).where(AccessLog.id > world.runs).order_by(AccessLog.id)))
    assert [(r.action, r.object_type, r.result) for r in rows] == case.rows
    # The user's own rows, or made on their behalf (the board makes a new koppeling's dossier).
    people = {r.actor_login if r.on_behalf_of is None else r.on_behalf_of for r in rows}
    assert people <= {actor.login, "regio"}
    if case.name == "dossier export":
        assert rows[-1].detail.endswith(f"dossiers={world.dossier_id}")


def test_no_detail_holds_a_bsn_or_a_name(world: World) -> None:
    """Every case once more (so this test stands on its own), then the whole log, every row."""
    actors = {"consulent": world.consulent, "other": world.other, "regio": world.regio}
    for case in CASES:
        try:
            with world.db.unit_of_work() as s:
                case.call(s, actors[case.who], world)
        except UserError:
            pass
    with world.db.session() as s:
        details = [d for d in s.scalars(select(AccessLog.detail)) if d]
    assert any("dossiers=" in d for d in details) and any(d.startswith("begin;") for d in details)
    leaks = [(secret, d) for d in details for secret in SECRETS if secret.lower() in d.lower()]
    assert leaks == []

"""An import leaves its start (committed before the work) and its end in the access log, with the
same run id; every way an import can end says so; a killed import leaves a start without an end."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Action, Role
from app.errors import ConflictError, PermissionDenied
from app.imports.columns import MissingColumnsError
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.imports.runlog import imports_without_end
from app.services.access import Actor
from tests.imports.conftest import COA_HEADER, koppelingen, write_xlsx

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def _import(
    db: Database, actor: Actor, path: Path, *, dry_run: bool = False, mode: str = "skip", control=None
):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        request = ImportRequest(path, "koppelingen", mode=mode)  # type: ignore[arg-type]
        return run_import(session, actor, request, dry_run=dry_run, control=control)


def _rows(db: Database, login: str) -> list[AccessLog]:
    with db.session() as session:
        return list(
            session.scalars(
                select(AccessLog)
                .where(AccessLog.action == Action.IMPORT, AccessLog.actor_login == login)
                .order_by(AccessLog.id)
            )
        )


def _sheet(tmp_path: Path, name: str = "Jansen Koppelingen.xlsx") -> Path:
    """A file whose name holds a (synthetic) surname: it must not reach the log."""
    return write_xlsx(tmp_path / name, [COA_HEADER,
        ["1000000001", "Jansen", 3, 2, 1, "Utrecht", D(2026, 5, 1), "Arabisch", "AZC Utrecht"],
        ["1000000002", "Bakker", 1, 1, 0, "Zeist", D(2026, 5, 2), "Dari", "AZC Zeist"],
        ["1000000003", "Visser", 2, 2, 0, "Houten", D(2026, 5, 3), "Farsi", "AZC Amersfoort"],
    ])  # fmt: skip


def _bad_row_sheet(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "fout.xlsx", [COA_HEADER,
        ["1000000004", "D", 2, 1, 1, "Nieuwegein", D(2026, 6, 1), "Tigrinya", "AZC Utrecht"],
        ["1000000005", "E", 2, 1, 1, "Atlantis", "31-02-2026", "Tigrinya", "AZC Utrecht"],
    ])  # fmt: skip


def _pairs(rows: list[AccessLog]) -> list[tuple[str, str, str]]:
    """(begin/einde, result, the run id) per row."""
    return [((r.detail or "").split(";")[0], r.result, r.object_id or "") for r in rows]


def test_an_import_logs_its_start_and_its_end_with_one_run_id(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    _import(fresh_database, coordinator, _sheet(tmp_path))
    start, end = _rows(fresh_database, "regio")
    assert (start.object_type, start.result, end.object_type, end.result) == (
        "import koppelingen", "ok", "import koppelingen", "ok",
    )  # fmt: skip
    assert start.object_id and start.object_id == end.object_id
    assert start.id < end.id
    assert start.detail == "begin; import; rijen in bestand: 4"
    assert end.detail == "einde; import; new=3 changed=0 unchanged=0 error=0"
    for row in (start, end):  # neither the file name nor a name from it
        assert "Jansen" not in (row.detail or "") and ".xlsx" not in (row.detail or "")


def test_a_preview_and_a_stopped_import_are_started_and_ended(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    _import(fresh_database, coordinator, _bad_row_sheet(tmp_path), dry_run=True)
    stopped = _import(fresh_database, coordinator, _bad_row_sheet(tmp_path), mode="stop")
    assert stopped.stopped_at == 3 and koppelingen(fresh_database) == {}
    rows = _rows(fresh_database, "regio")
    preview, stop = _pairs(rows[:2]), _pairs(rows[2:])
    assert [p[:2] for p in preview] == [("begin", "ok"), ("einde", "ok")]
    assert [p[:2] for p in stop] == [("begin", "ok"), ("einde", "invalid")]
    assert rows[1].detail == "einde; voorbeeld; new=1 changed=0 unchanged=0 error=1"
    assert rows[3].detail.endswith("gestopt bij de fout op regel 3")
    assert preview[0][2] != stop[0][2]  # a run id per run
    assert imports_without_end_for(fresh_database) == []


def imports_without_end_for(db: Database) -> list[str]:
    from app.services.users import create_user, sign_in

    with db.unit_of_work() as session:
        if sign_in_or_none(session, "beheer") is None:
            create_user(session, Actor.system_actor("test"), login="beheer", name="Beheer",
                        role=Role.BEHEERDER, gemeente_code=None)  # fmt: skip
    with db.unit_of_work() as session:
        admin = sign_in(session, "beheer")
    with db.unit_of_work() as session:
        return [o.run_id for o in imports_without_end(session, admin)]


def sign_in_or_none(session, login: str):  # type: ignore[no-untyped-def]
    from app.db.models import User

    return session.scalar(select(User).where(User.login == login))


class _Stopped(Exception):
    """What a cancelled task raises at its next check (the runner's own Cancelled is Qt's side)."""


class _Cancel:
    """The dialog's cancel: the task's control says cancelled and raises at the next chunk."""

    def __init__(self) -> None:
        self.cancelled = False

    def progress(self, fraction: float, text: str = "") -> None:
        pass

    def check_cancelled(self) -> None:
        self.cancelled = True
        raise _Stopped


class _Raises:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def progress(self, fraction: float, text: str = "") -> None:
        pass

    def check_cancelled(self) -> None:
        raise self.exc


@pytest.mark.parametrize(
    ("control", "raised", "result", "why"),
    [
        (_Cancel(), _Stopped, "aborted", "afgebroken"),
        (_Raises(KeyboardInterrupt()), KeyboardInterrupt, "aborted", "afgebroken"),  # Ctrl+C
        (_Raises(ConflictError("tegelijk")), ConflictError, "conflict", "tegelijk gewijzigd"),
        (_Raises(RuntimeError("stuk")), RuntimeError, "error", "RuntimeError"),
    ],
    ids=["cancelled", "ctrl-c", "conflict", "error"],
)
def test_an_import_that_fails_ends_with_how_it_failed(
    fresh_database: Database,
    coordinator: Actor,
    tmp_path: Path,
    control,
    raised,
    result: str,
    why: str,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(raised):
        _import(fresh_database, coordinator, _sheet(tmp_path), control=control)
    assert koppelingen(fresh_database) == {}  # the work is rolled back, the start and end are not
    rows = _rows(fresh_database, "regio")
    assert [p[:2] for p in _pairs(rows)] == [("begin", "ok"), ("einde", result)]
    assert rows[0].object_id == rows[1].object_id
    assert rows[1].detail == f"einde; import; new=0 changed=0 unchanged=0 error=0; {why}"


def test_a_file_without_the_required_columns_ends_invalid(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "kaal.xlsx", [["V-nummer", "Taal"], ["1000000001", "Dari"]])
    with pytest.raises(MissingColumnsError):
        _import(fresh_database, coordinator, path)
    assert [p[:2] for p in _pairs(_rows(fresh_database, "regio"))] == [("begin", "ok"), ("einde", "invalid")]


def test_a_refused_import_is_one_denied_row_and_starts_nothing(
    fresh_database: Database,
    actor_for_role,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    admin = actor_for_role(Role.BEHEERDER, None, "beheer")
    with pytest.raises(PermissionDenied):
        _import(fresh_database, admin, _sheet(tmp_path))
    rows = _rows(fresh_database, "beheer")
    assert [(r.object_type, r.result) for r in rows] == [("import koppelingen", "denied")]
    assert "Jansen" not in (rows[0].detail or "")


_KILLED_IMPORT = """
import sys
from pathlib import Path
from app.db.session import Database
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.services.users import sign_in

db = Database(sys.argv[1])
with db.unit_of_work() as session:
    actor = sign_in(session, "regio")
with db.unit_of_work() as session:
    run_import(session, actor, ImportRequest(Path(sys.argv[2]), "koppelingen"))
"""


def _big_csv(path: Path, rows: int) -> Path:
    lines = [";".join(COA_HEADER)]
    lines += [f"{2000000000 + i};N{i};1;1;0;Utrecht;01-05-2026;Dari;AZC Utrecht" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_killed_import_leaves_a_start_without_an_end(
    fresh_database: Database, fresh_url: str, coordinator: Actor, tmp_path: Path
) -> None:
    """SIGKILL while the import works: its rows are gone, its start is listed as an import without
    an end (the beheerder sees it); an import that ended is not listed."""
    _import(fresh_database, coordinator, _sheet(tmp_path))  # ended: never listed
    path = _big_csv(tmp_path / "groot.csv", 199_000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORLOPENDE_LIJN_")}
    env["DOORLOPENDE_LIJN_CONFIG_DIR"] = str(tmp_path / "config")
    env["DOORLOPENDE_LIJN_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_IMPORT, fresh_url, str(path)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        started = _wait_for_start(fresh_database, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert set(koppelingen(fresh_database)) == {"1000000001", "1000000002", "1000000003"}
    assert imports_without_end_for(fresh_database) == [started]


def _wait_for_start(db: Database, proc: subprocess.Popen[bytes]) -> str:
    """The run id of the import's start, once it is committed (the import is then at work)."""
    deadline = time.monotonic() + 120
    seen = {r.object_id for r in _rows(db, "regio")}
    while time.monotonic() < deadline:
        new = [r.object_id for r in _rows(db, "regio") if r.object_id not in seen]
        if new:
            return str(new[0])
        if proc.poll() is not None:
            raise AssertionError(
                f"the import ended before it started: {proc.stderr.read() if proc.stderr else ''}"
            )
        time.sleep(0.05)
    raise AssertionError("no start row within 120 s")

"""``--self-check [--out FILE]``: prove that this installation works, without a screen or a user.

Run on a frozen build (PyInstaller) it shows that the bundle is complete: every module of the
``app`` package imports (hidden imports, data files), the migrations run, the demo fills, the main
window opens every page, a handover pack PDF and an xlsx export are written and read back. All of
it happens in a temporary folder with a temporary SQLite database; the user's own settings and data
are not touched (the config and data folders are pointed at the temporary folder).

The result goes to a file as well as to stdout, because a Windows GUI executable (and Wine) prints
nothing: JSON ``{"ok": bool, "version": str, "frozen": bool, "platform": str, "seconds": float,
"steps": [{"name": str, "ok": bool, "message": str, "seconds": float}, ...]}``. Exit code 0 only when
every step passed, 1 otherwise, 2 for a usage error.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FLAG = "--self-check"
DEMO_SCALE = 0.1  # a small region: the check is about completeness, not volume
# Who opens the window: together they see every page (a consulent the dossiers, the coördinator
# the board and challenges, the beheerder the admin pages).
WINDOW_LOGINS = ("regio", "cons-utrecht", "beheer")
PACK_LOGIN = "cons-utrecht"  # a consulent prints handover packs of his own municipality
PAGE_WAIT_S = 20.0
# Modules that are scripts, not importable on their own: Alembic runs env.py inside its context.
SCRIPTS = frozenset({"app.__main__", "app.db.migrations.env"})


@dataclass
class Step:
    name: str
    ok: bool
    message: str
    seconds: float


@dataclass
class Report:
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    def run(self, name: str, fn: Callable[[], str]) -> bool:
        """Run one step; its return value is the message. An exception fails it with one line."""
        start = time.perf_counter()
        try:
            message, ok = fn(), True
        except Exception as exc:  # a check reports every failure, it never stops at the first
            message, ok = _one_line(exc), False
        self.steps.append(Step(name, ok, message, round(time.perf_counter() - start, 3)))
        _say(f"{'ok    ' if ok else 'FAILED'} {name}: {message}")
        return ok


def _one_line(exc: BaseException) -> str:
    """``Type: message (file.py:line)`` of the innermost frame: enough to find it, no traceback."""
    text = f"{type(exc).__name__}: {exc}".strip().replace("\n", " ")
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        text += f" ({Path(last.filename).name}:{last.lineno})"
    return text[:500]


def _say(text: str) -> None:
    # A Windows GUI executable has no stdout at all (sys.stdout is None).
    if sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            print(text, flush=True)


def parse_args(argv: list[str]) -> Path | None:
    """``--self-check [--out FILE]`` → the result file (or None: stdout only). ValueError if wrong."""
    rest = [a for a in argv if a != FLAG]
    if not rest:
        return None
    if rest[0] == "--out" and len(rest) == 2:
        return Path(rest[1])
    if rest[0].startswith("--out=") and len(rest) == 1:
        return Path(rest[0].partition("=")[2])
    raise ValueError("gebruik: --self-check [--out BESTAND]")


def main(argv: list[str]) -> int:
    try:
        out = parse_args(argv)
    except ValueError as exc:
        _say(str(exc))
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dl-selfcheck-") as tmp:
        report = run_checks(Path(tmp))
    result = {
        "ok": report.ok,
        "version": _version(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "platform": sys.platform,
        "seconds": round(time.perf_counter() - start, 3),
        "steps": [asdict(s) for s in report.steps],
    }
    _say(f"zelftest {'geslaagd' if report.ok else 'MISLUKT'} in {result['seconds']} s")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if report.ok else 1


def _version() -> str:
    from app import __version__

    return __version__


def run_checks(tmp: Path) -> Report:
    # The user's settings, keyring entries and data folder stay out of it.
    os.environ["DOORLOPENDE_LIJN_CONFIG_DIR"] = str(tmp / "config")
    os.environ["DOORLOPENDE_LIJN_DATA_DIR"] = str(tmp / "data")
    os.environ["DOORLOPENDE_LIJN_SITE_CONFIG_DIR"] = str(tmp / "site")  # IT's preset plays no part
    os.environ.pop("DOORLOPENDE_LIJN_DB_URL", None)
    os.environ.pop("DOORLOPENDE_LIJN_USER", None)
    report = Report()
    state: dict[str, Any] = {}
    report.run("modules importeren", import_all)
    report.run("resources aanwezig", check_resources)
    report.run("rekenen (numpy, scipy)", check_solvers)
    if not report.run("database en migraties", lambda: open_database(tmp, state)):
        return report
    if not report.run("demo vullen", lambda: fill(state)):
        return report
    report.run("qt starten", lambda: start_qt(state))
    if "app" in state:
        for login in WINDOW_LOGINS:
            report.run(f"hoofdvenster als {login}", functools.partial(open_window, tmp, state, login))
    report.run("overdrachtspakket (PDF)", lambda: write_pack(tmp, state))
    if report.run("export (xlsx)", lambda: write_export(tmp, state)):
        report.run("xlsx lezen in een apart proces", lambda: read_isolated(tmp))
    state["database"].dispose()
    return report


def import_all() -> str:
    """Every module of ``app``; on a frozen build that proves the hidden imports are bundled."""
    import importlib
    import pkgutil

    import app

    names = sorted(m.name for m in pkgutil.walk_packages(app.__path__, "app.") if m.name not in SCRIPTS)
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            failed.append(f"{name}: {_one_line(exc)}")
    if failed:
        raise ImportError(f"{len(failed)} van {len(names)} modules: " + "; ".join(failed[:5]))
    if len(names) < 100:  # the package has several hundred: a short list means a broken walk
        raise ImportError(f"maar {len(names)} modules gevonden")
    return f"{len(names)} modules"


def check_resources() -> str:
    from app.resources import resources_dir

    root = resources_dir()
    kinds = {"fonts": "*.ttf", "help": "*.html"}
    counts = {}
    for folder, pattern in kinds.items():
        found = list((root / folder).rglob(pattern))
        if not found:
            raise FileNotFoundError(f"geen {pattern} in {root / folder}")
        counts[folder] = len(found)
    for name in ("gemeenten.csv", "azc.csv"):
        if not (root / name).is_file():
            raise FileNotFoundError(f"{root / name} ontbreekt")
    migrations = Path(__import__("app.db.migrations", fromlist=["x"]).__file__ or "").parent / "versions"
    scripts = list(migrations.glob("*.py"))
    if not scripts:
        raise FileNotFoundError(f"geen migraties in {migrations}")
    counts["migraties"] = len(scripts)
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def check_solvers() -> str:
    """The matching and the swap plan's solvers: compiled libraries (OpenBLAS, HiGHS) that only
    load when used, so the import walk alone does not prove them."""
    import numpy as np
    from scipy.optimize import LinearConstraint, linear_sum_assignment, milp
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    _rows, cols = linear_sum_assignment(np.array([[4.0, 1.0], [2.0, 8.0]]))
    if cols.tolist() != [1, 0]:
        raise RuntimeError(f"linear_sum_assignment gaf {cols.tolist()}")
    _, sparse_cols = min_weight_full_bipartite_matching(csr_array(np.array([[4.0, 1.0], [2.0, 8.0]])))
    if sparse_cols.tolist() != [1, 0]:
        raise RuntimeError(f"min_weight_full_bipartite_matching gaf {sparse_cols.tolist()}")
    plan = milp(
        c=np.array([-1.0, -2.0]),
        constraints=LinearConstraint(np.array([[1.0, 1.0]]), ub=3.5),
        integrality=np.ones(2),
        bounds=(0, 3),
    )
    if not plan.success or plan.x.round().tolist() != [0.0, 3.0]:
        raise RuntimeError(f"milp: {plan.message}")
    # The BSN's 11-proef (python-stdnum, imported when a BSN is typed): the bundle leaves out
    # stdnum's data files, which stdnum.nl.bsn does not read.
    from app.domain.identifiers import IdentifierError, normalize_bsn

    try:
        normalize_bsn("111222334")
    except IdentifierError:
        pass
    else:
        raise RuntimeError("de elfproef liet een ongeldig BSN door")
    if normalize_bsn("111222333") != "111222333":
        raise RuntimeError("de elfproef weigerde een geldig BSN")
    return f"numpy {np.__version__}, toewijzing, HiGHS en de BSN-elfproef kloppen"


def open_database(tmp: Path, state: dict[str, Any]) -> str:
    from app.bootstrap import prepare
    from app.db.session import Database

    db = Database(f"sqlite:///{(tmp / 'zelftest.db').as_posix()}")
    state["database"] = db
    prepare(db)
    from sqlalchemy import text

    with db.unit_of_work() as session:
        head = session.execute(text("select version_num from alembic_version")).scalar_one()
    return f"SQLite, migratie {head}"


def fill(state: dict[str, Any]) -> str:
    from app.demo.fill import fill_demo
    from app.services.access import Actor

    with state["database"].unit_of_work() as session:
        counts = fill_demo(session, Actor.system_actor("zelftest"), scale=DEMO_SCALE)
    return f"{sum(counts.values())} rijen"


def start_qt(state: dict[str, Any]) -> str:
    from PySide6.QtWidgets import QApplication

    from app import APP_ID
    from app.ui.app import install_translations
    from app.ui.style import apply_style

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    translators = install_translations(app)
    apply_style(app)
    state["app"] = app
    if not translators:
        raise RuntimeError("geen Nederlandse vertaling van Qt (qtbase_nl) geladen")
    return f"{app.platformName()}, {len(translators)} vertaling(en)"


def open_window(tmp: Path, state: dict[str, Any], login: str) -> str:
    from PySide6.QtCore import QSettings

    from app.config import load_settings
    from app.services.users import sign_in
    from app.ui.context import AppContext
    from app.ui.modules import available_modules
    from app.ui.shell import MainWindow
    from app.ui.tasks import TaskRunner

    db = state["database"]
    with db.unit_of_work() as session:
        actor = sign_in(session, login)
    tasks = TaskRunner(lambda: db)
    failures: list[str] = []
    tasks.show_error = lambda _parent, title, message: failures.append(f"{title}: {message}")
    context = AppContext(db, actor, load_settings(), tasks, show_status=lambda _m: None, demo=True)
    settings = QSettings(str(tmp / f"window-{login}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(context, available_modules(), window_settings=settings, ping_interval_ms=0)
    try:
        window.resize(1280, 720)
        window.show()
        keys = [spec.key for spec in window.modules()]
        if not keys:
            raise RuntimeError(f"{login} ziet geen enkele pagina")
        for key in keys:
            page = window.show_module(key)
            _settle(state["app"], tasks)
            if page is None or window.page(key) is None:
                raise RuntimeError(f"pagina {key} is niet gemaakt")
            if page.grab().isNull():
                raise RuntimeError(f"pagina {key} tekent niet")
        if failures:
            raise RuntimeError("; ".join(failures[:3]))
        return f"{len(keys)} pagina's: {', '.join(keys)}"
    finally:
        tasks.wait_for_done(int(PAGE_WAIT_S * 1000))
        window.close()
        window.deleteLater()
        _settle(state["app"], tasks)


def _settle(app: Any, tasks: Any) -> None:
    """Let a page's background loads finish and their results arrive on the GUI thread."""
    deadline = time.monotonic() + PAGE_WAIT_S
    while True:
        app.processEvents()
        if not tasks.active_tasks() or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    for _ in range(3):
        app.processEvents()


def write_pack(tmp: Path, state: dict[str, Any]) -> str:
    from app.errors import UserError
    from app.services.cases.packs import due_packs, print_pack
    from app.services.cases.worklists import WorkList
    from app.services.users import sign_in

    path = tmp / "pakket.pdf"
    with state["database"].unit_of_work() as session:
        actor = sign_in(session, PACK_LOGIN)
        candidates = [d for d in due_packs(session, actor, worklist=WorkList.OPEN) if d.printable]
        if not candidates:
            raise RuntimeError(f"geen afdrukbaar overdrachtspakket voor {PACK_LOGIN}")
        written = 0
        for due in candidates[:5]:
            try:
                written = print_pack(session, actor, due.handover_id, path)
                break
            except UserError:
                continue
        if not written:
            raise RuntimeError("geen van de pakketten kon worden geschreven")
    pages = pdf_page_count(path.read_bytes())
    if pages != written:
        raise RuntimeError(f"PDF heeft {pages} pagina's, geschreven: {written}")
    return f"{pages} pagina's, {path.stat().st_size} bytes"


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF as reportlab writes it (page objects not in object streams); pypdf is a test
    dependency only, so not in the bundle. Raises ValueError when it is not a whole PDF."""
    if not data.startswith(b"%PDF-"):
        raise ValueError("geen PDF-kop")
    if b"%%EOF" not in data[-64:]:
        raise ValueError("PDF is afgebroken (geen %%EOF)")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages == 0:
        raise ValueError("PDF zonder pagina's")
    return pages


def write_export(tmp: Path, state: dict[str, Any]) -> str:
    from openpyxl import load_workbook

    from app.services.export_lists import export_named_list
    from app.services.users import sign_in

    path = tmp / "koppelingen.xlsx"
    with state["database"].unit_of_work() as session:
        actor = sign_in(session, "regio")
        result = export_named_list(session, actor, "koppelingen", path)
    book = load_workbook(path, read_only=True)
    try:
        sheets = book.sheetnames
        if "Info" not in sheets:
            raise RuntimeError(f"geen tabblad Info, wel: {sheets}")
        data = book[next(s for s in sheets if s != "Info")]
        rows = sum(1 for _ in data.iter_rows(values_only=True)) - 1  # minus the header
    finally:
        book.close()
    if rows != result.rows:
        raise RuntimeError(f"{rows} rijen teruggelezen, {result.rows} geschreven")
    return f"{rows} rijen, tabbladen {', '.join(sheets)}"


def read_isolated(tmp: Path) -> str:
    """The import's reader: calamine in a child process (on a frozen build: the program itself)."""
    from app.io.excel.isolated import child_command, isolated_reading
    from app.io.excel.reader import open_workbook

    with isolated_reading(), open_workbook(tmp / "koppelingen.xlsx") as book:
        rows = sum(1 for _ in book.rows(0))
    if rows < 2:
        raise RuntimeError(f"maar {rows} rij(en) gelezen")
    return f"{rows} rijen via {' '.join(Path(a).name for a in child_command())}"

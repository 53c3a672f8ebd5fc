"""Issue 17 (start-up under 0.6 s) rests on what is imported before the main window is painted, and
issue 18 on the window having the program's icon. A real start in a fresh interpreter (offscreen,
a small demo SQLite database) reports which heavy libraries were loaded at the window's first
paint and once the first page was built. No timings here: those are in bench/bench_startup.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Not needed to show the window: the database layer comes in after its first paint.
DATABASE_LAYER = ("sqlalchemy", "app.db.models", "app.db.session", "app.services.access")
# Never needed for Vandaag: exports, PDFs, the forecast's maths and the migrations tool.
HEAVY = ("numpy", "scipy", "openpyxl", "reportlab", "alembic", "pandas")

CHILD = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from app.ui.app import build_gui

WATCH = sys.argv[1].split(",")
qapp, controller = build_gui([])
report = {}


def loaded():
    return sorted(name for name in WATCH if name in sys.modules)


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        window = controller.window
        if ("painted" not in report and window is not None and event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget) and obj.window() is window):
            report["painted"] = loaded()
            report["signed_in_at_paint"] = controller.actor is not None
        return False


def finish():
    if "page" in report:
        return
    window = controller.window
    report["page"] = loaded()
    report["page_key"] = window.current_module_key() if window else None
    report["window_icon_null"] = window.windowIcon().isNull() if window else True
    report["window_icon_drawn"] = bool(window) and not window.windowIcon().pixmap(32, 32).isNull()
    report["app_icon_null"] = QApplication.windowIcon().isNull()
    print("REPORT " + json.dumps(report), flush=True)
    qapp.quit()


def ready():
    window = controller.window
    key = window.current_module_key()
    if key and window.page(key) is not None:
        QTimer.singleShot(0, finish)
    else:
        window.sig_page_changed.connect(lambda _key: QTimer.singleShot(0, finish))


painted = FirstPaint()
qapp.installEventFilter(painted)
controller.sig_ready.connect(ready)
QTimer.singleShot(60_000, finish)
controller.start()
qapp.exec()
controller.shutdown()
"""


@pytest.fixture(scope="module")
def start_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("startup")
    env = dict(os.environ)
    env.update(
        DOORLOPENDE_LIJN_CONFIG_DIR=str(base / "config"),
        DOORLOPENDE_LIJN_DATA_DIR=str(base / "data"),
        DOORLOPENDE_LIJN_USER="starter",
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    env.pop("DOORLOPENDE_LIJN_DB_URL", None)
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    demo = subprocess.run([sys.executable, "-m", "app", "demo", "--scale", "0.05"], **run)
    assert demo.returncode == 0, demo.stderr
    watch = ",".join(DATABASE_LAYER + HEAVY)
    done = subprocess.run([sys.executable, "-c", CHILD, watch], **run)
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert done.returncode == 0 and lines, done.stderr
    return json.loads(lines[-1].removeprefix("REPORT "))


def test_the_window_is_painted_before_the_database_layer_is_imported(start_report: dict) -> None:
    assert start_report["painted"] == []  # neither SQLAlchemy nor the models, nor anything heavy
    assert start_report["signed_in_at_paint"] is False  # what was painted is the loading state


def test_the_first_page_needs_no_heavy_library(start_report: dict) -> None:
    assert start_report["page_key"] == "today"
    assert "sqlalchemy" in start_report["page"]  # signed in by now: the database layer is there
    assert [name for name in start_report["page"] if name in HEAVY] == []


def test_the_window_has_the_program_icon(start_report: dict) -> None:
    assert not start_report["app_icon_null"]  # dialogs and the task bar get it from the application
    assert not start_report["window_icon_null"]
    assert start_report["window_icon_drawn"]  # the file in resources/ is read, not just named

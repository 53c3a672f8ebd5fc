"""Cold start to the main window shown (signed in, first paint done) on a demo SQLite database.

Each measurement is a fresh interpreter: the parent passes its wall-clock time in an environment
variable just before starting the child, and the child prints the time elapsed when the window is
shown and the event loop has painted it. The median of a few runs is reported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.0
RUNS = 5

CHILD = r"""
import os, sys, time
start = float(os.environ["DL_BENCH_T0"])
import app.ui  # what `python -m app` imports first
from PySide6.QtCore import QTimer
from app.ui.app import build_gui

qapp, controller = build_gui([])

def shown():
    def report():
        print(f"{time.time() - start:.4f}", flush=True)
        qapp.quit()
    QTimer.singleShot(0, report)  # after the pending paint events of the first show

controller.sig_ready.connect(shown)
controller.start()
qapp.exec()
controller.shutdown()
"""


def _env(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DOORLOPENDE_LIJN_CONFIG_DIR=str(base / "config"),
        DOORLOPENDE_LIJN_DATA_DIR=str(base / "data"),
        DOORLOPENDE_LIJN_USER="bench",
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    env.pop("DOORLOPENDE_LIJN_DB_URL", None)
    return env


def measure_cold_start(runs: int = RUNS) -> float:
    with tempfile.TemporaryDirectory(prefix="dl-bench-startup-") as tmp:
        base = Path(tmp)
        env = _env(base)
        subprocess.run(
            [sys.executable, "-m", "app", "demo"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        times = []
        for _ in range(runs):
            env["DL_BENCH_T0"] = repr(time.time())
            done = subprocess.run(
                [sys.executable, "-c", CHILD], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            )
            times.append(float(done.stdout.strip().splitlines()[-1]))
        if os.environ.get("DL_BENCH_VERBOSE"):
            print("cold start runs:", " ".join(f"{t:.3f}" for t in times), file=sys.stderr)
        return statistics.median(times)


def run() -> list[tuple[str, float, float, str]]:
    return [("koude start tot hoofdvenster (demo, SQLite)", measure_cold_start(), TARGET_S, "s")]


if __name__ == "__main__":
    for name, value, target, unit in run():
        print(f"{name}: {value:.3f} {unit} (doel < {target} {unit})")

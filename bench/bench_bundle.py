"""The Linux bundle (PyInstaller, installers/build-linux.sh): its size on disk (target < 250 MB) and
the bundled program's cold start to the main window (target < 1.0 s), each with its ratio to a
bare PySide6 window bundled by the same PyInstaller (bench/bare-window.spec).

Building both bundles takes about two minutes, so by default this reads the bundles already built
in installers/build/ (by ``bash installers/build-linux.sh`` or an earlier run) and reports nothing
when there are none. ``BENCH_BUNDLE=1 python -m bench bundle`` builds both first.

The start is measured from starting the process to the moment its main window is first painted
(on SQLite in its loading state, before the database layer is imported, as bench_startup's
"painted"; the program writes that moment into DOORLOPENDE_LIJN_PAINTED_FILE), and, for
information, to the moment it is signed in (DOORLOPENDE_LIJN_READY_FILE; it quits then with
DOORLOPENDE_LIJN_SMOKE_EXIT=1), on a small demo database, as the median of a few runs after one
warm-up (the files in the page cache, as on a second start). The bare window writes its first paint
the same way; the two are started alternately, so both see the same load on the machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from subprocess import DEVNULL

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "installers" / "build"
BARE_BUILD = BUILD / "bare"
APP_DIR = BUILD / "dist" / "doorlopende-lijn"
BARE_DIR = BARE_BUILD / "dist" / "bare-window"
SIZE_TARGET_MB = 250.0
START_TARGET_S = 1.0
RUNS = 5


def build() -> None:
    script = str(ROOT / "installers" / "build-linux.sh")
    subprocess.run(["bash", script], check=True)
    env = {**os.environ, "SPEC": str(ROOT / "bench" / "bare-window.spec"), "BUILD_DIR": str(BARE_BUILD)}
    env["PYTHONPATH"] = ""
    subprocess.run(["bash", script], check=True, env=env)


def size_mb(folder: Path) -> float:
    """Space on disk (allocated blocks), in MB of 2**20 bytes, as ``du -sm`` counts."""
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*") if not p.is_symlink()) / 2**20


def _env(base: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORLOPENDE_LIJN_")}
    env.update(
        DOORLOPENDE_LIJN_CONFIG_DIR=str(base / "config"),
        DOORLOPENDE_LIJN_DATA_DIR=str(base / "data"),
        DOORLOPENDE_LIJN_SITE_CONFIG_DIR=str(base / "site"),
        DOORLOPENDE_LIJN_DB_URL=url,
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def _timed(argv: list[str], env: dict[str, str], base: Path) -> dict[str, float]:
    """Seconds from starting the process to its first paint ("painted") and, for the program, to
    signed in ("ready"): the moments the process writes into the files it is given."""
    files = {"painted": base / "painted", "ready": base / "ready"}
    for path in files.values():
        path.unlink(missing_ok=True)
    env = {**env, "DOORLOPENDE_LIJN_PAINTED_FILE": str(files["painted"]),
           "DOORLOPENDE_LIJN_READY_FILE": str(files["ready"])}  # fmt: skip
    start = time.time()
    subprocess.run(argv, env=env, check=True, timeout=120, stdout=DEVNULL, stderr=DEVNULL)
    marks = {key: path for key, path in files.items() if path.exists()}
    return {key: float(path.read_text(encoding="ascii")) - start for key, path in marks.items()}


def start_seconds(runs: int = RUNS) -> tuple[float, float, float]:
    """Median seconds of (the program to its main window painted, to signed in, the bare window
    to its first paint)."""
    program, bare = str(APP_DIR / "doorlopende-lijn"), str(BARE_DIR / "bare-window")
    with tempfile.TemporaryDirectory(prefix="dl-bench-bundle-") as tmp:
        base = Path(tmp)
        env = _env(base, f"sqlite:///{(base / 'demo.db').as_posix()}")
        subprocess.run([program, "demo", "--scale", "0.1"], env=env, check=True, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        env.update(DOORLOPENDE_LIJN_USER="regio", DOORLOPENDE_LIJN_SMOKE_EXIT="1")
        painted, ready, floor = [], [], []
        for run in range(runs + 1):
            app_marks = _timed([program], env, base)
            bare_marks = _timed([bare], env, base)
            if run:  # the first: warm-up
                painted.append(app_marks["painted"])
                ready.append(app_marks["ready"])
                floor.append(bare_marks["painted"])
        if os.environ.get("DL_BENCH_VERBOSE"):
            for label, times in (("painted", painted), ("ready", ready), ("bare", floor)):
                print(f"{label + ':':9}", " ".join(f"{t:.3f}" for t in times))
    return statistics.median(painted), statistics.median(ready), statistics.median(floor)


def run() -> list[tuple[str, float, float | None, str]]:
    if os.environ.get("BENCH_BUNDLE"):
        build()
    if not (APP_DIR.is_dir() and BARE_DIR.is_dir()):
        print("bench_bundle: geen bundels in installers/build; bouwen: BENCH_BUNDLE=1 python -m bench bundle")
        return []
    app_mb, bare_mb = size_mb(APP_DIR), size_mb(BARE_DIR)
    painted_s, ready_s, bare_s = start_seconds()
    return [
        (f"Linux-bundel op schijf ({app_mb / bare_mb:.2f}× kale PySide6-bundel, {bare_mb:.0f} MB)",
         app_mb, SIZE_TARGET_MB, "MB"),
        (f"bundel: start tot hoofdvenster getekend ({painted_s / bare_s:.2f}× kaal venster, {bare_s:.3f} s)",
         painted_s, START_TARGET_S, "s"),
        (f"bundel: start tot aangemeld ({ready_s / bare_s:.2f}× kaal venster)", ready_s, None, "s"),
    ]  # fmt: skip

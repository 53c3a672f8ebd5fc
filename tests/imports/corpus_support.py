"""Running the hostile-file corpus: each file through ``python -m app import`` in a subprocess of
its own, with a time limit and an address-space limit, its peak memory measured (wait4), and the
database looked at before and after.

One session-scoped :class:`Corpus` runs every selected job on two workers (the machines this runs
on have two cores) and caches the results, so the tests that judge a run only read it. A job is
(class, kind, dry run). Every job gets a copy of one template database (a regio-coördinator
``regio`` of GM0344 already added), so jobs never see each other's imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tests.imports.hostile import CATALOGUE, Hostile

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT_S = 30.0
ADDRESS_LIMIT = 1536 * 1024 * 1024  # RLIMIT_AS of the import process: ~1.5 GB
PEAK_LIMIT_MB = 1024.0  # the issue: peak memory under 1 GB
WORKERS = 2

# A small parent between pytest and ``python -m app …``: it forks the import process, sets the
# address-space limit there, waits for it and writes its wait status and peak RSS to a file. The
# peak has to be taken here: Linux carries a process's maxrss across fork and exec, so measured
# from pytest it would never be less than pytest's own (200 MB and more).
_WRAPPER = """\
import json, os, resource, sys
pid = os.fork()
if pid == 0:
    limit = int(os.environ['HOSTILE_ADDRESS_LIMIT'])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
with open(os.environ['HOSTILE_RESULT'], 'w') as fh:
    json.dump({'status': status, 'maxrss_kb': usage.ru_maxrss}, fh)
"""

TABLES = ("koppelingen", "taakstellingen", "dwellings", "periods", "import_batches", "import_batch_rows")


class Job(NamedTuple):
    case: str
    kind: str
    dry_run: bool

    @property
    def id(self) -> str:
        entry = CATALOGUE[self.case]
        return f"{self.case}-{self.kind}" + ("-dry" if self.dry_run else "") + ("-slow" if entry.slow else "")


def all_jobs() -> list[Job]:
    jobs = []
    for entry in CATALOGUE.values():
        for kind in entry.kinds:
            jobs.append(Job(entry.name, kind, False))
            if entry.dry_run:
                jobs.append(Job(entry.name, kind, True))
    return jobs


@dataclass
class Snapshot:
    """The board tables and the import batches, as rows; ``stored`` by the kind's key."""

    tables: dict[str, list[tuple[Any, ...]]]
    stored: dict[str, dict[str, dict[str, Any]]]  # kind -> key -> column -> value

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(sorted(self.tables.items())).encode()).hexdigest()


def snapshot(db_file: Path) -> Snapshot:
    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        tables = {t: sorted((tuple(r) for r in con.execute(f"SELECT * FROM {t}")), key=repr) for t in TABLES}
        stored: dict[str, dict[str, dict[str, Any]]] = {
            "koppelingen": {},
            "taakstellingen": {},
            "woningen": {},
        }
        for r in con.execute("SELECT * FROM koppelingen"):
            stored["koppelingen"][r["v_nummer"]] = dict(r)
        for r in con.execute("SELECT * FROM dwellings"):
            stored["woningen"][r["reference"]] = dict(r)
        query = (
            "SELECT t.*, g.cbs_code AS gemeente, p.code AS periode FROM taakstellingen t "
            "JOIN gemeenten g ON g.id = t.gemeente_id JOIN periods p ON p.id = t.period_id"
        )
        for r in con.execute(query):
            stored["taakstellingen"][f"{r['gemeente']}/{r['periode']}"] = dict(r)
        return Snapshot(tables, stored)
    finally:
        con.close()


@dataclass
class Run:
    job: Job
    hostile: Hostile
    argv: list[str]
    returncode: int | None  # None: killed by a signal
    signal: int | None
    timed_out: bool
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    before: Snapshot
    after: Snapshot
    notes: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return f"{self.stdout}\n{self.stderr}"

    @property
    def flat(self) -> str:
        """The output with every run of whitespace as one space (messages may wrap)."""
        return " ".join(self.output.split())

    @property
    def error_rows(self) -> int | None:
        m = re.search(r"Met fouten:\s+(\d+)", self.stdout)
        return int(m[1]) if m else None

    @property
    def outcome(self) -> str:
        """What happened, in the Hostile's terms (or a description of something else)."""
        if self.timed_out:
            return f"still running after {TIME_LIMIT_S:.0f} s"
        if self.signal is not None:
            return f"killed by signal {signal.Signals(self.signal).name}"
        if self.returncode == 2 and self.stderr.startswith("Fout: "):
            return "refused"
        if self.returncode == 0 and self.error_rows is not None:
            return "row errors" if self.error_rows else "imported"
        return f"exit {self.returncode}"

    def describe(self) -> str:
        first = next((line for line in self.output.splitlines() if line.strip()), "")
        return (
            f"{self.job.id}: {self.outcome} in {self.seconds:.1f} s, peak {self.peak_mb:.0f} MB; "
            f"{' '.join(self.argv[-6:])}\n--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n"
            f"{self.stderr[-3000:]}" + (f"\n(first line: {first[:200]})" if first else "")
        )


def _run_limited(
    argv: list[str], env: Mapping[str, str], cwd: Path, out: Path, err: Path
) -> tuple[int | None, int | None, bool, float, float]:
    """(returncode, signal, timed out, seconds, peak RSS in MB) of one limited import process."""
    result = out.with_name("wait.json")
    wrapper = [sys.executable, "-c", _WRAPPER, *argv[1:]]
    with out.open("wb") as fo, err.open("wb") as fe:
        start = time.monotonic()
        proc = subprocess.Popen(
            wrapper, cwd=cwd, env={**env, "HOSTILE_RESULT": str(result)}, stdout=fo, stderr=fe,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            proc.wait(timeout=TIME_LIMIT_S)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)  # the wrapper and the import: a session of their own
            proc.wait()
        seconds = time.monotonic() - start
    if timed_out or not result.exists():
        return None, signal.SIGKILL, True, seconds, 0.0
    waited = json.loads(result.read_text())
    status, peak_mb = waited["status"], waited["maxrss_kb"] / 1024  # kilobytes on Linux
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status), False, seconds, peak_mb
    return os.WEXITSTATUS(status), None, False, seconds, peak_mb


class Corpus:
    """Generates the selected files, runs the selected jobs on two workers, caches the runs."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.files = base / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DOORLOPENDE_LIJN_")}
        self.env.update(
            DOORLOPENDE_LIJN_CONFIG_DIR=str(base / "config"),
            DOORLOPENDE_LIJN_DATA_DIR=str(base / "data"),
            HOSTILE_ADDRESS_LIMIT=str(ADDRESS_LIMIT),
            PYTHONDONTWRITEBYTECODE="1",
        )
        self._hostile: dict[str, Hostile] = {}
        self._made = threading.Lock()
        self._futures: dict[Job, Future[Run]] = {}
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="hostile")
        self.template = base / "template.db"
        self._make_template()

    def _make_template(self) -> None:
        url = f"sqlite:///{self.template}"
        # The account running the tests becomes the importing regio-coördinator (first start).
        argv = [sys.executable, "-m", "app", "--db", url, "setup", "--role", "regio-coördinator",
                "--gemeente", "GM0344", "--name", "Regio"]  # fmt: skip
        done = subprocess.run(argv, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    def hostile(self, case: str) -> Hostile:
        with self._made:
            if case not in self._hostile:
                self._hostile[case] = CATALOGUE[case].make(self.files)
            return self._hostile[case]

    def submit(self, jobs: Iterable[Job]) -> None:
        # The slow ones first, so the small ones fill the other worker meanwhile.
        for job in sorted(jobs, key=lambda j: not CATALOGUE[j.case].slow):
            if job not in self._futures:
                self._futures[job] = self._pool.submit(self._run, job)

    def result(self, job: Job) -> Run:
        self.submit([job])
        return self._futures[job].result()

    def _run(self, job: Job) -> Run:
        hostile = self.hostile(job.case)
        folder = self.base / "runs" / job.id
        folder.mkdir(parents=True, exist_ok=True)
        db_file = folder / "db.sqlite"
        shutil.copyfile(self.template, db_file)
        before = snapshot(db_file)
        url = f"sqlite:///{db_file}"
        argv = [sys.executable, "-m", "app", "--db", url, "import", str(hostile.path),
                "--kind", job.kind, *hostile.args]  # fmt: skip
        if job.dry_run:
            argv.append("--dry-run")
        out, err = folder / "stdout.txt", folder / "stderr.txt"
        code, sig, timed_out, seconds, peak = _run_limited(argv, self.env, ROOT, out, err)
        return Run(
            job,
            hostile,
            argv,
            code,
            sig,
            timed_out,
            seconds,
            peak,
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
            before,
            snapshot(db_file),
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        report = os.environ.get("HOSTILE_CORPUS_REPORT")
        if report:
            self.write_report(Path(report))

    def write_report(self, path: Path) -> None:
        """One JSON line per finished run: what happened, how long, how much memory."""
        lines = []
        for job, future in self._futures.items():
            if not future.done() or future.exception() is not None:
                continue
            run = future.result()
            lines.append(
                json.dumps(
                    {
                        "job": job.id,
                        "outcome": run.outcome,
                        "expected": list(run.hostile.outcomes),
                        "seconds": round(run.seconds, 2),
                        "peak_mb": round(run.peak_mb),
                        "code": run.returncode,
                        "message": " ".join(run.output.split())[:400],
                    },
                    ensure_ascii=False,
                )
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def as_stored(value: Any) -> Any:
    """An expected value as SQLite gives it back (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Words one of which any Dutch message or summary of the program has; English ones it must not.
DUTCH_WORDS = re.compile(r"\b(het|de|een|niet|is|van|bestand|regel|Fout|Import|Voorbeeld|Nieuw)\b")
FOREIGN = re.compile(
    r"Traceback|Error:|Exception|panicked|memory allocation|Segmentation fault|Killed|core dumped",
)

"""Issue 10, "every bad file ends well": generated hostile files (tests/imports/hostile.py), each
through each import kind it applies to, with ``python -m app import`` in a subprocess of its own
with a time limit (30 s) and an address-space limit (~1.5 GB).

Two tests judge every run: ``test_ends_well`` — the process finishes in time, is not killed,
exits 0 or 2, writes Dutch and no traceback, peaks under 1 GB, and leaves the database as it
was when it refuses or only previews — and ``test_outcome`` — refused, imported or row errors
as the issue asks, with the issue's exact message where it fixes one, the hostile rows never
stored and the honest ones stored as written.

The runs go two at a time and take about two minutes; the 200,001-row files have ``slow`` in
their test id (``-k "not slow"`` leaves them out). ``HOSTILE_CORPUS_REPORT=FILE`` writes one
JSON line per run (outcome, seconds, peak memory, message) for a quick look at the whole corpus.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from tests.imports.corpus_support import (
    DUTCH_WORDS,
    FOREIGN,
    PEAK_LIMIT_MB,
    TIME_LIMIT_S,
    Corpus,
    Job,
    Run,
    all_jobs,
    as_stored,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the limits use POSIX rlimits and wait4")

# Gaps of the current code: (class, test) -> why. Strict: a fix makes the xfail fail, so the
# entry has to go when the gap is closed.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _param(job: Job, test: str) -> object:
    reason = KNOWN_GAPS.get((job.case, test)) or KNOWN_GAPS.get((f"{job.case}/{job.kind}", test))
    marks = [pytest.mark.xfail(strict=True, reason=f"issue 10: {reason}")] if reason else []
    return pytest.param(job, id=job.id, marks=marks)


JOBS = all_jobs()


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    runner = Corpus(tmp_path_factory.mktemp("hostile"))
    # Everything this session will ask for, queued at once: two workers stay busy.
    selected = [
        item.callspec.params["job"]
        for item in request.session.items
        if hasattr(item, "callspec") and isinstance(item.callspec.params.get("job"), Job)
    ]
    runner.submit(selected)
    try:
        yield runner
    finally:
        runner.close()


@pytest.mark.parametrize("job", [_param(j, "ends_well") for j in JOBS])
def test_ends_well(corpus: Corpus, job: Job) -> None:
    run = corpus.result(job)
    assert not run.timed_out, f"still running after {TIME_LIMIT_S:.0f} s\n{run.describe()}"
    assert run.signal is None, run.describe()
    assert run.returncode in (0, 2), run.describe()
    assert not FOREIGN.search(run.output), run.describe()
    assert run.output.strip(), run.describe()
    assert DUTCH_WORDS.search(run.output), run.describe()
    assert run.peak_mb < PEAK_LIMIT_MB, run.describe()
    if run.returncode != 0 or job.dry_run:
        assert run.after.fingerprint == run.before.fingerprint, "database changed\n" + run.describe()


@pytest.mark.parametrize("job", [_param(j, "outcome") for j in JOBS])
def test_outcome(corpus: Corpus, job: Job) -> None:
    run = corpus.result(job)
    hostile = run.hostile
    assert run.outcome in hostile.outcomes, run.describe()
    if hostile.fragment is not None:
        assert " ".join(hostile.fragment.split()) in run.flat, run.describe()
    if hostile.pattern is not None:
        assert re.search(hostile.pattern, run.output), f"no /{hostile.pattern}/\n{run.describe()}"
    if hostile.forbidden is not None:
        assert hostile.forbidden not in run.output, run.describe()
    if run.outcome == "refused" or job.dry_run:
        assert run.after.fingerprint == run.before.fingerprint, "database changed\n" + run.describe()
        return
    if run.outcome not in ("imported", "row errors"):
        return
    assert "Opgeslagen als importbatch" in run.stdout, run.describe()
    _check_stored(run)


def _check_stored(run: Run) -> None:
    stored = run.after.stored[run.job.kind]
    hostile = run.hostile
    for key in hostile.absent:
        assert key not in stored, f"{key} was stored: {stored.get(key)}\n{run.describe()}"
    for key, values in hostile.present.items():
        assert key in stored, f"{key} was not stored\n{run.describe()}"
        _check_values(run, key, stored[key], values)
    for key, values in hostile.intact.items():
        if key in stored:
            _check_values(run, key, stored[key], values)


def _check_values(run: Run, key: str, row: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    for column, want in values.items():
        got = row[column]
        assert got == as_stored(want), f"{key}.{column} is {got!r}, not {want!r}\n{run.describe()}"

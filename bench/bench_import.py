"""Import of a COA sheet from file to committed rows (validation and upsert included), SQLite.

Targets from the import issue: 10,000 rows × 15 columns under 1.5 s; 100,000 rows under 15 s
with memory that does not grow with the file. Memory is reported as the growth of the peak
resident size while importing 100,000 rows after the 10,000-row runs. Most of it is calamine's
in-memory copy of the sheet (it does not stream); our own state is bounded by the preview cap.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path

from bench.bench_excel import _write_sheet

GEMEENTEN = ["Utrecht", "Zeist", "De Bilt", "Houten", "Nieuwegein", "Vianen", "Woerden", "Bunnik", "GM0736",
             "Lopik", "Montfoort", "Oudewater", "Utrechtse Heuvelrug", "Wijk bij Duurstede"]  # fmt: skip


def coa_rows(n: int, seed: int = 4, changed_every: int = 0, first: int = 5 * 10**9) -> list[list[object]]:
    """Consistent COA rows (adults + children = size); `changed_every` alters every k-th size."""
    rnd = random.Random(seed)
    base = dt.date(2026, 1, 1)
    numbers = rnd.sample(range(first, first + 4 * 10**9), n)
    rows = []
    for i, number in enumerate(numbers):
        adults, children = rnd.randrange(1, 3), rnd.randrange(0, 6)
        if changed_every and i % changed_every == 0:
            children += 1
        rows.append(
            [f"{number:010d}", "Habte", "Aster", base - dt.timedelta(days=rnd.randrange(20_000)), "V",
             "Eritrees", "Tigrinya", adults + children, adults, children, "AZC Zeist", rnd.choice(GEMEENTEN),
             base + dt.timedelta(days=rnd.randrange(300)), base, rnd.randrange(0, 3)]
        )  # fmt: skip
    return rows


def _import(db, path: Path) -> tuple[float, dict[str, int]]:  # type: ignore[no-untyped-def]
    from app.imports.engine import run_import
    from app.imports.results import ImportRequest
    from app.services.access import Actor

    actor = Actor.system_actor("bench")
    started = time.perf_counter()
    with db.unit_of_work() as session:
        result = run_import(session, actor, ImportRequest(path, "koppelingen"))
    return time.perf_counter() - started, result.counts


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run() -> list[tuple[str, float, float, str]]:
    from app.bootstrap import prepare
    from app.db.session import Database

    out: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, rows in (("10k", coa_rows(10_000)), ("10k-changed", coa_rows(10_000, changed_every=10)),
                           ("100k", coa_rows(100_000, seed=9, first=10**9))):  # fmt: skip
            _write_sheet(folder / f"{name}.xlsx", rows)
        db = Database(f"sqlite:///{folder / 'bench.db'}")
        prepare(db)
        import_module_warmup = Database(f"sqlite:///{folder / 'warm.db'}")  # imports and caches, not timed
        prepare(import_module_warmup)
        _import(import_module_warmup, folder / "10k.xlsx")
        import_module_warmup.dispose()

        seconds, counts = _import(db, folder / "10k.xlsx")
        assert counts["new"] == 10_000, counts
        out.append(("import 10.000×15 nieuw (bestand → vastgelegd)", seconds, 1.5, "s"))
        seconds, counts = _import(db, folder / "10k-changed.xlsx")
        assert counts["changed"] == 1_000 and counts["unchanged"] == 9_000, counts
        out.append(("import 10.000×15, 1.000 gewijzigd", seconds, 1.5, "s"))
        before = _max_rss_mb()
        seconds, counts = _import(db, folder / "100k.xlsx")
        assert counts["new"] == 100_000, counts
        out.append(("import 100.000×15 nieuw (bestand → vastgelegd)", seconds, 15.0, "s"))
        out.append(("  groei piekgeheugen tijdens 100.000 rijen", _max_rss_mb() - before, 250.0, "MB"))
        db.dispose()
    return out


if __name__ == "__main__":
    for name, measured, target, unit in run():
        print(f"{name:50} {measured:8.2f} {unit}  (doel {target:g} {unit})")

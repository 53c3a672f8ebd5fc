"""Handover packs as PDF: one pack, and a batch of 200 into a folder with progress.

Targets (issue 5): one pack under 60 ms, 200 packs under 12 s. The first pack of a process also
pays for importing reportlab and reading the fonts; that is reported on its own row.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time

TARGET_ONE = 0.060
TARGET_BATCH = 12.0
TARGET_FIRST = 0.6
BATCH = 200


def _packs(count: int) -> list:
    from app.io.pdf.samples import KINDS, sample_pack

    return [
        sample_pack(KINDS[n % len(KINDS)], reference=f"Dossier {1000 + n} / overdracht {n}")
        for n in range(count)
    ]


def run() -> list[tuple[str, float, float, str]]:
    from app.io.pdf.packs import render_pack, render_packs
    from app.io.pdf.samples import sample_pack

    pack = sample_pack("gca_huisarts")
    start = time.perf_counter()
    render_pack(pack, io.BytesIO())
    first = time.perf_counter() - start

    times = []
    for _ in range(25):
        start = time.perf_counter()
        pages = render_pack(pack, io.BytesIO())
        times.append(time.perf_counter() - start)
    one = statistics.median(times)

    packs = _packs(BATCH)
    seen: list[int] = []
    with tempfile.TemporaryDirectory() as folder:
        start, cpu_start = time.perf_counter(), time.process_time()
        paths = render_packs(packs, folder, progress=lambda done, total: seen.append(done))
        batch, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if len(paths) != BATCH or seen[-1] != BATCH:
        raise AssertionError(f"batch wrote {len(paths)} packs, progress ended at {seen[-1]}")
    return [
        ("eerste pakket (incl. import reportlab en lettertypen)", first, TARGET_FIRST, "s"),
        (f"één overdrachtspakket ({pages} pagina's, mediaan)", one, TARGET_ONE, "s"),
        (f"{BATCH} pakketten naar map, met voortgang", batch, TARGET_BATCH, "s"),
        # Wall time depends on what else the machine runs; the CPU time of this process does not.
        (f"{BATCH} pakketten, CPU-tijd van dit proces", cpu, TARGET_BATCH, "s"),
    ]

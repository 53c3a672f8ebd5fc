"""Run every ``bench/bench_*.py`` (each exposes ``run() -> [(name, seconds, target, unit)]``; a target of
``None`` marks a figure printed for information only)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from pathlib import Path


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("only", nargs="*", help="run only benchmarks whose module name contains this")
    args = parser.parse_args()
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if args.only:
        modules = [m for m in modules if any(o in m for o in args.only)]
    rows: list[tuple[str, str, str, str]] = []
    failed = False
    for name in modules:
        try:
            results = importlib.import_module(f"bench.{name}").run()
        except Exception:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            rows.append((name, "fout", "", "FOUT"))
            failed = True
            continue
        for label, value, target, unit in results:
            if target is None:  # a figure the issue sets no target for (e.g. SQLite at national scale)
                rows.append((label, f"{value:.3f} {unit}", "geen doel", "ter informatie"))
                continue
            ok = value <= target
            failed |= not ok
            verdict = "ok" if ok else ("TE GROOT" if unit == "MB" else "TE TRAAG")  # a size is not slow
            rows.append((label, f"{value:.3f} {unit}", f"< {target:g} {unit}", verdict))
    headers = ("benchmark", "gemeten", "doel", "resultaat")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(4)]
    for n, row in enumerate([headers, *rows]):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

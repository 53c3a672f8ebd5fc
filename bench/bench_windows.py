"""Sizes of the Windows installer: the installer itself (target < 70 MB) and the program installed
(target < 250 MB), each with its ratio to a bare PySide6 window built the same way in the same run.

A Windows build takes minutes (PyInstaller under Wine, then makensis), too slow for every
``python -m bench``. So this reads the figures of the last build instead of building:
``installers/build/windows/sizes.json`` from ``bash installers/build-windows.sh --bare`` (installer
and bundle sizes, the program's and the bare window's) and ``smoke.json`` from
``installers/windows/smoke.sh`` (the size of the folder the installer made under Wine). CI runs
both just before this bench (installers/ci-windows.sh), so there the figures are of that run.
Without a build it prints why and reports nothing, unless DL_BENCH_WINDOWS_REQUIRED=1 (CI), when a
missing or bare-less build is an error. Set DL_BENCH_WINDOWS_BUILD=1 to build first (~6 min).
The bare window's installed size is its bundle on disk (the installer adds only the uninstaller).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("DL_WIN_OUT", ROOT / "installers" / "build" / "windows"))
INSTALLER_TARGET_MB = 70.0
INSTALLED_TARGET_MB = 250.0
MB = 1024 * 1024


def _read(name: str) -> dict | None:
    path = OUT / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def run() -> list[tuple[str, float, float, str]]:
    required = os.environ.get("DL_BENCH_WINDOWS_REQUIRED") == "1"
    if os.environ.get("DL_BENCH_WINDOWS_BUILD") == "1":
        subprocess.run(["bash", str(ROOT / "installers" / "build-windows.sh"), "--bare"], check=True)
        subprocess.run(["bash", str(ROOT / "installers" / "windows" / "smoke.sh")], check=True)
    sizes, smoke = _read("sizes.json"), _read("smoke.json")
    if sizes is None or smoke is None or not sizes.get("bare_bundle_bytes"):
        message = (f"windows: geen volledige build in {OUT} (bash installers/build-windows.sh --bare, "
                   "dan installers/windows/smoke.sh; of DL_BENCH_WINDOWS_BUILD=1)")
        if required:
            raise RuntimeError(message)
        print(message)
        return []
    installer = sizes["installer_bytes"] / MB
    installed = smoke["installed_bytes"] / MB
    bare_installer = sizes["bare_installer_bytes"] / MB
    bare_installed = sizes["bare_bundle_bytes"] / MB
    print(f"windows: build van {sizes['built_at']} ({sizes['build_seconds']} s), "
          f"rookproef {smoke['passed_at']}; vloer (kaal PySide6-venster): "
          f"installatieprogramma {bare_installer:.1f} MB, "
          f"geïnstalleerd {bare_installed:.1f} MB")
    return [
        (f"Windows-installatieprogramma (×{installer / bare_installer:.2f} vloer)", installer,
         INSTALLER_TARGET_MB, "MB"),
        (f"Windows geïnstalleerd (×{installed / bare_installed:.2f} vloer)", installed,
         INSTALLED_TARGET_MB, "MB"),
    ]

"""Trim a Linux one-folder bundle after PyInstaller has built it (installers/build-linux.sh runs it).

    python installers/trim_linux.py DIST/doorlopende-lijn

Three steps, each printing the size on disk afterwards (``du -sm`` counting):

1. **Orphaned system libraries.** The spec drops Qt plugins the program does not use (the GTK theme,
   Wayland, EGL, ...), but PyInstaller has already collected the system libraries *they* link
   (cairo, pango, gdk-pixbuf, gio, ...) into ``_internal/``. A library at the top of ``_internal/``
   that no remaining extension module, Qt library or Qt plugin needs (by ``DT_NEEDED``, followed
   transitively) is removed, as are symlinks left pointing at nothing. Only the top level is
   touched: the packages' own folders (``numpy.libs``, ``PySide6/Qt/lib``) are left alone.
2. **Identical copies.** numpy's and scipy's wheels each vendor the same ``libgfortran`` and
   ``libquadmath`` (same name, same bytes); the copy in the second folder becomes a relative
   symlink to the first (the loader resolves ``$ORIGIN`` RPATHs through it, and loads one copy).
3. **Debug symbols.** ``strip --strip-unneeded`` on every ELF file, except where the result would
   not load: libraries that auditwheel patched with patchelf (numpy's and scipy's OpenBLAS and
   gfortran) come out of ``strip`` with LOAD segments whose offset and address disagree modulo the
   page size ("ELF load command address/offset not page-aligned" at import). Every stripped file
   is checked for that and put back unstripped when it fails. (This is why the spec does not use
   PyInstaller's ``strip=True``: it strips every binary and has no way to leave some out,
   pyinstaller/pyinstaller#9463.)
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PAGE = 4096


def size_mb(folder: Path) -> int:
    return int(subprocess.run(["du", "-sm", str(folder)], capture_output=True, text=True, check=True).stdout.split()[0])


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == ELF_MAGIC


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def _is_root(rel: Path) -> bool:
    """Loaded by something other than the dynamic linker's DT_NEEDED: Python (extension modules,
    libpython by the bootloader), Qt (its plugins), or anything inside a package's folder."""
    name = rel.name
    return len(rel.parts) > 1 or ".cpython-" in name or name.endswith(".abi3.so") or name.startswith("libpython")


def drop_orphans(internal: Path) -> list[str]:
    files = [p for p in internal.rglob("*") if is_elf(p)]
    deps = {p: needed(p) for p in files}
    by_name: dict[str, set[Path]] = defaultdict(set)
    for p in files:
        by_name[p.name].add(p)
    for link in internal.rglob("*"):
        if link.is_symlink() and link.exists() and link.resolve() in deps:
            by_name[link.name].add(link.resolve())
    seen: set[Path] = set()
    stack = [p for p in files if _is_root(p.relative_to(internal))]
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p)
            for lib in deps[p]:
                stack.extend(by_name.get(lib, ()))
    removed = []
    for p in sorted(set(files) - seen):
        p.unlink()
        removed.append(p.name)
    for link in internal.glob("*"):  # symlinks to files the spec dropped or this step removed
        if link.is_symlink() and not link.exists():
            link.unlink()
            removed.append(link.name + " (symlink)")
    return removed


def link_duplicates(internal: Path) -> list[str]:
    linked = []
    first: dict[str, Path] = {}
    for p in sorted(internal.glob("*.libs/*")):
        if p.is_symlink() or not p.is_file():
            continue
        other = first.setdefault(p.name, p)
        if other is not p and filecmp.cmp(other, p, shallow=False):
            p.unlink()
            p.symlink_to(os.path.relpath(other, p.parent))
            linked.append(f"{p.relative_to(internal)} -> {other.relative_to(internal)}")
    return linked


def loads_after_strip(path: Path) -> bool:
    """The dynamic loader's check: each LOAD segment's file offset and address agree modulo its
    alignment (and the page size)."""
    out = subprocess.run(["readelf", "-l", "-W", str(path)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, vaddr, align = int(fields[1], 16), int(fields[2], 16), int(fields[-1], 16)
            if (offset - vaddr) % max(align, 1) or (offset - vaddr) % PAGE:
                return False
    return True


def strip_all(internal: Path) -> tuple[int, list[str]]:
    stripped, kept = 0, []
    for p in sorted(internal.rglob("*")):
        if not is_elf(p):
            continue
        backup = p.with_name(p.name + ".unstripped")
        shutil.copy2(p, backup)
        result = subprocess.run(["strip", "--strip-unneeded", str(p)], capture_output=True, text=True)
        if result.returncode == 0 and loads_after_strip(p):
            backup.unlink()
            stripped += 1
        else:
            backup.replace(p)
            kept.append(str(p.relative_to(internal)))
    return stripped, kept


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    internal = bundle / "_internal"
    print(f"trim: {bundle.name} {size_mb(bundle)} MB")
    removed = drop_orphans(internal)
    print(f"trim: 1. {len(removed)} orphaned libraries removed → {size_mb(bundle)} MB ({', '.join(removed)})")
    linked = link_duplicates(internal)
    print(f"trim: 2. {len(linked)} identical copies linked → {size_mb(bundle)} MB ({'; '.join(linked)})")
    stripped, kept = strip_all(internal)
    print(f"trim: 3. {stripped} ELF files stripped → {size_mb(bundle)} MB; left unstripped (would not load): {', '.join(kept)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

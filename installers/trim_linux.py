"""Trim a Linux one-folder bundle after PyInstaller has built it (installers/build-linux.sh runs it).

    python installers/trim_linux.py DIST/doorlopende-lijn

Four steps, each printing the size on disk afterwards (``du -sm`` counting):

1. **Orphaned system libraries.** The spec drops Qt plugins the program does not use (the GTK theme,
   Wayland, EGL, ...), but PyInstaller has already collected the system libraries *they* link
   (cairo, pango, gdk-pixbuf, gio, ...) into ``_internal/``. A library at the top of ``_internal/``
   that no remaining extension module, Qt library or Qt plugin needs (by ``DT_NEEDED``, followed
   transitively) is removed, as are symlinks left pointing at nothing. Only the top level is
   touched: the packages' own folders (``numpy.libs``, ``PySide6/Qt/lib``) are left alone.
   Before that, the **system libraries left to the system** (``HOST_LIBRARIES``) are removed, so
   that what only they need goes with them: ``libcups.so.2``, which Qt's CUPS print plugin links,
   brings its own TLS stack (gnutls, nettle, hogweed, gmp, p11-kit, idn2, unistring, tasn1) and
   avahi, 7 MB. A PC that prints has CUPS, and so its client library ``libcups.so.2`` (an ABI that
   has not changed since CUPS 1.2); the plugin then loads the system's, which also matches the
   system's CUPS configuration and TLS settings (p11-kit loading the system's modules into a
   bundled copy is a known source of breakage). Without CUPS on the PC the plugin does not load,
   and Qt offers what it offers there anyway: printing to a PDF file. The build checks that the
   plugin resolves every library against the bundle plus this system.
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
4. **ICU's data, for the languages the program speaks.** Qt Core links ICU (libicuuc, libicui18n;
   they must stay), and ICU's data library ``libicudata.so.73`` (31 MB) holds the locale data of
   every language of the world. ICU is built for this to be cut down (its data build tool filters
   locales; ``icupkg`` removes items from a data package): the locale files of every language but
   root, English and Dutch go, with the Chinese/Japanese/Thai/Lao/Khmer/Burmese word dictionaries
   and the legacy Asian and EBCDIC code-page converters (the Western ones, UTF-* and
   the collation, case and normalisation data stay). The data package is taken out of the
   library, trimmed with ``icupkg`` (Debian's icu-devtools) and linked back into a library of the
   same name and symbol (``icudt73_dat``) with gcc. A check then loads the bundle's ICU and opens
   a Dutch collator, the Dutch locale's names, a windows-1252 converter and a break iterator; if
   any fails, the original library is put back and the build stops.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PAGE = 4096


def size_mb(folder: Path) -> int:
    return int(
        subprocess.run(["du", "-sm", str(folder)], capture_output=True, text=True, check=True).stdout.split()[
            0
        ]
    )


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
    return (
        len(rel.parts) > 1 or ".cpython-" in name or name.endswith(".abi3.so") or name.startswith("libpython")
    )


# Libraries the bundle does not carry: the PC's own copy is used (see the module's docstring).
HOST_LIBRARIES = ("libcups.so.2",)


def drop_host_libraries(internal: Path) -> list[str]:
    removed = []
    for name in HOST_LIBRARIES:
        for path in internal.glob(name + "*"):
            path.unlink()
            removed.append(path.name)
    return removed


def check_host_libraries(internal: Path) -> str:
    """The Qt plugins that link a host library still resolve every library: the bundle's own
    (LD_LIBRARY_PATH, as the bootloader sets it) or this system's. A host library this build
    machine lacks is only reported (a user's PC has it or not, either way); any other library
    that does not resolve stops the build."""
    users = [p for p in internal.rglob("*") if is_elf(p) and set(needed(p)) & set(HOST_LIBRARIES)]
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    report = []
    for path in users:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
        rel = path.relative_to(internal)
        if set(missing) - set(HOST_LIBRARIES):
            raise SystemExit(f"trim: {rel} finds no {', '.join(missing)} in the bundle or on this system")
        unchecked = f" (not checked: this system has no {', '.join(missing)})" if missing else ""
        report.append(f"{rel}{unchecked}")
    return ", ".join(report) or "none"


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


# ICU items kept: the locale files of these languages (in every tree: locales, coll, curr, lang,
# region, unit, zone, rbnf, brkitr), everything that is not a locale file, and these converters.
ICU_LANGUAGES = re.compile(r"^(root|en|en_001|en_150|en_GB|en_US|en_US_POSIX|nl|nl_NL|nl_BE)\.res$")
ICU_LOCALE_FILE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
ICU_CONVERTERS_KEPT = re.compile(
    r"(windows-125|iso-8859|ibm-1252|ibm-5348|ibm-91[2-5]|ibm-923|ibm-8859|us-ascii|utf|cesu|scsu|bocu|lmb|imap)"
)
ICU_CHECK = r"""
import ctypes, sys
lib, v = sys.argv[1], sys.argv[2]
uc = ctypes.CDLL(lib + "/libicuuc.so." + v)
i18n = ctypes.CDLL(lib + "/libicui18n.so." + v)
def call(lib, name, *args):
    status = ctypes.c_int(0)
    result = getattr(lib, name + "_" + v)(*args, ctypes.byref(status))
    if status.value > 0:  # > 0: an error; < 0: a warning (such as "using the root locale")
        sys.exit(f"{name}{args}: ICU error {status.value}")
    return result
call(uc, "u_init")
call(i18n, "ucol_open", b"nl_NL")
call(uc, "ucnv_open", b"windows-1252")
call(uc, "ubrk_open", 1, b"nl", None, 0)
buf = (ctypes.c_uint16 * 64)()
n = call(uc, "uloc_getDisplayLanguage", b"nl", b"nl", buf, 64)
name = bytes(buf)[: 2 * n].decode("utf-16-le")
if name != "Nederlands":
    sys.exit(f"uloc_getDisplayLanguage(nl, nl) = {name!r}")
print("icu ok:", name)
"""


def trim_icu(internal: Path) -> str:
    qt_lib = internal / "PySide6" / "Qt" / "lib"
    found = sorted(qt_lib.glob("libicudata.so.*"))
    if not found:
        return "no libicudata in the bundle"
    data_lib = found[0]
    version = data_lib.name.rsplit(".", 1)[1]
    symbol = f"icudt{version}_dat"
    nm = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(data_lib)], capture_output=True, text=True, check=True
    )
    value, size = next(
        (int(f[0], 16), int(f[1], 16)) for f in map(str.split, nm.stdout.splitlines()) if f[-1] == symbol
    )
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(data_lib)], capture_output=True, text=True, check=True
    ).stdout
    fields = next(line.split("]", 1)[1].split() for line in sections.splitlines() if " .rodata " in line)
    offset = value - int(fields[2], 16) + int(fields[3], 16)  # Address, Off
    with tempfile.TemporaryDirectory(prefix="dl-icu-") as tmp:
        work = Path(tmp)
        package = work / "in" / f"icudt{version}l.dat"
        package.parent.mkdir()
        with data_lib.open("rb") as fh:
            fh.seek(offset)
            package.write_bytes(fh.read(size))
        items = subprocess.run(
            ["icupkg", "-l", str(package)], capture_output=True, text=True, check=True
        ).stdout.split()
        drop = [
            item
            for item in items
            if (ICU_LOCALE_FILE.match(Path(item).name) and not ICU_LANGUAGES.match(Path(item).name)
                and Path(item).name not in ("pool.res", "res_index.res"))
            or item.endswith(".dict")
            or (item.endswith(".cnv") and not ICU_CONVERTERS_KEPT.search(item))
        ]  # fmt: skip
        (work / "drop.txt").write_text("\n".join(drop) + "\n")
        trimmed = work / f"icudt{version}l.dat"  # icupkg names the package after the output file
        # --ignore-deps: brkitr/root names the word dictionaries; without them ICU's word breaking
        # of CJK/Thai/Lao/Khmer/Burmese text falls back to its rules (ICU's own data filter
        # documents dropping "dictionaries" the same way).
        subprocess.run(["icupkg", "--ignore-deps", "-r", str(work / "drop.txt"), str(package), str(trimmed)],
                       check=True, capture_output=True)  # fmt: skip
        asm = work / "icudata.S"
        asm.write_text(
            f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n"
            f'.incbin "{trimmed}"\n.size {symbol}, .-{symbol}\n.section .note.GNU-stack,"",@progbits\n'
        )
        new_lib = work / data_lib.name
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{data_lib.name}", "-o", str(new_lib), str(asm)],
            check=True,
        )
        original = work / (data_lib.name + ".orig")
        shutil.copy2(data_lib, original)
        shutil.copyfile(new_lib, data_lib)
        check = subprocess.run(
            [sys.executable, "-c", ICU_CHECK, str(qt_lib), version], capture_output=True, text=True
        )
        if check.returncode != 0:
            shutil.copyfile(original, data_lib)
            raise SystemExit(
                f"trim: the trimmed ICU data failed its check, original restored: {check.stderr.strip()}"
            )
        return f"{len(drop)} of {len(items)} ICU items removed ({check.stdout.strip()})"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    internal = bundle / "_internal"
    print(f"trim: {bundle.name} {size_mb(bundle)} MB")
    host = drop_host_libraries(internal)
    removed = host + drop_orphans(internal)
    print(f"trim: 1. {len(removed)} orphaned libraries removed → {size_mb(bundle)} MB ({', '.join(removed)})")
    print(f"trim:    the system's {', '.join(HOST_LIBRARIES)} resolves for: {check_host_libraries(internal)}")
    linked = link_duplicates(internal)
    print(f"trim: 2. {len(linked)} identical copies linked → {size_mb(bundle)} MB ({'; '.join(linked)})")
    stripped, kept = strip_all(internal)
    print(f"trim: 3. {stripped} ELF files stripped → {size_mb(bundle)} MB")
    print(f"trim:    left unstripped (would not load stripped): {', '.join(kept)}")
    icu = trim_icu(internal)
    print(f"trim: 4. {icu} → {size_mb(bundle)} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

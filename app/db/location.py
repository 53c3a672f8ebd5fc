"""Refuse a SQLite file on a network share: SQLite's locking is unreliable over SMB/NFS and a
shared file gets corrupted. The region shares data through PostgreSQL instead."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

from app.errors import DatabaseConfigError

NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "afs", "9p", "davfs", "ncpfs"}
DRIVE_REMOTE = 4  # GetDriveTypeW result for a mapped network drive

REFUSAL = (
    "Het databasebestand '{path}' staat op een netwerkschijf. Een lokaal databasebestand mag niet "
    "op een gedeelde schijf staan: gelijktijdig gebruik kan het bestand beschadigen. Kies een map "
    "op deze computer, of gebruik de gedeelde PostgreSQL-database van de regio."
)


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            return [(parts[1], parts[2]) for parts in (line.split() for line in fh) if len(parts) >= 3]
    except OSError:
        return []


def is_network_path(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    drive_type: Callable[[str], int] | None = None,
    mounts: list[tuple[str, str]] | None = None,
) -> bool:
    """True for UNC paths, mapped network drives (Windows) and network mounts (Linux/macOS)."""
    platform = platform or sys.platform
    text = os.fspath(path)
    if text.startswith(("\\\\", "//")):
        return True
    if platform == "win32":
        drive = PureWindowsPath(text).drive
        if drive.startswith("\\\\"):
            return True
        if len(drive) == 2 and drive[1] == ":":
            lookup = drive_type or _windows_drive_type
            return lookup(drive + "\\") == DRIVE_REMOTE
        return False
    resolved = str(Path(text).expanduser().absolute())
    best = ("", "")
    for mount_point, fstype in mounts if mounts is not None else _linux_mounts():
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best[0]):
            best = (mount_point, fstype)
    return best[1] in NETWORK_FS


def check_local_sqlite_path(path: str | os.PathLike[str], **probe: object) -> None:
    if is_network_path(path, **probe):  # type: ignore[arg-type]
        raise DatabaseConfigError(REFUSAL.format(path=os.fspath(path)))

"""Refuse a SQLite file on a network share: SQLite's locking is unreliable over SMB/NFS and a
shared file gets corrupted. The region shares data through PostgreSQL instead."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

from app.errors import DatabaseConfigError

NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "afs", "9p", "davfs", "ncpfs", "ceph", "glusterfs",
    "lustre", "gfs2", "ocfs2", "beegfs", "orangefs",
}  # fmt: skip
# FUSE file systems report "fuse.<name>"; these are network ones (rclone, GNOME's gvfs for smb://,
# WebDAV, S3, SSH, SMB, …). Local FUSE (a phone over MTP, an encrypted folder) is not listed.
NETWORK_FUSE = {
    "rclone", "gvfsd-fuse", "gvfs", "davfs2", "davfs", "s3fs", "sshfs", "smbnetfs", "curlftpfs",
    "goofys", "gcsfuse", "juicefs", "cephfs", "glusterfs", "onedrive", "mountpoint-s3", "blobfuse",
    "blobfuse2", "afpfs", "httpdirfs",
}  # fmt: skip
# GNOME mounts smb:// and sftp:// shares below /run/user/<uid>/gvfs (through gvfsd-fuse).
GVFS_DIR = re.compile(r"^/run/user/[^/]+/gvfs(/|$)")
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
            return [
                (_unescape(parts[1]), parts[2]) for parts in (line.split() for line in fh) if len(parts) >= 3
            ]
    except OSError:
        return []


def _unescape(field: str) -> str:
    """/proc/mounts writes a space in a mount point as \\040 (octal), a tab as \\011."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


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
    # Symlinks and ".." resolved first: a link in the home folder may point onto a share.
    resolved = str(Path(text).expanduser().resolve(strict=False))
    if GVFS_DIR.match(resolved):
        return True
    best = ("", "")
    for mount_point, fstype in mounts if mounts is not None else _linux_mounts():
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best[0]):
            best = (mount_point, fstype)
    return is_network_fstype(best[1])


def is_network_fstype(fstype: str) -> bool:
    """Whether a mount's type (as in /proc/mounts) is a network file system."""
    fstype = fstype.lower()
    if fstype in NETWORK_FS:
        return True
    for prefix in ("fuse.", "fuseblk."):
        if fstype.startswith(prefix):
            return fstype.removeprefix(prefix) in NETWORK_FUSE
    return False


def check_local_sqlite_path(path: str | os.PathLike[str], **probe: object) -> None:
    if is_network_path(path, **probe):  # type: ignore[arg-type]
        raise DatabaseConfigError(REFUSAL.format(path=os.fspath(path)))

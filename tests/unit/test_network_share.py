"""A SQLite file on a network share is refused, also when reached through a symlink or "..", and
on the FUSE network file systems a Linux desktop mounts shares with (gvfs, rclone, davfs2, …)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.location import check_local_sqlite_path, is_network_path
from app.errors import DatabaseConfigError


@pytest.fixture
def share(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A folder the (fake) mount table calls an SMB share, beside a local one."""
    share = (tmp_path / "share").resolve()
    share.mkdir()
    (tmp_path / "local").mkdir()
    mounts = [("/", "ext4"), (str(share), "cifs")]
    return share, mounts


def test_a_symlink_into_a_share_is_refused(tmp_path: Path, share: tuple[Path, list[tuple[str, str]]]) -> None:
    folder, mounts = share
    link = tmp_path / "local" / "Gedeeld"
    link.symlink_to(folder, target_is_directory=True)  # e.g. ~/Documenten/Gedeeld → the share
    assert is_network_path(link / "dl.db", platform="linux", mounts=mounts)
    file_link = tmp_path / "local" / "dl.db"
    (folder / "echt.db").touch()
    file_link.symlink_to(folder / "echt.db")  # the file itself a link onto the share
    assert is_network_path(file_link, platform="linux", mounts=mounts)
    with pytest.raises(DatabaseConfigError, match="netwerkschijf"):
        check_local_sqlite_path(link / "dl.db", platform="linux", mounts=mounts)
    assert not is_network_path(tmp_path / "local" / "eigen.db", platform="linux", mounts=mounts)


def test_dot_dot_paths_are_judged_where_they_end(
    tmp_path: Path, share: tuple[Path, list[tuple[str, str]]]
) -> None:
    _folder, mounts = share
    into = tmp_path / "local" / ".." / "share" / "dl.db"
    assert is_network_path(into, platform="linux", mounts=mounts)
    out_of = tmp_path / "share" / ".." / "local" / "dl.db"
    assert not is_network_path(out_of, platform="linux", mounts=mounts)
    # Textual prefix matching alone would call this a share (or miss the first case).
    assert not is_network_path(str(tmp_path / "share") + "-kopie/dl.db", platform="linux", mounts=mounts)


@pytest.mark.parametrize(
    "fstype",
    ["fuse.rclone", "fuse.gvfsd-fuse", "fuse.davfs2", "davfs", "fuse.s3fs", "fuse.sshfs", "fuse.smbnetfs",
     "cifs", "smb3", "nfs", "nfs4", "9p", "ceph"],
)  # fmt: skip
def test_network_file_systems_are_known(fstype: str) -> None:
    mounts = [("/", "ext4"), ("/mnt/regio", fstype)]
    assert is_network_path("/mnt/regio/dl.db", platform="linux", mounts=mounts)


@pytest.mark.parametrize("fstype", ["ext4", "btrfs", "tmpfs", "fuse.gocryptfs", "fuse.jmtpfs", "fuseblk"])
def test_local_file_systems_are_allowed(fstype: str) -> None:
    mounts = [("/", "ext4"), ("/media/usb", fstype)]
    assert not is_network_path("/media/usb/dl.db", platform="linux", mounts=mounts)


def test_a_path_below_the_gvfs_folder_is_a_share() -> None:
    """GNOME's "smb://server/share" opened in Files appears below /run/user/<uid>/gvfs."""
    path = "/run/user/1000/gvfs/smb-share:server=fs01,share=data/dl.db"
    assert is_network_path(path, platform="linux", mounts=[("/", "ext4")])
    assert not is_network_path("/run/user/1000/gvfs-niet/dl.db", platform="linux", mounts=[("/", "ext4")])

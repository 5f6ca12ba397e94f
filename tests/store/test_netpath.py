from __future__ import annotations

from vpr_desktop.store.netpath import DRIVE_REMOTE
from vpr_desktop.store.netpath import network_reason


def test_unc_paths_are_network() -> None:
    assert network_reason(r"\\fileserver\vpr\vpr.db", platform="win32")
    assert network_reason("//fileserver/vpr/vpr.db", platform="linux", mounts=[])


def test_mapped_drive_letter_detected_by_drive_type() -> None:
    assert network_reason(r"H:\VPR\vpr.db", platform="win32", drive_type=lambda r: DRIVE_REMOTE)
    assert network_reason(r"C:\Users\a\vpr.db", platform="win32", drive_type=lambda r: 3) is None


def test_posix_mount_types() -> None:
    mounts = [("/", "ext4"), ("/mnt/share", "cifs"), ("/home/nfs", "nfs4")]
    assert network_reason("/mnt/share/vpr.db", platform="linux", mounts=mounts)
    assert network_reason("/home/nfs/x/vpr.db", platform="linux", mounts=mounts)
    assert network_reason("/home/me/vpr.db", platform="linux", mounts=mounts) is None
    assert network_reason("/mnt/shared.db", platform="linux", mounts=mounts) is None

"""Is a database path on a network file system?

SQLite over SMB/NFS corrupts (broken locking, oplocks) and WAL needs shared memory on one host,
so a database on a share is never opened read-write: shared use means PostgreSQL.

Checks, in order: UNC paths (``\\\\server\\share``, ``//server/share``, ``\\\\?\\UNC\\``); on
Windows the drive type of the path's root (``GetDriveTypeW`` == DRIVE_REMOTE catches mapped
drive letters); elsewhere the file-system type of the mount holding the path (from
``/proc/self/mounts``). The probes are parameters so tests can fake any path type.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from collections.abc import Iterable
from pathlib import Path
from pathlib import PurePath
from pathlib import PureWindowsPath

DRIVE_REMOTE = 4
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afs",
        "9p",
        "ncpfs",
        "coda",
        "fuse.sshfs",
        "sshfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "ceph",
        "fuse.rclone",
        "webdav",
        "lustre",
        "gpfs",
    }
)


def is_unc(path: str) -> bool:
    p = path.replace("/", "\\")
    return p.startswith("\\\\") and not p.startswith("\\\\.\\")


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _posix_mounts() -> Iterable[tuple[str, str]]:
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    mount_point = parts[1].replace("\\040", " ")
                    yield mount_point, parts[2]
    except OSError:
        return


def _fs_type_for(path: Path, mounts: Iterable[tuple[str, str]]) -> str | None:
    best: tuple[int, str] | None = None
    target = str(path)
    for mount_point, fs_type in mounts:
        mp = mount_point.rstrip("/") or "/"
        contains = target == mp or target.startswith(mp + "/") or mp == "/"
        if contains and (best is None or len(mp) > best[0]):
            best = (len(mp), fs_type)
    return best[1] if best else None


def network_reason(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    drive_type: Callable[[str], int] | None = None,
    mounts: Iterable[tuple[str, str]] | None = None,
) -> str | None:
    """Why ``path`` is on a network file system, or None if it looks local."""
    raw = os.fspath(path)
    platform = platform or sys.platform
    if is_unc(raw):
        return f"{raw} is a network (UNC) path"
    if platform.startswith("win"):
        win = PureWindowsPath(raw)
        if win.drive and len(win.drive) == 2:  # "H:"
            probe = drive_type or _windows_drive_type
            if probe(win.drive + "\\") == DRIVE_REMOTE:
                return f"drive {win.drive} is a mapped network drive"
        return None
    resolved = Path(raw).expanduser()
    with contextlib.suppress(OSError):  # a path we cannot resolve is judged as written
        resolved = resolved.resolve()
    fs_type = _fs_type_for(resolved, mounts if mounts is not None else _posix_mounts())
    if fs_type and (fs_type in NETWORK_FS_TYPES or fs_type.startswith(("nfs", "cifs", "smb"))):
        return f"{PurePath(raw)} is on a network file system ({fs_type})"
    return None

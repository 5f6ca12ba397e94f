#!/usr/bin/env python3
"""Developer task runner for VPR Desktop (standard library only).

Usage (from anywhere; paths are relative to this file's directory):

    python3 tasks.py app  [app args]      # Linux / macOS
    py tasks.py app       [app args]      # Windows
    python3 tasks.py test [pytest args]   # e.g. python3 tasks.py test -q -k store

Subcommands
    app    Make sure the virtual environment is ready, then run
           ``<venv python> -m vpr_desktop --demo [app args]`` (the main window on a
           demo SQLite database). Exits with the app's exit code.
    test   Make sure the virtual environment is ready, then run the gates —
           ``ruff check``, ``ruff format --check`` and ``mypy`` (--strict on domain, store,
           services, reports and cli, configured in pyproject.toml) — and then
           ``<venv python> -m pytest [pytest args]`` from the repository root. Exits non-zero
           when any gate or pytest fails (pytest runs even after a failed gate, so one run
           reports everything). On Linux without a display (no DISPLAY or WAYLAND_DISPLAY)
           QT_QPA_PLATFORM defaults to ``offscreen``.
    check  The gates alone (quick feedback before the long test run).
    pytest Only ``<venv python> -m pytest [pytest args]`` (iterating on one test).
    bundle Build the one-folder PyInstaller bundle in ``dist/vpr-desktop`` and smoke-test the
           frozen program: ``<venv python> installer/build.py [args]`` (PyInstaller is
           installed into .venv when missing; ``--zip`` also writes the ZIPs, ``--help`` more).

Everything after the subcommand is passed through untouched, so
``python3 tasks.py test --help`` shows pytest's help.

What "make sure the virtual environment is ready" means
    1. On Debian/Ubuntu (apt + dpkg present) the shared libraries Qt 6 needs to open a
       window or run offscreen are checked with dpkg-query. Missing ones are installed
       with apt-get when running as root or with passwordless sudo; otherwise the
       exact apt-get command is printed and we carry on.
    2. ``.venv`` at the repository root is created with ``venv`` (with pip) if it is
       missing or broken, and pip is upgraded. If ``ensurepip`` is missing (Debian's
       python3 without the python3-venv package) it is installed the same way as
       above; if that is not possible the command to run is printed and we exit 1.
    3. ``pip install -e ".[test]"`` runs, unless ``.venv/.vpr-install-stamp`` records
       the SHA-256 of the current pyproject.toml (so repeated runs start quickly).
       Delete that file (or .venv) to force a reinstall.

Works with Python 3.11+ on Linux, macOS and Windows; apt logic is skipped where
apt-get/dpkg-query are absent.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".vpr-install-stamp"
IS_WINDOWS = os.name == "nt"

# Debian package names of the shared libraries Qt 6 (PySide6 wheels) loads for the
# xcb and offscreen platform plugins, plus a basic font.
QT_DEBIAN_PACKAGES = [
    "libegl1",
    "libgl1",
    "libopengl0",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libfreetype6",
    "fonts-dejavu-core",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-xfixes0",
    "libxcb-xkb1",
]


# --------------------------------------------------------------------------- output


def info(msg: str) -> None:
    print(f"[tasks] {msg}", flush=True)


def warn(msg: str) -> None:
    print(f"[tasks] warning: {msg}", file=sys.stderr, flush=True)


def fail(msg: str, code: int = 1) -> None:
    print(f"[tasks] error: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def quote(cmd: list[str]) -> str:
    return subprocess.list2cmdline(cmd) if IS_WINDOWS else shlex.join(cmd)


def venv_python() -> Path:
    if IS_WINDOWS:
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


# ------------------------------------------------------------------------ apt helpers


class Apt:
    """apt-get/dpkg helper for Debian-like Linux; ``Apt.detect()`` is None elsewhere."""

    def __init__(self) -> None:
        self._updated = False
        self._prefix: list[str] | None = None
        self._prefix_checked = False
        self._installed: set[str] | None = None

    @staticmethod
    def detect() -> Apt | None:
        if not sys.platform.startswith("linux"):
            return None
        if not (shutil.which("apt-get") and shutil.which("dpkg-query")):
            return None
        return Apt()

    def installed_names(self) -> set[str]:
        """Names of installed packages plus the virtual names they provide."""
        if self._installed is None:
            names: set[str] = set()
            result = subprocess.run(
                ["dpkg-query", "-W", "-f=${db:Status-Abbrev}\t${Package}\t${Provides}\n"],
                capture_output=True,
                text=True,
                check=False,
            )
            for line in result.stdout.splitlines():
                parts = line.split("\t")
                if len(parts) < 2 or not parts[0].startswith(("ii", "hi")):
                    continue
                names.add(parts[1].split(":")[0])
                if len(parts) > 2 and parts[2].strip():
                    for item in parts[2].split(","):
                        name = item.strip().split(" ")[0].split(":")[0]
                        if name:
                            names.add(name)
            self._installed = names
        return self._installed

    def missing(self, packages: list[str]) -> list[str]:
        have = self.installed_names()
        return [p for p in packages if p not in have]

    def privilege_prefix(self) -> list[str] | None:
        """[] when root, ["sudo", "-n"] with passwordless sudo, else None."""
        if not self._prefix_checked:
            self._prefix_checked = True
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                self._prefix = []
            elif (
                shutil.which("sudo")
                and subprocess.run(
                    ["sudo", "-n", "true"],
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    check=False,
                ).returncode
                == 0
            ):
                self._prefix = ["sudo", "-n"]
        return self._prefix

    @staticmethod
    def manual_command(packages: list[str]) -> str:
        sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
        return (
            f"{sudo}apt-get update && {sudo}apt-get install -y "
            f"--no-install-recommends {' '.join(packages)}"
        )

    def _run(self, args: list[str]) -> bool:
        prefix = self.privilege_prefix()
        assert prefix is not None
        cmd = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", *args]
        info(f"running: {quote(cmd)}")
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, check=False).returncode == 0

    def available(self, package: str) -> bool:
        """Whether apt knows a candidate for *package* (after update)."""
        result = subprocess.run(
            ["apt-cache", "policy", package], capture_output=True, text=True, check=False
        )
        return "Candidate:" in result.stdout and "Candidate: (none)" not in result.stdout

    def update(self) -> None:
        """apt-get update, at most once per run."""
        if not self._updated:
            self._updated = True
            if not self._run(["update", "-q"]):
                warn("apt-get update failed; trying to install anyway")

    def install(self, packages: list[str], why: str) -> bool:
        """Install *packages* (assumed missing). Returns False if not possible/failed."""
        if self.privilege_prefix() is None:
            return False
        info(f"installing Debian packages {' '.join(packages)} ({why})")
        self.update()
        ok = self._run(["install", "-y", "-q", "--no-install-recommends", *packages])
        self._installed = None  # re-read on next query
        return ok


# --------------------------------------------------------------------- environment


def ensure_qt_system_libraries(apt: Apt | None) -> None:
    if apt is None:
        return
    missing = apt.missing(QT_DEBIAN_PACKAGES)
    if not missing:
        return
    why = "shared libraries Qt 6 needs to open a window or run offscreen"
    if apt.privilege_prefix() is None:
        warn(f"missing Debian packages ({why}): {' '.join(missing)}")
        warn("not root and no passwordless sudo, so not installing them; run:")
        print(f"    {apt.manual_command(missing)}", file=sys.stderr, flush=True)
        return
    if not apt.install(missing, why):
        warn("installing the Qt system libraries failed; the app/tests may not start. Run:")
        print(f"    {apt.manual_command(missing)}", file=sys.stderr, flush=True)


def have_ensurepip() -> bool:
    """Whether this Python has the venv and ensurepip modules (python3-venv on Debian)."""
    importlib.invalidate_caches()
    return all(importlib.util.find_spec(name) is not None for name in ("venv", "ensurepip"))


def ensure_ensurepip(apt: Apt | None) -> None:
    """Make ``python -m venv`` able to install pip (Debian's python3-venv)."""
    if have_ensurepip():
        return
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
    packages = ["python3-venv", minor]
    hint = (
        f"The Python running this script ({sys.executable}) has no 'ensurepip' "
        f"module, so it cannot create a virtual environment with pip."
    )
    if apt is None:
        fail(
            f"{hint} Install the venv/ensurepip support for this Python "
            f"(or use a python.org build) and retry."
        )
    assert apt is not None
    if apt.privilege_prefix() is None:
        fail(
            f"{hint} On Debian/Ubuntu install it with:\n"
            f"    {apt.manual_command(packages)}\n"
            f"then run this command again."
        )
    wanted = apt.missing(packages)
    if not wanted:
        fail(
            f"{hint} {' '.join(packages)} are already installed, so this is probably "
            f"not Debian's python3; use a Python that includes ensurepip."
        )
    info("ensurepip is missing (Debian ships it in python3-venv); installing it")
    # Update first so apt-cache knows whether the versioned package exists here.
    apt.update()
    wanted = [p for p in wanted if apt.available(p)] or wanted
    if not apt.install(wanted, "needed to create .venv with pip") or not have_ensurepip():
        fail(
            f"{hint} Installing {' '.join(wanted)} did not fix it. Try:\n"
            f"    {apt.manual_command(packages)}"
        )


def venv_is_healthy() -> bool:
    py = venv_python()
    if not py.exists():
        return False
    try:
        result = subprocess.run(
            [
                str(py),
                "-c",
                "import importlib.util, sys; sys.exit(importlib.util.find_spec('pip') is None)",
            ],
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def create_venv(apt: Apt | None) -> None:
    ensure_ensurepip(apt)
    cmd = [sys.executable, "-m", "venv"]
    if VENV.exists():
        info(f"{VENV} exists but is broken or has no pip; recreating it")
        cmd.append("--clear")
    else:
        info(f"creating virtual environment {VENV}")
    cmd.append(str(VENV))
    if subprocess.run(cmd, check=False).returncode != 0 or not venv_is_healthy():
        fail(f"creating the virtual environment failed: {quote(cmd)}")
    info("upgrading pip in the virtual environment")
    upgrade = [str(venv_python()), "-m", "pip", "install", "-q", "--upgrade", "pip"]
    if subprocess.run(upgrade, cwd=ROOT, check=False).returncode != 0:
        warn("upgrading pip failed; continuing with the bundled pip")


def pyproject_hash() -> str:
    return hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()


def ensure_installed() -> None:
    digest = pyproject_hash()
    try:
        if STAMP.read_text(encoding="utf-8").split()[0] == digest:
            return
    except (OSError, IndexError):
        pass
    info('installing the project into .venv: pip install -e ".[test]"')
    STAMP.unlink(missing_ok=True)
    cmd = [str(venv_python()), "-m", "pip", "install", "-q", "-e", ".[test]"]
    code = subprocess.run(cmd, cwd=ROOT, check=False).returncode
    if code != 0:
        fail(
            f'pip install -e ".[test]" failed (exit {code}); see the pip output above. '
            f"Nothing was recorded, so the next run retries.",
            code,
        )
    STAMP.write_text(f"{digest}  pyproject.toml\n", encoding="utf-8")


def ensure_venv() -> Path:
    if not PYPROJECT.is_file():
        fail(f"{PYPROJECT} not found")
    apt = Apt.detect()
    ensure_qt_system_libraries(apt)
    if not venv_is_healthy():
        create_venv(apt)
    ensure_installed()
    return venv_python()


# ------------------------------------------------------------------------- commands


def run_in_root(cmd: list[str], env: dict[str, str] | None = None) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    except OSError as exc:
        fail(f"could not start {quote(cmd)}: {exc}")
    while True:
        try:
            code = proc.wait()
            break
        except KeyboardInterrupt:  # the child got the Ctrl-C too; let it finish
            continue
    if code < 0:  # killed by a signal (POSIX): report it the way a shell would
        code = 128 - code
    return code


def cmd_app(args: list[str]) -> int:
    py = ensure_venv()
    return run_in_root([str(py), "-m", "vpr_desktop", "--demo", *args])


def test_env() -> dict[str, str]:
    """The environment for the checks: offscreen Qt on a Linux machine without a display."""
    env = dict(os.environ)
    if (
        sys.platform.startswith("linux")
        and "QT_QPA_PLATFORM" not in env
        and not env.get("DISPLAY")
        and not env.get("WAYLAND_DISPLAY")
    ):
        info("no display found; using QT_QPA_PLATFORM=offscreen")
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


# The gates every change must pass, in the order they run (cheapest first). Each is a module
# run with the venv's Python from the repository root; mypy's files and strictness live in
# pyproject.toml ([tool.mypy]: domain, store, services, reports and cli under --strict).
GATES: list[tuple[str, list[str]]] = [
    ("ruff check", ["-m", "ruff", "check", "."]),
    ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
    ("mypy --strict (domain, store, services, reports, cli)", ["-m", "mypy"]),
]


def run_gates(py: Path, env: dict[str, str]) -> list[str]:
    """Run every gate (all of them, so one run shows every problem); the names that failed."""
    failed = []
    for name, cmd in GATES:
        info(f"gate: {name}")
        if run_in_root([str(py), *cmd], env=env) != 0:
            failed.append(name)
    return failed


def cmd_check(args: list[str]) -> int:
    """The gates alone (lint, format, types): quick feedback before the long test run."""
    py = ensure_venv()
    failed = run_gates(py, test_env())
    for name in failed:
        warn(f"gate failed: {name}")
    return 1 if failed else 0


def cmd_pytest(args: list[str]) -> int:
    """pytest alone, without the gates (for iterating on one test)."""
    py = ensure_venv()
    return run_in_root([str(py), "-m", "pytest", *args], env=test_env())


def cmd_test(args: list[str]) -> int:
    """The gates, then pytest; fails when any of them fails (pytest runs even after a gate
    failed, so one run reports everything)."""
    py = ensure_venv()
    env = test_env()
    failed = run_gates(py, env)
    code = run_in_root([str(py), "-m", "pytest", *args], env=env)
    for name in failed:
        warn(f"gate failed: {name} (see its output above)")
    if code == 0 and failed:
        return 1
    return code


def cmd_bundle(args: list[str]) -> int:
    """The one-folder bundle and its smoke test (installer/build.py explains both)."""
    py = ensure_venv()
    return run_in_root([str(py), str(ROOT / "installer" / "build.py"), *args], env=test_env())


COMMANDS = {
    "app": (cmd_app, "run the app on a demo database: <venv python> -m vpr_desktop --demo ARGS"),
    "test": (cmd_test, "the gates (ruff check, ruff format --check, mypy), then pytest ARGS"),
    "check": (cmd_check, "the gates only: ruff check, ruff format --check, mypy --strict"),
    "pytest": (cmd_pytest, "pytest ARGS only, without the gates"),
    "bundle": (cmd_bundle, "build the one-folder bundle and smoke-test it (installer/build.py)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tasks.py",
        description="VPR Desktop task runner: sets up .venv (created and kept up to date "
        "automatically) and runs the app or the tests in it.",
        epilog="Arguments after the subcommand are passed through unchanged "
        "(e.g. 'tasks.py test -q -k store', 'tasks.py test --help' for pytest's help).",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="{app,test,check,pytest,bundle}", required=True
    )
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info < (3, 11):  # noqa: UP036 - friendly message on older Pythons
        fail(f"Python 3.11 or newer is required (this is {sys.version.split()[0]})")
    parser = build_parser()
    # Only the subcommand is parsed here; everything after it is passed through.
    ns = parser.parse_args(argv[:1])
    func, _ = COMMANDS[ns.command]
    return func(argv[1:])


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("[tasks] interrupted", file=sys.stderr)
        sys.exit(130)

"""No network: the demo, an import and a board pack open no socket and look up no address.

Trust IT is told the program makes no network connection of its own (installer/IT-DEPLOYMENT.md).
Each command runs in a fresh interpreter with an audit hook installed before the app is
imported, so a socket made anywhere — the app, a library, an import-time ``from socket import
socket`` — is seen: the hook records it on stderr and refuses it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ESR_SAMPLE = Path(__file__).parents[1] / "data" / "esr_competence_sample.csv"
MARK = "NETWORK ATTEMPT"

GUARDED_MAIN = textwrap.dedent(
    f"""
    import sys

    BLOCKED = {{"socket.__new__", "socket.connect", "socket.getaddrinfo", "socket.sendto",
               "socket.bind", "urllib.Request", "http.client.connect"}}

    def hook(event, args):
        if event in BLOCKED:
            sys.stderr.write(f"{MARK}: {{event}} {{args!r}}\\n")
            raise RuntimeError("network blocked by the test")

    sys.addaudithook(hook)
    from vpr_desktop.__main__ import main
    sys.exit(main(sys.argv[1:]))
    """
)


def guarded(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, VPR_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-c", GUARDED_MAIN, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_demo_import_and_pack_make_no_network_attempt(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    packs = tmp_path / "packs"
    packs.mkdir()
    steps = [
        ("demo", "--size", "small", "--db", db, "--anchor", "2026-06-30"),
        ("import", "staff", str(ESR_SAMPLE), "--db", db),
        ("import", "training", str(ESR_SAMPLE), "--db", db),
        (
            "pack",
            "board",
            "--db",
            db,
            "--from",
            "2026-04-01",
            "--to",
            "2026-06-30",
            "--out",
            str(packs),
            "--format",
            "all",
        ),
    ]
    outputs = []
    for step in steps:
        done = guarded(tmp_path, *step)
        assert MARK not in done.stderr, done.stderr
        assert done.returncode == 0, f"{step[0]}: {done.stderr[-2000:]}"
        outputs.append(done.stdout)
    assert "imported 36 new records" in outputs[2]
    assert sorted(p.suffix for p in packs.iterdir()) == [
        ".docx",
        ".pdf",
        ".xlsx",
    ]


def test_the_guard_would_see_a_connection() -> None:
    """The hook is not blind: the same preamble refuses a plain socket."""
    code = GUARDED_MAIN.split("from vpr_desktop")[0] + "import socket\nsocket.socket()\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0 and f"{MARK}: socket.__new__" in done.stderr

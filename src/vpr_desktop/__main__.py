"""Entry point: ``vpr-desktop`` / ``python -m vpr_desktop``.

With no command it opens the window; with a command (``demo``, ``db``, ``backup``...) it runs
the CLI. Kept tiny: the window's start-up budget allows only Qt and the view modules before the
first paint, so nothing heavy is imported here (the CLI module imports its work lazily).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from vpr_desktop.cli.main import run

    return run(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())

"""Entry point: ``vpr-desktop`` / ``python -m vpr_desktop``.

With no command it opens the window; with a command (``demo``, ``db``, ``backup``...) it runs
the CLI. Kept tiny: the window's start-up budget allows only Qt and the view modules before the
first paint, so nothing heavy is imported here (the CLI module imports its work lazily).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from vpr_desktop.cli.main import parse, run

    args = list(sys.argv[1:] if argv is None else argv)
    parsed = parse(args)
    if isinstance(parsed, int):
        return parsed
    if parsed.command is None:
        from vpr_desktop.views.app import run_gui

        return run_gui(parsed.db, parsed.demo, [sys.argv[0]])
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

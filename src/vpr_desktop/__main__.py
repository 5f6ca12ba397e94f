"""Entry point: ``vpr-desktop`` / ``python -m vpr_desktop``.

With no command it opens the window; with a command (``demo``, ``db``, ``backup``...) it runs
the CLI. Kept tiny: the window's start-up budget allows only Qt and the view modules before the
first paint, so the common window invocations (no arguments, ``--demo``, ``--db X``) skip even
argparse; anything else goes through the full parser.
"""

from __future__ import annotations

import sys


def _window_arguments(args: list[str]) -> tuple[str | None, bool] | None:
    """(db, demo) when ``args`` is plainly a request for the window, else None."""
    if not args:
        return None, False
    if args == ["--demo"]:
        return None, True
    if len(args) == 2 and args[0] == "--db" and not args[1].startswith("-"):
        return args[1], False
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > 5:
        return args[0][5:], False
    return None


def main(argv: list[str] | None = None) -> int:
    """Open the window, or run the CLI command in ``argv``; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    window = _window_arguments(args)
    smoke = False
    if window is None:
        from vpr_desktop.cli.main import parse
        from vpr_desktop.cli.main import run

        parsed = parse(args)
        if isinstance(parsed, int):
            return parsed
        if parsed.command is not None:
            return run(args)
        window = (parsed.db, parsed.demo)
        smoke = parsed.smoke_test
    from vpr_desktop.views.app import run_gui

    return run_gui(window[0], window[1], [sys.argv[0]], smoke=smoke)


if __name__ == "__main__":
    sys.exit(main())

"""The background job that opens a database and builds the services for the window.

Everything here runs on a worker thread, and is the first place SQLAlchemy, the models and the
migrations get imported — after the window has painted, so start-up stays within budget.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.views.common.worker import CancelledFn
from vpr_desktop.views.common.worker import JobFn
from vpr_desktop.views.common.worker import ProgressFn

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services

DEMO_SIZE = "small"
DEMO_SEED = 1


def describe_target(target: str | None, demo: bool) -> str:
    """How the "Opening …" message names what is being opened."""
    if target is None:
        return "the demo database" if demo else "your database"
    if "://" in target:
        return target.split("@")[-1]  # never show a password from a URL
    return Path(target).name


def open_services_job(
    target: str | None,
    *,
    demo: bool = False,
    mode: str = "auto",
    create: bool = True,
    password: str | None = None,
) -> JobFn:
    """A job function: open (or create) the database, then build the services on it.

    ``target`` None means the demo database when ``demo`` (created with the demo trust the
    first time) and otherwise the default database in the user's data folder. ``mode="auto"``
    falls back to read-only when someone else is editing the file; the window says why.
    ``password`` (a shared PostgreSQL database) reaches psycopg only, never the URL.
    """

    def run(progress: ProgressFn, is_cancelled: CancelledFn) -> Services:
        from vpr_desktop.services.container import build_services
        from vpr_desktop.store import paths
        from vpr_desktop.store.atomic import remove_leftovers_at_start
        from vpr_desktop.store.database import open_database

        remove_leftovers_at_start()  # what a killed earlier run left in the app's folders
        say = _stage_reporter(progress)
        db: Any = None
        chosen: str | Path
        if target is None and demo:
            chosen = paths.demo_database_path()
            if not Path(chosen).exists():
                from vpr_desktop.services.demo.database import create_demo_database

                progress(0, "Creating the demo database…")
                db = create_demo_database(
                    chosen,
                    size=DEMO_SIZE,
                    seed=DEMO_SEED,
                    progress=lambda percent, stage: progress(
                        int(percent), f"Creating the demo database: {stage}"
                    ),
                    is_cancelled=is_cancelled,
                )
        elif target is None:
            chosen = paths.default_database_path()
        else:
            chosen = target
        if db is None:
            say("Checking the database…")
            db = open_database(
                chosen,
                mode=mode,  # type: ignore[arg-type]
                create=create,
                progress=say,
                password=password,
                # quick_check reads every page: the window runs it after first paint, and no
                # write reaches the file before it passes (``DatabaseCommands.verify``).
                defer_check=True,
            )
        try:
            say("Signing you in…")
            return build_services(db)
        except BaseException:
            db.close()
            raise

    return run


def _stage_reporter(progress: ProgressFn) -> Any:
    def say(message: str) -> None:
        progress(-1, message)

    return say

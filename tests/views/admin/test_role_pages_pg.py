"""Every page each role sees works on PostgreSQL under that role's own database login.

The services check permissions, but on a shared database PostgreSQL enforces them too
(migrations 0005/0006): a page that reads a table its role may not read would fail there
and nowhere else. So each of the four logins opens the window and goes to every page (and
every tab of the tabbed ones); nothing may say it could not be read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from sqlalchemy.engine import make_url

from tests.conftest import _empty_pg
from vpr_desktop.cli.main import run

ROLES = ("lead", "chair", "staff-side", "board-secretary")
PROBLEM_WORDS = ("permission", "could not", "not allowed", "went wrong", "refused")


@pytest.fixture
def role_logins(pg_migrated_url: str, pg_role_prefix: str) -> Iterator[dict[str, str]]:
    _empty_pg(pg_migrated_url)
    names = {r: f"{pg_role_prefix}p_{r.replace('-', '_')}" for r in ROLES}
    for role, login in names.items():
        err = io.StringIO()
        code = run(
            [
                "user",
                "add",
                login,
                "--name",
                f"Test {role}",
                "--role",
                role,
                "--db",
                pg_migrated_url,
            ],
            io.StringIO(),
            err,
        )
        assert code == 0, err.getvalue()
    yield names


def problems_on(widget: Any) -> list[str]:
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if label.isVisibleTo(widget) and any(word in label.text().lower() for word in PROBLEM_WORDS)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_opens_under_its_own_login(
    pg_migrated_url: str, role_logins: dict[str, str], role: str, make_window: Any, qtbot: Any
) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database
    from vpr_desktop.views.common import dialogs
    from vpr_desktop.views.common import worker

    url = make_url(pg_migrated_url).set(username=role_logins[role])
    db = open_database(url.render_as_string(hide_password=False))
    services = build_services(db)
    try:
        window = make_window(services)
        seen: dict[str, list[str]] = {}
        for key in window.visible_page_keys():
            assert window.show_page(key)
            page = window.pages[key]
            tabs = page.findChildren(QTabWidget)
            for tab_widget in tabs or [None]:
                for index in range(tab_widget.count() if tab_widget else 1):
                    if tab_widget is not None:
                        tab_widget.setCurrentIndex(index)
                    qtbot.wait(50)
                    worker.shutdown(5000)
                    qtbot.wait(50)
            found = problems_on(page)
            if found:
                seen[key] = found
        errors = [entry for entry in dialogs.recent if entry[0] != "confirm"]
        assert (seen, errors) == ({}, [])
    finally:
        services.close()

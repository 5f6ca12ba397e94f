"""One style sheet, shipped as package data; no colours written into widgets."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import vpr_desktop.views
from vpr_desktop.views.qt_app import load_style_sheet

NHS_BLUE = "#005EB8"


def test_style_sheet_is_package_data_and_what_the_app_loads() -> None:
    packaged = files("vpr_desktop.ui").joinpath("style.qss").read_text(encoding="utf-8")
    assert load_style_sheet() == packaged
    assert NHS_BLUE in packaged and "#F0F4F5" in packaged and "#212B32" in packaged


def test_focus_is_styled_for_every_kind_of_control() -> None:
    sheet = load_style_sheet()
    for selector in (
        "QPushButton:focus",
        "QLineEdit:focus",
        "QTableView:focus",
        "QListWidget#sidebar::item:selected:focus",
        "QPushButton#cardLink:focus",
    ):
        assert selector in sheet


def test_amber_always_carries_dark_text() -> None:
    sheet = load_style_sheet()
    for block in re.findall(r"\{[^}]*#FFB81C[^}]*\}", sheet, flags=re.IGNORECASE):
        if "background" in block:
            assert "color: #212B32" in block, block


def test_no_colour_is_hard_coded_in_the_views() -> None:
    colour = re.compile(r"#[0-9A-Fa-f]{6}\b|QColor\(|setStyleSheet\(")
    views = Path(vpr_desktop.views.__file__).parent
    offenders = [
        f"{path.relative_to(views)}:{n}"
        for path in views.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if colour.search(line) and "app.setStyleSheet(" not in line
    ]
    assert offenders == []

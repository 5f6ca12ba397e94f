"""File > Save standard template…: the loaded standard as a workbook for the lead to fill in.

The newest edition is written (``reports.standard_template``): its domains, codes and current
wording, one row per indicator, for the published wording to be pasted over and loaded back
with Load standard…. The file is small (under a hundred rows), so it is written straight away.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop.domain.errors import VprError

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.views.main_window import MainWindow

XLSX_FILTER = "Excel workbook (*.xlsx)"


def save_template_to(services: Services, path: Path | str) -> str:
    """Write the newest edition's template to ``path``; returns what was done, in words."""
    from vpr_desktop.reports.standard_template import save_standard_template

    standards = services.standards()
    newest = standards.list_editions()[0]
    target = save_standard_template(standards.edition(newest.edition), Path(path))
    return (
        f"Saved the template of {newest.title} to {target.name}. Paste the published wording "
        "into it, then load it with Load standard… on the Self-assessment page."
    )


def ask_save_template(window: MainWindow) -> None:
    """Ask where to save the template, then write it (errors shown in plain words)."""
    from vpr_desktop.views.common.dialogs import show_error
    from vpr_desktop.views.common.export import ask_save_path

    if window.services is None:
        return
    path = ask_save_path(
        window,
        "Save the standard template",
        "vpr-standard-template.xlsx",
        XLSX_FILTER,
        start_in=Path.home(),
    )
    if path is None:
        return
    try:
        window.note(save_template_to(window.services, path))
    except VprError as exc:
        show_error(exc, window)

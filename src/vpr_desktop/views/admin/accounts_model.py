"""The Admin page's accounts table: Login | Name | Roles | Status, with the status in words.

A switched-off account says so in its Status column and is shown in italics too, so neither
colour nor the font alone carries it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from vpr_desktop.services.admin.users import UserRow
from vpr_desktop.views.admin.users import roles_in_words
from vpr_desktop.views.common.table_model import ModelIndex
from vpr_desktop.views.common.table_model import TitledTableModel

ACTIVE = "Active"
SWITCHED_OFF = "Switched off"


class AccountsModel(TitledTableModel):
    """Every account: Login | Name | Roles | Status, status in words (never colour alone)."""

    TITLES = ("Login", "Name", "Roles", "Status")

    def account(self, row: int) -> UserRow:
        return self._rows[row]

    def accounts(self) -> list[UserRow]:
        return list(self._rows)

    def row_of(self, login: str) -> int:
        """The row of ``login`` (exactly, as the service compares logins), or -1."""
        wanted = login.strip()
        for row, account in enumerate(self._rows):
            if account.username == wanted:
                return row
        return -1

    def text(self, row: int, column: int) -> str:
        account = self._rows[row]
        if column == 0:
            return account.username
        if column == 1:
            return account.display_name
        if column == 2:
            return roles_in_words(account.roles)
        return ACTIVE if account.active else SWITCHED_OFF

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        text = self.text(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.TITLES[index.column()]}: {text}"
        if role == Qt.ItemDataRole.FontRole and not self._rows[index.row()].active:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)  # a second cue beside the word "Switched off"
            return font
        return None

"""The trust's risk matrix setting: read (falling back to the NHS default), saved, reset.

The base of :class:`~vpr_desktop.services.risks.service.RiskRegisterService`: every register
read scores risks against this matrix, so it is read once per service and replaced when saved
or reset here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.risk_matrix import DEFAULT_MATRIX
from vpr_desktop.domain.risk_matrix import MatrixError
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.services.common.settings import delete_setting
from vpr_desktop.services.common.settings import save_setting
from vpr_desktop.services.common.settings import setting_version
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


SETTING_KEY = "risk_matrix"


class RiskMatrixSetting:
    """The register's session (database, actor, today) and the trust's risk matrix setting, which
    every register read scores against."""

    def __init__(
        self, db: Database, actor: Actor, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.db = db
        self.actor = actor
        self._today = today
        self._matrix: RiskMatrix | None = None
        self.matrix_problem: str | None = None  # set when the saved matrix could not be used

    # ------------------------------------------------------------------ matrix setting
    def matrix(self) -> RiskMatrix:
        """The trust's matrix (setting ``risk_matrix``), else the NHS default.

        A damaged setting falls back to the default and sets ``matrix_problem`` for the
        settings screen to show, rather than stopping the register from opening.
        """
        if self._matrix is None:
            with reading(self.db) as s:
                value = s.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
            try:
                self._matrix = DEFAULT_MATRIX if value is None else RiskMatrix.from_dict(value)
            except MatrixError as exc:
                self.matrix_problem = f"{exc} The NHS default matrix is used until it is fixed."
                self._matrix = DEFAULT_MATRIX
        return self._matrix

    def matrix_version(self) -> int | None:
        """The saved matrix setting's version (None: the default is in use); handed back to
        ``save_matrix`` so two people cannot overwrite each other."""
        return setting_version(self.db, SETTING_KEY)

    def save_matrix(self, matrix: RiskMatrix, expected_version: int | None = None) -> int:
        """Save the trust's matrix (validated by a round trip); returns the setting version."""
        self.actor.require(Permission.MANAGE_SETTINGS, "change the risk matrix")
        data = matrix.to_dict()
        RiskMatrix.from_dict(data)
        version = save_setting(self.db, self.actor, SETTING_KEY, data, expected_version)
        self._matrix = matrix
        self.matrix_problem = None
        return version

    def reset_matrix(self) -> None:
        """Go back to the NHS default (deletes the setting)."""
        self.actor.require(Permission.MANAGE_SETTINGS, "change the risk matrix")
        delete_setting(self.db, self.actor, SETTING_KEY)
        self._matrix, self.matrix_problem = DEFAULT_MATRIX, None

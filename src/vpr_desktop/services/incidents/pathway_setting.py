"""The trust's support pathway as a setting of the incident service: read, saved with a
version check, and reset to the default.

Kept apart from :class:`~vpr_desktop.services.incidents.service_base.IncidentServiceBase`
(what every incident operation needs) because changing the pathway is a setting (it needs
``MANAGE_SETTINGS``), not an incident write; the writes read it through
``queries.load_pathway`` in their own transaction.
:class:`~vpr_desktop.services.incidents.service.IncidentService` inherits it.
"""

from __future__ import annotations

from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import SETTING_KEY
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.services.common.settings import delete_setting
from vpr_desktop.services.common.settings import save_setting
from vpr_desktop.services.common.settings import setting_version
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents.service_base import IncidentServiceBase


class SupportPathwaySetting(IncidentServiceBase):
    """Reading and changing the support pathway setting (``support_pathway``)."""

    def pathway(self) -> SupportPathway:
        """The trust's support pathway (setting ``support_pathway``, or the default)."""
        with reading(self.db) as s:
            pathway, self.pathway_problem = q.load_pathway(s)
        return pathway

    def pathway_version(self) -> int | None:
        """The saved pathway setting's version (None: the default is in use); handed back to
        ``save_pathway`` so two people editing the pathway cannot overwrite each other."""
        return setting_version(self.db, SETTING_KEY)

    def save_pathway(self, pathway: SupportPathway, expected_version: int | None = None) -> int:
        """Save the pathway (validated by a round trip); returns the setting's version.
        Existing steps keep their due times; new incidents use the new pathway."""
        self.actor.require(Permission.MANAGE_SETTINGS, "change the support pathway")
        data = pathway.to_dict()
        SupportPathway.from_dict(data)
        version = save_setting(self.db, self.actor, SETTING_KEY, data, expected_version)
        self.pathway_problem = None
        return version

    def reset_pathway(self) -> None:
        """Back to the default pathway (deletes the setting)."""
        self.actor.require(Permission.MANAGE_SETTINGS, "change the support pathway")
        delete_setting(self.db, self.actor, SETTING_KEY)

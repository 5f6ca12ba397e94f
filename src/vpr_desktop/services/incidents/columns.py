"""The incident list's columns and default order, importable without SQLAlchemy.

The window shows the list's first page at start-up before SQLAlchemy loads
(``store/early_read.py``); its table needs these headings then, and
:class:`~vpr_desktop.services.incidents.listing.IncidentListSource` uses the same ones.
"""

from __future__ import annotations

from vpr_desktop.services.common.columns import Column

INCIDENT_COLUMNS = (
    Column("reference", "Reference", width=110),
    Column("occurred_at", "Occurred", "datetime", width=150),
    Column("location", "Location", width=220),
    Column("primary_type", "Type", "enum", width=140),
    Column("harm", "Harm", "enum", width=100),
    Column("days_lost", "Days lost", "number", width=80),
    Column("near_miss", "Near miss", "bool", width=80),
    Column("riddor_status", "RIDDOR", "enum", width=140),
    Column("external_ref", "Datix ID", width=100),
)
#: Each row holds the columns' values, then the incident's id and version.
ID_INDEX = len(INCIDENT_COLUMNS)
VERSION_INDEX = ID_INDEX + 1

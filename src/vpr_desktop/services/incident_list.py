"""The incident list (row level: only roles allowed to read incidents)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, func, select

from vpr_desktop.domain.models import Incident, Location
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.paging import Column, ListSource, PageRequest

if TYPE_CHECKING:
    from vpr_desktop.services.actor import Actor
    from vpr_desktop.store.database import Database


class IncidentListSource(ListSource):
    columns = (
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
    default_sort = "occurred_at"
    default_descending = True

    def __init__(self, db: Database, actor: Actor) -> None:
        actor.require(Permission.READ_INCIDENTS, "see individual incidents")
        super().__init__(db)
        self.search_columns = (Incident.reference, Incident.external_ref, Location.name)

    def base_query(self) -> Select[Any]:
        return (
            select(
                Incident.reference, Incident.occurred_at, Location.name, Incident.primary_type,
                Incident.harm, Incident.days_lost, Incident.near_miss, Incident.riddor_status,
                Incident.external_ref,
            )
            .select_from(Incident)
            .outerjoin(Location, Location.id == Incident.location_id)
        )

    def sort_expressions(self) -> dict[str, ColumnElement[Any]]:
        # Non-null expressions only: keyset comparison with NULL would drop rows.
        return {
            "reference": Incident.reference,
            "occurred_at": Incident.occurred_at,
            "location": func.coalesce(Location.name, ""),
            "primary_type": Incident.primary_type,
            "harm": Incident.harm,
            "days_lost": Incident.days_lost,
            "near_miss": Incident.near_miss,
            "riddor_status": Incident.riddor_status,
            "external_ref": func.coalesce(Incident.external_ref, ""),
        }

    def id_column(self) -> ColumnElement[int]:
        return Incident.id

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if loc := request.filters.get("location_id"):
            clauses.append(Incident.location_id == loc)
        if start := request.filters.get("from"):
            clauses.append(Incident.occurred_at >= start)
        if end := request.filters.get("to"):
            clauses.append(Incident.occurred_at < end)
        return clauses

"""The register's heat map is answered from an index (migration 0010) on both backends."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, text

from vpr_desktop.domain.enums import RiskStatus
from vpr_desktop.domain.risk import RiskAssessment as RA


def heat_map_sql(db: Any, which: str) -> str:
    """The statement ``services/risks/queries.heat_map`` runs, with its values inlined."""
    from sqlalchemy import func, select

    lk = RA.current_likelihood if which == "current" else RA.target_likelihood
    cq = RA.current_consequence if which == "current" else RA.target_consequence
    live = (RiskStatus.OPEN, RiskStatus.TOLERATED)
    stmt = select(lk, cq, func.count()).where(RA.status.in_(live)).group_by(lk, cq)
    return str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))


def test_both_heat_map_indexes_exist(db: Any) -> None:
    names = {
        ix["name"]: ix["column_names"] for ix in inspect(db.engine).get_indexes("risk_assessment")
    }
    assert names["ix_risk_status_current_cell"] == [
        "status",
        "current_likelihood",
        "current_consequence",
    ]
    assert names["ix_risk_status_target_cell"] == [
        "status",
        "target_likelihood",
        "target_consequence",
    ]


def test_sqlite_counts_the_cells_from_the_index_alone(sqlite_db: Any) -> None:
    for which in ("current", "target"):
        with sqlite_db.engine.connect() as conn:
            plan = " ".join(
                str(row[-1])
                for row in conn.execute(
                    text("EXPLAIN QUERY PLAN " + heat_map_sql(sqlite_db, which))
                )
            )
        assert f"USING COVERING INDEX ix_risk_status_{which}_cell" in plan, plan

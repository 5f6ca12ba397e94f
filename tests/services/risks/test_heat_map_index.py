"""The register's heat map is answered from an index (migration 0010) on both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy import text

from vpr_desktop.domain.enums import RiskStatus


def test_both_heat_map_indexes_exist(db: Any) -> None:
    names = {
        ix["name"]: ix["column_names"] for ix in inspect(db.engine).get_indexes("risk_assessment")
    }
    assert names["ix_risk_current_cell_status"] == [
        "current_likelihood",
        "current_consequence",
        "status",
    ]
    assert names["ix_risk_target_cell_status"] == [
        "target_likelihood",
        "target_consequence",
        "status",
    ]


def test_sqlite_counts_the_cells_from_the_index_alone(demo_copy: Path) -> None:
    """The service's own statement walks the covering cell index in group order; and the
    list's status filter keeps walking the score index (an index led by status would take it
    over and sort every live risk)."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        register = build_services(db).risk_register()
        for which in ("current", "target"):
            seen: list[tuple[str, Any]] = []

            def grab(*args: Any, into: list[tuple[str, Any]] = seen) -> None:
                into.append((args[2], args[3]))

            event.listen(db.engine, "before_cursor_execute", grab)
            heat = register.heat_map(which, (RiskStatus.OPEN, RiskStatus.TOLERATED))
            event.remove(db.engine, "before_cursor_execute", grab)
            assert heat.total > 0
            statement, params = next((s, p) for s, p in seen if "GROUP BY" in s)
            with db.engine.connect() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                plan = " ".join(
                    str(row[-1]) for row in raw.execute("EXPLAIN QUERY PLAN " + statement, params)
                )
            assert f"USING COVERING INDEX ix_risk_{which}_cell_status" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
        with db.engine.connect() as conn:
            plan = " ".join(
                str(row[-1])
                for row in conn.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT id FROM risk_assessment WHERE status IN "
                        "('open', 'tolerated') ORDER BY current_score DESC, id DESC LIMIT 500"
                    )
                )
            )
        assert "cell_status" not in plan, plan
    finally:
        db.close()

"""The two-column count table and the "top locations" rows the incident and cost sections
print: one layout, the rest in one "All other locations" row, counts through the pack's rule."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.count_table import count_table
from vpr_desktop.services.packs.count_table import location_rows
from vpr_desktop.services.packs.model import Suppressed

PERIOD = (dt.date(2026, 6, 1), dt.date(2026, 11, 30))
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}), user_id=7)


def _ctx(kind: str) -> PackContext:
    return PackContext(
        db=None,  # type: ignore[arg-type]  # breakdown reads no database
        actor=LEAD,
        request=PackRequest(kind, *PERIOD),  # type: ignore[arg-type]  # kind: "board" or "committee"
        trust="Trust",
        as_at=PERIOD[1],
        generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        previous=None,
    )


def test_count_table_layout() -> None:
    t = count_table("t", "Title", "Outcome", "Incidents", [("Charged", 3)], footnotes=("n",))
    assert [(c.title, c.type, c.width) for c in t.columns] == [
        ("Outcome", "text", 3.0),
        ("Incidents", "int", 1.0),
    ]
    assert (t.rows, t.footnotes, t.empty_text) == ((("Charged", 3),), ("n",), "None.")


def test_location_rows_exact_in_a_private_pack() -> None:
    rows = location_rows(_ctx("committee"), [("Ward A", 12), ("Ward B", 9)], 4)
    assert rows == (("Ward A", 12), ("Ward B", 9), ("All other locations", 4))
    assert location_rows(_ctx("committee"), [("Ward A", 12)], 0) == (("Ward A", 12),)


def test_location_rows_protected_in_a_public_pack() -> None:
    rows = location_rows(_ctx("board"), [("Ward A", 42), ("Ward B", 18)], 3)
    # 3 is withheld, 42 rounded to 40; the total is printed elsewhere, so the smallest other
    # count (Ward B) is withheld too, lest 3 be worked out from it.
    star = Suppressed()
    assert rows == (("Ward A", 40), ("Ward B", star), ("All other locations", star))

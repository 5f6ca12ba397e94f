"""The shipped Datix category map knows the usual violence and aggression sub-categories
(issue 17: sensible defaults), so a new trust's first export is not rejected for naming
"Physical assault by patient" the way most Datix systems do."""

from __future__ import annotations

from typing import Any

import pytest

from vpr_desktop.domain.enums import IncidentType as T
from vpr_desktop.domain.enums import PerpetratorType as P
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.incidents.import_values import CategoryMap
from vpr_desktop.services.incidents.import_values import LocalNames

CATEGORY = "Violence & Aggression"  # the Datix category above them; itself not mapped
USUAL: dict[str, CategoryMap] = {
    "Physical assault by patient": CategoryMap((T.PHYSICAL,), P.PATIENT),
    "Physical Assault by Service User": CategoryMap((T.PHYSICAL,), P.PATIENT),
    "Physical assault by relative": CategoryMap((T.PHYSICAL,), P.RELATIVE_VISITOR),
    "Physical assault by relative/visitor": CategoryMap((T.PHYSICAL,), P.RELATIVE_VISITOR),
    "Physical assault by member of the public": CategoryMap((T.PHYSICAL,), P.PUBLIC),
    "Physical assault - patient on staff": CategoryMap((T.PHYSICAL,), P.PATIENT),
    "Verbal abuse": CategoryMap((T.VERBAL,)),
    "Verbal abuse by patient": CategoryMap((T.VERBAL,), P.PATIENT),
    "Verbal abuse - public": CategoryMap((T.VERBAL,), P.PUBLIC),
    "Threatening behaviour": CategoryMap((T.THREATENING,)),
    "Threatening behaviour by relative": CategoryMap((T.THREATENING,), P.RELATIVE_VISITOR),
    "Racial abuse": CategoryMap((T.VERBAL, T.HATE_MOTIVATED), None, "race"),
    "Sexual abuse": CategoryMap((T.SEXUAL,)),
    "Homophobic abuse": CategoryMap((T.VERBAL, T.HATE_MOTIVATED), None, "sexual_orientation"),
    "Sexual assault": CategoryMap((T.SEXUAL, T.PHYSICAL)),
    "Sexual assault by patient": CategoryMap((T.SEXUAL, T.PHYSICAL), P.PATIENT),
    "Harassment": CategoryMap((T.STALKING_HARASSMENT,)),
    "Online abuse": CategoryMap((T.ONLINE,)),
    "Abuse via social media": CategoryMap((T.ONLINE,)),
    "Lone worker incident": CategoryMap((T.THREATENING,)),
    "Lone Working Incident": CategoryMap((T.THREATENING,)),
}


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The shipped map as an import loads it (on an empty database: no local additions)."""
    from vpr_desktop.store.database import open_database

    db = open_database(tmp_path_factory.mktemp("categories") / "x.db")
    try:
        with reading(db) as session:
            return LocalNames(session, load_format("incidents"))
    finally:
        db.close()


@pytest.mark.parametrize("sub", list(USUAL))
def test_each_usual_sub_category_maps(names: Any, sub: str) -> None:
    assert names.category(sub, CATEGORY) == USUAL[sub]


def test_sub_category_wins_over_a_mapped_category(names: Any) -> None:
    """A lone worker category with a finer sub-category: the sub-category says what happened."""
    assert (
        names.category("Verbal abuse by patient", "Lone worker") == USUAL["Verbal abuse by patient"]
    )


def test_an_unrelated_sub_category_is_still_refused(names: Any) -> None:
    with pytest.raises(ValueProblem, match="not in the category map"):
        names.category("Slip, trip or fall", CATEGORY)

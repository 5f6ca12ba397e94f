"""The anonymised return from the demo trust: valid against the shipped schema, no name or
narrative word in it, no count between 1 and the threshold, and a changed byte refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from vpr_desktop.cli.main import run
from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain.data_standard_codes import CODE_LISTS
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.reports.system_return_formats import return_csv_bytes
from vpr_desktop.services.demo import names
from vpr_desktop.services.system import validation

ANCHOR = dt.date(2026, 6, 30)


def export(db: Path, out: Path, *extra: str, code: str = "RXA") -> tuple[int, str, str]:
    o, e = io.StringIO(), io.StringIO()
    rc = run(
        [
            "export",
            "return",
            "--db",
            str(db),
            "--trust-code",
            code,
            "--from",
            "2025-07-01",
            "--to",
            "2026-06-30",
            "--as-at",
            ANCHOR.isoformat(),
            "--out",
            str(out),
            *extra,
        ],
        o,
        e,
    )
    return rc, o.getvalue(), e.getvalue()


@pytest.fixture(scope="module")
def made(
    demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], bytes, bytes]:
    import shutil

    folder = tmp_path_factory.mktemp("return")
    db = folder / "demo.db"
    shutil.copyfile(demo_db_file, db)
    rc, out, err = export(db, folder / "return.json")
    assert (rc, err) == (0, ""), err
    assert out.splitlines()[:2] == [str(folder / "return.json"), str(folder / "return.csv")]
    raw = (folder / "return.json").read_bytes()
    document = json.loads(raw)
    assert f"sha256 {document['content_sha256']}" in out
    return document, raw, (folder / "return.csv").read_bytes()


def counts(document: dict[str, Any]) -> list[int]:
    out = []
    for t in document["tables"].values():
        out += [n for row in t["cells"] for n in row]
        out += [*t["row_totals"], *t["column_totals"], t["total"]]
    for entry in document["training"]:
        out += [entry["required"], entry["compliant"]]
    return [n for n in out if n is not None]


def test_the_return_validates_against_the_shipped_schema(made: Any) -> None:
    document, _, _ = made
    jsonschema.Draft202012Validator(validation.shipped_schema()).validate(document)
    assert validation.problems(document) == []
    assert document["standard_version"] == ds.STANDARD_VERSION
    assert (document["trust_code"], document["period_from"], document["period_to"]) == (
        "RXA",
        "2025-07-01",
        "2026-06-30",
    )
    months = document["tables"]["incidents_by_type"]["rows"]
    assert months[0] == "2025-07" and months[-1] == "2026-06" and len(months) == 12
    assert document["assessment"]["status"] in ("draft", "in_review", "signed_off")
    assert document["training"], "training compliance by course"


def test_no_count_between_1_and_the_threshold_and_every_count_rounded(made: Any) -> None:
    document, _, _ = made
    rule = document["disclosure"]
    assert rule == {"threshold": 7, "rounding": 5, "secondary": True}
    found = counts(document)
    assert found and all(n == 0 or n > 7 for n in found)
    assert all(n % 5 == 0 for n in found)
    cells = [n for t in document["tables"].values() for row in t["cells"] for n in row]
    assert None in cells  # the demo has small cells: they are suppressed, not shown


def _words(texts: Any) -> set[str]:
    return {w.casefold() for t in texts for w in re.findall(r"[A-Za-z]{4,}", t)}


def test_no_demo_name_or_narrative_word_in_the_return(made: Any, demo_db_file: Path) -> None:
    made_db = demo_db_file
    document, raw, csv_bytes = made
    # Every string value the return holds that is not one of the standard's own codes.
    codes = {c.code for cl in CODE_LISTS for c in cl.codes} | {ds.WHOLE_PERIOD}
    codes |= {ds.STANDARD_ID, document["content_sha256"], document["assessment"]["status"]}
    free: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and value not in codes:
            free.append(value)

    walk(document)
    in_return = _words(free)
    # What may be there: the course catalogue's and the standard's own wording, nothing else.
    with sqlite3.connect(made_db) as conn:
        titles = [t for (t,) in conn.execute("SELECT title FROM standard_domain")]
    allowed = _words(c[1] for c in names.COURSES) | _words(titles) | {"certified"}
    assert in_return <= allowed, in_return - allowed
    people = _words(names.FIRST_NAMES) | _words(names.LAST_NAMES)
    narrative = _words(t for texts in names.DESCRIPTIONS.values() for t in texts)
    narrative |= _words(names.INJURIES) | _words(names.SPECIFIED_INJURIES)
    assert people and narrative
    assert not in_return & people
    assert not in_return & (narrative - allowed)
    for text in (raw.decode(), csv_bytes.decode("utf-8-sig")):
        for name in (*names.FIRST_NAMES, *names.LAST_NAMES):
            assert not re.search(rf"\b{re.escape(name)}\b", text)
        for texts in names.DESCRIPTIONS.values():
            assert not any(t in text for t in texts)


def test_the_csv_holds_the_same_cells_and_hash(made: Any) -> None:
    document, _, csv_bytes = made
    text = csv_bytes.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "section,table,row,column,value"
    t = document["tables"]["incidents_by_harm"]
    first = t["cells"][0][0]
    assert f"count,incidents_by_harm,2025-07,no_harm,{'*' if first is None else first}" in lines
    assert lines[-1] == f"header,,,content_sha256,{document['content_sha256']}"
    assert return_csv_bytes(document) == csv_bytes


def test_a_changed_byte_is_refused_naming_trust_and_period(made: Any) -> None:
    document, _, _ = made
    tampered = json.loads(json.dumps(document))
    t = tampered["tables"]["incidents_by_harm"]
    t["total"] = t["total"] + 5
    with pytest.raises(ValidationError) as caught:
        validation.check_return(tampered)
    assert "Trust RXA, 2025-07-01 to 2026-06-30" in caught.value.message
    assert "SHA-256 does not match" in caught.value.message
    small = json.loads(json.dumps(document))
    small["tables"]["incidents_by_harm"]["cells"][0][0] = 3
    assert any("a count of 3 is not suppressed" in p for p in validation.problems(small))
    bad = json.loads(json.dumps(document))
    bad["tables"]["incidents_by_harm"]["columns"][0] = "none"
    assert any("incidents_by_harm/columns" in p for p in validation.problems(bad))


def test_cli_refuses_a_bad_trust_code_and_a_bad_file_name(demo_copy: Path, tmp_path: Path) -> None:
    rc, _, err = export(demo_copy, tmp_path / "r.json", code="rx!")
    assert rc == 3 and "is not a trust code" in err
    rc, _, err = export(demo_copy, tmp_path / "r.txt")
    assert rc == 3 and "should end in .json or .csv" in err
    assert list(tmp_path.glob("r.*")) == []


def test_a_person_in_two_staff_groups_counts_once_in_the_headcount(db: Any) -> None:
    """A nurse with a bank post in another staff group is one member of staff: counted in the
    group of her primary assignment; someone with only a bank post, in its group; a leaver
    before the period's end, not at all."""
    from vpr_desktop.domain.enums import Role
    from vpr_desktop.domain.models import Assignment
    from vpr_desktop.domain.models import Person
    from vpr_desktop.domain.models import StaffGroup
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.incidents.figures import Period
    from vpr_desktop.services.system.return_export import ReturnBuilder

    end = dt.date(2026, 3, 31)
    with db.session() as s, s.begin():
        nursing = StaffGroup(
            code="NUR", name="Nursing", esr_label="Nursing and Midwifery Registered"
        )
        support = StaffGroup(code="ACS", name="Support", esr_label="Additional Clinical Services")
        s.add_all([nursing, support])
        s.flush()
        people = [Person(employee_number=f"E{i}", first_name="A", last_name="B") for i in range(4)]
        s.add_all(people)
        s.flush()
        s.add_all(
            [
                # both posts in post on the last day: counted once, in nursing (the primary)
                Assignment(
                    person_id=people[0].id,
                    assignment_number="1",
                    staff_group_id=support.id,
                    primary=False,
                ),
                Assignment(
                    person_id=people[0].id,
                    assignment_number="1-2",
                    staff_group_id=nursing.id,
                    primary=True,
                ),
                Assignment(
                    person_id=people[1].id, assignment_number="2", staff_group_id=nursing.id
                ),
                # only a bank post: counted in its group
                Assignment(
                    person_id=people[2].id,
                    assignment_number="3",
                    staff_group_id=support.id,
                    primary=False,
                ),
                # left before the period's end: not counted
                Assignment(
                    person_id=people[3].id,
                    assignment_number="4",
                    staff_group_id=nursing.id,
                    end_date=end - dt.timedelta(days=1),
                ),
            ]
        )
    lead = Actor(username="lead", display_name="Lead", roles=frozenset({Role.VPR_LEAD}))
    builder = ReturnBuilder(db, lead, Period(dt.date(2025, 4, 1), end), end)
    with db.session() as s:
        rows = builder.headcount(s)
    assert rows == [
        (ds.WHOLE_PERIOD, "Additional Clinical Services", 1),
        (ds.WHOLE_PERIOD, "Nursing and Midwifery Registered", 2),
    ]
    assert sum(n for _, _, n in rows) == 3  # three people in post, not four posts

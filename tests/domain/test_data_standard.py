"""The data standard: every app code is mapped, and the published dictionary and JSON Schema
are exactly what the code generates (so neither drifts from what the return writes)."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain.data_standard_codes import CODE_LISTS
from vpr_desktop.domain.data_standard_codes import code_list
from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import ProtectedCharacteristic
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.return_schema import return_schema
from vpr_desktop.reports import data_standard_doc as doc
from vpr_desktop.services.demo import names
from vpr_desktop.services.incidents.records import HATE_STRANDS
from vpr_desktop.services.system import validation

ROOT = Path(__file__).resolve().parents[2]


def test_the_dictionary_and_schema_in_the_repository_are_up_to_date() -> None:
    assert (ROOT / doc.DOC_PATH).read_text(encoding="utf-8") == doc.render_markdown(), (
        "run: python -m vpr_desktop.reports.data_standard_doc"
    )
    assert (ROOT / doc.SCHEMA_PATH).read_text(encoding="utf-8") == doc.schema_text()
    assert validation.shipped_schema() == return_schema()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(return_schema())


def test_every_app_code_has_a_code_in_the_standard() -> None:
    for name, enum in (
        ("incident_type", IncidentType),
        ("setting", SettingType),
        ("perpetrator", PerpetratorType),
        ("intent", Intent),
        ("harm", Harm),
        ("riddor_status", RiddorStatus),
        ("police_outcome", PoliceOutcome),
        ("cps_outcome", CpsOutcome),
        ("protected_characteristic", ProtectedCharacteristic),
    ):
        cl = code_list(name)
        assert {cl.code_for(m.value) for m in enum} <= set(cl.values)
        assert ds.NOT_RECORDED not in {cl.code_for(m.value) for m in enum}
    strands = code_list("hate_strand")
    assert {strands.code_for(k) for k in HATE_STRANDS} == set(strands.values) - {ds.NOT_RECORDED}
    groups = code_list("staff_group")
    mapped = {groups.code_for(esr) for _, _, esr, _ in names.STAFF_GROUPS}
    assert len(mapped) == 9 and ds.NOT_RECORDED not in mapped
    assert groups.code_for("Nursing and Midwifery Registered") == "nursing_midwifery"
    assert groups.code_for(None) == ds.NOT_RECORDED


def test_every_table_names_a_code_list_and_the_doc_names_every_code() -> None:
    text = doc.render_markdown()
    assert f"version **{ds.STANDARD_VERSION}**" in text
    for t in ds.TABLES:
        assert code_list(t.columns).codes
        assert f"`{t.name}`" in text
    for cl in CODE_LISTS:
        for c in cl.codes:
            assert f"| `{c.code}` | {c.label} |" in text

"""The JSON Schema (draft 2020-12) a return in the common data standard must satisfy, built
from the standard's tables, header and code lists so it cannot drift from what the export writes.
The shipped copy (``resources/data_standard/return.schema.json``) is generated from it
(``reports/data_standard_doc.py``) and a test fails when that copy is out of date.
"""

from __future__ import annotations

from typing import Any

from vpr_desktop.domain.data_standard import ASSESSMENT_FIELDS
from vpr_desktop.domain.data_standard import HEADER
from vpr_desktop.domain.data_standard import MONTH_PATTERN
from vpr_desktop.domain.data_standard import STANDARD_ID
from vpr_desktop.domain.data_standard import STANDARD_TITLE
from vpr_desktop.domain.data_standard import STANDARD_VERSION
from vpr_desktop.domain.data_standard import TABLES
from vpr_desktop.domain.data_standard import TRAINING_FIELDS
from vpr_desktop.domain.data_standard import TRUST_CODE_PATTERN
from vpr_desktop.domain.data_standard import WHOLE_PERIOD
from vpr_desktop.domain.data_standard import Table
from vpr_desktop.domain.data_standard_codes import code_list

_COUNT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0}
_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PERCENT: dict[str, Any] = {"type": ["number", "null"], "minimum": 0, "maximum": 100}


def _closed_object(required: list[str], properties: dict[str, Any], **about: str) -> dict[str, Any]:
    """An object schema that allows no other keys: ``about`` (title, description), the keys it
    requires, and each key's schema.

    Why: the return, its disclosure, tables, training rows, assessment and domains are all
    objects closed this way; one builder keeps their keys in the same order in the shipped
    copy."""
    return {
        "type": "object",
        **about,
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


def _table_schema(t: Table) -> dict[str, Any]:
    columns = code_list(t.columns).values
    row: dict[str, Any] = (
        {"type": "string", "pattern": MONTH_PATTERN} if t.monthly else {"const": WHOLE_PERIOD}
    )
    return _closed_object(
        ["rows", "columns", "cells", "row_totals", "column_totals", "total"],
        {
            "rows": {"type": "array", "items": row, "minItems": 1},
            "columns": {"const": list(columns)},
            "cells": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": _COUNT,
                    "minItems": len(columns),
                    "maxItems": len(columns),
                },
            },
            "row_totals": {"type": "array", "items": _COUNT},
            "column_totals": {
                "type": "array",
                "items": _COUNT,
                "minItems": len(columns),
                "maxItems": len(columns),
            },
            "total": _COUNT,
        },
        title=t.title,
        description=f"{t.definition} Counts {t.counts}.",
    )


def return_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every return of this version must satisfy."""
    rag = code_list("rag").values
    domain = _closed_object(
        ["code", "title", "percent"],
        {
            "code": {"type": "string", "maxLength": 20},
            "title": {"type": "string", "maxLength": 500},
            "percent": _closed_object(list(rag), {r: _PERCENT for r in rag}),
        },
    )
    assessment = _closed_object(
        [f.name for f in ASSESSMENT_FIELDS],
        {
            "edition": {"type": "string", "minLength": 1, "maxLength": 40},
            "period_start": _DATE,
            "period_end": _DATE,
            "status": {"enum": ["draft", "in_review", "signed_off"]},
            "domains": {"type": "array", "items": domain},
        },
    )
    training_row = _closed_object(
        [f.name for f in TRAINING_FIELDS],
        {
            "course": {"type": "string", "minLength": 1, "maxLength": 200},
            "required": _COUNT,
            "compliant": _COUNT,
            "percent": _PERCENT,
            "target_percent": _PERCENT,
        },
    )
    disclosure = _closed_object(
        ["threshold", "rounding", "secondary"],
        {
            "threshold": {"type": "integer", "minimum": 1},
            "rounding": {"type": "integer", "minimum": 1},
            "secondary": {"const": True},
        },
    )
    tables = _closed_object(
        [t.name for t in TABLES if t.mandatory], {t.name: _table_schema(t) for t in TABLES}
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:vpr-desktop:{STANDARD_ID}:{STANDARD_VERSION}",
        "title": STANDARD_TITLE,
        "description": f"Version {STANDARD_VERSION}. Aggregates only; null is a suppressed count.",
        **_closed_object(
            [f.name for f in HEADER if f.mandatory] + ["tables", "training", "assessment"],
            {
                "standard": {"const": STANDARD_ID},
                "standard_version": {"const": STANDARD_VERSION},
                "trust_code": {"type": "string", "pattern": TRUST_CODE_PATTERN},
                "period_from": _DATE,
                "period_to": _DATE,
                "made_on": _DATE,
                "disclosure": disclosure,
                "content_sha256": {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
                "tables": tables,
                "training": {"type": "array", "items": training_row},
                "assessment": {"oneOf": [{"type": "null"}, assessment]},
            },
        ),
    }

"""The JSON Schema (draft 2020-12) a return in the common data standard must satisfy, built
from the standard's tables, header and code lists so it cannot drift from what the export writes.
The shipped copy (``resources/data_standard/return.schema.json``) is generated from it
(``reports/data_standard_doc.py``) and a test fails when that copy is out of date.
"""

from __future__ import annotations

from typing import Any

from vpr_desktop.domain.data_standard import (
    ASSESSMENT_FIELDS,
    HEADER,
    MONTH_PATTERN,
    STANDARD_ID,
    STANDARD_TITLE,
    STANDARD_VERSION,
    TABLES,
    TRAINING_FIELDS,
    TRUST_CODE_PATTERN,
    WHOLE_PERIOD,
    Table,
)
from vpr_desktop.domain.data_standard_codes import code_list

_COUNT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0}
_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PERCENT: dict[str, Any] = {"type": ["number", "null"], "minimum": 0, "maximum": 100}


def _table_schema(t: Table) -> dict[str, Any]:
    columns = code_list(t.columns).values
    row: dict[str, Any] = (
        {"type": "string", "pattern": MONTH_PATTERN} if t.monthly else {"const": WHOLE_PERIOD}
    )
    return {
        "type": "object",
        "title": t.title,
        "description": f"{t.definition} Counts {t.counts}.",
        "required": ["rows", "columns", "cells", "row_totals", "column_totals", "total"],
        "additionalProperties": False,
        "properties": {
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
    }


def return_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every return of this version must satisfy."""
    rag = code_list("rag").values
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:vpr-desktop:{STANDARD_ID}:{STANDARD_VERSION}",
        "title": STANDARD_TITLE,
        "description": f"Version {STANDARD_VERSION}. Aggregates only; null is a suppressed count.",
        "type": "object",
        "required": [f.name for f in HEADER if f.mandatory] + ["tables", "training", "assessment"],
        "additionalProperties": False,
        "properties": {
            "standard": {"const": STANDARD_ID},
            "standard_version": {"const": STANDARD_VERSION},
            "trust_code": {"type": "string", "pattern": TRUST_CODE_PATTERN},
            "period_from": _DATE,
            "period_to": _DATE,
            "made_on": _DATE,
            "disclosure": {
                "type": "object",
                "required": ["threshold", "rounding", "secondary"],
                "additionalProperties": False,
                "properties": {
                    "threshold": {"type": "integer", "minimum": 1},
                    "rounding": {"type": "integer", "minimum": 1},
                    "secondary": {"const": True},
                },
            },
            "content_sha256": {"type": "string", "pattern": r"^[0-9a-f]{64}$"},
            "tables": {
                "type": "object",
                "required": [t.name for t in TABLES if t.mandatory],
                "additionalProperties": False,
                "properties": {t.name: _table_schema(t) for t in TABLES},
            },
            "training": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [f.name for f in TRAINING_FIELDS],
                    "additionalProperties": False,
                    "properties": {
                        "course": {"type": "string", "minLength": 1, "maxLength": 200},
                        "required": _COUNT,
                        "compliant": _COUNT,
                        "percent": _PERCENT,
                        "target_percent": _PERCENT,
                    },
                },
            },
            "assessment": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": [f.name for f in ASSESSMENT_FIELDS],
                        "additionalProperties": False,
                        "properties": {
                            "edition": {"type": "string", "minLength": 1, "maxLength": 40},
                            "period_start": _DATE,
                            "period_end": _DATE,
                            "status": {"enum": ["draft", "in_review", "signed_off"]},
                            "domains": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["code", "title", "percent"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "code": {"type": "string", "maxLength": 20},
                                        "title": {"type": "string", "maxLength": 500},
                                        "percent": {
                                            "type": "object",
                                            "required": list(rag),
                                            "additionalProperties": False,
                                            "properties": {r: _PERCENT for r in rag},
                                        },
                                    },
                                },
                            },
                        },
                    },
                ]
            },
        },
    }

"""Checking a return before anyone relies on it: the shipped JSON Schema, its own SHA-256, and
the disclosure rule it says it applied.

Why all three: the schema (checked with ``jsonschema``, Draft 2020-12) proves the shape and the
codes; the SHA-256 proves no byte of the content changed after the trust made it (a tampered
or hand-edited file is refused); and the disclosure check proves no count between 1 and the
threshold got through, which no schema can say because the threshold is in the file. Each
problem names the trust, the period and what is wrong, so an analyst loading thirty returns
knows which one to send back.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema

from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.common.files import read_small_file
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.system.return_export import content_sha256

MAX_BYTES = 20 * 1024 * 1024  # a year's return is tens of kilobytes; anything huge is not one


@cache
def shipped_schema() -> dict[str, Any]:
    """The JSON Schema installed with the app (``resources/data_standard``)."""
    path = files("vpr_desktop.resources").joinpath("data_standard", "return.schema.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def who(document: Any) -> str:
    """'Trust RXX, 2025-04-01 to 2026-03-31' as far as the document says it."""
    if not isinstance(document, dict):
        return "The file"
    code = document.get("trust_code") or "(no trust code)"
    return f"Trust {code}, {document.get('period_from', '?')} to {document.get('period_to', '?')}"


def read_return(path: Path) -> dict[str, Any]:
    """A return file parsed as JSON, or a ValidationError naming the file and the problem."""
    data = read_small_file(path, MAX_BYTES, "is too large to be a return")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            f"{path} is not a return: it is not JSON text ({exc}).",
            "Load the .json file the trust sent, not the CSV copy.",
        ) from None
    if not isinstance(document, dict):
        raise ValidationError(f"{path} is not a return.", "Load the .json file the trust sent.")
    return document


def _schema_problems(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        shipped_schema(), format_checker=jsonschema.FormatChecker()
    )
    out = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        out.append(f"at {where}: {error.message[:200]}")
    return out


def _counts(document: dict[str, Any]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for name, t in document["tables"].items():
        for r, row in zip(t["rows"], t["cells"], strict=False):
            out += [(f"{name} {r}", n) for n in row if n is not None]
        out += [(f"{name} row total", n) for n in t["row_totals"] if n is not None]
        out += [(f"{name} column total", n) for n in t["column_totals"] if n is not None]
        if t["total"] is not None:
            out.append((f"{name} total", t["total"]))
    for entry in document["training"]:
        out += [
            (f"training {entry['course']}", entry[k])
            for k in ("required", "compliant")
            if entry[k] is not None
        ]
    return out


def _content_problems(document: dict[str, Any]) -> list[str]:
    out = []
    try:
        period = Period(
            dt.date.fromisoformat(document["period_from"]),
            dt.date.fromisoformat(document["period_to"]),
        ).month_list()
    except (ValueError, ValidationError):
        return ["the period's dates are not a period (the end is before the start)"]
    for name, t in document["tables"].items():
        expected = list(period) if ds.table(name).monthly else [ds.WHOLE_PERIOD]
        if t["rows"] != expected or len(t["cells"]) != len(expected):
            out.append(f"table {name} does not have one row per month of the period")
    rule = document["disclosure"]
    for where, n in _counts(document):
        if 0 < n <= rule["threshold"]:
            out.append(f"{where}: a count of {n} is not suppressed (threshold {rule['threshold']})")
            break
        if n % rule["rounding"]:
            out.append(f"{where}: {n} is not rounded to {rule['rounding']}")
            break
    if document["content_sha256"] != content_sha256(document):
        out.append(
            "its SHA-256 does not match its content: the file was changed after the trust made "
            "it (tampered or edited by hand)"
        )
    return out


def problems(document: dict[str, Any]) -> list[str]:
    """Everything wrong with ``document`` as a return (empty: it is a valid return)."""
    found = _schema_problems(document)
    if found:
        return found
    return _content_problems(document)


def check_return(document: dict[str, Any], source: str = "") -> None:
    """Raise a ValidationError naming the trust, the period and each problem."""
    found = problems(document)
    if found:
        where = f" ({source})" if source else ""
        raise ValidationError(
            f"{who(document)}{where}: the return is refused: "
            + "; ".join(found[:5])
            + (f"; and {len(found) - 5} more problems" if len(found) > 5 else "")
            + ".",
            "Ask the trust to make the return again with VPR Desktop and send the new file.",
        )

"""The anonymised return's bytes: JSON (what a system loads, checked against the schema) and CSV
(the same cells, one per line, for a spreadsheet or a data warehouse).

Why both carry the same ``content_sha256``: the CSV is a reading copy of the JSON, not a second
return, so the hash of the JSON content names it too. Suppressed counts are ``*`` in the CSV
(``null`` in the JSON); a course or domain name that a spreadsheet would run as a formula is
written with a leading apostrophe. Writing the files and auditing them is
:mod:`vpr_desktop.reports.system_return`; this module only turns a return into bytes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain.data_standard_codes import code_list
from vpr_desktop.reports.xlsx_safety import csv_safe

CSV_HEADER = ("section", "table", "row", "column", "value")
SUPPRESSED = "*"


def return_json_bytes(document: dict[str, Any]) -> bytes:
    """The return as readable JSON (sorted keys, UTF-8, final newline)."""
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _text(value: Any) -> str:
    if value is None:
        return SUPPRESSED
    return csv_safe(str(value))


def csv_rows(document: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Every value of the return as (section, table, row, column, value)."""
    out: list[tuple[str, str, str, str, str]] = []
    for key in ("standard", "standard_version", "trust_code", "period_from", "period_to"):
        out.append(("header", "", "", key, str(document[key])))
    out.append(("header", "", "", "made_on", str(document["made_on"])))
    for key, value in sorted(document["disclosure"].items()):
        out.append(("header", "disclosure", "", key, str(value).lower()))
    for spec in ds.TABLES:  # the standard's order, however the JSON was keyed
        name, t = spec.name, document["tables"][spec.name]
        for r, cells, total in zip(t["rows"], t["cells"], t["row_totals"], strict=True):
            out += [
                ("count", name, r, c, _text(n)) for c, n in zip(t["columns"], cells, strict=True)
            ]
            out.append(("count", name, r, "total", _text(total)))
        out += [
            ("count", name, "total", c, _text(n))
            for c, n in zip(t["columns"], t["column_totals"], strict=True)
        ]
        out.append(("count", name, "total", "total", _text(t["total"])))
    for entry in document["training"]:
        for key in ("required", "compliant", "percent", "target_percent"):
            out.append(("training", "", _text(entry["course"]), key, _text(entry[key])))
    a = document["assessment"]
    if a is not None:
        for key in ("edition", "period_start", "period_end", "status"):
            out.append(("assessment", "", "", key, _text(a[key])))
        for d in a["domains"]:
            for rag in code_list("rag").values:
                row = ("assessment", _text(d["code"]), _text(d["title"]), rag)
                out.append((*row, _text(d["percent"][rag])))
    out.append(("header", "", "", "content_sha256", document["content_sha256"]))
    return out


def return_csv_bytes(document: dict[str, Any]) -> bytes:
    """The return as CSV (UTF-8 with BOM so Excel reads the text right, CRLF lines)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(document))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

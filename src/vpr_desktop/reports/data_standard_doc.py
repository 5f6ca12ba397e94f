"""The data standard as people and programs read it: the Markdown dictionary
(``docs/data-standard.md``) and the JSON Schema shipped as package data
(``resources/data_standard/return.schema.json``), both generated from
:mod:`vpr_desktop.domain.data_standard`.

Why generated: a dictionary typed by hand drifts from the code that writes the return. Run
``python -m vpr_desktop.reports.data_standard_doc`` from the repository root after changing the
standard; a test fails while either file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain.data_standard_codes import CODE_LISTS
from vpr_desktop.domain.return_schema import return_schema

DOC_PATH = Path("docs") / "data-standard.md"
SCHEMA_PATH = Path("resources") / "data_standard" / "return.schema.json"


def schema_text() -> str:
    """The schema file's exact text (sorted keys, two-space indent, final newline)."""
    return json.dumps(return_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fields(title: str, fields: tuple[ds.HeaderField, ...]) -> list[str]:
    out = [
        f"### {title}",
        "",
        "| Field | Name | Type | Mandatory | Definition |",
        "|---|---|---|---|---|",
    ]
    for f in fields:
        kind = f.kind + (f" `{f.pattern}`" if f.pattern else "")
        out.append(
            f"| `{f.name}` | {_cell(f.title)} | {_cell(kind)} | "
            f"{'yes' if f.mandatory else 'no'} | {_cell(f.definition)} |"
        )
    return [*out, ""]


def render_markdown() -> str:
    """The whole dictionary as Markdown: header, tables, code lists with the app's codes."""
    lines = [
        f"# {ds.STANDARD_TITLE}",
        "",
        f"Standard `{ds.STANDARD_ID}`, version **{ds.STANDARD_VERSION}**. Generated from "
        "`src/vpr_desktop/domain/data_standard.py`; do not edit by hand.",
        "",
        "A return holds aggregates only: no names, no free text, no incident-level rows. Every "
        "count goes through the disclosure rule: 0 is shown, 1 to the threshold is suppressed "
        "(`null` in JSON, `*` in CSV), larger counts are rounded, and a second cell (or the "
        "total) is suppressed wherever one hidden cell could be worked out from a total.",
        "",
        "The JSON Schema is `resources/data_standard/return.schema.json` (shipped with the app).",
        "",
        "## Return",
        "",
        *_fields("Header", ds.HEADER),
        "### Tables",
        "",
        "Each table has `rows` (months `YYYY-MM`, or `period` for the whole period), "
        "`columns` (the codes of its code list, in order), `cells` (one count per row and "
        "column), `row_totals`, `column_totals` and `total`. All tables are mandatory.",
        "",
        "| Table | Rows | Columns (code list) | Counts | Definition |",
        "|---|---|---|---|---|",
    ]
    for t in ds.TABLES:
        lines.append(
            f"| `{t.name}` | {'month' if t.monthly else 'period'} | `{t.columns}` | "
            f"{t.counts} | {_cell(t.definition)} |"
        )
    lines += [
        "",
        *_fields("Training compliance (one entry per course)", ds.TRAINING_FIELDS),
        *_fields("Self-assessment (latest cycle, or null)", ds.ASSESSMENT_FIELDS),
        "## Code lists",
        "",
    ]
    for cl in CODE_LISTS:
        lines += [
            f"### `{cl.name}`: {cl.title}",
            "",
            _cell(cl.definition),
            "",
            "| Code | Label | Definition | App codes counted |",
            "|---|---|---|---|",
        ]
        for c in cl.codes:
            app = ", ".join(f"`{a}`" for a in c.app_codes) or "(none: no value recorded)"
            lines.append(f"| `{c.code}` | {_cell(c.label)} | {_cell(c.definition)} | {app} |")
        lines.append("")
    return "\n".join(lines)


def write(root: Path) -> list[Path]:
    """Write both generated files under the repository ``root``; returns their paths."""
    doc = root / DOC_PATH
    schema = root / SCHEMA_PATH
    doc.parent.mkdir(parents=True, exist_ok=True)
    schema.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(render_markdown(), encoding="utf-8", newline="\n")
    schema.write_text(schema_text(), encoding="utf-8", newline="\n")
    return [doc, schema]


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()):
        print(path)

"""The pack PDF: figures equal SQL counts, user text renders literally and opens nothing, every
font is embedded, page furniture and metadata are right (acceptance 2, 3 and part of 5)."""

from __future__ import annotations

import builtins
import datetime as dt
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_ANCHOR
from vpr_desktop.reports import pack_pdf
from vpr_desktop.reports.pack_job import PackResult
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.reports.pack_model import AssuranceLevel
from vpr_desktop.reports.pack_model import Column
from vpr_desktop.reports.pack_model import FrontSheet
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.reports.pack_model import Purpose
from vpr_desktop.reports.pack_model import SessionKind
from vpr_desktop.reports.pack_model import Table
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.sections_equality import equality_from

EVIL_RISK = '<b>Ward & "A"</b> <font size=40>x <img src="/etc/hostname"/>'
PERIOD = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def open_demo(path: Path, username: str | None = None) -> tuple[Any, Any]:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(path, mode="rw", create=False)
    return db, identify(db, username)


def make_pack(db: Any, actor: Any, kind: str, out: Path, **kw: Any) -> PackResult:
    request = PackRequest(kind, *PERIOD, as_at=DEMO_ANCHOR, **kw)  # type: ignore[arg-type]
    out.mkdir(parents=True, exist_ok=True)
    return generate_pack(db, actor, request, out)


def pdf_text(path: Path, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_of(result: PackResult) -> Path:
    return next(f.path for f in result.files if f.file_format == "pdf")


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[tuple[Any, Any]]:
    db, actor = open_demo(demo_copy)
    try:
        yield db, actor
    finally:
        db.close()


def test_monthly_incident_totals_equal_a_sql_count(
    demo: tuple[Any, Any], demo_copy: Path, tmp_path: Path
) -> None:
    db, actor = demo
    result = make_pack(db, actor, "committee", tmp_path)
    text = pdf_text(pdf_of(result))
    text = text[text.index("Incidents by month") : text.index("All incidents reported")]
    shown = {
        f"{year}-{MONTHS[mon]:02d}": int(n.replace(",", ""))
        for mon, year, n in re.findall(r"^\s*([A-Z][a-z]{2}) (\d{4})\s+([\d,]+)\s", text, re.M)
    }
    assert len(shown) == 24  # the SPC data table: 24 whole months ending June 2026
    con = sqlite3.connect(demo_copy)
    try:
        counted = dict(con.execute("SELECT month, count(*) FROM incident GROUP BY month"))
    finally:
        con.close()
    assert sum(shown.values()) > 0
    for month, n in shown.items():
        assert n == counted.get(month, 0), month


def test_user_markup_renders_literally_and_nothing_is_opened(
    demo: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vpr_desktop.domain.risk_matrix import RiskScore
    from vpr_desktop.services.risks.inputs import RiskInput
    from vpr_desktop.services.risks.service import RiskRegisterService

    db, actor = demo
    RiskRegisterService(db, actor).create_risk(
        RiskInput(
            title=EVIL_RISK,
            current=RiskScore(5, 5),
            target=RiskScore(1, 1),
            review_date=dt.date(2026, 1, 1),
        )
    )
    import reportlab.lib.utils as rl_utils

    opened: list[str] = []
    real_open_for_read, real_url, real_open = (
        rl_utils.open_for_read,
        rl_utils.rlUrlRead,
        builtins.open,
    )

    def spy_open_for_read(name: Any, mode: str = "b") -> Any:
        if not hasattr(name, "read"):
            opened.append(str(name))
        return real_open_for_read(name, mode)

    def spy_url(name: Any, *a: Any, **k: Any) -> Any:
        opened.append(f"url:{name}")
        return real_url(name, *a, **k)

    def spy_open(file: Any, *a: Any, **k: Any) -> Any:
        if "hostname" in str(file):
            opened.append(f"open:{file}")
        return real_open(file, *a, **k)

    monkeypatch.setattr(rl_utils, "open_for_read", spy_open_for_read)
    monkeypatch.setattr(rl_utils, "rlUrlRead", spy_url)
    monkeypatch.setattr(builtins, "open", spy_open)
    result = make_pack(db, actor, "committee", tmp_path)
    monkeypatch.undo()
    assert [o for o in opened if not o.endswith(".ttf")] == []
    flat = " ".join(pdf_text(pdf_of(result), layout=False).split())
    assert EVIL_RISK in flat  # every character, markup and all, as typed
    from reportlab import rl_config

    assert rl_config.trustedHosts == []


def test_only_embedded_fonts_and_metadata(demo: tuple[Any, Any], tmp_path: Path) -> None:
    db, actor = demo
    pdf = pdf_of(make_pack(db, actor, "board", tmp_path))
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # "emb" column
    assert not any("Helvetica" in line for line in fonts)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert re.search(r"^Title:\s+Violence prevention and reduction", info, re.M)
    assert re.search(r"^Author:\s+\S", info, re.M) and re.search(r"^Subject:\s+\S", info, re.M)
    assert b"/Lang (en-GB)" in pdf.read_bytes()
    text = pdf_text(pdf)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Data as at" in text
    # The contents' page numbers are where each section's heading really is.
    listed = dict(re.findall(r"^\s*(\d\. [A-Z][\w ,:]+?)\s*(?:\. )+\.?\s*(\d+)\s*$", text, re.M))
    assert len(listed) >= 4
    for heading, page in listed.items():
        on_page = pdf_text_page(pdf, int(page))
        assert re.search(rf"^\s*{re.escape(heading)}\s*$", on_page, re.M), (heading, page)


def pdf_text_page(path: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _tiny_pack(table: Table) -> Pack:
    from vpr_desktop.reports.pack_model import Section

    front = FrontSheet(
        "Trust Board",
        None,
        "",
        "Test pack",
        "Sponsor",
        "Author",
        Purpose.INFORMATION,
        "The Board is asked to note.",
        AssuranceLevel.LIMITED,
        "Route",
        SessionKind.PUBLIC,
    )
    return Pack(
        "board",
        "Test Trust",
        *PERIOD,
        dt.datetime(2026, 7, 1, 9, 0),
        front,
        (),
        (Section("s", "Section", (table,)),),
    )


def test_long_tables_are_chunked_with_repeated_headers() -> None:
    table = Table(
        "t",
        "Long",
        (Column("Name", "text", 2.0), Column("N", "int")),
        tuple((f"row {i}", i) for i in range(120)),
    )
    doc = pack_pdf._PackDoc(_tiny_pack(table), {})
    from reportlab.platypus import Table as RLTable

    flows = doc.table(table)
    chunks = [f for f in flows if isinstance(f, RLTable)]
    assert [len(c._cellvalues) for c in chunks] == [51, 51, 21]  # header + up to 50 rows
    assert all(c.repeatRows == 1 for c in chunks)
    assert len({tuple(c._colWidths) for c in chunks}) == 1  # fixed, equal widths


def test_suppressed_cells_show_the_mark_not_the_count(tmp_path: Path) -> None:
    section = equality_from({"Disability": {"Yes": 3, "No": 40}})
    pack = _tiny_pack(section.tables[0])
    target = pack_pdf.write_pdf(pack, {}, tmp_path / "eq.pdf")
    text = pdf_text(target)
    assert re.search(r"Disability\s+Yes\s+\*", text)
    # secondary suppression: "No" is hidden too, or total minus it would reveal the 3
    assert re.search(r"Disability\s+No\s+\*", text)
    assert re.search(r"Disability\s+Total\s+45\b", text)
    assert not re.search(r"Disability\s+Yes\s+3\b", text)


def test_demo_equality_section_shows_marks_for_suppressed_counts(
    demo: tuple[Any, Any], tmp_path: Path
) -> None:
    from vpr_desktop.reports.pack_model import Suppressed

    db, actor = demo
    result = make_pack(db, actor, "committee", tmp_path)
    table = next(t for s in result.pack.sections for t in s.tables if t.id == "equality")
    hidden = [r for r in table.rows if isinstance(r[2], Suppressed)]
    shown = [r for r in table.rows if isinstance(r[2], int) and r[2] > 0]
    assert hidden and shown  # the small demo has both
    text = pdf_text(pdf_of(result))
    text = text[text.index("Staff affected by protected characteristic") :]
    for characteristic, value, _ in hidden:
        assert re.search(
            rf"{re.escape(str(characteristic))}\s+{re.escape(str(value))}\s+\*\s*$", text, re.M
        ), (characteristic, value)
    assert all(n % 5 == 0 for *_, n in shown)  # NHS Digital: shown counts rounded to 5

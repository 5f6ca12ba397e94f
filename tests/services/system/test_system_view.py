"""The system view: three demo trusts' returns (different seeds) load into SQLite and
PostgreSQL; loading again changes nothing; a changed byte is refused naming trust and period;
a newer return replaces the older (audited); the funnel limits equal a hand calculation; the
system pack is written as PDF, Excel and Word."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.cli.main import run
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.system import SystemReturn
from vpr_desktop.reports.system_pack import write_system_pack
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.system.return_export import content_sha256
from vpr_desktop.services.system.system_view import load_returns
from vpr_desktop.services.system.system_view import system_figures

ANCHOR = dt.date(2026, 6, 30)
LEAD = Actor(username="analyst", display_name="Analyst", roles=frozenset({Role.VPR_LEAD}))
TRUSTS = (("RXA", 1), ("RXB", 2), ("RXC", 3))
YEARS = ("2024-25", "2025-26")


@pytest.fixture(scope="module")
def demo_returns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The returns ``system demo`` writes: three demo trusts of about 400, 800 and 1,600 staff
    (seeds 1-3), each made in its own database, each with the years to June 2025 and 2026."""
    folder = tmp_path_factory.mktemp("trusts")
    out, err = io.StringIO(), io.StringIO()
    argv = ["system", "demo", "--out", str(folder), "--anchor", ANCHOR.isoformat()]
    assert run(argv, out, err) == 0, err.getvalue()
    files = {
        f"{code}-{year}": folder / f"{code}-{year}.json" for code, _ in TRUSTS for year in YEARS
    }
    assert [line.split("  sha256 ")[0] for line in out.getvalue().splitlines()] == [
        str(p) for p in files.values()
    ]
    return files


@pytest.fixture(scope="module")
def returns(demo_returns: dict[str, Path]) -> dict[str, Path]:
    """Each trust's latest return (the year to 30 June 2026)."""
    return {code: demo_returns[f"{code}-2025-26"] for code, _ in TRUSTS}


def counts(db: Any) -> tuple[int, list[str]]:
    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(SystemReturn)) or 0
        hashes = sorted(s.scalars(select(SystemReturn.content_sha256)))
    return n, hashes


def test_three_trusts_load_and_loading_again_changes_nothing(db: Any, returns: Any) -> None:
    files = list(returns.values())
    first = load_returns(db, LEAD, files)
    assert [o.outcome for o in first] == ["added"] * 3
    before = counts(db)
    assert before[0] == 3
    again = load_returns(db, LEAD, files)
    assert [o.outcome for o in again] == ["unchanged (already loaded)"] * 3
    assert counts(db) == before
    figures = system_figures(db, LEAD)
    assert [t.trust_code for t in figures.trusts] == ["RXA", "RXB", "RXC"]
    assert len(figures.points) == 3


def test_funnel_limits_equal_a_hand_calculation(db: Any, returns: Any) -> None:
    load_returns(db, LEAD, list(returns.values()))
    docs = {c: json.loads(p.read_text(encoding="utf-8")) for c, p in returns.items()}
    incidents = {c: d["tables"]["incidents_by_type"]["total"] for c, d in docs.items()}
    staff = {c: d["tables"]["headcount_by_staff_group"]["total"] for c, d in docs.items()}
    # By hand: θ = all incidents / all staff; limits θ ± z √(θ / n), per 1,000.
    theta = sum(incidents.values()) / sum(staff.values())
    n = staff["RXA"]
    sd = math.sqrt(theta / n)
    figures = system_figures(db, LEAD)
    rxa = next(p for p in figures.points if p.name == "RXA")
    assert figures.theta == pytest.approx(1000 * theta)
    assert rxa.rate == pytest.approx(1000 * incidents["RXA"] / n)
    assert rxa.limits.upper95 == pytest.approx(1000 * (theta + 1.959964 * sd))
    assert rxa.limits.lower95 == pytest.approx(1000 * (theta - 1.959964 * sd))
    assert rxa.limits.upper998 == pytest.approx(1000 * (theta + 3.090232 * sd))
    assert rxa.limits.lower998 == pytest.approx(1000 * (theta - 3.090232 * sd))
    # The demo trusts as generated: three sizes, at rates per 1,000 staff a year an NHS trust
    # could have (tens to low hundreds), the smallest one high.
    assert (incidents, staff) == (
        {"RXA": 100, "RXB": 125, "RXC": 240},
        {"RXA": 375, "RXB": 745, "RXC": 1495},
    )
    assert (round(figures.theta or 0, 2), round(rxa.limits.upper95, 2)) == (177.82, 220.5)
    assert (round(rxa.limits.lower95, 2), round(rxa.limits.upper998, 2)) == (135.14, 245.11)
    assert [(p.name, p.position) for p in figures.points] == [
        ("RXA", "above the 99.8% limit"),
        ("RXB", "within the limits"),
        ("RXC", "within the limits"),
    ]


def test_a_changed_byte_is_refused_naming_trust_period_and_problem(
    db: Any, returns: Any, tmp_path: Path
) -> None:
    text = returns["RXB"].read_text(encoding="utf-8")
    t = json.loads(text)["tables"]["incidents_by_harm"]["total"]
    changed = text.replace(f'"total": {t}', f'"total": {t + 5}', 1)
    assert changed != text
    bad = tmp_path / "RXB.json"
    bad.write_text(changed, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_returns(db, LEAD, [returns["RXA"], bad])
    message = caught.value.message
    assert "Trust RXB, 2025-07-01 to 2026-06-30 (RXB.json)" in message
    assert "SHA-256 does not match its content" in message
    assert message.endswith("Nothing was loaded.")
    assert counts(db)[0] == 0


def test_a_newer_return_replaces_the_older_and_is_audited(
    db: Any, returns: Any, tmp_path: Path
) -> None:
    load_returns(db, LEAD, [returns["RXA"]])
    document = json.loads(returns["RXA"].read_text(encoding="utf-8"))
    newer = dict(document, made_on="2026-07-15")
    newer["content_sha256"] = content_sha256(newer)
    path = tmp_path / "RXA-newer.json"
    path.write_text(json.dumps(newer), encoding="utf-8")
    (outcome,) = load_returns(db, LEAD, [path])
    assert outcome.outcome == "replaced by this newer return"
    assert counts(db) == (1, [newer["content_sha256"]])
    (older,) = load_returns(db, LEAD, [returns["RXA"]])
    assert older.outcome.startswith("older than the return loaded (made 2026-07-15)")
    assert counts(db) == (1, [newer["content_sha256"]])
    with db.session() as s:
        updates = s.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "system_return", AuditEvent.action == "update"
            )
        ).all()
    assert len(updates) == 1
    assert updates[0].after["made_on"] == "2026-07-15"


def test_cli_loads_and_writes_the_system_pack(returns: Any, tmp_path: Path) -> None:
    db = tmp_path / "system.db"
    out, err = io.StringIO(), io.StringIO()
    assert run(["db", "init", str(db)], out, err) == 0
    files = [str(p) for p in returns.values()]
    assert run(["system", "load", *files, "--db", str(db)], out, err) == 0, err.getvalue()
    assert "RXC-2025-26.json: trust RXC, 2025-07-01 to 2026-06-30: added" in out.getvalue()
    packs = tmp_path / "packs"
    packs.mkdir()
    title = "North Mercia ICS: violence against staff 2025/26"
    argv = ["system", "pack", "--db", str(db), "--out", str(packs), "--title", title]
    assert run(argv, out, err) == 0
    names = sorted(p.suffix for p in packs.iterdir())
    assert names == [".docx", ".pdf", ".xlsx"]
    pdf = next(packs.glob("*.pdf"))
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert f"System view {title} System report: violence prevention and reduction" in text
    assert "System pack: violence prevention and reduction | Public session Page 1 of" in text
    assert "Committee pack" not in text and "Committee report" not in text
    from docx import Document

    docx = Document(str(next(packs.glob("*.docx"))))
    assert docx.sections[0].footer.paragraphs[0].text.startswith("System pack: violence")
    assert "Incident rates compared (funnel plot)" in text
    assert "System rate 177.8 incidents per 1,000 staff" in text
    assert "RXA 100 375" in text  # pdftotext reads the first two columns down first
    assert "266.7 110.5 135.1 220.5 245.1 above the 99.8% limit" in text
    assert "Self-assessment: trust × domain" in text


def test_system_pack_writes_on_postgresql_too(db: Any, returns: Any, tmp_path: Path) -> None:
    load_returns(db, LEAD, list(returns.values()))
    written = write_system_pack(db, LEAD, tmp_path, ("pdf", "xlsx"))
    assert [f.path.suffix for f in written] == [".pdf", ".xlsx"]
    from openpyxl import load_workbook

    wb = load_workbook(written[1].path, read_only=True)
    cells = [c for row in wb["Funnel"].iter_rows(values_only=True) for c in row if c is not None]
    assert "RXB" in cells and "within the limits" in cells
    wb.close()


def test_spc_per_trust_and_common_themes(db: Any, demo_returns: Any, returns: Any) -> None:
    """SPC joins each trust's two yearly returns (24 months); a trust with a suppressed month
    gets no chart, in words; the themes add the returns' shown counts, shares by hand."""
    from vpr_desktop.services.system.system_pack import build_system_pack

    load_returns(db, LEAD, list(demo_returns.values()))
    figures = system_figures(db, LEAD)
    docs = {k: json.loads(p.read_text(encoding="utf-8")) for k, p in demo_returns.items()}
    by_trust = {m.trust_code: m for m in figures.months}
    for code, _ in TRUSTS:
        by_hand = [
            n
            for y in YEARS
            for n in docs[f"{code}-{y}"]["tables"]["incidents_by_type"]["row_totals"]
        ]
        assert by_trust[code].counts == tuple(by_hand)
        assert by_trust[code].months[0] == "2024-07" and by_trust[code].months[-1] == "2026-06"
    assert {c: m.suppressed for c, m in by_trust.items()} == {"RXA": 10, "RXB": 5, "RXC": 0}

    latest = {c: json.loads(p.read_text(encoding="utf-8"))["tables"] for c, p in returns.items()}
    physical = {c: t["incidents_by_type"]["column_totals"][0] for c, t in latest.items()}
    top = figures.themes[0]
    assert (top.table, top.code, top.label) == ("incidents_by_type", "physical", "Physical")
    assert top.incidents == sum(physical.values()) == 160
    rxa_total = latest["RXA"]["incidents_by_type"]["total"]
    assert top.shares["RXA"] == round(100 * physical["RXA"] / rxa_total, 1) == 30.0
    sexual = next(th for th in figures.themes if th.code == "sexual")
    assert sexual.suppressed_in == ("RXA",) and sexual.shares["RXA"] is None

    pack = build_system_pack(db, LEAD)
    spc = next(s for s in pack.sections if s.id == "spc")
    assert [f.id for f in spc.figures] == ["system_spc_rxc"]
    summary = next(b for b in spc.blocks if getattr(b, "id", "") == "system_spc")
    assert [r[:4] for r in summary.rows] == [
        ("RXA", "Jul 2024 to Jun 2026", 24, 10),
        ("RXB", "Jul 2024 to Jun 2026", 24, 5),
        ("RXC", "Jul 2024 to Jun 2026", 24, 0),
    ]
    rxc = [float(n) for n in by_trust["RXC"].counts]
    assert summary.rows[2][4] == round(sum(rxc) / 24, 1)
    assert str(summary.rows[0][5]).startswith("No chart: months with 1 to 7 incidents")
    assert pack.kind_label == "System"

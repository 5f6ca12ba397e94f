"""The trust's settings reach the packs: its name, logo and assurance scale on the front, and
its disclosure threshold in the equality table (on the demo trust's real counts)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

from vpr_desktop.domain.enums import Role
from vpr_desktop.reports.pack_pdf import build_pdf
from vpr_desktop.services.admin import trust_settings as ts
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.services.packs.sections_equality import equality_section
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
YEAR = PackRequest(
    "committee", dt.date(2025, 7, 1), dt.date(2026, 6, 30), as_at=dt.date(2026, 6, 30)
)
NOW = dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC)


def logo_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 94, 184)).save(buf, format="PNG")
    return buf.getvalue()


def with_threshold(db: Database, n: int) -> Pack:
    s = ts.load(db)
    ts.save(db, LEAD, replace(s, disclosure_threshold=n), s.version)
    return build_pack(db, LEAD, YEAR, sections=[equality_section], now=NOW)


def shown_counts(pack: Pack) -> tuple[int, list[int]]:
    rows = pack.sections[0].tables[0].rows
    hidden = sum(isinstance(r[2], Suppressed) for r in rows)
    return hidden, [r[2] for r in rows if isinstance(r[2], int) and r[2] > 0]


def test_the_disclosure_threshold_changes_what_the_equality_table_hides(demo_copy: Path) -> None:
    db = open_database(demo_copy)
    try:
        default = with_threshold(db, 7)
        low = with_threshold(db, 3)
        high = with_threshold(db, 20)
    finally:
        db.close()
    hidden_7, _ = shown_counts(default)
    hidden_3, shown_3 = shown_counts(low)
    hidden_20, shown_20 = shown_counts(high)
    assert hidden_3 < hidden_7 < hidden_20
    assert 5 in shown_3  # counts of 4 to 7 are now shown (rounded to 5)
    assert shown_20 and min(shown_20) >= 20
    assert "NHS Digital disclosure rule: 1-7 shown as '*'" in default.disclosure_note
    assert "the trust's rule: 1-20 shown as '*'" in high.disclosure_note
    assert (
        high.sections[0]
        .tables[0]
        .footnotes[0]
        .startswith("Disclosure control: Trust setting: 1–20 suppressed, others rounded to 5.")
    )


def test_trust_name_logo_and_assurance_scale_on_the_front(sqlite_db: Database) -> None:
    s = ts.load(sqlite_db)
    scale = tuple(
        replace(e, name="Moderate", definition="Most controls work; gaps are being closed.")
        if e.level is AssuranceLevel.REASONABLE
        else e
        for e in s.assurance_scale
    )
    ts.save(
        sqlite_db,
        LEAD,
        replace(
            s,
            trust_name="Northgate Hospitals NHS Foundation Trust",
            assurance_scale=scale,
            logo=ts.check_logo(logo_png()),
        ),
        s.version,
    )
    request = PackRequest(
        "board", YEAR.period_from, YEAR.period_to, assurance_level=AssuranceLevel.REASONABLE
    )
    pack = build_pack(sqlite_db, LEAD, request, sections=[], now=NOW)
    assert pack.trust == "Northgate Hospitals NHS Foundation Trust"
    assert pack.assurance_line == "Moderate: Most controls work; gaps are being closed."
    assert pack.assurance_words(AssuranceLevel.REASONABLE) == (
        "Moderate",
        "Most controls work; gaps are being closed.",
    )
    statement = pack.sections[0]
    assert statement.paragraphs[0].startswith(
        "This report offers moderate assurance that Northgate Hospitals NHS Foundation Trust"
    )
    assert "Moderate: Most controls work; gaps are being closed." in statement.paragraphs
    assert "Limited: " + AssuranceLevel.LIMITED.meaning in list(iter_strings(pack))
    with_logo = build_pdf(pack, {})
    without = build_pdf(replace(pack, logo=None), {})
    assert b"/Subtype /Image" in with_logo and b"/Subtype /Image" not in without

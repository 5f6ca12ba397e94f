"""The trust's settings (Settings page and ``settings`` command), on SQLite and PostgreSQL:
defaults equal today's constants, every field checked in words, stale saves refused, every
save audited, only administrators and VPR leads may change them, and each consumer obeys them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Setting
from vpr_desktop.services.admin import trust_settings as ts
from vpr_desktop.services.admin.backups import BackupService
from vpr_desktop.services.admin.trust_settings_text import with_value
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.training.service import TrainingService
from vpr_desktop.store.backup_retention import backups_to_prune
from vpr_desktop.store.database import Database

ADMIN = Actor("admin", "Ada Admin", frozenset({Role.ADMINISTRATOR}))
LEAD = Actor("lead", "Lee Lead", frozenset({Role.VPR_LEAD}))
CHAIR = Actor("chair", "Cora Chair", frozenset({Role.COMMITTEE_CHAIR}))


def png(width: int = 40, height: int = 20) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (0, 94, 184)).save(buf, format="PNG")
    return buf.getvalue()


def test_defaults_are_todays_constants(db: Database) -> None:
    settings = ts.load(db)
    assert settings.version is None
    assert settings.trust_name == "NHS trust"
    assert settings.disclosure_threshold == 7
    assert ts.disclosure_rule(settings) is disclosure.NHS_DIGITAL
    assert settings.training_target_percent == 85.0
    assert settings.evidence_limit_mb == 50
    assert settings.evidence_limit_bytes == 50 * 1024 * 1024
    assert settings.backup_folder == ""
    # Retention as the reliability plan asks: a week of daily backups, then a month of weeklies.
    assert (settings.backup_keep_days, settings.backup_keep_weeks) == (7, 4)
    assert [(e.name, e.definition) for e in settings.assurance_scale] == [
        (level.label, level.meaning) for level in AssuranceLevel
    ]
    # The support timings are the support pathway's, not a copy.
    from vpr_desktop.domain.support_pathway import DEFAULT_PATHWAY

    assert [(t.key, t.due_hours) for t in settings.support_timings] == [
        (step.key, step.due_hours) for step in DEFAULT_PATHWAY.steps
    ]


def test_save_is_read_back_and_audited(db: Database, tmp_path: Path) -> None:
    before = ts.load(db)
    scale = tuple(
        replace(e, name="Moderate", definition="Some controls; gaps being closed.")
        if e.level is AssuranceLevel.REASONABLE
        else e
        for e in before.assurance_scale
    )
    saved = ts.save(
        db,
        ADMIN,
        replace(
            before,
            trust_name="  Northgate Hospitals NHS Foundation Trust ",
            logo=ts.check_logo(png()),
            disclosure_threshold=10,
            assurance_scale=scale,
            training_target_percent=90.0,
            evidence_limit_mb=20,
            backup_folder=str(tmp_path / "backups"),
            backup_keep_days=10,
            backup_keep_weeks=6,
        ),
        before.version,
    )
    assert saved.version == 1
    again = ts.load(db)
    assert again == saved
    assert again.trust_name == "Northgate Hospitals NHS Foundation Trust"
    assert again.logo is not None and again.logo.media_type == "image/png"
    assert again.scale_entry(AssuranceLevel.REASONABLE).name == "Moderate"
    assert ts.disclosure_rule(again).threshold == 10
    assert ts.disclosure_rule(again).rounding == 5
    with reading(db) as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "setting")).all()
        keys = set(s.scalars(select(Setting.key)))
    assert {"trust", "trust_logo"} <= keys
    assert len(events) == 2 and {e.username for e in events} == {"admin"}
    trust_event = next(e for e in events if "disclosure_threshold" in str(e.after))
    assert trust_event.after is not None
    assert trust_event.after["value"]["disclosure_threshold"] == 10


def test_a_stale_save_is_refused_and_nothing_written(db: Database) -> None:
    first = ts.load(db)
    ts.save(db, ADMIN, replace(first, trust_name="First Trust"), first.version)
    with pytest.raises(ConflictError) as info:
        ts.save(db, LEAD, replace(first, trust_name="Second Trust"), first.version)
    assert "changed by someone else" in info.value.message
    assert ts.load(db).trust_name == "First Trust"


def test_stale_support_timings_are_refused(db: Database) -> None:
    mine = ts.load(db)
    theirs = replace(
        mine,
        support_timings=(replace(mine.support_timings[0], due_hours=3), *mine.support_timings[1:]),
    )
    ts.save(db, ADMIN, theirs, mine.version)
    later = ts.load(db)
    assert later.support_timings[0].due_hours == 3 and later.support_version == 1
    mine_changed = replace(
        later,
        support_timings=(replace(mine.support_timings[0], due_hours=5), *mine.support_timings[1:]),
        support_version=mine.support_version,
    )
    with pytest.raises(ConflictError):
        ts.save(db, ADMIN, mine_changed, later.version)
    assert ts.load(db).support_timings[0].due_hours == 3


def test_support_timings_save_into_the_pathway(db: Database) -> None:
    from vpr_desktop.services.incidents.service import IncidentService

    s = ts.load(db)
    s = with_value(s, "support.welfare_check.due_hours", "4")
    ts.save(db, LEAD, s, s.version)
    pathway = IncidentService(db, LEAD).pathway()
    step = pathway.step("welfare_check")
    assert step is not None and step.due_hours == 4


@pytest.mark.parametrize(
    ("key", "value", "field", "words"),
    [
        ("trust_name", "   ", "trust_name", "Give the trust's name"),
        ("disclosure_threshold", "0", "disclosure_threshold", "from 1 to 20"),
        ("disclosure_threshold", "21", "disclosure_threshold", "from 1 to 20"),
        ("training_target_percent", "101", "training_target_percent", "from 0 to 100%"),
        ("evidence_limit_mb", "0", "evidence_limit_mb", "from 1 to 500"),
        ("backup_keep_days", "0", "backup_keep_days", "1 to 365 days"),
        ("backup_keep_weeks", "0", "backup_keep_weeks", "1 to 520 weeks"),
        ("backup_folder", "relative/backups", "backup_folder", "must be a full path"),
        ("assurance.limited.name", " ", "assurance.limited.name", "Give a name"),
        ("assurance.no.definition", "", "assurance.no.definition", "Say what"),
    ],
)
def test_each_field_is_checked_in_words(
    db: Database, key: str, value: str, field: str, words: str
) -> None:
    s = ts.load(db)
    with pytest.raises(ValidationError) as info:
        ts.save(db, ADMIN, with_value(s, key, value), s.version)
    assert [p[1] for p in info.value.problems] == [field]
    assert words in info.value.message
    assert info.value.message.startswith("The settings were not saved.")
    assert ts.load(db).version is None  # nothing written


def test_backup_folder_inside_the_program_is_refused(db: Database) -> None:
    inside = ts.program_folders()[0] / "backups"
    s = replace(ts.load(db), backup_folder=str(inside))
    assert "program's own folder" in ts.problems(s)["backup_folder"]


def test_logo_must_be_a_small_real_image(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a PNG or JPEG"):
        ts.check_logo(b"\x89PNG\r\n\x1a\nnot really an image")
    with pytest.raises(ValidationError, match="at most 1 MB"):
        ts.check_logo(b"\0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="pixels"):
        ts.check_logo(png(4001, 10))
    assert ts.check_logo(png()).media_type == "image/png"


@pytest.mark.parametrize("actor", [CHAIR, Actor("b", "B", frozenset({Role.BOARD_SECRETARY}))])
def test_other_roles_may_not_change_settings(db: Database, actor: Actor) -> None:
    s = ts.load(db)
    with pytest.raises(PermissionDeniedError):
        ts.save(db, actor, replace(s, trust_name="Mine"), s.version)
    assert ts.load(db).version is None


def test_unknown_setting_names_are_refused() -> None:
    with pytest.raises(ValidationError, match="'colour' is not a setting"):
        with_value(ts.TrustSettings(), "colour", "blue")
    with pytest.raises(ValidationError, match="whole number"):
        with_value(ts.TrustSettings(), "disclosure_threshold", "seven")


def test_a_damaged_setting_falls_back_to_defaults(sqlite_db: Any) -> None:
    from vpr_desktop.services.common.settings import save_setting

    save_setting(
        sqlite_db,
        ADMIN,
        "trust",
        {"name": "Kept Trust", "disclosure_threshold": "lots", "assurance_scale": "x"},
        None,
    )
    s = ts.load(sqlite_db)
    assert s.trust_name == "Kept Trust"
    assert s.disclosure_threshold == 7
    assert s.assurance_scale == ts.DEFAULT_SCALE


def test_new_courses_take_the_default_target(db: Database) -> None:
    s = ts.load(db)
    ts.save(db, LEAD, replace(s, training_target_percent=92.5), s.version)
    service = TrainingService(db, LEAD)
    assert service.default_target() == 92.5
    course = service.save_course(code="CR1", name="Conflict resolution", refresher_months=36)
    assert course.target_percent == 92.5


def test_evidence_limit_comes_from_the_settings(sqlite_db: Any, tmp_path: Path) -> None:
    from vpr_desktop.services.assessment.service import AssessmentService

    s = ts.load(sqlite_db)
    ts.save(sqlite_db, LEAD, replace(s, evidence_limit_mb=1), s.version)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 10))
    small = tmp_path / "small.txt"
    small.write_bytes(b"Minutes of the VPR group.\n")
    service = AssessmentService(sqlite_db, LEAD, today=dt.date(2026, 6, 30))
    cycle = service.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    rating = service.rating_for(cycle.cycle.id, "1.1").rating.id
    with pytest.raises(ValidationError, match="over 1 MB are not kept"):
        service.add_evidence_file(rating, big, title="Big")
    assert service.add_evidence_file(rating, small, title="Minutes").original_name == "small.txt"


def test_backups_go_to_the_settings_folder_and_old_ones_are_pruned(
    sqlite_db: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "trust-backups"
    folder.mkdir()
    s = ts.load(sqlite_db)
    ts.save(
        sqlite_db,
        ADMIN,
        replace(s, backup_folder=str(folder), backup_keep_days=2, backup_keep_weeks=1),
        s.version,
    )
    stem = Path(sqlite_db.path).stem
    today = dt.date.today()
    old = folder / f"{stem}-manual-{today - dt.timedelta(days=60):%Y%m%d}-120000-000.db"
    other = folder / "someone-elses-file.db"
    for f in (old, other):
        f.write_bytes(b"x")
    service = BackupService(sqlite_db, ADMIN)
    result = service.backup_now()
    assert result.path.parent == folder
    assert service.pruned == [old]
    assert not old.exists() and other.exists() and result.path.exists()


def test_retention_keeps_recent_days_and_one_a_week(tmp_path: Path) -> None:
    today = dt.date(2026, 12, 7)  # a Monday

    def make(day: dt.date, hhmm: str) -> Path:
        path = tmp_path / f"vpr-manual-{day:%Y%m%d}-{hhmm}00-000.db"
        path.write_bytes(b"x")
        return path

    today_a, today_b = make(today, "0900"), make(today, "1700")
    yesterday = make(today - dt.timedelta(days=1), "1200")
    week1_old = make(dt.date(2026, 11, 24), "1000")  # Tuesday of the week before
    week1_new = make(dt.date(2026, 11, 27), "1000")  # Friday of that week
    ancient = make(dt.date(2025, 1, 1), "1000")
    gone = backups_to_prune(tmp_path, "vpr", keep_days=2, keep_weeks=2, today=today)
    assert gone == [ancient, week1_old]
    assert not {today_a, today_b, yesterday, week1_new} & set(gone)


# --------------------------------------------------------------- PostgreSQL's own grants


@pytest.fixture
def pg_logins(pg_migrated_url: str, pg_role_prefix: str) -> dict[str, str]:
    """One real database login per role, made with ``user add`` (tests/conftest.py drops
    them at the session's end)."""
    from tests.conftest import _empty_pg
    from vpr_desktop.cli.main import run

    _empty_pg(pg_migrated_url)
    names = {}
    for role in ("admin", "lead", "chair", "staff-side", "board-secretary"):
        login = f"{pg_role_prefix}s_{role.replace('-', '_')}"
        out, err = io.StringIO(), io.StringIO()
        args = ["user", "add", login, "--name", f"Test {role}", "--role", role]
        assert run([*args, "--db", pg_migrated_url], out, err) == 0, err.getvalue()
        names[role] = login
    return names


def _as(url: str, login: str) -> Database:
    from sqlalchemy.engine import make_url

    from vpr_desktop.store.database import open_database

    return open_database(make_url(url).set(username=login).render_as_string(False))


def test_on_postgresql_admin_and_lead_logins_save_and_every_role_reads(
    pg_migrated_url: str, pg_logins: dict[str, str]
) -> None:
    from vpr_desktop.services.admin.users import identify

    for role, name in (("admin", "Admin Trust"), ("lead", "Lead Trust")):
        db = _as(pg_migrated_url, pg_logins[role])
        try:
            current = ts.load(db)
            ts.save(db, identify(db), replace(current, trust_name=name), current.version)
        finally:
            db.close()
    for role in ("chair", "staff-side", "board-secretary"):
        db = _as(pg_migrated_url, pg_logins[role])
        try:
            assert ts.load(db).trust_name == "Lead Trust"
            with pytest.raises(PermissionDeniedError):
                ts.save(db, identify(db), ts.load(db), ts.load(db).version)
        finally:
            db.close()

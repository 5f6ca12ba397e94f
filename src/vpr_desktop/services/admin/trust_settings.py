"""The trust's settings page: what packs print, how small counts are hidden, default targets,
the evidence size limit, where backups go and how long they are kept.

Why one typed object: each of these used to be a constant in the module that needed it, so a
trust could not change its own name on a pack without a developer. They now live in the
database (setting ``trust``, the key packs already read the trust's name from; the logo in
``trust_logo`` so its bytes reach the audit trail only when the logo itself changes), so they
travel with the database and a backup, every user of a shared database sees the same ones, and
every change is audited by the unit of work. Built-in defaults are today's constants, so a
database nobody has configured behaves exactly as before.

Post-incident support timings are the support pathway's own setting (``support_pathway``,
``domain.support_pathway``): the page shows and saves its step timings through the same
transaction, never a second copy of them.

Reading is lenient (a damaged value falls back to its default, so a pack never fails over a
setting); saving is strict (every field is checked and each problem said in a sentence).
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import re
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from vpr_desktop.domain import disclosure
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Setting
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import MAX_HOURS
from vpr_desktop.domain.support_pathway import SETTING_KEY as SUPPORT_KEY
from vpr_desktop.domain.support_pathway import PathwayError
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.services.common.settings import put_setting
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.queries import load_pathway
from vpr_desktop.services.packs.model import ASSURANCE_MEANINGS
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import ScaleLevel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

SETTING_KEY = "trust"
LOGO_KEY = "trust_logo"
MB = 1024 * 1024

DEFAULT_TRUST_NAME = "NHS trust"
DEFAULT_THRESHOLD = disclosure.NHS_DIGITAL.threshold
DEFAULT_TARGET = 85.0
DEFAULT_EVIDENCE_MB = 50
DEFAULT_KEEP_DAYS = 7
DEFAULT_KEEP_WEEKS = 4

THRESHOLD_RANGE = (1, 20)
EVIDENCE_MB_RANGE = (1, 500)
KEEP_DAYS_RANGE = (1, 365)
KEEP_WEEKS_RANGE = (1, 520)
LOGO_MAX_BYTES = 1 * MB
LOGO_MAX_PIXELS = 4000  # either side: a letterhead logo, not a photograph
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_NAME = 200
MAX_DAY_COST = 10_000  # pounds a day: a typing slip beyond this, not a cost
#: The cost of violence's per-day assumptions (setting → what it is, in words).
COST_KEYS = {
    "cost_per_day_lost": "cost of a day lost",
    "bank_cover_per_day": "cost of bank cover per day",
}
MAX_DEFINITION = 400

DEFAULT_SCALE: tuple[ScaleLevel, ...] = tuple(
    ScaleLevel(level, level.label, ASSURANCE_MEANINGS[level]) for level in AssuranceLevel
)


@dataclass(frozen=True)
class Logo:
    """The trust's logo as stored: the image's bytes and its media type (PNG or JPEG)."""

    data: bytes
    media_type: str

    @property
    def sha256(self) -> str:
        """The image's fingerprint, kept in the ``trust`` setting so a logo change is a
        change of that setting too (one version covers the whole page)."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class SupportTiming:
    """One post-incident support step's timing, from the support pathway setting."""

    key: str
    label: str
    due_hours: int
    not_before_hours: int | None = None


@dataclass(frozen=True)
class TrustSettings:
    """Everything on the Settings page. ``version`` and ``support_version`` are the stored
    settings' versions when read (None: the built-in default is in use), handed back on save
    so two administrators cannot overwrite each other."""

    trust_name: str = DEFAULT_TRUST_NAME
    logo: Logo | None = None
    disclosure_threshold: int = DEFAULT_THRESHOLD
    assurance_scale: tuple[ScaleLevel, ...] = DEFAULT_SCALE
    training_target_percent: float = DEFAULT_TARGET
    evidence_limit_mb: int = DEFAULT_EVIDENCE_MB
    backup_folder: str = ""  # "": the backups folder inside the app's data folder
    backup_keep_days: int = DEFAULT_KEEP_DAYS
    backup_keep_weeks: int = DEFAULT_KEEP_WEEKS
    support_timings: tuple[SupportTiming, ...] = ()
    #: The month the trust began recording incidents here ("YYYY-MM"; "": the first month
    #: with an incident). Charts start there: earlier months are not months with no incidents.
    recording_start: str = ""
    #: The cost of violence's assumptions, in pounds per calendar day (None: not set; the
    #: packs then print the days lost and say the cost is not estimated -- never a national
    #: figure the trust did not choose).
    cost_per_day_lost: float | None = None
    bank_cover_per_day: float | None = None
    version: int | None = field(default=None, compare=False)
    support_version: int | None = field(default=None, compare=False)

    @property
    def evidence_limit_bytes(self) -> int:
        """The evidence size limit in bytes, as the evidence store checks it."""
        return self.evidence_limit_mb * MB

    def scale_entry(self, level: AssuranceLevel) -> ScaleLevel:
        """The trust's name and definition for ``level`` (the default where none is set)."""
        for entry in self.assurance_scale:
            if entry.level is level:
                return entry
        return next(e for e in DEFAULT_SCALE if e.level is level)


# ------------------------------------------------------------------------------ reading


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _float(value: Any, default: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return default


def _text(value: Any, default: str) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else default


def valid_month(text: str) -> bool:
    """Whether ``text`` is a month written as ``YYYY-MM`` (2000 onwards)."""
    if not re.fullmatch(r"\d{4}-\d{2}", text):
        return False
    return int(text[:4]) >= 2000 and 1 <= int(text[5:]) <= 12


def _money(value: Any) -> float | None:
    """A stored cost per day, or None when none is set (or it is damaged)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _month(value: Any) -> str:
    return value.strip() if isinstance(value, str) and valid_month(value.strip()) else ""


def _scale(value: Any) -> tuple[ScaleLevel, ...]:
    stored = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping) and item.get("level") in set(AssuranceLevel):
                stored[AssuranceLevel(item["level"])] = item
    return tuple(
        ScaleLevel(
            d.level,
            _text(stored.get(d.level, {}).get("name"), d.name),
            _text(stored.get(d.level, {}).get("definition"), d.definition),
        )
        for d in DEFAULT_SCALE
    )


def _logo(value: Any) -> Logo | None:
    if not isinstance(value, Mapping):
        return None
    try:
        data = base64.b64decode(str(value.get("data") or ""), validate=True)
    except ValueError:
        return None
    media = str(value.get("media_type") or "")
    return Logo(data, media) if data and media in LOGO_TYPES.values() else None


def _timings(pathway: SupportPathway) -> tuple[SupportTiming, ...]:
    return tuple(
        SupportTiming(s.key, s.label, s.due_hours, s.not_before_hours) for s in pathway.steps
    )


def _row(session: Session, key: str) -> Setting | None:
    return session.scalar(select(Setting).where(Setting.key == key))


def read(session: Session, *, with_logo: bool = True) -> TrustSettings:
    """The settings as stored (each missing or damaged value its default), in ``session``."""
    row = _row(session, SETTING_KEY)
    value: Mapping[str, Any] = row.value if row is not None and isinstance(row.value, dict) else {}
    logo = None
    if with_logo:
        logo_row = _row(session, LOGO_KEY)
        logo = _logo(logo_row.value) if logo_row is not None else None
    pathway, _problem = load_pathway(session)
    return TrustSettings(
        trust_name=_text(value.get("name"), DEFAULT_TRUST_NAME),
        logo=logo,
        disclosure_threshold=_int(value.get("disclosure_threshold"), DEFAULT_THRESHOLD),
        assurance_scale=_scale(value.get("assurance_scale")),
        training_target_percent=_float(value.get("training_target_percent"), DEFAULT_TARGET),
        evidence_limit_mb=_int(value.get("evidence_limit_mb"), DEFAULT_EVIDENCE_MB),
        backup_folder=_text(value.get("backup_folder"), ""),
        backup_keep_days=_int(value.get("backup_keep_days"), DEFAULT_KEEP_DAYS),
        backup_keep_weeks=_int(value.get("backup_keep_weeks"), DEFAULT_KEEP_WEEKS),
        support_timings=_timings(pathway),
        recording_start=_month(value.get("recording_start")),
        cost_per_day_lost=_money(value.get("cost_per_day_lost")),
        bank_cover_per_day=_money(value.get("bank_cover_per_day")),
        version=row.version if row is not None else None,
        support_version=session.scalar(select(Setting.version).where(Setting.key == SUPPORT_KEY)),
    )


def load(db: Database, *, with_logo: bool = True) -> TrustSettings:
    """The trust's settings, each the built-in default where none is saved. Every role may
    read them (packs print the trust's name whoever makes them)."""
    with reading(db) as s:
        return read(s, with_logo=with_logo)


def disclosure_rule(settings: TrustSettings) -> disclosure.DisclosureRule:
    """The small-number rule packs apply: the NHS Digital rule at the default threshold, else
    the same rule (rounding to 5, secondary suppression) at the trust's threshold."""
    n = settings.disclosure_threshold
    if n == disclosure.NHS_DIGITAL.threshold:
        return disclosure.NHS_DIGITAL
    return replace(
        disclosure.NHS_DIGITAL,
        name=f"Trust setting: 1–{n} suppressed, others rounded to 5",
        threshold=n,
    )


# ------------------------------------------------------------------------------ checking


def program_folders() -> tuple[Path, ...]:
    """Where VPR Desktop itself is installed: backups there would be lost on an upgrade."""
    import vpr_desktop

    return (
        Path(vpr_desktop.__file__).resolve().parent,
        Path(sys.prefix).resolve(),
        Path(sys.executable).resolve().parent,
    )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_logo(data: bytes) -> Logo:
    """A PNG or JPEG of at most 1 MB that really opens as an image, else ValidationError."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            f"The logo is {len(data) / MB:.1f} MB; a logo can be at most 1 MB.",
            "Save a smaller copy of the image (a PNG or JPEG) and choose that.",
            [(None, "logo", f"{len(data)} bytes", "larger than 1 MB")],
        )
    from PIL import Image
    from PIL import UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind, width, height = "", 0, 0
    if kind not in LOGO_TYPES:
        raise ValidationError(
            "The logo is not a PNG or JPEG image that can be opened.",
            "Choose the logo as a PNG or JPEG file.",
            [(None, "logo", "", "not a PNG or JPEG image")],
        )
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(
            f"The logo is {width} × {height} pixels; it can be at most "
            f"{LOGO_MAX_PIXELS} pixels on either side.",
            "Save a smaller copy of the image and choose that.",
            [(None, "logo", f"{width}x{height}", "too many pixels")],
        )
    return Logo(data, LOGO_TYPES[kind])


def problems(settings: TrustSettings) -> dict[str, str]:
    """Each field's problem in a sentence (field name → sentence); empty when all is well."""
    out: dict[str, str] = {}
    if not settings.trust_name.strip():
        out["trust_name"] = "Give the trust's name as packs should print it."
    elif len(settings.trust_name) > MAX_NAME:
        out["trust_name"] = f"The trust's name can be at most {MAX_NAME} characters."
    low, high = THRESHOLD_RANGE
    if not low <= settings.disclosure_threshold <= high:
        out["disclosure_threshold"] = (
            f"The disclosure threshold must be a whole number from {low} to {high}."
        )
    for entry in settings.assurance_scale:
        key = f"assurance.{entry.level.value}"
        if not entry.name.strip():
            out[f"{key}.name"] = f"Give a name for the '{entry.level.label}' assurance level."
        elif len(entry.name) > MAX_NAME:
            out[f"{key}.name"] = f"An assurance level's name can be at most {MAX_NAME} characters."
        if not entry.definition.strip():
            out[f"{key}.definition"] = (
                f"Say what the '{entry.level.label}' assurance level means; packs print it."
            )
        elif len(entry.definition) > MAX_DEFINITION:
            out[f"{key}.definition"] = (
                f"An assurance level's definition can be at most {MAX_DEFINITION} characters."
            )
    names = [e.name.strip().lower() for e in settings.assurance_scale]
    if all(names) and len(set(names)) != len(names):
        out["assurance"] = "Each assurance level needs a different name."
    target = settings.training_target_percent
    if not (math.isfinite(target) and 0 <= target <= 100):
        out["training_target_percent"] = "The default training target must be from 0 to 100%."
    low, high = EVIDENCE_MB_RANGE
    if not low <= settings.evidence_limit_mb <= high:
        out["evidence_limit_mb"] = (
            f"The evidence size limit must be a whole number of MB from {low} to {high}."
        )
    folder = settings.backup_folder.strip()
    if folder:
        path = Path(folder)
        if not path.is_absolute():
            out["backup_folder"] = (
                "The backup folder must be a full path, such as D:\\VPR backups, "
                "not a path relative to the program."
            )
        elif any(_inside(path.resolve(), p) for p in program_folders()):
            out["backup_folder"] = (
                "The backup folder cannot be inside the program's own folder: an update "
                "would delete the backups. Choose a folder of its own."
            )
    low, high = KEEP_DAYS_RANGE
    if not low <= settings.backup_keep_days <= high:
        out["backup_keep_days"] = f"Keep the daily backups for {low} to {high} days."
    low, high = KEEP_WEEKS_RANGE
    if not low <= settings.backup_keep_weeks <= high:
        out["backup_keep_weeks"] = f"Keep the weekly backups for {low} to {high} weeks."
    if settings.recording_start.strip() and not valid_month(settings.recording_start.strip()):
        out["recording_start"] = (
            "Give the month incidents were first recorded as year and month, such as "
            "2024-04, or leave it empty to start at the first month with an incident."
        )
    for key, cost in COST_KEYS.items():
        value = getattr(settings, key)
        if value is not None and not (math.isfinite(value) and 0 <= value <= MAX_DAY_COST):
            out[key] = f"The {cost} must be from £0 to £{MAX_DAY_COST:,} a day, or not set."
    for timing in settings.support_timings:
        key = f"support.{timing.key}"
        if not 0 <= timing.due_hours <= MAX_HOURS:
            out[f"{key}.due_hours"] = (
                f"'{timing.label}' must be due within 0 to {MAX_HOURS:,} hours of the incident."
            )
        elif timing.not_before_hours is not None and timing.not_before_hours < 0:
            out[f"{key}.not_before_hours"] = f"'{timing.label}' cannot start before the incident."
    return out


def check(settings: TrustSettings) -> None:
    """Raise one ValidationError listing every field's problem (``problems`` says which)."""
    found = problems(settings)
    if settings.logo is not None:
        try:
            check_logo(settings.logo.data)
        except ValidationError as exc:
            found["logo"] = exc.message
    if found:
        first = next(iter(found.values()))
        more = f" ({len(found) - 1} more problem{'s' if len(found) > 2 else ''} shown.)"
        raise ValidationError(
            f"The settings were not saved. {first}{more if len(found) > 1 else ''}",
            "Correct the settings shown and save again.",
            [(None, key, "", why) for key, why in found.items()],
        )


# ------------------------------------------------------------------------------ saving


def _stored_value(settings: TrustSettings) -> dict[str, Any]:
    return {
        "name": settings.trust_name.strip(),
        "logo_sha256": settings.logo.sha256 if settings.logo is not None else None,
        "disclosure_threshold": settings.disclosure_threshold,
        "assurance_scale": [
            {"level": e.level.value, "name": e.name.strip(), "definition": e.definition.strip()}
            for e in settings.assurance_scale
        ],
        "training_target_percent": float(settings.training_target_percent),
        "evidence_limit_mb": settings.evidence_limit_mb,
        "backup_folder": settings.backup_folder.strip(),
        "backup_keep_days": settings.backup_keep_days,
        "backup_keep_weeks": settings.backup_keep_weeks,
        "recording_start": settings.recording_start.strip(),
        "cost_per_day_lost": settings.cost_per_day_lost,
        "bank_cover_per_day": settings.bank_cover_per_day,
    }


def _stale(what: str, mine: int | None, theirs: int | None) -> ConflictError:
    return ConflictError(
        f"The {what} were changed by someone else after you opened them "
        f"(your copy is version {mine or 'the default'}, the database has "
        f"{theirs or 'the default'}). Nothing was overwritten.",
        "Reload the settings to see their changes, then make yours again.",
    )


def _with_timings(pathway: SupportPathway, timings: Sequence[SupportTiming]) -> SupportPathway:
    by_key = {t.key: t for t in timings}
    steps = tuple(
        replace(
            s, due_hours=by_key[s.key].due_hours, not_before_hours=by_key[s.key].not_before_hours
        )
        if s.key in by_key
        else s
        for s in pathway.steps
    )
    try:
        return replace(pathway, steps=steps)
    except PathwayError as exc:
        raise ValidationError(
            f"The support timings were not saved. {exc}",
            "Correct the timings and save again.",
            [(None, "support", "", str(exc))],
        ) from None


def save(
    db: Database, actor: Actor, settings: TrustSettings, expected_version: int | None
) -> TrustSettings:
    """Check and save every setting in one transaction (audited); returns them as saved.

    ``expected_version`` is the ``trust`` setting's version when the page was read (None: it
    was not saved yet); the support timings are checked against ``settings.support_version``
    only when they changed. A stale copy raises ConflictError and nothing is written.
    """
    actor.require(Permission.MANAGE_SETTINGS, "change the trust's settings")
    check(settings)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        before = read(s, with_logo=True)
        if before.version != expected_version:
            raise _stale("settings", expected_version, before.version)
        put_setting(uow, SETTING_KEY, _stored_value(settings), expected_version)
        if settings.logo != before.logo:
            if settings.logo is None:
                row = _row(s, LOGO_KEY)
                if row is not None:
                    s.delete(row)
            else:
                put_setting(
                    uow,
                    LOGO_KEY,
                    {
                        "media_type": settings.logo.media_type,
                        "sha256": settings.logo.sha256,
                        "data": base64.b64encode(settings.logo.data).decode("ascii"),
                    },
                    None,
                )
        if settings.support_timings and settings.support_timings != before.support_timings:
            if before.support_version != settings.support_version:
                raise _stale("support timings", settings.support_version, before.support_version)
            pathway, _problem = load_pathway(s)
            changed = _with_timings(pathway, settings.support_timings)
            put_setting(uow, SUPPORT_KEY, changed.to_dict(), settings.support_version)
        s.flush()
        return read(s, with_logo=True)


def put_trust_name(uow: UnitOfWork, name: str) -> TrustSettings:
    """Change only the trust's name, inside the caller's transaction (the set-up wizard
    records its progress in the same one); checked like a save from the Settings page."""
    before = read(uow.session, with_logo=True)
    changed = replace(before, trust_name=name.strip())
    check(changed)
    put_setting(uow, SETTING_KEY, _stored_value(changed), before.version)
    return changed


__all__ = [
    "DEFAULT_SCALE",
    "Logo",
    "SupportTiming",
    "TrustSettings",
    "check",
    "check_logo",
    "disclosure_rule",
    "load",
    "problems",
    "save",
]

"""The trust's settings as text, for ``vpr-desktop settings show`` and ``settings set``.

Why apart from ``trust_settings``: the typed settings, their reading, checking and saving are
one concern; turning one typed-in ``KEY VALUE`` into a changed copy (and every setting back into
named words) is the command line's, and the settings page borrows only :func:`pounds`.
Nothing here saves: ``trust_settings.save`` checks and stores the whole.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.admin.trust_settings import COST_KEYS
from vpr_desktop.services.admin.trust_settings import TrustSettings
from vpr_desktop.services.admin.trust_settings import check_logo
from vpr_desktop.services.packs.model import AssuranceLevel

#: The names ``vpr-desktop settings set`` accepts, with what each holds (for its help).
SIMPLE_KEYS: dict[str, str] = {
    "trust_name": "the trust's name as packs print it",
    "logo": "a PNG or JPEG file (at most 1 MB) for the packs' front page, or 'none'",
    "disclosure_threshold": "counts from 1 to this are hidden in packs (1 to 20; default 7)",
    "training_target_percent": "the training target a new course starts with (0 to 100)",
    "evidence_limit_mb": "the largest evidence file kept, in MB (1 to 500; default 50)",
    "backup_folder": "where backups are written (a full path), or 'default'",
    "backup_keep_days": "days of backups kept in full (default 7)",
    "backup_keep_weeks": "weeks for which one backup a week is kept after that (default 4)",
    "recording_start": "the month incidents were first recorded (YYYY-MM), or 'none': "
    "charts then start at the first month with an incident",
    "cost_per_day_lost": "the trust's cost of a calendar day lost to violence, in pounds, "
    "or 'none': packs then print days lost without a cost",
    "bank_cover_per_day": "the cost of bank cover for a day lost, in pounds, or 'none'",
}
SCALE_FIELDS = ("name", "definition")
TIMING_FIELDS = ("due_hours", "not_before_hours")


def _must_be(key: str, text: str, what: str, why: str) -> ValidationError:
    """The refusal of a typed value that is not what the setting takes, "KEY must be WHAT;
    'TEXT' is not.", with the value as the problem row: one wording for every such setting."""
    return ValidationError(f"{key} must be {what}; '{text}' is not.", "", [(None, key, text, why)])


def _whole(key: str, text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise _must_be(key, text, "a whole number", "not a number") from None


def pounds(key: str, text: str) -> float | None:
    """A cost per day typed as "245", "£245.50" or "none"."""
    raw = text.strip().lstrip("£").replace(",", "")
    if raw.lower() in ("", "none"):
        return None
    try:
        return float(raw)
    except ValueError:
        raise _must_be(
            key, text, "an amount in pounds such as 245.50, or 'none'", "not an amount"
        ) from None


def with_value(settings: TrustSettings, key: str, text: str) -> TrustSettings:
    """``settings`` with one value changed from text, as ``settings set KEY VALUE`` gives it:
    ``assurance.LEVEL.name`` / ``.definition`` and ``support.STEP.due_hours`` /
    ``.not_before_hours`` reach the scale and the support timings. Not checked here: ``save``
    checks the whole."""
    parts = key.split(".")
    if key in ("disclosure_threshold", "evidence_limit_mb", "backup_keep_days"):
        change: dict[str, Any] = {key: _whole(key, text)}
        return replace(settings, **change)
    if key == "backup_keep_weeks":
        return replace(settings, backup_keep_weeks=_whole(key, text))
    if key == "trust_name":
        return replace(settings, trust_name=text.strip())
    if key == "training_target_percent":
        try:
            percent = float(text.strip().rstrip("%"))
        except ValueError:
            raise ValidationError(
                f"training_target_percent must be a percentage such as 85; '{text}' is not.", ""
            ) from None
        return replace(settings, training_target_percent=percent)
    if key in COST_KEYS:
        cost: dict[str, Any] = {key: pounds(key, text)}
        return replace(settings, **cost)
    if key == "recording_start":
        month = text.strip()
        return replace(settings, recording_start="" if month.lower() == "none" else month)
    if key == "backup_folder":
        return replace(settings, backup_folder="" if text.strip() == "default" else text.strip())
    if key == "logo":
        if text.strip().lower() == "none":
            return replace(settings, logo=None)
        path = Path(text)
        if not path.is_file():
            raise ValidationError(f"There is no logo file at {text}.", "Check the path.")
        return replace(settings, logo=check_logo(path.read_bytes()))
    if len(parts) == 3 and parts[0] == "assurance" and parts[2] in SCALE_FIELDS:
        levels = {level.value: level for level in AssuranceLevel}
        if parts[1] in levels:
            level = levels[parts[1]]
            words: dict[str, Any] = {parts[2]: text.strip()}
            scale = tuple(
                replace(e, **words) if e.level is level else e for e in settings.assurance_scale
            )
            return replace(settings, assurance_scale=scale)
    if len(parts) == 3 and parts[0] == "support" and parts[2] in TIMING_FIELDS:
        keys = [t.key for t in settings.support_timings]
        if parts[1] in keys:
            blank = parts[2] == "not_before_hours" and text.strip().lower() in ("", "none")
            hours = None if blank else _whole(key, text)
            hours_change: dict[str, Any] = {parts[2]: hours}
            timings = tuple(
                replace(t, **hours_change) if t.key == parts[1] else t
                for t in settings.support_timings
            )
            return replace(settings, support_timings=timings)
    raise ValidationError(
        f"'{key}' is not a setting.",
        "Run 'vpr-desktop settings show' for the names of the settings.",
        [(None, "key", key, "unknown setting")],
    )


def as_rows(settings: TrustSettings) -> list[tuple[str, str]]:
    """Every setting as (name, value in words), in the order ``settings show`` prints them."""
    rows: list[tuple[str, str]] = [
        ("trust_name", settings.trust_name),
        (
            "logo",
            f"{settings.logo.media_type}, {len(settings.logo.data):,} bytes"
            if settings.logo is not None
            else "none",
        ),
        ("disclosure_threshold", str(settings.disclosure_threshold)),
        ("training_target_percent", f"{settings.training_target_percent:g}"),
        ("evidence_limit_mb", str(settings.evidence_limit_mb)),
        ("backup_folder", settings.backup_folder or "default"),
        ("backup_keep_days", str(settings.backup_keep_days)),
        ("backup_keep_weeks", str(settings.backup_keep_weeks)),
        ("recording_start", settings.recording_start or "none"),
        *(
            (key, "none" if value is None else f"{value:.2f}")
            for key, value in ((k, getattr(settings, k)) for k in COST_KEYS)
        ),
    ]
    for e in settings.assurance_scale:
        rows.append((f"assurance.{e.level.value}.name", e.name))
        rows.append((f"assurance.{e.level.value}.definition", e.definition))
    for t in settings.support_timings:
        rows.append((f"support.{t.key}.due_hours", str(t.due_hours)))
        if t.not_before_hours is not None:
            rows.append((f"support.{t.key}.not_before_hours", str(t.not_before_hours)))
    return rows

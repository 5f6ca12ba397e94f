"""Import the trust's sites and locations from a CSV/XLSX list (``import_formats/locations``).

A new trust database has no sites or locations, yet staff imports match each assignment's ESR
organisation to a location, and training compliance and the needs analysis work through each
location's setting type. This import fills them from the list trust IT or the VPR lead keeps,
through the same all-or-nothing machinery as every other import (``services.importing``).

Rows, and why:

* **Locations** are matched on their code (case and outer spaces ignored: the staff import
  matches codes the same way). A new code is added; a known one is updated when its name,
  directorate, setting type, in-use flag or site differs, so importing the same list again
  changes nothing (the counts say "unchanged"). The same code twice in one file is a row
  problem naming the first row.
* **Setting type** (required: it drives training needs and packs) is matched ignoring case and
  punctuation to a :class:`SettingType` code, its name as the screens show it
  (:attr:`SettingType.label`) or a word the format lists ("ED", "A&E", "Community"); anything
  else is a row problem naming the accepted names.
* **Active** is yes/no, y/n, true/false or 1/0; blank means yes. Without the column, new
  locations are in use and known ones keep their flag. Likewise a directorate column that is
  present sets (a blank cell clears) the directorate; without it the directorate is kept.
* **Sites** are added the first time their code appears -- the site's name is then needed on at
  least one of its rows -- and renamed when a row gives a different name. Two rows giving one
  site different names is a row problem.
* **Not in the file**: locations already in VPR Desktop that the file does not list are left
  as they are (a note says how many): a list is added to, not replaced. To retire a location,
  list it with Active "No".

Permission: ``IMPORT_DATA``, as for the other reference-data imports (the ESR staff list and
standards): sites and locations are reference data the VPR lead keeps, not trust settings
(``MANAGE_SETTINGS`` covers the risk matrix and the support pathway).

Undo exactness: sites and locations have no ``import_batch_id`` column, so, as the staff
import does for people, one audit event per batch (entity ``location_import``) records the
ids of the sites and locations it added and the previous values of those it changed. Undo
puts the previous values back and deletes what the batch added -- refused, naming what uses
them, when an assignment, incident, risk or other record now refers to an added location or
site (``services.admin.location_undo``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.mapping import normalise_header
from vpr_desktop.services.importing.reader import CancelledFn
from vpr_desktop.services.importing.reader import ProgressFn
from vpr_desktop.services.importing.row_check import RowCheck
from vpr_desktop.services.importing.value_map import MappableKind
from vpr_desktop.services.importing.value_map import Target
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.importing.value_profiles import ValueMapping
from vpr_desktop.services.importing.valued_import import run_profiled_import
from vpr_desktop.services.importing.valued_import import saved_values
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import clean_text

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.importing.reader import SourceRow
    from vpr_desktop.store.database import Database

AUDIT_ENTITY = "location_import"
IN_CHUNK = 500
ACTIVE_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "active": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "inactive": False,
}
LOCATION_FIELDS = ("site_id", "name", "directorate", "setting_type", "active")


def _key(code: str) -> str:
    """How codes are compared: outer and repeated spaces and case ignored."""
    return " ".join(code.split()).casefold()


def setting_words(fmt: ImportFormat) -> dict[str, SettingType]:
    """Normalised word -> setting type: the format's words, then every code and label.

    A word the format maps to something that is not a setting type raises
    :class:`ValueProblem` (a mistake in a trust's edited format file)."""
    words: dict[str, SettingType] = {}
    for word, value in fmt.field("setting").choices.items():
        try:
            words[normalise_header(word)] = SettingType(value)
        except ValueError:
            raise ValueProblem(
                f"the import format lists '{value}' under the setting choices, which is not "
                "a setting type; correct import_formats/locations.toml"
            ) from None
    for st in SettingType:
        words[normalise_header(st.value)] = st
        words[normalise_header(st.label)] = st
    return words


def _accepted_settings() -> str:
    return ", ".join(st.label for st in SettingType)


def _limit(fmt: ImportFormat, key: str, column: Any) -> int | None:
    """The shorter of the format's max_length and the database column's length."""
    lengths = [n for n in (fmt.field(key).max_length, getattr(column.type, "length", None)) if n]
    return min(lengths) if lengths else None


# --------------------------------------------------------------------------------- body


class _Reader:
    """Turns one source row into checked values, reporting each problem on the context."""

    def __init__(
        self, ctx: ImportContext, settings: dict[str, SettingType], choices: ValueMap
    ) -> None:
        fmt = ctx.table.format
        self.ctx = ctx
        self.settings = settings
        self.choices = choices
        self.limits = {
            "site_code": _limit(fmt, "site_code", Site.__table__.c.code),
            "site_name": _limit(fmt, "site_name", Site.__table__.c.name),
            "code": _limit(fmt, "code", Location.__table__.c.code),
            "name": _limit(fmt, "name", Location.__table__.c.name),
            "directorate": _limit(fmt, "directorate", Location.__table__.c.directorate),
        }
        self.has_directorate = ctx.table.has("directorate")
        self.has_active = ctx.table.has("active")

    def read(self, row: SourceRow) -> tuple[dict[str, Any], bool]:
        """(values, ok); values holds whatever could be read, even when not ok."""
        check = RowCheck(self.ctx, row)
        problem = check.problem
        out: dict[str, Any] = {}
        for key, what in (
            ("site_code", "the site code"),
            ("site_name", None),
            ("code", "the location code"),
            ("name", "the location name"),
            ("directorate", None),
        ):
            try:
                out[key] = clean_text(row[key], max_length=self.limits[key])
            except ValueProblem as exc:
                out[key] = None
                problem(key, row[key], str(exc))
                continue
            if out[key] is None and what is not None:
                problem(key, row[key], f"is empty; {what} is required")
        raw = clean_text(row["setting"])
        out["setting_type"] = None
        if raw is None:
            problem(
                "setting",
                row["setting"],
                "is empty; the setting type is required (it "
                "decides which training each location's staff need)",
            )
        else:
            out["setting_type"] = self.settings.get(normalise_header(raw))
            chosen = None
            if out["setting_type"] is None and self.choices:
                chosen = self.choices.lookup(SETTING, raw)  # LeftOut: the row is left out
            if chosen is not None:
                out["setting_type"] = SettingType(chosen.target)
            elif out["setting_type"] is None:
                problem(
                    "setting",
                    raw,
                    "is not a setting type; use one of: "
                    f"{_accepted_settings()} (or a code such as emergency_department)",
                    unknown=SETTING,
                    fix="choose its setting type in the import window, or use one of: "
                    + _accepted_settings(),
                )
        active = clean_text(row["active"])
        out["active"] = True
        if active is not None:
            flag = ACTIVE_WORDS.get(active.casefold())
            if flag is None:
                problem(
                    "active",
                    active,
                    "is not yes or no (use Yes/No, Y/N, True/False or 1/0; blank means yes)",
                )
            else:
                out["active"] = flag
        return out, not check.bad


SETTING = "setting type"


def make_locations_body(choices: ValueMap | None = None) -> Any:
    """The ``body`` for :func:`run_import` (kind ``locations``); ``choices``: a person's
    choices for setting types not known here (a setting type, or leave the rows out)."""
    chosen_values = choices if choices is not None else ValueMap()

    def body(ctx: ImportContext) -> None:
        s = ctx.session
        try:
            settings = setting_words(ctx.table.format)
        except ValueProblem as exc:
            ctx.problem(None, "setting", "", str(exc))
            return
        reader = _Reader(ctx, settings, chosen_values)
        sites = {
            _key(code): (sid, code, name)
            for sid, code, name in s.execute(select(Site.id, Site.code, Site.name))
        }
        locations = {
            _key(r[1]): tuple(r)
            for r in s.execute(
                select(Location.id, Location.code, *[getattr(Location, f) for f in LOCATION_FIELDS])
            )
        }
        seen: dict[str, int] = {}  # location code key -> first row
        site_rows: dict[str, tuple[int, str]] = {}  # site key -> (first row, code as written)
        site_names: dict[str, tuple[int, str]] = {}  # site key -> (first row naming it, name)
        rows: list[dict[str, Any]] = []
        for row, (values, ok) in ctx.parsed_rows(reader.read):
            code, site_code, site_name = values["code"], values["site_code"], values["site_name"]
            if code is not None:
                first = seen.get(_key(code))
                if first is not None:
                    ctx.problem(
                        row.number,
                        "code",
                        code,
                        f"duplicate: the same location code as row {first}",
                    )
                    ok = False
                else:
                    seen[_key(code)] = row.number
            if site_code is not None:
                skey = _key(site_code)
                site_rows.setdefault(skey, (row.number, site_code))
                if site_name is not None:
                    named = site_names.get(skey)
                    if named is None:
                        site_names[skey] = (row.number, site_name)
                    elif " ".join(named[1].split()) != " ".join(site_name.split()):
                        ctx.problem(
                            row.number,
                            "site_name",
                            site_name,
                            f"differs from the name row {named[0]} gives site "
                            f"{site_code} ('{named[1]}')",
                        )
                        ok = False
            if ok:
                ctx.rows_ok += 1
                rows.append(values)
        for skey, (first_row, site_code) in site_rows.items():
            if skey not in sites and skey not in site_names:
                where = (
                    "on at least one of its rows"
                    if ctx.table.has("site_name")
                    else "in a Site Name column"
                )
                ctx.problem(
                    first_row,
                    "site_name",
                    "",
                    f"site {site_code} is not in VPR Desktop yet: give its name {where}",
                )
        if ctx.problems:
            return
        _write(ctx, rows, sites, locations, site_rows, site_names, reader)
        ctx.chosen_left_out(ctx.rows_chosen_out, chosen_values.left_out_lines())

    return body


def _write(
    ctx: ImportContext,
    rows: list[dict[str, Any]],
    sites: dict[str, tuple[int, str, str]],
    locations: dict[str, tuple[Any, ...]],
    site_rows: dict[str, tuple[int, str]],
    site_names: dict[str, tuple[int, str]],
    reader: _Reader,
) -> None:
    s = ctx.session
    conn = s.connection()
    now = utcnow()
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    # Sites: new ones (in the order the file first uses them), then renamed ones.
    new_sites = [(site_rows[k][1], site_names[k][1]) for k in site_rows if k not in sites]
    if new_sites:
        conn.execute(
            insert(Site.__table__),
            [{"code": code, "name": name, "active": True, **stamp} for code, name in new_sites],
        )
        added = [code for code, _name in new_sites]
        for start in range(0, len(added), IN_CHUNK):
            for sid, code, name in s.execute(
                select(Site.id, Site.code, Site.name).where(
                    Site.code.in_(added[start : start + IN_CHUNK])
                )
            ):
                sites[_key(code)] = (sid, code, name)
    site_updates = [
        (sites[k][0], sites[k][2], name)
        for k, (_row, name) in site_names.items()
        if sites[k][2] != name
    ]  # (a new site already has the file's name)
    if site_updates:
        t = Site.__table__
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(name=bindparam("_name"), version=t.c.version + 1, updated_at=now),
            [{"_id": sid, "_name": new} for sid, _old, new in site_updates],
        )
    # Locations: new ones inserted, changed ones updated (previous values kept for undo).
    new_locations: list[dict[str, Any]] = []
    loc_updates: list[dict[str, Any]] = []
    unchanged = 0
    for r in rows:
        site_id = sites[_key(r["site_code"])][0]
        old = locations.get(_key(r["code"]))
        if old is None:
            new_locations.append(
                {
                    "site_id": site_id,
                    "code": r["code"],
                    "name": r["name"],
                    "directorate": r["directorate"],
                    "setting_type": r["setting_type"],
                    "active": r["active"],
                    **stamp,
                }
            )
            continue
        before = dict(zip(LOCATION_FIELDS, old[2:], strict=True))
        after = {
            "site_id": site_id,
            "name": r["name"],
            "directorate": (r["directorate"] if reader.has_directorate else before["directorate"]),
            "setting_type": r["setting_type"],
            "active": r["active"] if reader.has_active else before["active"],
        }
        if after == before:
            unchanged += 1
        else:
            loc_updates.append({"id": old[0], **after, "_before": before})
    if new_locations:
        conn.execute(insert(Location.__table__), new_locations)
    if loc_updates:
        t = Location.__table__
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(
                {f: bindparam(f"_{f}") for f in LOCATION_FIELDS}
                | {"version": t.c.version + 1, "updated_at": now}
            ),
            [{"_id": u["id"], **{f"_{f}": u[f] for f in LOCATION_FIELDS}} for u in loc_updates],
        )
    added_sites = [[sites[_key(code)][0], code] for code, _name in new_sites]
    codes = [n["code"] for n in new_locations]
    added_locations = [
        [lid, code]
        for start in range(0, len(codes), IN_CHUNK)
        for lid, code in s.execute(
            select(Location.id, Location.code).where(
                Location.code.in_(codes[start : start + IN_CHUNK])
            )
        )
    ]
    if new_sites or site_updates or new_locations or loc_updates:
        ctx.uow.audit(
            AuditAction.UPDATE if site_updates or loc_updates else AuditAction.CREATE,
            AUDIT_ENTITY,
            ctx.batch_id,
            detail=(
                f"import batch {ctx.batch_id}: {len(new_sites)} site(s) added, "
                f"{len(site_updates)} renamed; {len(new_locations)} location(s) added, "
                f"{len(loc_updates)} updated"
            ),
            before={
                "site": [[sid, old] for sid, old, _new in site_updates],
                "location": [
                    [u["id"], *[_plain(u["_before"][f]) for f in LOCATION_FIELDS]]
                    for u in loc_updates
                ],
            },
            after={
                "new_sites": added_sites,
                "new_locations": sorted(added_locations),
                "site": [[sid, new] for sid, _old, new in site_updates],
                "location": [
                    [u["id"], *[_plain(u[f]) for f in LOCATION_FIELDS]] for u in loc_updates
                ],
            },
        )
    ctx.counts.update(
        {
            "locations": len(new_locations),
            "locations updated": len(loc_updates),
            "unchanged": unchanged,
            "new sites": len(new_sites),
            "sites updated": len(site_updates),
        }
    )
    listed = {_key(r["code"]) for r in rows}
    left = sum(1 for k in locations if k not in listed)
    if left:
        ctx.notes.append(
            f"{left:,} location(s) already in VPR Desktop are not in this file; "
            "they were left as they are (to retire one, list it with Active "
            "'No')."
        )
    if reader.has_active:
        inactive = sum(1 for r in rows if not r["active"])
        if inactive:
            ctx.notes.append(f"{inactive:,} location(s) in the file are marked not in use.")


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, SettingType) else value


# -------------------------------------------------------------------------- entry points


def import_locations(
    db: Database,
    actor: Actor,
    path: Path | str,
    *,
    dry_run: bool = False,
    fmt: ImportFormat | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelledFn | None = None,
    values: ValueMap | None = None,
    profile_name: str | None = None,
) -> ImportResult:
    """Import a sites-and-locations list all-or-nothing (see the module docstring).
    ``values``: choices for setting types not known here; ``profile_name``: saved choices.

    The same file again is allowed (a kept list is re-imported after each change); the result
    then says how many locations were new, updated or unchanged."""
    actor.require(Permission.IMPORT_DATA, "import sites and locations")
    return run_profiled_import(
        db,
        actor,
        kind=ImportKind.LOCATIONS,
        path=path,
        body=make_locations_body,
        values=saved_values(db, actor, "locations", values, profile_name),
        profile_name=profile_name,
        fmt=fmt,
        dry_run=dry_run,
        allow_same_file=True,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def location_value_mapping(db: Database, actor: Actor) -> ValueMapping:
    """The import dialog's value step for location lists: a setting type written the
    trust's own way ("MH Inpatient") becomes one of the setting types, or its rows are left
    out."""
    actor.require(Permission.IMPORT_DATA, "import sites and locations")
    settings = tuple(Target(t.value, t.label) for t in SettingType)

    def run(path: Path, dry_run: bool, values: ValueMap, name: str | None) -> ImportResult:
        return import_locations(db, actor, path, dry_run=dry_run, values=values, profile_name=name)

    return ValueMapping(db, actor, "locations", lambda: [MappableKind(SETTING, settings)], run)

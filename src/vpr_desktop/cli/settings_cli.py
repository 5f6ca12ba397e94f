"""``vpr-desktop settings show|set``: the trust's settings from the command line, through the
same service the Settings page uses (:mod:`vpr_desktop.services.admin.trust_settings`), so the
same checks, permission and audit apply. Exit 3 when a value is refused or the person may not
change settings; 2 for a command typed wrongly."""

from __future__ import annotations

import argparse
from typing import TextIO

from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import print_refusal
from vpr_desktop.domain.errors import EXIT_OK
from vpr_desktop.domain.errors import EXIT_REJECTED
from vpr_desktop.domain.errors import ValidationError


def add_settings_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from vpr_desktop.services.admin.trust_settings_text import SIMPLE_KEYS

    names = "; ".join(f"{k}: {v}" for k, v in SIMPLE_KEYS.items())
    actions = add_command_group(
        sub, "settings", "settings_action", "the trust's settings: show them or change one"
    )
    show = actions.add_parser("show", help="print every setting and its value")
    show.add_argument("--db", required=True)
    change = actions.add_parser(
        "set",
        help="change one setting (administrators and VPR leads)",
        description=f"Settings: {names}; also assurance.LEVEL.name and assurance.LEVEL."
        "definition (LEVEL: substantial, reasonable, limited, no) and support.STEP.due_hours "
        "or support.STEP.not_before_hours (the steps 'settings show' lists).",
    )
    change.add_argument("key", metavar="KEY", help="its name, as 'settings show' prints it")
    change.add_argument("value", metavar="VALUE", help="its new value")
    change.add_argument("--db", required=True)


def cmd_settings(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vpr_desktop.services.admin import trust_settings
    from vpr_desktop.services.admin import trust_settings_text
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import OpenMode
    from vpr_desktop.store.database import open_database

    mode: OpenMode = "rw" if args.settings_action == "set" else "ro"
    db = open_database(args.db, mode=mode, create=False)
    try:
        current = trust_settings.load(db)
        if args.settings_action == "show":
            rows = trust_settings_text.as_rows(current)
            width = max(len(k) for k, _ in rows)
            for key, value in rows:
                print(f"{key:<{width}}  {value}", file=out)
            return EXIT_OK
        actor = identify(db)
        try:
            changed = trust_settings_text.with_value(current, args.key, args.value)
            saved = trust_settings.save(db, actor, changed, current.version)
        except ValidationError as exc:
            print_refusal(exc, err)
            for _row, field, _value, why in exc.problems[1:]:
                print(f"  {field}: {why}", file=err)
            return EXIT_REJECTED
    finally:
        db.close()
    value = dict(trust_settings_text.as_rows(saved)).get(args.key, args.value)
    print(f"Saved: {args.key} is now {value}.", file=out)
    return EXIT_OK

"""``vpr-desktop user …``: accounts from the command line (administrators only), through the
same :class:`~vpr_desktop.services.admin.users.UserService` the Admin page uses."""

from __future__ import annotations

import argparse
from typing import TextIO

from vpr_desktop.cli.common import add_command_group
from vpr_desktop.cli.common import identified
from vpr_desktop.domain.errors import EXIT_OK

USER_ROLE_HELP = "lead, chair, staff-side, board-secretary or admin; repeat for several"


def add_user_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = add_command_group(
        sub, "user", "user_action", "accounts: add, list, set roles, switch off or on"
    )
    add = actions.add_parser("add", help="add an account for a login")
    add.add_argument("login", help="the Windows or database login")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", action="append", required=True, help=USER_ROLE_HELP)
    add.add_argument("--db", required=True)
    listing = actions.add_parser("list", help="list the accounts and their roles")
    listing.add_argument("--db", required=True)
    roles = actions.add_parser("set-roles", help="replace an account's roles")
    roles.add_argument("login")
    roles.add_argument("--role", action="append", required=True, help=USER_ROLE_HELP)
    roles.add_argument("--db", required=True)
    for name, what in (("deactivate", "switch an account off"), ("reactivate", "switch it on")):
        switch = actions.add_parser(name, help=what)
        switch.add_argument("login")
        switch.add_argument("--db", required=True)


def cmd_user(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Accounts (administrators only). Exit 3 for an unknown login or role or a refused change
    (not allowed, the last administrator); on PostgreSQL, the SQL a DBA must run when this
    login may not create database logins."""
    from vpr_desktop.services.admin.users import UserService
    from vpr_desktop.services.admin.users import parse_role

    roles = [parse_role(r) for r in getattr(args, "role", None) or []]  # before opening
    with identified(args.db, "rw") as (db, actor):
        service = UserService(db, actor)
        if args.user_action == "list":
            rows = service.list_users()
            width = max([len(r.username) for r in rows] + [5])
            for r in rows:
                state = "" if r.active else "  (switched off)"
                print(f"{r.username:<{width}}  {r.display_name}: {r.roles_label}{state}", file=out)
            return EXIT_OK
        if args.user_action == "add":
            change = service.add(args.login, args.name, roles)
            said = f"Added {change.user.display_name} ({change.user.username}): "
            said += change.user.roles_label + "."
        elif args.user_action == "set-roles":
            change = service.set_roles(args.login, roles)
            said = f"{change.user.username} now has: {change.user.roles_label}."
        elif args.user_action == "deactivate":
            change = service.deactivate(args.login)
            said = f"Switched off the account {change.user.username}; its history is kept."
        else:
            change = service.reactivate(args.login)
            said = f"Switched on the account {change.user.username}."
    print(said, file=out)
    if change.login_done:
        print("  The PostgreSQL login was updated to match.", file=out)
    if change.database_sql:
        print(
            "  This login may not manage PostgreSQL logins. Ask the database administrator to run:",
            file=out,
        )
        for statement in change.database_sql:
            print(f"    {statement};", file=out)
    return EXIT_OK

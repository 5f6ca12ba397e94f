"""The people the shared registers name, readable by every role that sees those registers.

The joint action log prints its owners and the roles register its holders and deputies; a
staff-side rep's PostgreSQL login may read neither ``person`` nor ``assignment`` (migration
0005), so both services read those names through the view ``vpr_named_person`` (migration
0007): id and name of exactly those people, and nobody else.
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import column
from sqlalchemy import table

NAMED_PERSON = table(
    "vpr_named_person",
    column("id", Integer),
    column("first_name", String),
    column("last_name", String),
)

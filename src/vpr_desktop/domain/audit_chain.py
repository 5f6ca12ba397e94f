"""The audit trail's hash chain: each row's hash covers its content and the previous row's hash.

Append-only triggers and revoked privileges stop tampering through the app's logins; they do
not stop the file's owner (SQLite) or the schema owner (PostgreSQL) disabling them. The chain
makes such tampering *evident*: changing, replacing or deleting a row breaks its own hash or
the next row's link, and ``vpr-desktop db check`` names the first broken row. (Someone able
to rewrite every later row consistently defeats any chain kept inside the database itself;
the backups' recorded hashes are the outside anchor.)

The encoding is canonical JSON of the row's own fields, so the same row hashes the same on
SQLite and PostgreSQL and before and after a round trip through either.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: The fields a row's hash covers, in this order (its id is not: the chain gives the order).
HASHED_FIELDS = ("at", "username", "action", "entity", "entity_id", "before", "after", "detail")


def _canonical_time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return _canonical_time(value)


def audit_hash(prev_hash: str | None, row: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the previous row's hash and this row's fields."""
    body = [prev_hash or ""] + [_plain(row.get(name)) for name in HASHED_FIELDS]
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

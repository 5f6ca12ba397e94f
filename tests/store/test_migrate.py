"""store/migrate.py reads the revision chain without Alembic, and agrees with Alembic."""

from __future__ import annotations

import subprocess
import sys

from vpr_desktop.store import migrate


def test_the_chain_read_from_the_scripts_is_alembics_walk() -> None:
    alembic_walk = [s.revision for s in reversed(list(migrate._script().walk_revisions()))]
    assert migrate.known_revisions() == alembic_walk
    assert migrate.head_revision() == migrate._script().get_current_head()
    assert migrate.is_known("0001") and not migrate.is_known("9999")


def test_knowing_the_head_does_not_import_alembic() -> None:
    code = (
        "import sys; from vpr_desktop.store import migrate; "
        "h = migrate.head_revision(); print(h, 'alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [migrate.head_revision(), "False"]

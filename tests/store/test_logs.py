"""The log file a user is asked to send on never holds a database password (issue 19)."""

from __future__ import annotations

import logging

import pytest

from vpr_desktop.store.logs import configure_logging
from vpr_desktop.store.logs import log_bug
from vpr_desktop.store.logs import redact_secrets

SECRET = "Sup3r-SECRET-pw"
URL = f"postgresql+psycopg://vpr_lead:{SECRET}@db.trust.nhs.uk:5432/vpr"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (URL, "postgresql+psycopg://vpr_lead:***@db.trust.nhs.uk:5432/vpr"),
        (f"['user', 'list', '--db', '{URL}']", "vpr_lead:***@db.trust.nhs.uk"),
        (f"host=db user=vpr password={SECRET} dbname=vpr", "password=*** dbname=vpr"),
        (f"host=db password='{SECRET} x' dbname=vpr", "password=*** dbname=vpr"),
        (f"postgresql://db/vpr?user=a&password={SECRET}&sslmode=require", "password=***&ssl"),
        (f"PGPASSWORD={SECRET} pg_dump", "PGPASSWORD=*** pg_dump"),
    ],
)
def test_redact_secrets_hides_every_password_form(text: str, expected: str) -> None:
    redacted = redact_secrets(text)
    assert SECRET not in redacted
    assert expected in redacted


def test_a_url_without_a_password_is_left_as_it_is() -> None:
    text = "postgresql+psycopg://vpr_lead@db/vpr and C:\\Users\\me\\vpr.db"
    assert redact_secrets(text) == text


def test_every_log_line_is_redacted_including_tracebacks() -> None:
    path = configure_logging()
    logging.getLogger("vpr_desktop.test").warning("connecting to %s", URL)
    try:
        raise RuntimeError(f"could not open {URL}")
    except RuntimeError:
        logging.getLogger("vpr_desktop.test").exception("failed with password=%s", SECRET)
    ref, _log, details = log_bug(RuntimeError(f"boom {URL}"), f"command line: ['--db', '{URL}']")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert ref in text
    assert SECRET not in text
    assert SECRET not in details
    assert "vpr_lead:***@db.trust.nhs.uk" in text

"""The command line with unlucky or hostile input (issue 19): plain words, documented exit
codes, no password in the log, nothing created that was not asked for."""

from __future__ import annotations

import logging

import pytest

from vpr_desktop.cli.main import run

SECRET = "Sup3r-SECRET-pw"


def _flush_logs() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_an_unexpected_error_with_a_password_url_never_logs_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vpr_desktop.store import database
    from vpr_desktop.store.logs import configure_logging

    url = f"postgresql+psycopg://vpr_lead:{SECRET}@127.0.0.1:5432/vpr"

    def broken(target: object, **_kw: object) -> None:
        raise RuntimeError(f"driver fell over while opening {target}")

    monkeypatch.setattr(database, "open_database", broken)
    code = run(["user", "list", "--db", url])
    captured = capsys.readouterr()
    assert code == 1
    assert "unexpected error" in captured.err
    _flush_logs()
    log_text = configure_logging().read_text(encoding="utf-8")
    assert "driver fell over while opening" in log_text
    assert SECRET not in log_text
    assert SECRET not in captured.err + captured.out
    assert "vpr_lead:***@127.0.0.1" in log_text

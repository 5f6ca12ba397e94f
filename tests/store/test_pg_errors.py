"""A failed connection to a shared database is one plain sentence with a next step.

The texts are libpq's own, as psycopg 3 reports them (captured from a real server); the last
tests make the failures happen against the test server itself.
"""

from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy.engine import make_url

from vpr_desktop.domain.errors import EXIT_DB_REFUSED
from vpr_desktop.store.database import open_database
from vpr_desktop.store.pg_errors import ConnectionFailed
from vpr_desktop.store.pg_errors import Target
from vpr_desktop.store.pg_errors import explain

TARGET = Target(host="vpr-db.trust.nhs.uk", port=5432, database="vpr", user="jsmith")
PREFIX = 'connection failed: connection to server at "10.1.2.3", port 5432 failed: '

CASES = [
    (
        PREFIX + 'FATAL:  password authentication failed for user "jsmith"',
        "password",
        "The password for jsmith was not accepted by vpr-db.trust.nhs.uk.",
    ),
    (
        PREFIX + "fe_sendauth: no password supplied",
        "password",
        "The password for jsmith was not accepted by vpr-db.trust.nhs.uk.",
    ),
    (
        PREFIX + 'FATAL:  role "jsmith" does not exist',
        "no-login",
        "The server vpr-db.trust.nhs.uk has no login called jsmith.",
    ),
    (
        PREFIX + 'FATAL:  database "vpr" does not exist',
        "no-database",
        "There is no database called vpr on vpr-db.trust.nhs.uk.",
    ),
    (
        PREFIX + "Connection refused\n\tIs the server running on that host and accepting "
        "TCP/IP connections?",
        "unreachable",
        "The database server vpr-db.trust.nhs.uk (port 5432) cannot be reached.",
    ),
    (
        "failed to resolve host 'vpr-db.trust.nhs.uk': [Errno -2] Name or service not known",
        "unreachable",
        "The database server vpr-db.trust.nhs.uk (port 5432) cannot be reached.",
    ),
    (
        PREFIX + "timeout expired",
        "not-answering",
        "The database server vpr-db.trust.nhs.uk (port 5432) is not answering.",
    ),
    (
        PREFIX + "SSL error: certificate verify failed",
        "tls-untrusted",
        "The security certificate of vpr-db.trust.nhs.uk is not trusted by this computer.",
    ),
    (
        PREFIX + "server does not support SSL, but SSL was required",
        "tls-unavailable",
        "The server vpr-db.trust.nhs.uk does not offer an encrypted connection, and this "
        "connection requires one.",
    ),
    (
        PREFIX + 'FATAL:  no pg_hba.conf entry for host "10.9.8.7", user "jsmith", database '
        '"vpr", no encryption',
        "not-allowed",
        "The server vpr-db.trust.nhs.uk does not accept connections from this computer for jsmith.",
    ),
    (
        PREFIX + "GSSAPI continuation error: Unspecified GSS failure",
        "sso",
        "Windows sign-in was not accepted by vpr-db.trust.nhs.uk for jsmith.",
    ),
]


@pytest.mark.parametrize(("raw", "reason", "message"), CASES)
def test_each_failure_reads_as_one_plain_sentence(raw: str, reason: str, message: str) -> None:
    error = explain(raw, TARGET)
    assert (error.reason, error.message) == (reason, message)
    assert error.next_step
    assert "\n" not in str(error)
    assert "FATAL" not in str(error) and "libpq" not in str(error)
    assert error.exit_code == EXIT_DB_REFUSED


def test_an_unknown_failure_is_still_plain_and_points_to_the_log() -> None:
    error = explain("connection failed: something nobody has seen before", TARGET)
    assert error.reason == "other"
    assert error.message == "Cannot connect to the database vpr on vpr-db.trust.nhs.uk."
    assert "log file" in error.next_step
    assert "nobody has seen" not in str(error)


# ------------------------------------------------------------------- against a real server
def _base() -> str:
    return os.environ.get("VPR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def test_a_port_where_no_server_listens_is_unreachable() -> None:
    url = make_url(_base()).set(host="127.0.0.1", port=1).render_as_string(hide_password=False)
    with pytest.raises(ConnectionFailed) as caught:
        open_database(url)
    assert caught.value.reason == "unreachable"
    assert caught.value.message == "The database server 127.0.0.1 (port 1) cannot be reached."


def test_a_missing_database_and_an_unknown_login_are_named(pg_url: str) -> None:
    missing = f"vpr_missing_{secrets.token_hex(4)}"
    url = make_url(pg_url).set(database=missing)
    with pytest.raises(ConnectionFailed) as caught:
        open_database(url.render_as_string(hide_password=False))
    assert caught.value.reason == "no-database"
    assert caught.value.message == f"There is no database called {missing} on {url.host}."

    stranger = f"vpr_nobody_{secrets.token_hex(4)}"
    url = make_url(pg_url).set(username=stranger, password=None)
    with pytest.raises(ConnectionFailed) as caught:
        open_database(url.render_as_string(hide_password=False))
    # trust auth says "role does not exist"; a password-checking server asks for the password
    assert caught.value.reason in {"no-login", "password"}
    assert stranger in caught.value.message


def test_a_server_that_never_answers_gives_up_within_the_connect_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dropped network or a hung server: the connection must not hang the app for the
    minutes a TCP timeout takes. A socket that accepts and then says nothing stands in."""
    import socket
    import time

    from vpr_desktop.store import postgres_open

    monkeypatch.setattr(postgres_open, "CONNECT_TIMEOUT_S", 2)  # libpq's smallest
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    port = silent.getsockname()[1]
    url = make_url(_base()).set(host="127.0.0.1", port=port, password="Sup3r-SECRET")
    started = time.monotonic()
    try:
        with pytest.raises(ConnectionFailed) as caught:
            open_database(url.render_as_string(hide_password=False))
    finally:
        silent.close()
    assert time.monotonic() - started < 15
    assert caught.value.reason == "not-answering"
    assert caught.value.message == f"The database server 127.0.0.1 (port {port}) is not answering."
    assert "Sup3r-SECRET" not in str(caught.value)


class _PasswordRefusingServer:
    """Speaks just enough of the PostgreSQL protocol to ask for a password and refuse it, as
    a server checking passwords does (the test server trusts every local login): SSL
    declined, startup read, cleartext password asked for, then FATAL 28P01."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.passwords: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import struct

        def read(conn: object, n: int) -> bytes:
            data = b""
            while len(data) < n:
                chunk = conn.recv(n - len(data))  # type: ignore[attr-defined]
                if not chunk:
                    raise ConnectionError
                data += chunk
            return data

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                with conn:
                    (length,) = struct.unpack("!I", read(conn, 4))
                    body = read(conn, length - 4)
                    if struct.unpack("!I", body[:4])[0] in (80877103, 80877104):  # SSL/GSS
                        conn.sendall(b"N")
                        (length,) = struct.unpack("!I", read(conn, 4))
                        read(conn, length - 4)  # the startup message
                    conn.sendall(b"R" + struct.pack("!II", 8, 3))  # cleartext password, please
                    kind = read(conn, 1)
                    (length,) = struct.unpack("!I", read(conn, 4))
                    if kind == b"p":
                        self.passwords.append(read(conn, length - 4).rstrip(b"\0"))
                    fields = (
                        b"SFATAL\0VFATAL\0C28P01\0"
                        b'Mpassword authentication failed for user "jsmith"\0\0'
                    )
                    conn.sendall(b"E" + struct.pack("!I", len(fields) + 4) + fields)
            except (ConnectionError, OSError):
                continue

    def close(self) -> None:
        self.sock.close()


def test_a_wrong_password_is_one_plain_line_in_the_cli_and_never_shown(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from vpr_desktop.cli.main import run

    server = _PasswordRefusingServer()
    url = f"postgresql+psycopg://jsmith:Wr0ng-SECRET@127.0.0.1:{server.port}/vpr?sslmode=disable"
    try:
        with pytest.raises(ConnectionFailed) as caught:
            open_database(url)
        out, err = io.StringIO(), io.StringIO()
        code = run(["user", "list", "--db", url], out, err)
    finally:
        server.close()
    assert server.passwords and server.passwords[0] == b"Wr0ng-SECRET"  # it really was sent
    assert caught.value.reason == "password"
    assert caught.value.message == "The password for jsmith was not accepted by 127.0.0.1."
    assert code == EXIT_DB_REFUSED
    lines = err.getvalue().strip().splitlines()
    assert lines[0].endswith("The password for jsmith was not accepted by 127.0.0.1.")
    assert "Traceback" not in err.getvalue() and "Wr0ng-SECRET" not in err.getvalue()
    assert "Wr0ng-SECRET" not in out.getvalue() and "Wr0ng-SECRET" not in str(caught.value)

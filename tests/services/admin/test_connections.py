"""A shared connection's URL, TLS defaults, recent list and kept password (no secret leaks)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from sqlalchemy.engine import make_url

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.admin.connections import KEYRING_SERVICE
from vpr_desktop.services.admin.connections import PasswordStore
from vpr_desktop.services.admin.connections import SharedConnection
from vpr_desktop.services.admin.connections import default_tls
from vpr_desktop.services.admin.connections import is_loopback
from vpr_desktop.services.admin.connections import recent_from_text
from vpr_desktop.services.admin.connections import recent_to_text
from vpr_desktop.services.admin.connections import remember

SECRET = "s3cret-Horse-battery"


class MemoryKeyring(KeyringBackend):
    """A credential store in a dict, so tests never touch the machine's own."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("none kept")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def remote() -> SharedConnection:
    return SharedConnection(host="vpr-db.trust.nhs.uk", database="vpr", user="jsmith")


def test_url_names_server_database_login_and_tls_but_no_password() -> None:
    url = make_url(remote().url())
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.username) == (
        "vpr-db.trust.nhs.uk",
        5432,
        "vpr",
        "jsmith",
    )
    assert url.password is None
    assert dict(url.query) == {"sslmode": "verify-full"}


@pytest.mark.parametrize(
    ("host", "mode"),
    [
        ("vpr-db.trust.nhs.uk", "verify-full"),
        ("10.20.30.40", "verify-full"),
        ("localhost", "prefer"),
        ("127.0.0.1", "prefer"),
        ("::1", "prefer"),
    ],
)
def test_tls_defaults_to_verify_full_except_on_this_computer(host: str, mode: str) -> None:
    assert default_tls(host) == mode
    conn = SharedConnection(host=host, database="vpr", user="u")
    assert make_url(conn.url()).query["sslmode"] == mode
    assert is_loopback(host) is (mode == "prefer")


def test_a_chosen_tls_mode_overrides_the_default() -> None:
    conn = SharedConnection(host="db.trust.nhs.uk", database="vpr", user="u", tls="require")
    assert make_url(conn.url()).query["sslmode"] == "require"


def test_windows_sign_in_asks_for_kerberos_encryption_and_has_no_password() -> None:
    conn = SharedConnection(host="db", database="vpr", user="TRUST\\jsmith", windows_sign_in=True)
    url = make_url(conn.url())
    assert url.query["gssencmode"] == "prefer"
    assert url.password is None
    assert url.username == "TRUST\\jsmith"  # escaped in the URL, back intact


def test_odd_characters_in_a_login_survive_the_url() -> None:
    conn = SharedConnection(host="db", database="vpr db", user="a@b:c/d")
    url = make_url(conn.url())
    assert (url.username, url.database) == ("a@b:c/d", "vpr db")


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"host": " "}, "server"),
        ({"database": ""}, "database name"),
        ({"user": ""}, "user name"),
        ({"port": 0}, "not a port"),
    ],
)
def test_missing_fields_are_refused_in_words(fields: dict[str, object], words: str) -> None:
    values: dict[str, object] = {"host": "db", "database": "vpr", "user": "u", **fields}
    with pytest.raises(ValidationError, match=words):
        SharedConnection(**values).validate()  # type: ignore[arg-type]


def test_recent_list_keeps_no_password_and_puts_the_last_used_first() -> None:
    a = remote()
    b = SharedConnection(host="localhost", database="test", user="postgres", port=5433)
    recent = remember(remember([], a), b)
    recent = remember(recent, a)
    assert [c.label() for c in recent] == [a.label(), b.label()]
    text = recent_to_text(recent)
    assert SECRET not in text and "password" not in text.lower()
    back = recent_from_text(text)
    assert back == [
        SharedConnection(
            host=a.host, database=a.database, user=a.user, tls="verify-full", port=5432
        ),
        SharedConnection(
            host="localhost", database="test", user="postgres", tls="prefer", port=5433
        ),
    ]


def test_recent_list_drops_damaged_entries() -> None:
    text = '[{"host": "db", "database": "vpr", "user": "u"}, {"host": ""}, 7, {"port": "x"}]'
    assert [c.label() for c in recent_from_text(text)] == ["u@db:5432/vpr"]
    assert recent_from_text("not json") == []
    assert recent_from_text(None) == []


def test_password_round_trip_in_the_credential_store(memory_keyring: MemoryKeyring) -> None:
    store = PasswordStore()
    conn = remote()
    assert store.available and store.why_not == ""
    assert store.get(conn) is None
    assert store.save(conn, SECRET)
    assert memory_keyring.items == {
        (KEYRING_SERVICE, "jsmith@vpr-db.trust.nhs.uk:5432/vpr"): SECRET
    }
    assert store.get(conn) == SECRET
    other = SharedConnection(host="vpr-db.trust.nhs.uk", database="vpr", user="other")
    assert store.get(other) is None
    store.forget(conn)
    store.forget(conn)  # forgetting twice is fine
    assert store.get(conn) is None
    assert memory_keyring.items == {}


def test_no_usable_store_is_said_in_words_and_keeps_nothing() -> None:
    store = PasswordStore(fail.Keyring())
    assert not store.available
    assert "cannot be remembered" in store.why_not and "type it each time" in store.why_not
    assert store.save(remote(), SECRET) is False
    assert store.get(remote()) is None
    store.forget(remote())

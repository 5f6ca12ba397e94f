"""A shared PostgreSQL database described the way IT hands it over, and its password kept safe.

A trust's IT gives people a server, a port, a database and a login, and either sets up Windows
single sign-on (no password anywhere) or a password. :class:`SharedConnection` holds exactly
those facts and builds the SQLAlchemy URL from them *without* any password: the password goes
to psycopg separately (``open_database(..., password=...)``), so it is never inside a URL that
the status bar shows, a log line repeats or the recent-connections list remembers. A password
the person asks to keep is stored by the operating system's credential store (Windows
Credential Manager on trust desktops) through ``keyring``; never in a file, setting or log.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal
from typing import cast

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.store.credentials import CredentialStore

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

TlsMode = Literal["verify-full", "verify-ca", "require", "prefer"]
#: Strictest first: the order the dialog offers them.
TLS_MODES: tuple[TlsMode, ...] = ("verify-full", "verify-ca", "require", "prefer")
TLS_LABELS: dict[TlsMode, str] = {
    "verify-full": "Encrypted, server name and certificate checked (recommended)",
    "verify-ca": "Encrypted, certificate checked but not the server name",
    "require": "Encrypted, certificate not checked",
    "prefer": "Encrypted if the server offers it (this computer only)",
}
DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"
KEYRING_SERVICE = "VPR Desktop"
RECENT_LIMIT = 8


def is_loopback(host: str) -> bool:
    """True for this computer itself (``localhost``, 127.x.x.x, ``::1``): nothing on the wire."""
    name = host.strip().lower().strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def default_tls(host: str) -> TlsMode:
    """verify-full for any server across the network (a trust network carries staff names and
    incident narratives); "prefer" for this computer, where nothing crosses the network."""
    return "prefer" if is_loopback(host) else "verify-full"


@dataclass(frozen=True)
class SharedConnection:
    """Where a shared database is and how to sign in to it; holds no password by design."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    tls: TlsMode | None = None  #: None: :func:`default_tls` for the host
    windows_sign_in: bool = False

    @property
    def tls_mode(self) -> TlsMode:
        return self.tls or default_tls(self.host)

    def validate(self) -> SharedConnection:
        """The same connection with spaces trimmed, or a plain refusal naming the field."""
        host, database, user = self.host.strip(), self.database.strip(), self.user.strip()
        if not host:
            raise ValidationError("Type the server's name.", "IT can tell you which server.")
        if not database:
            raise ValidationError("Type the database name.", "IT can tell you which database.")
        if not user:
            raise ValidationError("Type your user name.", "It is your database login.")
        if not 1 <= self.port <= 65535:
            raise ValidationError(
                f"{self.port} is not a port number.", "PostgreSQL usually uses 5432."
            )
        if self.tls is not None and self.tls not in TLS_MODES:
            raise ValidationError(f"{self.tls} is not a TLS mode.", "Choose one from the list.")
        return SharedConnection(
            host=host,
            database=database,
            user=user,
            port=self.port,
            tls=self.tls,
            windows_sign_in=self.windows_sign_in,
        )

    def url(self) -> str:
        """The SQLAlchemy URL: login, server, database and TLS; never a password.

        Windows sign-in adds ``gssencmode=prefer`` (Kerberos encryption where the server offers
        it); libpq then answers the server's SSPI/GSSAPI request with the Windows logon.
        """
        from sqlalchemy.engine import URL

        query = {"sslmode": self.tls_mode}
        if self.windows_sign_in:
            query["gssencmode"] = "prefer"
        url = URL.create(
            DRIVER,
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        )
        return url.render_as_string(hide_password=False)

    def label(self) -> str:
        """How the recent-connections list names it: ``user@host:port/database``."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def key(self) -> str:
        """The credential store's user name for this connection's password."""
        return self.label()

    def to_record(self) -> dict[str, str | int | bool]:
        """What the recent-connections setting keeps: no password, ever."""
        return {
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "user": self.user,
            "tls": self.tls_mode,
            "windows_sign_in": self.windows_sign_in,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> SharedConnection:
        """Back from :meth:`to_record`; a damaged record is refused (ValidationError)."""
        try:
            port = int(cast(int, record.get("port", DEFAULT_PORT)))
        except (TypeError, ValueError):
            raise ValidationError("A remembered connection is damaged.") from None
        tls = record.get("tls")
        return cls(
            host=str(record.get("host", "")),
            database=str(record.get("database", "")),
            user=str(record.get("user", "")),
            port=port,
            tls=tls if tls in TLS_MODES else None,
            windows_sign_in=bool(record.get("windows_sign_in", False)),
        ).validate()


# --------------------------------------------------------------------------- recent connections


def remember(
    recent: list[SharedConnection], used: SharedConnection, limit: int = RECENT_LIMIT
) -> list[SharedConnection]:
    """``used`` first, then the others (same server, database and login listed once)."""
    others = [c for c in recent if c.key() != used.key()]
    return [used, *others][:limit]


def recent_to_text(recent: list[SharedConnection]) -> str:
    """The recent list as the JSON text the settings keep."""
    return json.dumps([c.to_record() for c in recent])


def recent_from_text(text: str | None) -> list[SharedConnection]:
    """The recent list from settings; damaged entries are dropped, never a failure."""
    if not text:
        return []
    try:
        records = json.loads(text)
    except ValueError:
        return []
    found: list[SharedConnection] = []
    for record in records if isinstance(records, list) else []:
        if not isinstance(record, dict):
            continue
        try:
            found.append(SharedConnection.from_record(record))
        except ValidationError:
            continue
    return found


# --------------------------------------------------------------------------- passwords


class PasswordStore:
    """Passwords in the operating system's credential store, one per server/database/login.

    When the computer has no usable store (a Linux machine without a desktop keyring, some
    locked-down images), :attr:`available` is False and :attr:`why_not` says so in words: the
    dialog then asks for the password each time rather than keeping it anywhere else.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._store = CredentialStore(backend)

    @property
    def available(self) -> bool:
        return self._store.available

    @property
    def why_not(self) -> str:
        """Why passwords cannot be remembered here ("" when they can)."""
        if self.available:
            return ""
        return (
            "This computer has no password store VPR Desktop can use, so your password "
            "cannot be remembered: type it each time."
        )

    def get(self, connection: SharedConnection) -> str | None:
        """The remembered password, or None (none kept, or no store)."""
        return self._store.get(KEYRING_SERVICE, connection.key())

    def save(self, connection: SharedConnection, password: str) -> bool:
        """Keep ``password``; False (and nothing kept anywhere) when there is no store."""
        return self._store.save(KEYRING_SERVICE, connection.key(), password)

    def forget(self, connection: SharedConnection) -> None:
        """Remove any kept password for ``connection`` (unticking "Remember")."""
        self._store.forget(KEYRING_SERVICE, connection.key())

"""Why a PostgreSQL connection failed, in one plain sentence and the next step to take.

libpq reports connection failures as English text with no SQLSTATE (the server never got far
enough to send one), so the reason is read from that text. The raw text is for the log, never
for the person: "FATAL:  role "x" does not exist" means nothing to a board secretary, "The
server has no login called x" does. A failure this module does not recognise still gets a plain
sentence; the raw text goes to the log for IT.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from vpr_desktop.domain.errors import DatabaseRefused

log = logging.getLogger(__name__)


class ConnectionFailed(DatabaseRefused):
    """The database server could not be reached or did not let this login in (exit 4)."""

    title = "Cannot connect to the shared database"

    def __init__(self, message: str, next_step: str, reason: str) -> None:
        super().__init__(message, next_step)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """Where the connection was going, for the sentence (never the password)."""

    host: str
    port: int
    database: str
    user: str


_ASK_IT = "ask IT"

# (reason, phrases in libpq's text, message template, next step), first match wins: the
# authentication phrases come before "connection to server … failed", which precedes them all.
_RULES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    (
        "password",
        ("password authentication failed", "no password supplied", "password is required"),
        "The password for {user} was not accepted by {host}.",
        "Type it again; if you have forgotten it, ask IT to reset your database password.",
    ),
    (
        "sso",
        ("gssapi", "sspi", "kerberos"),
        "Windows sign-in was not accepted by {host} for {user}.",
        "Ask IT whether single sign-on is set up for VPR Desktop, or connect with a password.",
    ),
    (
        "no-login",
        ("role", "does not exist"),
        "The server {host} has no login called {user}.",
        "Check the user name, or ask IT to create your database login.",
    ),
    (
        "not-allowed",
        ("no pg_hba.conf entry", "pg_hba.conf rejects"),
        "The server {host} does not accept connections from this computer for {user}.",
        "Ask IT to allow VPR Desktop connections from your computer.",
    ),
    (
        "no-database",
        ("database", "does not exist"),
        "There is no database called {database} on {host}.",
        "Check the database name, or ask IT which database VPR Desktop uses.",
    ),
    (
        "tls-unavailable",
        ("server does not support ssl",),
        "The server {host} does not offer an encrypted connection, and this connection "
        "requires one.",
        "Ask IT to turn on TLS for the server; lower the TLS mode only if IT agrees.",
    ),
    (
        "tls-untrusted",
        ("certificate", "ssl error", "ssl syscall"),
        "The security certificate of {host} is not trusted by this computer.",
        "Ask IT for the trust's root certificate, or check the server name matches it.",
    ),
    (
        # No reply within the connect timeout (``store.postgres_open.CONNECT_TIMEOUT_S``): a dropped
        # network, a VPN gone to sleep, a hung or overloaded server. Said as such, so nobody
        # is sent to check a server name that is right.
        "not-answering",
        ("timeout expired", "timed out"),
        "The database server {host} (port {port}) is not answering.",
        "Check this computer is on the trust network (VPN) and try again in a minute; "
        "if it keeps happening, ask IT whether the server is running.",
    ),
    (
        "unreachable",
        (
            "connection refused",
            "failed to resolve host",
            "could not translate host name",
            "name or service not known",
            "no route to host",
            "network is unreachable",
            "could not connect",
        ),
        "The database server {host} (port {port}) cannot be reached.",
        "Check the server name and that this computer is on the trust network, or ask IT.",
    ),
)


def _matches(text: str, phrases: tuple[str, ...], reason: str) -> bool:
    if reason in {
        "no-login",
        "no-database",
    }:  # both phrases must appear ("role" … "does not exist")
        return all(p in text for p in phrases) and f'{phrases[0]} "' in text
    return any(p in text for p in phrases)


def explain(raw: str, target: Target) -> ConnectionFailed:
    """The error to raise for a failed connection whose libpq text is ``raw``."""
    text = raw.lower()
    log.warning("PostgreSQL connection to %s:%s failed: %s", target.host, target.port, raw)
    for reason, phrases, message, next_step in _RULES:
        if _matches(text, phrases, reason):
            return ConnectionFailed(
                message.format(
                    host=target.host,
                    port=target.port,
                    database=target.database,
                    user=target.user or "your login",
                ),
                next_step,
                reason,
            )
    return ConnectionFailed(
        f"Cannot connect to the database {target.database} on {target.host}.",
        "Check the server name, database and login; the log file has the details for "
        + _ASK_IT
        + ".",
        "other",
    )

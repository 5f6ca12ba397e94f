"""The operating system's credential store (Windows Credential Manager on trust desktops), through
``keyring``: where the app keeps a shared database's password and an encrypted database's key,
never in a file, setting or log.

A computer may have no usable store (a Linux machine without a desktop keyring, some locked-down
images): :attr:`CredentialStore.available` is then False and every call does nothing, so callers
say so in words instead of keeping the secret anywhere else. Failures of the store are logged
without the secret and treated as "not kept".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)


class CredentialStore:
    """Secrets by (service, name) in the operating system's store, or nowhere."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    def backend(self) -> KeyringBackend | None:
        """The keyring back end in use (the one given, else keyring's choice), or None."""
        if self._backend is not None:
            return self._backend
        try:
            import keyring
        except ImportError:
            return None
        try:
            return keyring.get_keyring()
        except Exception:  # a broken backend configuration: treat as none
            log.warning("No usable credential store", exc_info=True)
            return None

    @property
    def available(self) -> bool:
        backend = self.backend()
        if backend is None:
            return False
        from keyring.backends import fail

        if isinstance(backend, fail.Keyring):
            return False
        try:
            return float(backend.priority) > 0
        except Exception:
            return False

    def _usable(self) -> KeyringBackend | None:
        return self.backend() if self.available else None

    def get(self, service: str, name: str) -> str | None:
        """The secret kept for ``name``, or None (none kept, or no store)."""
        backend = self._usable()
        if backend is None:
            return None
        try:
            return backend.get_password(service, name)
        except Exception:
            log.warning("Could not read from the credential store", exc_info=False)
            return None

    def save(self, service: str, name: str, secret: str) -> bool:
        """Keep ``secret``; False (and nothing kept anywhere) when there is no store."""
        backend = self._usable()
        if backend is None:
            return False
        try:
            backend.set_password(service, name, secret)
        except Exception:
            log.warning("Could not keep a secret in the credential store", exc_info=False)
            return False
        return True

    def forget(self, service: str, name: str) -> None:
        """Remove any secret kept for ``name``."""
        backend = self._usable()
        if backend is None:
            return
        try:
            backend.delete_password(service, name)
        except Exception:  # PasswordDeleteError when none was kept
            return

"""WORKAROUND for a reference-counting bug in PySide6 6.12.0 on Python 3.11.

PySide6 6.12.0 returns ``None`` from every void method (``setText``, ``setObjectName``,
``QApplication.processEvents``…) without taking a new reference, and ``True``/``False`` from
some bool ones (``QCoreApplication.sendEvent``). Each call therefore lowers the reference count
of ``None`` by one; after a few thousand calls CPython 3.11 aborts with "Fatal Python error:
none_dealloc: deallocating None". Python 3.12 made these singletons immortal, which hides the
bug there; PySide6 6.11.3 does not have it.

The real fix is the dependency pin (``PySide6-Essentials>=6.6,!=6.12.0`` on Python 3.11).
Until then :func:`guard_singletons` does what Python 3.12 does — gives ``None``, ``True`` and
``False`` a reference count so large that no session can run it down — and only on the exact
combination that needs it, so it becomes a no-op as soon as the pin or Python changes.
"""

from __future__ import annotations

import sys

#: 2**40 references: more void calls than a process could make in years of use.
_HEADROOM = 1 << 40
_guarded = False


def needs_singleton_guard() -> bool:
    """True only for PySide6 6.12.0 on CPython before 3.12, where the bug bites."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    try:
        import PySide6
    except ImportError:
        return False
    return str(PySide6.__version__).startswith("6.12.0")


def guard_singletons() -> bool:
    """Apply the workaround once if this PySide6/Python pair needs it; True if applied."""
    global _guarded
    if _guarded or not needs_singleton_guard():
        return _guarded
    import ctypes

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython 3.11 (non-debug builds).
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _guarded = True
    return True

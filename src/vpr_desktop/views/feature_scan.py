"""WORKAROUND: spare PySide6 reading the source of every module imported after it.

Once ``PySide6.QtCore`` is loaded, PySide replaces ``__import__`` to support its opt-in
``from __feature__ import snake_case`` syntax, and after every import it asks whether the new
module uses PySide (``PySide6.support.feature._mod_uses_pyside``) by reading the module's
whole source file with ``inspect.getsource`` and searching it for "PySide6". The answer only
matters to modules that select a ``__feature__``, which this app never does, yet the reading is
paid for every module and the text stays in ``linecache``. Opening a database imports about 300
modules after the window is up (SQLAlchemy, the models, the services): the scan cost 60–140 ms
of CPU on the way to the first page's rows and held 8.3 million characters of source, about
20 MB of resident memory (measured: ``import vpr_desktop.services.container`` after PySide,
+59 MB and 0.52 s without this, +40 MB and 0.45 s with it).

:func:`skip_needless_source_scans` answers "no" at once for modules known never to use Qt —
the standard library, the app's layers below the views (``tests/test_layers.py`` keeps PySide
out of them) and the non-Qt libraries they use — which is the answer the scan would give, and
leaves every other module (the views, any library with a Qt back end) to PySide's own check.
If a PySide release drops or renames the hook, this does nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

#: Packages that never import Qt, so their source need not be read to find that out.
#: Not a library with Qt back ends (matplotlib, were it ever added back).
QT_FREE_PACKAGES = frozenset(
    {
        "vpr_desktop.domain",
        "vpr_desktop.store",
        "vpr_desktop.services",
        "vpr_desktop.reports",
        "sqlalchemy",
        "alembic",
        "mako",
        "psycopg",
        "psycopg_binary",
        "sqlcipher3",
        "openpyxl",
        "et_xmlfile",
        "defusedxml",
        "reportlab",
        "docx",
        "lxml",
        "PIL",
        "jsonschema",
        "jsonschema_specifications",
        "referencing",
        "rpds",
        "attrs",
        "keyring",
        "platformdirs",
        "tzdata",
        "typing_extensions",
        "greenlet",
    }
)
_FEATURE_MODULE = "PySide6.support.feature"
_HOOK = "_mod_uses_pyside"
_installed = False


def is_qt_free(name: str) -> bool:
    """Whether module ``name`` is one that never imports Qt (see :data:`QT_FREE_PACKAGES`)."""
    top = name.partition(".")[0]
    if top in sys.stdlib_module_names:
        return True
    parts = name.split(".")
    return any(".".join(parts[:n]) in QT_FREE_PACKAGES for n in range(1, len(parts) + 1))


def skip_needless_source_scans() -> bool:
    """Wrap PySide's per-import check so Qt-free modules are not read; True if installed.

    Idempotent, and a no-op when PySide is not loaded or has no such hook.
    """
    global _installed
    if _installed:
        return True
    feature = sys.modules.get(_FEATURE_MODULE)
    original: Callable[[object], bool] | None = getattr(feature, _HOOK, None)
    if feature is None or original is None:
        return False

    def uses_pyside(module: object) -> bool:
        if is_qt_free(str(getattr(module, "__name__", ""))):
            return False
        return original(module)

    setattr(feature, _HOOK, uses_pyside)
    _installed = True
    return True

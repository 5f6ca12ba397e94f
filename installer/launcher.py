"""The bundled program's entry point: the same ``main`` as ``vpr-desktop`` / ``python -m``.

PyInstaller freezes this script; everything else is the ``vpr_desktop`` package.
"""

from __future__ import annotations

import sys

from vpr_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

"""Screenshots a person looks at: ``VPR_SCREENSHOTS=folder`` keeps them (none otherwise).

Run once as is (100%) and once with ``QT_SCALE_FACTOR=1.5``: the widget is sized to what a
1366×768 screen leaves at that scale (911×512 logical pixels, less the frame and taskbar), the
size at which text must not be cut off."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def screenshot(widget: Any, name: str, *, fit: bool = True) -> Path | None:
    """Save ``widget`` as ``name-100.png`` or ``name-150.png``; its path (None: not asked).
    ``fit``: sized to the screen (a window); else at its own size (a small form)."""
    folder = os.environ.get("VPR_SCREENSHOTS")
    if not folder:
        return None
    scale = float(os.environ.get("QT_SCALE_FACTOR") or 1)
    if fit:
        widget.resize(int(1366 / scale) - 40, int(768 / scale) - 80)
    widget.show()
    if not fit:
        widget.adjustSize()
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # the layout settles (wrapped labels take their lines, then resize)
        QApplication.processEvents()
    path = Path(folder) / f"{name}-{round(scale * 100)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    return path

"""The bundled open font (Liberation Sans, SIL OFL 1.1; metric-compatible with Arial).

Why bundled: Arial is licensed only with Windows and Frutiger not at all, so a pack made on a
Linux CI runner or a locked-down PC must still look the same and embed its font. The TTFs and
their licence ship in ``resources/fonts/`` (package data, read with importlib.resources).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file
from importlib.resources import files
from pathlib import Path

FAMILY = "LiberationSans"
FILES = {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}


@cache
def font_path(style: str = "regular") -> Path:
    """A real file path to the TTF (reportlab and Pillow's FreeType both want a path)."""
    resource = files("vpr_desktop.resources").joinpath("fonts", FILES[style])
    with as_file(resource) as path:  # a plain path for an installed (non-zip) package
        return Path(path)


@cache
def register_reportlab() -> tuple[str, str]:
    """Register the TTFs with reportlab once per process; returns (regular, bold) names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FAMILY, f"{FAMILY}-Bold"
    pdfmetrics.registerFont(TTFont(regular, str(font_path("regular"))))
    pdfmetrics.registerFont(TTFont(bold, str(font_path("bold"))))
    # <b> in a paragraph, and italic requests, map onto the two faces we ship.
    addMapping(FAMILY, 0, 0, regular)
    addMapping(FAMILY, 1, 0, bold)
    addMapping(FAMILY, 0, 1, regular)
    addMapping(FAMILY, 1, 1, bold)
    return regular, bold

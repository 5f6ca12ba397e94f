"""The NHS identity colours the packs use (nhsuk-frontend values; see the design notes, A3).

Contrast (WCAG): white text on NHS Blue, Dark Blue, Green and Red passes AA; on Warm Yellow,
Light Blue and Orange it fails, so those carry dark text (``NHS_TEXT``).
"""

from __future__ import annotations

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_RED = "#D5281B"
NHS_GREEN = "#007F3B"
NHS_WARM_YELLOW = "#FFB81C"
NHS_ORANGE = "#ED8B00"
NHS_TEXT = "#212B32"
NHS_GREY_1 = "#4C6272"
NHS_GREY_2 = "#768692"
NHS_GREY_3 = "#AEB7BD"
NHS_GREY_4 = "#D8DDE0"
NHS_GREY_5 = "#F0F4F5"
WHITE = "#FFFFFF"

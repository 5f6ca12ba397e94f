"""VPR Desktop: violence prevention and reduction governance for NHS trusts."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "VPR Desktop"
ORG_NAME = "VPR Desktop"

"""VPR Desktop: violence prevention and reduction governance for NHS trusts."""

from __future__ import annotations

import os

# openpyxl switches its XML writer and reader to lxml whenever lxml is installed (python-docx,
# for the packs' Word paper, brings it in). Keep openpyxl on the standard library, with
# defusedxml, as it was built and tested: workbooks read and written the same way whatever
# else is installed. Set before anything imports openpyxl (this package imports first).
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
APP_NAME = "VPR Desktop"
ORG_NAME = "VPR Desktop"

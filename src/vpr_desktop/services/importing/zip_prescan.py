"""The pre-scan of a workbook's zip, before any XML in it is parsed.

Apart from the XLSX reader because three readers rely on it: an import's workbook
(``reader_xlsx``), a standard edition's workbook (``assessment.standard_workbook``) and a
self-assessment sheet coming back (``assessment.sheet_import``); each refuses the same
dangerous files in the same words.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from vpr_desktop.services.importing.reader import MB, Limits, reject


def prescan_zip(path: Path, limits: Limits) -> None:
    """Refuse a workbook before any XML is parsed if its zip could exhaust memory or disk."""
    size = path.stat().st_size
    if size > limits.max_xlsx_bytes:
        raise reject(
            f"{path.name} is {size / MB:.0f} MB; workbooks over "
            f"{limits.max_xlsx_bytes // MB} MB are not read.",
            "Export fewer rows or columns, or save it as CSV.",
        )
    if not zipfile.is_zipfile(path):
        raise reject(
            f"{path.name} is not a valid .xlsx workbook (damaged or renamed).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        )
    try:
        zf = zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # zipfile's answer to a compression method it does not know
        OSError,
        ValueError,
    ) as exc:
        # is_zipfile only reads the end record: a damaged central directory fails here.
        raise reject(
            f"{path.name} is not a valid .xlsx workbook (damaged or renamed: {exc}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc
    with zf:
        members = zf.infolist()
        if len(members) > limits.max_members:
            raise reject(
                f"{path.name} holds {len(members)} parts; a workbook is refused "
                f"above {limits.max_members}.",
                "Save a fresh copy from Excel.",
            )
        total = 0
        for info in members:
            name = info.filename.lower()
            if name.endswith("vbaproject.bin") or name.startswith("xl/activex"):
                raise reject(
                    f"{path.name} contains macros or ActiveX controls.",
                    "Save a copy as .xlsx (Excel Workbook) without macros.",
                )
            if info.flag_bits & 0x1:
                raise reject(
                    f"{path.name} has encrypted parts.", "Remove the password and save a copy."
                )
            total += info.file_size
            if (
                info.file_size >= limits.ratio_check_from_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise reject(
                    f"{path.name} looks like a zip bomb: part {info.filename} would "
                    f"expand {info.file_size / max(info.compress_size, 1):.0f} times.",
                    "Do not open this file; ask the sender where it came from.",
                )
        if total > limits.max_uncompressed_bytes:
            raise reject(
                f"{path.name} would expand to {total / MB:.0f} MB; workbooks over "
                f"{limits.max_uncompressed_bytes // MB} MB uncompressed are refused.",
                "Export fewer rows or columns, or save it as CSV.",
            )

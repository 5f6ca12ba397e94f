"""Which encoding a CSV file is in: a BOM decides, else the whole file must be UTF-8, else
Windows-1252, never a statistical guess (``reader``'s module docstring says why).

Apart from the CSV reader because the whole file is decoded once here before any row is read,
and the refusals (a false BOM, NUL bytes, text neither UTF-8 nor Windows-1252) are about the
file's bytes, not its rows or delimiter.
"""

from __future__ import annotations

import codecs
import contextlib
from pathlib import Path

from vpr_desktop.services.importing.reader import MB
from vpr_desktop.services.importing.reader import reject


def detect_encoding(path: Path, chunk: int = MB) -> str:
    """BOM first; else UTF-8 if the whole file decodes, else Windows-1252 (see module doc).

    The whole file is decoded once here, whichever way the encoding was chosen: a BOM only
    *claims* an encoding (a UTF-8 BOM pasted before Latin-1 text, a UTF-16 file cut short by a
    failed copy), and a claim found false half-way through the import would otherwise surface
    as a decoding error in the row loop. NUL characters are refused after decoding, so a
    UTF-16 file is judged by its text, not by its (NUL-filled) bytes."""
    with path.open("rb") as fh:
        start = fh.read(4)
    if start.startswith(codecs.BOM_UTF8):
        _check_text(path, "utf-8-sig", chunk, claimed="UTF-8")
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_text(path, "utf-16", chunk, claimed="UTF-16")
        return "utf-16"
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: try Windows-1252 next
        _check_text(path, "utf-8", chunk)
        return "utf-8"
    try:
        _check_text(path, "cp1252", chunk)
    except UnicodeDecodeError as exc:
        raise reject(
            f"{path.name} is neither UTF-8 nor Windows-1252 text ({exc.reason}).",
            "Save it from Excel as 'CSV UTF-8 (Comma delimited)'.",
        ) from exc
    return "cp1252"


def _check_text(path: Path, encoding: str, chunk: int, claimed: str | None = None) -> None:
    """Decode the whole file as ``encoding`` (streamed); refuse NULs. A failure raises
    ``UnicodeDecodeError`` -- or, when the file's own BOM ``claimed`` the encoding, the plain
    refusal (there is no second guess to fall back to: the file says what it is, and is not)."""
    decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder(encoding)()
    offset = 0  # bytes decoded before the current block
    try:
        with path.open("rb") as fh:
            while block := fh.read(chunk):
                text = decoder.decode(block)
                if "\0" in text:
                    raise reject(
                        f"{path.name} is not a text file (it contains NUL bytes).",
                        "Export the data as CSV or .xlsx.",
                    )
                offset += len(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        if claimed is None:
            raise
        cut_short = "truncated" in exc.reason
        raise reject(
            f"{path.name} starts with a {claimed} byte-order mark but is not {claimed} text "
            + (
                "(it ends part way through a character: the file may be cut short)."
                if cut_short
                else f"(byte {offset + max(exc.start, 0) + 1:,} cannot be {claimed})."
            ),
            "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'.",
        ) from exc

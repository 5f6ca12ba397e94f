"""Cut the ICU data library Qt brings on Linux (``libicudata.so.73``, 32 MB) to what the app uses.

Why: PySide6's Linux wheels link Qt against ICU, and ICU keeps all its data (every locale's
names for languages, regions, currencies, units and time zones; CJK and South-East Asian word
dictionaries; 190 character-set converters...) in one exported symbol, ``icudt73_dat``, of
``libicudata``. Qt asks ICU for little: collation (``QCollator``, which the file dialogs and
locale-aware sorting use), locale-specific case mapping, time-zone names and the few text codecs
``QStringConverter`` does not implement itself. The app is English (UK) for NHS trusts in England
and Wales, so this keeps every non-locale item (collation base table, normalisation,
time-zone rules, supplemental data, the shared string pools and indexes), the locale bundles of
root, English (en, en_001 — en_GB's parent —, en_GB, en_US, en_US_POSIX) and Welsh (cy, cy_GB),
the break-iterator rules, and the Western and Central European converters; it drops the other
locales, transliteration and spell-out rules (which Qt never opens), and the CJK, Thai, Khmer,
Burmese and Lao word dictionaries. A locale whose bundle is dropped falls back to root, as ICU
does for any locale it has no data for. Windows bundles are not touched: PySide6's Windows wheels
use the system's ICU and ship none.

How: the blob is ICU "common data" (``ucmndata.h``): a header whose ``UDataInfo`` says ``CmnD``,
then a table of contents — a count and (name offset, data offset) pairs relative to the table,
sorted by name because ICU binary-searches it, an item's length being the distance to the next
one — then the names and the 16-byte-aligned items. :func:`filter_common_data` writes a new blob
with the wanted items in the same order, and :func:`link_data_library` assembles it into a shared
library with the same soname and exported symbol with binutils (``as`` and ``ld``, which CI
installs for PyInstaller), so ``libicuuc`` finds it exactly as before. The ELF file is read with
:mod:`struct`, so no extra Python package is needed.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable
from collections.abc import Iterable
from pathlib import Path

#: ``UDataInfo.dataFormat`` of an ICU common-data package.
COMMON_DATA_FORMAT = b"CmnD"
#: ICU aligns every item in a package to 16 bytes (some are read as 64-bit or SIMD tables).
ITEM_ALIGNMENT = 16
#: Locale bundles kept in every tree (main, coll, brkitr, curr, lang, region, unit, zone...):
#: root and its English and Welsh children the app can run under.
LOCALES_KEPT = frozenset({"root", "en", "en_001", "en_GB", "en_US", "en_US_POSIX", "cy", "cy_GB"})
#: Whole trees nothing in Qt opens: transliterators and rule-based number spell-out.
TREES_DROPPED = frozenset({"translit", "rbnf"})
#: Converters kept (ISO-8859-1, ASCII and the UTFs are built into ICU and need no file):
#: Windows-1250/1252/1254, ISO-8859-2/3/4/9/10/13/14 (Celtic, for Welsh)/15, DOS 437/850/858
#: and Mac Roman. Everything else (CJK, EBCDIC, Cyrillic, Arabic...) is dropped.
CONVERTERS_KEPT = frozenset(
    {
        "ibm-5346_P100-1998",
        "ibm-5348_P100-1997",
        "ibm-5350_P100-1998",
        "ibm-912_P100-1995",
        "ibm-913_P100-2000",
        "ibm-914_P100-1995",
        "ibm-920_P100-1995",
        "ibm-921_P100-1995",
        "ibm-923_P100-1998",
        "iso-8859_10-1998",
        "iso-8859_14-1998",
        "ibm-437_P100-1995",
        "ibm-850_P100-1995",
        "ibm-858_P100-1997",
        "macos-0_2-10.2",
    }
)
#: A locale ID as ICU names its bundles: language, then capitalised script/region/variant parts
#: (``sr_Latn_BA``, ``en_US_POSIX``, ``de__PHONEBOOK``). ``res_index``, ``pool`` and the
#: supplemental tables (``metaZones``, ``zoneinfo64``...) do not match, so they are kept.
_LOCALE_ID = re.compile(r"root|[a-z]{2,3}(_[A-Z0-9][A-Za-z0-9]*)*(_+[A-Z]*)?")
_SYMBOL = re.compile(rb"icudt\d+_dat")


class IcuDataError(Exception):
    """The library or its data is not in the shape this module knows; nothing is changed."""


def item_wanted(name: str) -> bool:
    """Whether the package item ``name`` (``icudt73l/coll/fr.res``) stays in the bundle."""
    parts = name.split("/")[1:]  # drop the package prefix (icudt73l)
    if not parts:
        return True
    leaf = parts[-1]
    if len(parts) > 1 and parts[0] in TREES_DROPPED:
        return False
    stem, _, suffix = leaf.rpartition(".")
    if suffix == "dict":  # word dictionaries for scripts written without spaces
        return False
    if suffix == "cnv":
        return stem in CONVERTERS_KEPT
    if suffix == "res" and _LOCALE_ID.fullmatch(stem):
        return stem in LOCALES_KEPT
    return True


def read_common_data(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, data) items of an ICU common-data package, in TOC order."""
    if len(blob) < 32:
        raise IcuDataError("the ICU data is too short to hold a header")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    is_big_endian = blob[8]
    if (magic1, magic2) != (0xDA, 0x27) or is_big_endian:
        raise IcuDataError("not little-endian ICU data (bad magic bytes or byte order)")
    if blob[12:16] != COMMON_DATA_FORMAT or blob[16] != 1:
        raise IcuDataError(f"not an ICU common-data package (format {blob[12:16]!r})")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name_end = blob.index(b"\0", toc + name_offset)
        name = blob[toc + name_offset : name_end].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(blob) - toc
        items.append((name, blob[toc + data_offset : toc + end]))
    return blob[:header_size], items


def _pad(size: int) -> int:
    return -size % ITEM_ALIGNMENT


def write_common_data(header: bytes, items: Iterable[tuple[str, bytes]]) -> bytes:
    """An ICU common-data package of ``items`` (already sorted by name, as ICU requires)."""
    items = list(items)
    toc_size = 4 + 8 * len(items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in items)
    # Items start 16-byte aligned from the start of the package (the blob itself is aligned).
    first = toc_size + len(names) + _pad(len(header) + toc_size + len(names))
    entries, body, name_offset, data_offset = [], bytearray(), toc_size, first
    for name, data in items:
        entries.append(struct.pack("<II", name_offset, data_offset))
        name_offset += len(name) + 1
        padded = data + b"\0" * _pad(len(data))
        body += padded
        data_offset += len(padded)
    gap = b"\xaa" * (first - toc_size - len(names))  # the filler ICU's pkgdata writes
    return header + struct.pack("<I", len(items)) + b"".join(entries) + names + gap + bytes(body)


def filter_common_data(blob: bytes, wanted: Callable[[str], bool] = item_wanted) -> bytes:
    """The package ``blob`` with only the items ``wanted`` accepts, header and order kept."""
    header, items = read_common_data(blob)
    return write_common_data(header, [(name, data) for name, data in items if wanted(name)])


def read_data_symbol(library: Path) -> tuple[str, bytes]:
    """The exported ``icudtNN_dat`` symbol's name and bytes from a 64-bit little-endian ELF."""
    elf = library.read_bytes()
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise IcuDataError(f"{library.name} is not a 64-bit little-endian ELF library")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    # (type, addr, offset, size, link) of each section header
    sections = [struct.unpack_from("<4xI8xQQQI", elf, shoff + i * shentsize) for i in range(shnum)]
    for kind, _addr, offset, size, link in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][2]
        for at in range(offset, offset + size, 24):
            name_at, _info, _other, index, value, length = struct.unpack_from("<IBBHQQ", elf, at)
            name = elf[strings + name_at : elf.index(b"\0", strings + name_at)]
            if _SYMBOL.fullmatch(name) and 0 < index < shnum:
                _kind, addr, sec_offset, _size, _link = sections[index]
                start = sec_offset + value - addr
                return name.decode("ascii"), elf[start : start + length]
    raise IcuDataError(f"{library.name} exports no icudtNN_dat symbol")


def link_data_library(blob: bytes, symbol: str, soname: str, out: Path) -> None:
    """Assemble ``blob`` as the read-only, 16-byte-aligned object ``symbol`` in a shared library
    named ``soname`` (no code, no dependencies, non-executable stack), written to ``out``."""
    tools = {tool: shutil.which(tool) for tool in ("as", "ld")}
    missing = [tool for tool, path in tools.items() if path is None]
    if missing:
        raise IcuDataError(f"binutils is needed to link the ICU data ({', '.join(missing)})")
    with tempfile.TemporaryDirectory(prefix="vpr-icu-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "data.bin").write_bytes(blob)
        (tmp / "data.s").write_text(
            '.section .rodata,"a"\n'
            f".balign {ITEM_ALIGNMENT}\n"
            f".globl {symbol}\n"
            f".type {symbol}, %object\n"
            f".size {symbol}, {len(blob)}\n"
            f"{symbol}:\n"
            '.incbin "data.bin"\n'
            '.section .note.GNU-stack,"",%progbits\n',
            encoding="ascii",
        )
        link = [str(tools["ld"]), "-shared", "-z", "noexecstack", "-soname", soname]
        steps = [[str(tools["as"]), "-o", "data.o", "data.s"], [*link, "-o", "lib.so", "data.o"]]
        for cmd in steps:
            done = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise IcuDataError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()}")
        shutil.copyfile(tmp / "lib.so", out)


def trim_library(library: Path, wanted: Callable[[str], bool] = item_wanted) -> int:
    """Replace ``library`` (a ``libicudata.so.NN``) by one holding only the wanted items;
    returns the bytes saved. The original is left in place if any step fails."""
    symbol, blob = read_data_symbol(library)
    trimmed = filter_common_data(blob, wanted)
    replacement = library.with_name(library.name + ".trimmed")
    try:
        link_data_library(trimmed, symbol, library.name, replacement)
        if read_data_symbol(replacement) != (symbol, trimmed):
            raise IcuDataError("the linked ICU data library does not read back as written")
        before = library.stat().st_size
        replacement.chmod(library.stat().st_mode)
        replacement.replace(library)
    finally:
        replacement.unlink(missing_ok=True)
    return before - library.stat().st_size

"""installer/: the bundle's spec, build script, WiX source and Windows workflow hold together.

PyInstaller itself never runs here (``python3 tasks.py bundle`` and CI's bundle step build and
smoke-test the real bundle); these checks are fast: the build script's helpers on small folders,
the spec and the WiX source parsed, and the promises trust IT relies on read out of them.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
import struct
import zipfile
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

import vpr_desktop

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
WIX = "{http://wixtoolset.org/schemas/v4/wxs}"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vpr_installer_build", INSTALLER / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_comes_from_the_package(build: ModuleType) -> None:
    assert build.app_version() == vpr_desktop.__version__
    assert build.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert build.version_tuple("2.10.3.7") == (2, 10, 3, 7)


def test_the_stage_is_laid_out_as_the_wheel_ships_it(build: ModuleType, tmp_path: Path) -> None:
    stage = build.stage_package(tmp_path / "stage")
    package = stage / "vpr_desktop"
    assert (package / "__main__.py").is_file()
    assert "#005EB8" in (package / "ui" / "style.qss").read_text(encoding="utf-8").upper()
    assert (package / "resources" / "fonts" / "LiberationSans-Regular.ttf").is_file()
    assert (package / "resources" / "import_formats" / "risks.toml").is_file()
    assert (package / "store" / "migrations" / "versions" / "0001_initial_schema.py").is_file()
    assert (package / "store" / "migrations" / "script.py.mako").is_file()
    assert not list(stage.rglob("__pycache__"))


def test_icon_has_every_windows_size(build: ModuleType, tmp_path: Path) -> None:
    from PIL import Image

    ico, png = build.draw_icon(tmp_path)
    with Image.open(ico) as icon:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(icon.info["sizes"])
    with Image.open(png) as image:
        assert image.size == (256, 256)
        assert image.getpixel((128, 20))[:3] == (0, 94, 184)  # NHS blue behind the letters


def test_version_resource_names_the_product_and_version(build: ModuleType, tmp_path: Path) -> None:
    text = build.write_version_resource(tmp_path, "1.2.3").read_text(encoding="utf-8")
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as one expression
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductName', 'VPR Desktop')" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text


def test_spec_is_one_folder_without_upx(build: ModuleType) -> None:
    source = (INSTALLER / "vpr_desktop.spec").read_text(encoding="utf-8")
    tree = ast.parse(source)
    calls = {
        node.func.id: node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= set(calls)  # COLLECT: a folder, not a file
    keywords = {k.arg: k.value for k in calls["EXE"].keywords}
    assert ast.literal_eval(keywords["exclude_binaries"]) is True
    assert ast.literal_eval(keywords["upx"]) is False
    assert ast.literal_eval({k.arg: k.value for k in calls["COLLECT"].keywords}["upx"]) is False
    assert "onefile" not in source.lower().replace("one-file", "")
    for unused in ("QtNetwork", "QtQml", "QtWebEngineCore", "QtSvg"):
        assert unused in source
    # Charts are reportlab drawings: nothing may drag matplotlib or numpy back in.
    assert '"numpy",' in source and '"matplotlib",' in source
    assert "translations" in source


def test_checksums_cover_every_file(build: ModuleType, tmp_path: Path) -> None:
    bundle = tmp_path / "vpr-desktop"
    (bundle / "_internal" / "sub").mkdir(parents=True)
    (bundle / "vpr-desktop").write_bytes(b"program")
    (bundle / "_internal" / "sub" / "data.txt").write_bytes(b"data")
    lines = build.write_checksums(bundle).read_text(encoding="utf-8").splitlines()
    assert lines == [
        f"{hashlib.sha256(b'data').hexdigest()}  vpr-desktop/_internal/sub/data.txt",
        f"{hashlib.sha256(b'program').hexdigest()}  vpr-desktop/vpr-desktop",
    ]


def test_links_to_left_out_libraries_are_removed(build: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libQt6Core.so.6").write_bytes(b"core")
    (tmp_path / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    (tmp_path / "libQt6WaylandClient.so.6").symlink_to("lib/libQt6WaylandClient.so.6")
    assert build.remove_dangling_links(tmp_path) == [tmp_path / "libQt6WaylandClient.so.6"]
    assert (tmp_path / "libQt6Core.so.6").read_bytes() == b"core"


def test_zips_one_plain_and_one_portable(build: ModuleType, tmp_path: Path) -> None:
    bundle = tmp_path / "vpr-desktop"
    bundle.mkdir()
    (bundle / "vpr-desktop").write_bytes(b"program")
    plain, portable = build.write_zips(bundle, "9.9.9")
    assert zipfile.ZipFile(plain).namelist() == ["vpr-desktop/vpr-desktop"]
    assert sorted(zipfile.ZipFile(portable).namelist()) == [
        "vpr-desktop/portable",
        "vpr-desktop/vpr-desktop",
    ]
    assert "-portable" in portable.name and "9.9.9" in plain.name


def test_sbom_names_each_distribution_with_version_and_licence(build: ModuleType) -> None:
    dists = {
        d.metadata["Name"].lower(): d
        for d in build.bundled_distributions(["sqlalchemy.orm", "PySide6.QtCore", "reportlab"])
    }
    assert {"sqlalchemy", "pyside6_essentials", "reportlab"} <= set(dists)
    assert "LGPL" in build._licence(dists["pyside6_essentials"])
    assert "MIT" in build._licence(dists["sqlalchemy"])
    assert "pytest" not in dists


def _wix() -> ElementTree.Element:
    return ElementTree.parse(INSTALLER / "vpr-desktop.wxs").getroot()


def test_wix_source_is_a_per_machine_upgradable_install_into_program_files() -> None:
    package = _wix().find(f"{WIX}Package")
    assert package is not None
    assert package.get("Scope") == "perMachine"
    guid = r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}"
    assert re.fullmatch(guid, package.get("UpgradeCode", ""))
    assert package.find(f"{WIX}MajorUpgrade") is not None
    folder = package.find(f"{WIX}StandardDirectory[@Id='ProgramFiles64Folder']/{WIX}Directory")
    assert folder is not None and folder.get("Name") == "VPR Desktop"
    files = package.find(f".//{WIX}Files")
    assert files is not None and files.get("Directory") == folder.get("Id")
    # Nothing per user: no HKCU registry, no folder under the profile, no UI to answer.
    values = " ".join(v for element in package.iter() for v in element.attrib.values())
    assert "HKCU" not in values and "AppData" not in values and "Personal" not in values
    assert all(v.get("Root") == "HKLM" for v in package.iter(f"{WIX}RegistryValue"))
    assert package.find(f".//{WIX}UIRef") is None


def test_upgrade_code_in_the_it_notes_is_the_msi_s() -> None:
    package = _wix().find(f"{WIX}Package")
    assert package is not None
    notes = (INSTALLER / "IT-DEPLOYMENT.md").read_text(encoding="utf-8")
    assert "{" + package.get("UpgradeCode", "") + "}" in notes
    assert "msiexec /i vpr-desktop-X.Y.Z.msi /qn" in notes
    assert "msiexec /x vpr-desktop-X.Y.Z.msi /qn" in notes


def test_windows_workflow_builds_the_bundle_and_the_msi_and_installs_it_silently() -> None:
    workflow = (ROOT / ".github" / "workflows" / "windows-msi.yml").read_text(encoding="utf-8")
    assert "runs-on: windows-" in workflow
    assert "tasks.py bundle --zip" in workflow
    assert "wix build installer/vpr-desktop.wxs" in workflow
    assert "BundleDir=$PWD\\dist\\vpr-desktop" in workflow
    assert "/qn" in workflow and "/x" in workflow
    # The names the workflow uses are the ones the build script writes.
    assert "build\\bundle-assets\\vpr-desktop.ico" in workflow
    assert "dist/vpr-desktop-sbom.cdx.json" in workflow


def test_ci_runs_the_bundle_after_exactly_the_readme_test_command() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("python3 tasks.py")
    ]
    assert lines == [
        "python3 tasks.py test || tests_status=$?",
        "python3 tasks.py bundle || bundle_status=$?",
    ]


def test_debug_information_is_stripped_except_in_grafted_library_folders(
    build: ModuleType, tmp_path: Path
) -> None:
    import shutil
    import subprocess
    import sys

    if sys.platform == "win32" or shutil.which("strip") is None or shutil.which("gcc") is None:
        pytest.skip("needs the POSIX strip and a C compiler")
    source = tmp_path / "lib.c"
    source.write_text("int answer(void) { return 42; }\n")
    bundle = tmp_path / "bundle"
    (bundle / "numpy.libs").mkdir(parents=True)
    lib = bundle / "libanswer.so"
    subprocess.run(["gcc", "-g", "-shared", "-fPIC", "-o", str(lib), str(source)], check=True)
    grafted = bundle / "numpy.libs" / "libanswer.so"
    shutil.copyfile(lib, grafted)
    text = bundle / "notes.txt"
    text.write_text("not an ELF file")
    before = lib.stat().st_size

    saved = build.strip_debug_info(bundle)

    assert saved == before - lib.stat().st_size > 0
    assert grafted.stat().st_size == before  # auditwheel's libraries are never touched
    assert text.read_text() == "not an ELF file"
    import ctypes

    assert ctypes.CDLL(str(lib)).answer() == 42  # still loads and works
    sections = subprocess.run(["readelf", "-SW", str(lib)], capture_output=True, text=True)
    assert ".symtab" not in sections.stdout and ".dynsym" in sections.stdout


# ------------------------------------------------------------------------- ICU data (Linux)


@pytest.fixture(scope="module")
def icu() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vpr_icu_data", INSTALLER / "icu_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package(items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common-data package laid out as ICU's pkgdata writes one (written independently
    of installer/icu_data.py): a 32-byte header saying CmnD, the TOC, the names, 0xAA filler to a
    16-byte boundary, the items each padded to 16 bytes."""
    info = struct.pack("<HHBBBB4s4B4B", 20, 0, 0, 0, 2, 0, b"CmnD", 1, 0, 0, 0, 3, 0, 0, 0)
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    header += b"\0" * (32 - len(header))
    names = b"".join(name.encode() + b"\0" for name, _ in items)
    toc = 4 + 8 * len(items)
    first = toc + len(names)
    first += -(32 + first) % 16
    entries, body, name_at = b"", b"", toc
    for name, data in items:
        entries += struct.pack("<II", name_at, first + len(body))
        name_at += len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    filler = b"\xaa" * (first - toc - len(names))
    return header + struct.pack("<I", len(items)) + entries + names + filler + body


def _unpack(blob: bytes) -> dict[str, bytes]:
    (header_size,) = struct.unpack_from("<H", blob)
    (count,) = struct.unpack_from("<I", blob, header_size)
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = {}
    for i, (name_at, data_at) in enumerate(toc):
        assert (header_size + data_at) % 16 == 0  # every item 16-byte aligned
        start = header_size + name_at
        name = blob[start : blob.index(b"\0", start)].decode()
        end = toc[i + 1][1] if i + 1 < count else len(blob) - header_size
        items[name] = blob[header_size + data_at : header_size + end]
    assert list(items) == sorted(items)  # ICU binary-searches the names
    return items


ICU_ITEMS = [
    "icudt73l/brkitr/char.brk",
    "icudt73l/brkitr/cjdict.dict",
    "icudt73l/brkitr/thaidict.dict",
    "icudt73l/cnvalias.icu",
    "icudt73l/coll/de__PHONEBOOK.res",
    "icudt73l/coll/en_GB.res",
    "icudt73l/coll/fr.res",
    "icudt73l/coll/res_index.res",
    "icudt73l/coll/root.res",
    "icudt73l/coll/ucadata.icu",
    "icudt73l/cy.res",
    "icudt73l/en_001.res",
    "icudt73l/en_GB.res",
    "icudt73l/gb18030.cnv",
    "icudt73l/ibm-5348_P100-1997.cnv",
    "icudt73l/iso-8859_14-1998.cnv",
    "icudt73l/ja.res",
    "icudt73l/metaZones.res",
    "icudt73l/pool.res",
    "icudt73l/rbnf/en.res",
    "icudt73l/sr_Latn_BA.res",
    "icudt73l/translit/root.res",
    "icudt73l/zone/en_GB.res",
    "icudt73l/zone/fr_CA.res",
    "icudt73l/zone/pool.res",
    "icudt73l/zoneinfo64.res",
]
ICU_KEPT = [
    "icudt73l/brkitr/char.brk",
    "icudt73l/cnvalias.icu",
    "icudt73l/coll/en_GB.res",
    "icudt73l/coll/res_index.res",
    "icudt73l/coll/root.res",
    "icudt73l/coll/ucadata.icu",
    "icudt73l/cy.res",
    "icudt73l/en_001.res",
    "icudt73l/en_GB.res",
    "icudt73l/ibm-5348_P100-1997.cnv",  # windows-1252
    "icudt73l/iso-8859_14-1998.cnv",  # Celtic, for Welsh
    "icudt73l/metaZones.res",
    "icudt73l/pool.res",
    "icudt73l/zone/en_GB.res",
    "icudt73l/zone/pool.res",
    "icudt73l/zoneinfo64.res",
]


def test_icu_filter_keeps_english_welsh_and_shared_data_only(icu: ModuleType) -> None:
    assert [name for name in ICU_ITEMS if icu.item_wanted(name)] == ICU_KEPT


def test_icu_package_is_rewritten_with_only_the_wanted_items(icu: ModuleType) -> None:
    # Odd lengths, so padding and implied lengths are exercised.
    items = [(name, name.encode() * (i % 3 + 1) + bytes([i])) for i, name in enumerate(ICU_ITEMS)]
    blob = _package(items)
    assert icu.filter_common_data(blob, lambda _name: True) == blob  # byte for byte as ICU's
    trimmed = _unpack(icu.filter_common_data(blob))
    assert list(trimmed) == ICU_KEPT
    for name, data in items:
        if name in trimmed:  # same bytes, plus at most the 16-byte padding ICU adds
            assert trimmed[name].rstrip(b"\0") == data.rstrip(b"\0")
            assert len(trimmed[name]) == len(data) + (-len(data) % 16)


def test_icu_package_that_is_not_common_data_is_refused(icu: ModuleType) -> None:
    blob = bytearray(_package([("icudt73l/root.res", b"root")]))
    blob[12:16] = b"ResB"
    with pytest.raises(icu.IcuDataError, match="not an ICU common-data package"):
        icu.filter_common_data(bytes(blob))


def test_icu_library_is_relinked_with_its_soname_and_symbol(
    icu: ModuleType, tmp_path: Path
) -> None:
    import ctypes
    import shutil
    import subprocess
    import sys

    if sys.platform != "linux" or not all(shutil.which(t) for t in ("as", "ld", "readelf")):
        pytest.skip("needs Linux and binutils")
    blob = _package([(name, name.encode() * 50) for name in ICU_ITEMS])
    library = tmp_path / "libicudata.so.73"
    icu.link_data_library(blob, "icudt73_dat", "libicudata.so.73", library)
    assert icu.read_data_symbol(library) == ("icudt73_dat", blob)

    saved = icu.trim_library(library)

    symbol, trimmed = icu.read_data_symbol(library)
    assert symbol == "icudt73_dat" and list(_unpack(trimmed)) == ICU_KEPT
    assert saved > len(blob) - len(trimmed) - 4096 > 0
    dynamic = subprocess.run(["readelf", "-dW", str(library)], capture_output=True, text=True)
    assert "Library soname: [libicudata.so.73]" in dynamic.stdout
    loaded = ctypes.CDLL(str(library))  # what libicuuc sees: the symbol, 16-byte aligned
    data = (ctypes.c_char * len(trimmed)).in_dll(loaded, "icudt73_dat")
    assert data.raw == trimmed and ctypes.addressof(data) % 16 == 0


def test_spec_leaves_out_what_the_app_never_loads() -> None:
    source = (INSTALLER / "vpr_desktop.spec").read_text(encoding="utf-8")
    for unused in ('"lxml.objectify"', '"lxml.html"', '"readline"', '"qminimalegl"', '"generic"'):
        assert unused in source
    assert 'SYSTEM_LIBRARIES_LEFT_OUT = {"libcups.so.2"}' in source
    # Reachability follows each library's own NEEDED list, not ldd's closure through the system.
    assert '["objdump", "-p", path]' in source

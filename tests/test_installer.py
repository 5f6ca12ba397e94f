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
    for unused in ("QtNetwork", "QtQml", "QtWebEngineCore", "QtSvg", "backend_qtagg"):
        assert unused in source
    assert '"backends": ["Agg"]' in source
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

"""A non-editable install must carry ui/, resources/ and the migrations inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_ui_resources_and_migrations(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("vpr_desktop-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "vpr_desktop/ui/style.qss" in names
    assert "vpr_desktop/resources/__init__.py" in names
    assert "vpr_desktop/store/migrations/env.py" in names
    assert "vpr_desktop/store/migrations/script.py.mako" in names
    assert "vpr_desktop/store/migrations/versions/0001_initial_schema.py" in names
    assert "vpr_desktop/store/migrations/versions/0002_audit_append_only.py" in names
    assert "vpr_desktop/services/importing/reader.py" in names
    assert "vpr_desktop/resources/import_formats/risks.toml" in names
    assert not any(n.startswith(("tests/", "ui/", "resources/")) for n in names)


def test_package_data_readable_through_importlib_resources() -> None:
    qss = files("vpr_desktop.ui").joinpath("style.qss").read_text(encoding="utf-8")
    assert "#005EB8" in qss.upper() or "#005eb8" in qss
    assert files("vpr_desktop.store").joinpath("migrations", "env.py").is_file()


def test_every_package_directory_is_listed_in_pyproject() -> None:
    """pyproject lists packages by hand (ui/ and resources/ are mapped in); none may be missed."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    src = ROOT / "src"
    found = {
        ".".join(init.parent.relative_to(src).parts)
        for init in src.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set()

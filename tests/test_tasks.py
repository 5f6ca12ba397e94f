"""tasks.py: the README's test command runs every gate and fails when any one fails.

The gates are run through ``run_in_root`` (a subprocess in the repository root); here it is
replaced by a recorder that fails chosen commands, so each gate is shown failing the run without
breaking the tree.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tasks(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("vpr_tasks_under_test", ROOT / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ensure_venv", lambda: Path(sys.executable))
    return module


def _recorder(fail_on: str | None, pytest_code: int = 0) -> tuple[list[str], object]:
    ran: list[str] = []

    def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
        line = " ".join(cmd[1:])
        ran.append(line)
        if line.startswith("-m pytest"):
            return pytest_code
        return 1 if fail_on is not None and line.startswith(fail_on) else 0

    return ran, run


def test_test_runs_ruff_format_mypy_then_pytest(tasks: ModuleType, monkeypatch) -> None:
    ran, run = _recorder(None)
    monkeypatch.setattr(tasks, "run_in_root", run)
    assert tasks.cmd_test(["-q", "-k", "store"]) == 0
    assert ran == [
        "-m ruff check .",
        "-m ruff format --check .",
        "-m mypy",
        "-m pytest -q -k store",
    ]


@pytest.mark.parametrize("gate", ["-m ruff check", "-m ruff format", "-m mypy"])
def test_each_failing_gate_fails_the_run_and_pytest_still_runs(
    tasks: ModuleType, monkeypatch, gate: str
) -> None:
    ran, run = _recorder(gate)
    monkeypatch.setattr(tasks, "run_in_root", run)
    assert tasks.cmd_test([]) == 1
    assert ran[-1] == "-m pytest"  # one run reports every problem


def test_a_pytest_failure_keeps_its_own_exit_code(tasks: ModuleType, monkeypatch) -> None:
    _ran, run = _recorder(None, pytest_code=5)
    monkeypatch.setattr(tasks, "run_in_root", run)
    assert tasks.cmd_test([]) == 5


def test_mypy_is_configured_strict_on_the_four_lower_layers_and_the_cli() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert sorted(Path(f).name for f in config["files"]) == [
        "cli",
        "domain",
        "reports",
        "services",
        "store",
    ]


def test_bundle_runs_the_installer_build_script_with_its_arguments(
    tasks: ModuleType, monkeypatch
) -> None:
    ran: list[list[str]] = []

    def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
        ran.append(cmd)
        return 0

    monkeypatch.setattr(tasks, "run_in_root", run)
    assert tasks.cmd_bundle(["--zip"]) == 0
    assert ran == [[sys.executable, str(ROOT / "installer" / "build.py"), "--zip"]]
    assert "bundle" in tasks.COMMANDS

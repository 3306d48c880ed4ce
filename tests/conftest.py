"""Shared fixtures: the application built by the factory, and a test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app


@pytest.fixture
def make_app() -> Callable[..., Flask]:
    """Build an application with settings on top of the defaults."""

    def build(**settings: Any) -> Flask:
        return create_app({"TESTING": True, **settings})

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client

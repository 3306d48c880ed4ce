"""The timeline answer as an HTTP response (the answer itself is written by ``service.article.answer``)."""

from __future__ import annotations

from typing import Any

from flask import Response

from service.article.answer import encode
from service.article.answer import plain as plain  # (re-exported for the views and tests)
from service.article.answer import timeline_answer as timeline_answer


def json_response(document: Any, status: int = 200) -> Response:
    """``document`` as an ``application/json`` response, ending in a newline as Flask's own answers do."""
    return Response(encode(document) + b"\n", status=status, mimetype="application/json")

"""JSON out, whatever the text holds: lone surrogates are escaped instead of failing the answer.

A JSON request may carry a lone UTF-16 surrogate (``"\\ud800"``): it decodes to a Python string that
cannot be encoded as UTF-8. The service accepts such a text (offsets stay Python string indexes), and
answers with the whole document written in ASCII (``ensure_ascii``), where the surrogate is the same
``\\ud800`` escape the client sent. Every other answer is written in plain UTF-8.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service.article.answer import dumps as dumps  # (re-exported: the problems are written with it)
from service.article.answer import has_lone_surrogate


class SurrogateSafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, in schema field order, non-ASCII kept, lone surrogates escaped."""

    sort_keys = False
    ensure_ascii = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        if has_lone_surrogate(text):
            kwargs["ensure_ascii"] = True
            text = super().dumps(obj, **kwargs)
        return text


def init_app(app: Flask) -> None:
    """Serialize every JSON answer of ``app`` with ``SurrogateSafeJSONProvider``."""
    app.json = SurrogateSafeJSONProvider(app)

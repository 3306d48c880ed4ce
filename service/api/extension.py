"""flask-smorest wired to our rules: JSON bodies only, errors as problem+json, documented as such."""

from __future__ import annotations

import http
import json
from typing import Any

import flask
import flask_smorest
from flask_smorest.utils import prepare_response
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from service.api import security
from service.api.problems import MALFORMED_JSON, PROBLEM_MIMETYPE, ProblemError, ProblemSchema


class JsonBodyParser(FlaskParser):
    """A webargs parser that answers 415 for a non-JSON body and 400 for an empty or malformed one."""

    def load_json(self, req: flask.Request, schema: Any) -> Any:
        """Return the parsed JSON body, or raise the matching problem."""
        if not is_json_request(req):
            sent = req.mimetype or "no Content-Type"
            raise ProblemError(
                415,
                f"The request body must be JSON, sent with 'Content-Type: application/json' (got {sent}).",
            )
        body = req.get_data(cache=True)
        if not body.strip():
            raise ProblemError(
                400,
                "The request body is empty; expected a JSON object.",
                type=MALFORMED_JSON,
                title="Malformed JSON",
            )
        try:
            return core.parse_json(body)
        except json.JSONDecodeError as exc:
            # Position only: the message never quotes the body, which holds the article.
            raise ProblemError(
                400,
                f"The request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).",
                type=MALFORMED_JSON,
                title="Malformed JSON",
            ) from None
        except RecursionError:
            raise ProblemError(
                400,
                "The request body is nested too deeply to be parsed.",
                type=MALFORMED_JSON,
                title="Malformed JSON",
            ) from None


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose arguments come from a JSON body parsed by ``JsonBodyParser``."""

    ARGUMENTS_PARSER = JsonBodyParser()


_TOP_LEVEL_ORDER = ("openapi", "info", "servers", "tags", "paths", "components")


def _response_order(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (1000, code)


class Api(flask_smorest.Api):
    """flask-smorest's ``Api`` with problem+json errors, both served and documented."""

    ERROR_SCHEMA = ProblemSchema

    def openapi_document(self) -> dict[str, Any]:
        """The OpenAPI document, in a stable reading order (served as JSON and YAML, committed as YAML)."""
        spec = security.document(self.spec.to_dict())  # bearer keys, 401 and 503 of the /v1/ operations
        # flask-smorest always registers its pagination schema; this API does not paginate.
        spec.get("components", {}).get("schemas", {}).pop("PaginationMetadata", None)
        for path_item in spec.get("paths", {}).values():
            for operation in path_item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    responses = operation["responses"]
                    operation["responses"] = {
                        code: responses[code] for code in sorted(responses, key=_response_order)
                    }
        info = spec.get("info", {})
        spec["info"] = {key: info[key] for key in ("title", "version") if key in info} | info
        ordered = {key: spec[key] for key in _TOP_LEVEL_ORDER if key in spec}
        ordered.update((key, value) for key, value in spec.items() if key not in ordered)
        return ordered

    def _openapi_json(self) -> flask.Response:
        """Serve the same document as ``/openapi.yaml``, as JSON."""
        return flask.current_app.response_class(
            json.dumps(self.openapi_document(), indent=2, ensure_ascii=False), mimetype="application/json"
        )

    def _register_error_handlers(self) -> None:
        # Our handlers are registered by the app factory; flask-smorest's own JSON error format is not used.
        pass

    def _register_responses(self) -> None:
        """Document every error response as ``application/problem+json`` with ``ProblemSchema``."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Any other error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

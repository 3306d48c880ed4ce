"""The API's description: the OpenAPI document as YAML and Swagger UI's files, all served from this host."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import flask
import yaml
from swagger_ui_bundle import swagger_ui_path

docs = flask.Blueprint("docs", __name__)


class _Dumper(yaml.SafeDumper):
    """A YAML dumper that writes repeated values out instead of using anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def spec_dict(app: flask.Flask) -> dict[str, Any]:
    """The OpenAPI document of ``app``, generated from its schemas."""
    return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].openapi_document()


def spec_yaml(app: flask.Flask) -> str:
    """The OpenAPI document of ``app`` as YAML: the content of the committed ``openapi.yaml``."""
    return yaml.dump(spec_dict(app), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


@docs.get("/openapi.yaml")
def openapi_yaml() -> flask.Response:
    """Serve the OpenAPI document as YAML."""
    return flask.current_app.response_class(spec_yaml(flask.current_app), mimetype="application/yaml")


@docs.get("/docs/assets/<path:filename>")
def swagger_ui_asset(filename: str) -> flask.Response:
    """Serve Swagger UI's scripts and styles from the installed swagger-ui-bundle package."""
    return flask.send_from_directory(str(swagger_ui_path), filename, max_age=86400)


def main(argv: list[str] | None = None) -> int:
    """Write the generated OpenAPI document to a file, or with ``--check`` fail when the file differs."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("path", type=Path, nargs="?", default=Path("openapi.yaml"))
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)

    from service.app import create_app

    generated = spec_yaml(create_app())
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != generated:
            print(f"{args.path} is out of date: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    args.path.write_text(generated, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

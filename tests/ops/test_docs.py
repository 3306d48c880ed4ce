"""The documents match the code: links lead somewhere, `make` targets exist, settings are real, and the
README's example is what the service answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from service.config import ENV_DEFAULTS, ENV_TEXT, SERVER_DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    ROOT / "benchmarks" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_MAKE = re.compile(r"`make ([a-z][a-z-]*)")
_FENCE = re.compile(r"```(\w*)\n(.*?)```", re.DOTALL)


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_readme_is_short() -> None:
    # the bound: details belong in docs/, benchmarks/README.md and CONTRIBUTING.md
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 300


@pytest.mark.parametrize("document", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_relative_links_lead_to_files_and_headings(document: Path) -> None:
    for target in _LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (document.parent / path).resolve() if path else document
        assert file.exists(), f"{document.name}: broken link {target}"
        if anchor and file.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), flags=re.MULTILINE)
            # GitHub's anchors: lower case, punctuation dropped, spaces to hyphens
            slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{document.name}: no heading for #{anchor} in {file.name}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_make_targets_named_exist(document: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    named = set(_MAKE.findall(document.read_text(encoding="utf-8")))
    assert named <= targets, f"{document.name} names make targets that do not exist: {named - targets}"


def test_configuration_table_lists_real_settings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)`", readme, flags=re.MULTILINE))
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    server = set(re.findall(r"""(?:_env_int\(|environ\.get\()['"]([A-Z_]+)['"]""", gunicorn_conf))
    assert documented == set(ENV_DEFAULTS) | set(ENV_TEXT) | set(SERVER_DEFAULTS) | server


def test_readme_example_is_the_answer() -> None:
    from service.app import create_app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("## Example") :]
    fences = _FENCE.findall(example)
    request = json.loads(re.search(r"-d '(.*?)'", fences[0][1], flags=re.DOTALL).group(1))
    shown = json.loads(next(body for lang, body in fences if lang == "json"))
    response = create_app().test_client().post("/v1/timeline", json=request)
    assert response.status_code == 200
    assert response.get_json() == shown

"""benchmarks/compiled.py empties only its own output directory (it compiles nothing in these tests)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def compiled():
    """benchmarks/compiled.py as a module, with benchmarks/ on the path as when it runs (for `articles`)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(BENCHMARKS))
        spec = importlib.util.spec_from_file_location("benchmarks_compiled", BENCHMARKS / "compiled.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        yield module
        del sys.modules[spec.name]
        sys.modules.pop("articles", None)


def test_a_directory_it_did_not_make_is_left_alone(compiled, tmp_path):
    """`--out .` by mistake must not delete the user's files."""
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    with pytest.raises(SystemExit, match="not made by this script"):
        compiled.build(tmp_path)
    assert keep.read_text() == "mine"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/x/service/core/events.cpython-311-x86_64-linux-gnu.so", True),
        ("/x/service/core/events.py", False),
        ("/x/service/core/events.pyc", False),
    ],
    ids=["extension", "source", "bytecode"],
)
def test_it_tells_a_compiled_module_from_source(compiled, path, expected):
    """The check that the benchmarks really imported the compiled copy (articles.is_extension)."""
    assert compiled.is_extension(path) is expected

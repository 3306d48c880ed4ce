"""Build hook: with NEWS_TIMELINE_COMPILE=1 the core's per-article modules are compiled by mypyc.

Everything else about the package is in pyproject.toml. Without the variable (an editable install, `pip
install .`) the package is pure Python. The Docker image sets it (Dockerfile), as does `make compiled`,
which the benchmarks and CI use: the compiled core answers byte for byte as the Python one does
(benchmarks/compiled.py checks it) in about three quarters of the instructions. mypyc (part of mypy) and a
C compiler are needed only to build; the compiled modules need neither at run time.
"""

import os
import tomllib
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent


def compiled_modules() -> list[str]:
    """The source files of the modules to compile: pyproject.toml's [tool.news-timeline] compiled."""
    with open(HERE / "pyproject.toml", "rb") as f:
        names = tomllib.load(f)["tool"]["news-timeline"]["compiled"]
    return [f"service/core/{name}.py" for name in names]


def ext_modules() -> list:
    if os.environ.get("NEWS_TIMELINE_COMPILE") != "1":
        return []
    from mypyc.build import mypycify  # (only a compiling build needs mypy)

    # mypy checks what the modules import, service.api included, but reports errors only in them; one C
    # file for all of them, at -O3
    options = ["--ignore-missing-imports", "--follow-imports=silent", *compiled_modules()]
    return mypycify(options, opt_level="3")


setup(ext_modules=ext_modules())

"""The registry of optional dependencies agrees with pyproject.toml and names what to install."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib

from ctxwidget import _extras

PYPROJECT = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
DECLARED = PYPROJECT["project"]["optional-dependencies"]


def _distribution(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("-", "_")


@pytest.mark.parametrize("extra", sorted(_extras.EXTRAS))
def test_every_registered_extra_is_declared_and_provides_its_modules(extra: str) -> None:
    assert extra in DECLARED, f"{extra!r} is not an extra of pyproject.toml"
    distributions = {_distribution(r) for r in DECLARED[extra]}
    for module in _extras.EXTRAS[extra]:
        # A module of an extra is one of its distributions, or comes with one (torch with
        # sentence-transformers, distributed with dask[distributed]).
        assert module in distributions or extra in ("group-torch", "dask"), (extra, module, distributions)


def test_a_missing_module_names_the_extra_to_install() -> None:
    with pytest.raises(ImportError) as info:
        _extras.require_extra("group", "numpy", "ctxwidget_no_such_module", what="ctxwidget build")
    assert str(info.value) == (
        "ctxwidget build needs ctxwidget_no_such_module, an optional extra of ctxwidget: pip install 'ctxwidget[group]'"
    )
    assert info.value.name == "ctxwidget_no_such_module"
    with pytest.raises(ImportError, match=r"needs a_missing and b_missing, optional dependencies of ctxwidget: pip"):
        _extras.require_extra("pipeline", "a_missing", "b_missing")
    _extras.require_extra("group", "json")  # present: nothing raised


def test_an_unknown_extra_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"no extra 'gruop'; the extras are 'pandas', 'group'"):
        _extras.require_extra("gruop", "numpy")

"""pyproject.toml keeps a lower bound on every dependency and constraints.txt pins each one
within it (scripts/setup installs with it, scripts/lock rebuilds it), so a fresh install gets
the versions the tests passed with."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent.parent


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [req for group in project["optional-dependencies"].values() for req in group]
    return [Requirement(req) for req in [*project["dependencies"], *extras]]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"constraints.txt: {line!r} is not name==version"
            pins[canonicalize_name(name)] = version
    return pins


REQUIREMENTS = _requirements()


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_dependency_has_a_lower_bound(requirement):
    assert any(spec.operator in (">=", "~=") for spec in requirement.specifier), requirement


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_dependency_is_pinned_within_its_bounds(requirement):
    pinned = _pins().get(canonicalize_name(requirement.name))
    assert pinned, f"{requirement.name} is not in constraints.txt: run scripts/lock"
    assert requirement.specifier.contains(pinned, prereleases=True), (requirement, pinned)


def test_setup_installs_with_the_constraints():
    assert "-c constraints.txt" in (ROOT / "scripts" / "setup").read_text()

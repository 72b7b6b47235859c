"""The wheel's contents as pyproject.toml declares them: every Python package of checkin/, and
templates/, static/ and migrations/ mapped into the package, where checkin/paths.py looks once
installed (tests/integration/test_wheel_install.py builds and installs the real thing)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checkin import create_app, paths

ROOT = Path(__file__).resolve().parent.parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
MAPPED = {
    "checkin.templates": "templates",
    "checkin.static": "static",
    "checkin.migrations": "migrations",
}


def test_wheel_lists_every_package_of_checkin():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "checkin").rglob("__init__.py")
    }
    assert set(SETUPTOOLS["packages"]) == found | set(MAPPED)


def test_wheel_maps_the_top_level_folders_into_the_package():
    assert SETUPTOOLS["package-dir"] == MAPPED
    data = SETUPTOOLS["package-data"]
    assert "translations/*/LC_MESSAGES/*.mo" in data["checkin"]
    assert data["checkin.static"] == ["**/*"]  # static/vendor too, copied by scripts/setup


@pytest.mark.parametrize("folder", sorted(MAPPED.values()))
def test_resource_in_a_checkout_is_the_top_level_folder(folder):
    assert paths.resource(folder) == ROOT / folder


@pytest.mark.parametrize("folder", sorted(MAPPED.values()))
def test_resource_of_an_installed_package_is_its_own(folder, tmp_path, monkeypatch):
    (tmp_path / folder).mkdir()
    monkeypatch.setattr(paths, "PACKAGE", tmp_path)
    assert paths.resource(folder) == tmp_path / folder


def test_instance_folder_in_a_checkout_is_instance_next_to_the_package(monkeypatch):
    monkeypatch.delenv("CHECKIN_INSTANCE_PATH", raising=False)
    assert paths.instance_folder() == str(ROOT / "instance")
    assert create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}).instance_path == str(
        ROOT / "instance"
    )


def test_instance_path_setting_moves_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CHECKIN_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("CHECKIN_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'checkin.sqlite'}"

"""The apps are listed once (settings.PROJECT_APPS); everything else finds them."""

import ast
import tomllib
from pathlib import Path

from django.conf import settings
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[1]


def top_level_packages() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}


def test_every_app_folder_is_installed_and_every_installed_app_has_a_folder():
    assert top_level_packages() == {*settings.PROJECT_APPS, "plc"}


def test_packaging_finds_every_app_the_settings_install():
    # The same call setup.py makes.
    packaged = set(find_packages(where=str(ROOT), exclude=["tests", "tests.*"]))
    assert {*settings.PROJECT_APPS, "plc"} <= packaged


def test_the_layers_contract_names_every_app_once():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    in_layers = [app.strip() for layer in contract["layers"] for app in layer.split("|")]
    assert sorted(in_layers) == sorted({*settings.PROJECT_APPS, "plc"})
    assert sorted(config["root_packages"]) == sorted(in_layers)


def test_the_dockerfile_names_no_app_by_hand():
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY"):
            assert line.split()[1:] == [".", "."], line


def test_ruff_is_not_given_a_list_of_apps_to_keep_up_to_date():
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert "known-first-party" not in ruff["lint"].get("isort", {})


def test_no_app_imports_the_project_package_except_for_settings():
    # Apps read settings through django.conf; plc (urls, auth backends) sits on top.
    for app in settings.PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert not node.module.startswith("plc"), f"{path}: {node.module}"
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        assert not alias.name.startswith("plc"), f"{path}: {alias.name}"

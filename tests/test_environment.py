"""The environment files agree: requirements.in, requirements.lock and environment.yml."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _requirements_in():
    lines = (ROOT / "requirements.in").read_text().splitlines()
    return {line.split("#")[0].strip().lower() for line in lines if line.split("#")[0].strip()}


def _lock():
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s]+)", (ROOT / "requirements.lock").read_text(), re.M)
    return {name.lower(): version for name, version in pins}


def _conda():
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = [dep for dep in spec["dependencies"] if isinstance(dep, str) and "=" in dep]
    return {name.lower(): version for name, version in (dep.split("=", 1) for dep in pins) if name != "python"}


def test_every_top_level_package_is_locked():
    lock = _lock()
    assert _requirements_in() <= set(lock)


def test_environment_yml_lists_the_same_packages_at_the_locked_versions():
    conda, lock = _conda(), _lock()
    assert set(conda) == _requirements_in()
    assert {name: lock[name] for name in conda} == conda


def test_python_version_matches_the_lock_target():
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in spec["dependencies"]

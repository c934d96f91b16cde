"""A fixture project rendered and packed once per test session, for the review pack's tests.

``packed(tmp_path_factory)`` renders the four fixture reports (``fixture_project``) and
writes their pack with ``python -m tests.helpers.run_fixture --pack`` in a separate process
(chromium prints the PDFs there, away from any playwright session of the tests), once; later
calls return the same project. Tests copy the zip before changing it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.fixture_project import make_project

ROOT = Path(__file__).resolve().parents[2]
PACK_FILE = "ascc-mtr-review-2020-05-21.zip"
"""The fixture reports' sidecars give the reporting date 2020-05-21."""
_BUILT: dict[str, Packed] = {}


@dataclass(frozen=True)
class Packed:
    """The packed fixture project: its folders, the pack run's process, and the zip."""

    project: dict
    process: subprocess.CompletedProcess
    zip_path: Path


def run_fixture(project: dict, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m tests.helpers.run_fixture`` on a fixture project (its data and outputs), to completion."""
    environment = dict(os.environ, FIXTURE_TEMPLATES=str(project["templates"]),
                       FIXTURE_PACKAGE=str(project["package"]), **(env or {}))
    argv = [sys.executable, "-m", "tests.helpers.run_fixture", "--data-dir", str(project["data"]),
            "--output-dir", str(project["outputs"]), "--wait", "0", *args]
    return subprocess.run(argv, env=environment, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def packed(tmp_path_factory) -> Packed:
    """The fixture project rendered and packed (built at the first call of the session)."""
    if "pack" not in _BUILT:
        project = make_project(tmp_path_factory.mktemp("packed"))
        process = run_fixture(project, "--pack", "--jobs", "2")
        _BUILT["pack"] = Packed(project, process, project["outputs"] / PACK_FILE)
    return _BUILT["pack"]

"""A small registry of fixture reports for the renderer's tests (no real template involved).

Four reports over three chapters, each with its own copy of a fixture notebook so that a
test can break or slow down one of them:

- ``overview`` (chapter ``regional``) reads ``raw/tool1/*.xlsx`` and ``reference/*.csv``;
- ``nat-AAA``, ``nat-BBB`` (chapter ``national``, parameter ``ams``) read ``reference/*.csv``;
- ``char-X`` (chapter ``characteristic``, parameter ``characteristic``) reads ``raw/tool1/*.xlsx``.

``fake_gate`` stands in for the Great Expectations gate: ``FIXTURE_GATE=fail`` fails it,
``FIXTURE_GATE_LOG`` (a file) gets one line per call.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ascc_analysis.data.registry import Report
from ascc_analysis.pipeline.fingerprint import PACKAGE_DIR
from ascc_analysis.validation.result import Failure, GateResult

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
REPORTS = [
    ("overview", "regional", {}, ("raw/tool1/*.xlsx", "reference/*.csv")),
    ("nat-AAA", "national", {"ams": "AAA"}, ("reference/*.csv",)),
    ("nat-BBB", "national", {"ams": "BBB"}, ("reference/*.csv",)),
    ("char-X", "characteristic", {"characteristic": "X"}, ("raw/tool1/*.xlsx",)),
]
IDS = [report_id for report_id, *_ in REPORTS]


def fixture_reports(templates: Path) -> list[Report]:
    """The fixture registry; report ``<id>`` runs ``templates/<id>.ipynb``."""
    return [Report(report_id, chapter, {**parameters, "name": report_id}, f"Fixture report {report_id}",
                   template_path=Path(templates) / f"{report_id}.ipynb", input_patterns=inputs)
            for report_id, chapter, parameters, inputs in REPORTS]


def write_template(templates: Path, report_id: str, source: str = "ok", **defaults) -> Path:
    """Copy fixture notebook ``source`` as report ``report_id``'s template, changing parameter defaults."""
    notebook = json.loads((NOTEBOOKS / f"{source}.ipynb").read_text())
    for cell in notebook["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            lines = "".join(cell["source"]).splitlines()
            for key, value in defaults.items():
                lines = [f"{key} = {value!r}  # set by the test" if line.startswith(f"{key} =") else line
                         for line in lines]
            cell["source"] = "\n".join(lines)
    path = Path(templates) / f"{report_id}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1) + "\n")
    return path


def make_project(root: Path) -> dict[str, Path]:
    """``data/`` (two workbooks, one reference CSV), ``templates/`` (ok copies), ``outputs/`` and
    ``package/ascc_analysis`` (a frozen copy of the package source, the one fingerprinted) under ``root``."""
    data, templates = Path(root) / "data", Path(root) / "templates"
    shutil.copytree(PACKAGE_DIR, Path(root) / "package" / "ascc_analysis", ignore=shutil.ignore_patterns("__pycache__"))
    (data / "raw" / "tool1").mkdir(parents=True)
    (data / "reference").mkdir()
    (data / "raw" / "tool1" / "A.xlsx").write_bytes(b"workbook A")
    (data / "raw" / "tool1" / "B.xlsx").write_bytes(b"workbook B")
    (data / "reference" / "figures.csv").write_text("figure_id,value\nx,1\n")
    for report_id in IDS:
        write_template(templates, report_id)
    return paths_of(root)


def paths_of(root: Path) -> dict[str, Path]:
    """The folders of a fixture project."""
    root = Path(root)
    return {"root": root, "data": root / "data", "templates": root / "templates", "outputs": root / "outputs",
            "package": root / "package" / "ascc_analysis"}


def copy_project(source: Path, target: Path) -> dict[str, Path]:
    """A copy of a fixture project (data, templates, package copy and rendered outputs with their state)."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return paths_of(target)


def fake_gate(data_dir: Path, docs_dir: Path | None = None) -> GateResult:
    """The stand-in validation gate (see the module docstring); writes ``docs_dir/summary.html``."""
    log = os.environ.get("FIXTURE_GATE_LOG")
    if log:
        with open(log, "a") as stream:
            stream.write(f"{data_dir}\n")
    verdict = "failed" if os.environ.get("FIXTURE_GATE") == "fail" else "passed"
    if docs_dir is not None:
        Path(docs_dir).mkdir(parents=True, exist_ok=True)
        (Path(docs_dir) / "summary.html").write_text(f"<p>fixture validation {verdict}</p>")
    if os.environ.get("FIXTURE_GATE") == "fail":
        failure = Failure("fixture", "fake_gate", None, (), (), "the fake gate was told to fail")
        return GateResult(False, {"fixture": {"passed": 0, "failed": 1}}, (failure,))
    return GateResult(True, {"fixture": {"passed": 1, "failed": 0}})

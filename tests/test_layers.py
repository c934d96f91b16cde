"""The layers hold: the import contracts catch a wrong-way import, and no notebook imports the gate or the pipeline.

Modules are checked by import-linter (``lint-imports`` in ``make test``, contracts in
``pyproject.toml``); notebooks are not modules, so their code cells are parsed here.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FORBIDDEN_IN_NOTEBOOKS = ("great_expectations", "ascc_analysis.validation", "ascc_analysis.pipeline")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def imported_modules(source: str) -> set[str]:
    """Every module a piece of code imports (``from a import b`` counts as ``a`` and ``a.b``)."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    modules = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def forbidden(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for bad in FORBIDDEN_IN_NOTEBOOKS if m == bad or m.startswith(bad + "."))


def test_imported_modules_sees_every_spelling():
    source = ("import great_expectations as gx\nfrom ascc_analysis import validation\n"
              "%matplotlib inline\nfrom ascc_analysis.pipeline.gate import run_validation\n")
    assert forbidden(imported_modules(source)) == [
        "ascc_analysis.pipeline.gate", "ascc_analysis.pipeline.gate.run_validation", "ascc_analysis.validation",
        "great_expectations"]


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) == 5


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebooks_import_neither_the_gate_nor_the_pipeline(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    assert not [(number, forbidden(imported_modules(source))) for number, source in enumerate(code, start=1)
                if forbidden(imported_modules(source))]


def test_a_wrong_way_import_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "ascc_analysis", tmp_path / "ascc_analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    lint = [str(LINT_IMPORTS), "--no-cache"]
    clean = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout[-3000:]
    with open(tmp_path / "ascc_analysis" / "analysis" / "gaps.py", "a") as module:
        module.write("\nfrom ascc_analysis.pipeline import lock  # noqa: E402, F401\n")
    broken = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True)
    assert broken.returncode != 0
    assert "ascc_analysis.analysis.gaps -> ascc_analysis.pipeline.lock" in broken.stdout

"""Repository rules for the templates: clean sources, a parameters cell, no GX in kernels."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "notebooks").glob("0*.ipynb"))
PUBLISHED_LOOKING = re.compile(r"\b(964|977|387|402|362|325|559|71\.8|24\.8|76\.8|78\.4|63\.3|67\.1|73\.9)\b")


def _cells(path):
    return json.loads(path.read_text())["cells"]


def test_templates_exist():
    assert TEMPLATES, "no templates in notebooks/"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_parameters_cell_with_help_on_every_parameter(path):
    tagged = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    lines = [line for line in "".join(tagged[0]["source"]).splitlines() if line.strip()]
    names = [line.split("=")[0].strip() for line in lines]
    assert names[:2] == ["data_dir", "output_dir"]
    assert all("#" in line for line in lines), "every parameter needs a help comment"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_great_expectations_and_no_typed_published_figures(path):
    source = "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "code")
    assert "great_expectations" not in source
    assert not PUBLISHED_LOOKING.search(source)

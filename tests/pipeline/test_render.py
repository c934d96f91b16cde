"""The worker side of rendering, without a kernel (ascc_analysis.pipeline.render)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ascc_analysis.data.registry import Report
from ascc_analysis.pipeline import render

ROOT = Path(__file__).resolve().parents[2]


def _notebook(tmp_path, cells) -> Path:
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    return path


def _code(count, start):
    return {"cell_type": "code", "execution_count": count,
            "metadata": {"papermill": {"start_time": start, "status": "completed"}}}


def test_running_cell_is_the_last_started_one(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}}, _code(1, "t1"), _code(2, "t2"), _code(None, None)]
    assert render.running_cell(_notebook(tmp_path, cells)) == 2
    cells[3] = _code(None, "t3")  # started but killed before the kernel numbered it
    assert render.running_cell(_notebook(tmp_path, cells)) == 3
    assert render.running_cell(tmp_path / "missing.ipynb") is None


def test_describe_error_of_papermill_and_other_exceptions(tmp_path):
    class PapermillLike(Exception):
        exec_count, ename, evalue = 7, "KeyError", "'VNM'"

    assert render.describe_error(PapermillLike(), tmp_path / "x") == {"cell": 7, "ename": "KeyError", "evalue": "'VNM'"}
    described = render.describe_error(TimeoutError("A cell timed out\nmore"), _notebook(tmp_path, [_code(3, "t")]))
    assert described == {"cell": 3, "ename": "TimeoutError", "evalue": "A cell timed out"}


def test_finish_sidecar_points_at_the_published_folder(tmp_path):
    sidecar = tmp_path / "r.json"
    sidecar.write_text(json.dumps({"parameters": {"output_dir": "/out/.staging-1"}, "reporting_date": "2020-05-21"}))
    assert render._finish_sidecar(sidecar, "/out")["reporting_date"] == "2020-05-21"
    assert json.loads(sidecar.read_text())["parameters"]["output_dir"] == "/out"
    assert render._finish_sidecar(tmp_path / "none.json", "/out") is None


@pytest.mark.parametrize("report", [
    Report("national-VNM", "national", {"ams": "VNM"}, "National progress: Viet Nam"),
    Report("nat-AAA", "national", {"ams": "AAA"}, "Fixture", template_path=Path("/t/nat-AAA.ipynb"),
           input_patterns=("reference/*.csv",)),
])
def test_task_json_round_trip_keeps_the_report(report):
    task = render.Task(report, Path("/data"), Path("/out"), Path("/out/.staging-1"), 60, False,
                       input_files=("/data/reference/figures.csv",))
    back = render.Task.from_json(json.loads(json.dumps(task.to_json())))
    assert back == task and back.report.template == report.template and back.report.inputs == report.inputs


def test_importing_render_is_cheap():
    code = ("import sys, ascc_analysis.pipeline.render; "
            "print(any(m in sys.modules for m in ('papermill', 'nbconvert', 'pandas')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_the_page_banner_comes_from_the_sidecar(tmp_path):
    assert render._banner(None, tmp_path) == ""
    banner = render._banner({"basis": {"marks": 2, "reconstructed_share": 50.0}}, tmp_path)
    assert 'class="report-banner"' in banner and "50.0% of this report" in banner

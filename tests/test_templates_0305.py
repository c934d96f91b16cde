"""Templates 03 (resources) and 05 (recommendations) rendered through papermill into tmp_path."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from ascc_analysis import config as paths
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.data import institutions
from ascc_analysis.data.registry import get_report
from ascc_analysis.pipeline.render import execute_report
from ascc_analysis.data.taxonomy import load_taxonomy

EXPECTED_IDS = {
    "resources": {"declarations_since_2016": lambda: institutions.figures()["declarations_since_2016"]},
    "recommendations": {key: (lambda key=key: outcomes.figures()[key])
                        for key in ("kpis_insufficient_data", "kpi_gap_categories", "B_recommendation_kpis")},
}


def _outputs(notebook):
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


@pytest.fixture(scope="module", params=sorted(EXPECTED_IDS))
def rendered(request, tmp_path_factory):
    report = get_report(request.param)
    folder = tmp_path_factory.mktemp(report.report_id)
    notebook = execute_report(report, paths.DATA_DIR, folder, folder / f"{report.report_id}.ipynb", timeout=600)
    sidecar = json.loads((folder / f"{report.report_id}.json").read_text())
    return report, nbformat.read(notebook, as_version=4), sidecar


@pytest.mark.slow
def test_no_cell_errored(rendered):
    _, notebook, _ = rendered
    assert not [o for o in _outputs(notebook) if o.output_type == "error"]
    assert not [o for o in _outputs(notebook) if o.output_type == "stream" and o.name == "stderr"]


@pytest.mark.slow
def test_sidecar_carries_the_report_id_published_ids_and_provenance(rendered):
    report, _, sidecar = rendered
    assert sidecar["report_id"] == report.report_id
    for figure_id, expected in EXPECTED_IDS[report.report_id].items():
        assert sidecar["figures"][figure_id] == expected(), figure_id
    assert sidecar["provenance"] and all(n > 0 for n in sidecar["provenance"].values())
    assert set(sidecar["provenance"]) <= set(load_taxonomy().provenance_codes)
    assert sidecar["reporting_date"]


@pytest.mark.slow
def test_every_image_has_alt_text_and_every_table_a_csv_link(rendered):
    _, notebook, _ = rendered
    html = [o["data"]["text/html"] for o in _outputs(notebook) if "text/html" in o.get("data", {})]
    images = [h for h in html if h.startswith("<img")]
    tables = [h for h in html if "<table" in h]
    assert images and tables
    assert all(re.match(r'<img alt="[^"]{10,}"', h) for h in images)
    assert all("csv-download" in h for h in tables)


@pytest.mark.slow
def test_ends_with_the_provenance_panel(rendered):
    _, notebook, _ = rendered
    headings = [c.source for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings[-1] == "## Provenance of the data"
    last = _outputs(notebook)[-1]
    assert last["data"]["text/markdown"].startswith("Of the ")

"""End to end: all 18 reports rendered by run_all.py from the shipped data (one render per session)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ascc_analysis.analysis import reconcile
from ascc_analysis.data import datasets, registry
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.html_export import find_external_resources, strip_render_time

ROOT = Path(__file__).resolve().parents[1]
REPORTS = {report.report_id: report for report in registry.all_reports()}
REPORT_IDS = list(REPORTS)
MAX_HTML_BYTES = 2 * 1024 * 1024

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(rendered_outputs):
    output_dir, process = rendered_outputs
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return output_dir


CHAPTER_FIGURES = {
    "resources": {"declarations_since_2016"},
    "recommendations": {"kpis_insufficient_data", "kpi_gap_categories", "B_recommendation_kpis"},
}
"""Published figures that only one chapter's report computes (their values: the reconciliation tests)."""


def _reconcile(figures: dict):
    return reconcile.reconcile(figures, datasets.load("published_figures"), datasets.load("reconciliation_notes"))


def _sidecar(outputs: Path, report_id: str) -> dict:
    return json.loads((outputs / f"{report_id}.json").read_text(encoding="utf-8"))


def _cell_outputs(outputs: Path, report_id: str) -> tuple[nbformat.NotebookNode, list]:
    notebook = nbformat.read(outputs / "notebooks" / f"{report_id}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return notebook, [output for cell in code for output in cell.get("outputs", [])]


def test_run_all_renders_every_report_and_the_index(outputs, rendered_outputs):
    assert "18 reports: 18 ok." in rendered_outputs[1].stdout
    for report_id in REPORT_IDS:
        assert (outputs / f"{report_id}.html").is_file(), report_id
        assert (outputs / "notebooks" / f"{report_id}.ipynb").is_file(), report_id
    assert (outputs / "index.html").is_file()
    assert (outputs / "validation" / "summary.html").is_file()
    assert not (outputs / "failed").exists() or not any((outputs / "failed").iterdir())


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_sidecar_follows_the_convention(outputs, report_id):
    sidecar = _sidecar(outputs, report_id)
    assert {"report_id", "parameters", "figures", "provenance"} <= set(sidecar)
    assert sidecar["report_id"] == report_id
    assert sidecar["parameters"]["output_dir"] == str(outputs)
    for key, value in REPORTS[report_id].parameters.items():
        assert sidecar["parameters"][key] == value
    assert sidecar["figures"] and sum(sidecar["provenance"].values()) > 0


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_sidecar_provenance_uses_the_taxonomy_codes(outputs, report_id):
    sidecar = _sidecar(outputs, report_id)
    assert sidecar["provenance"] and all(count > 0 for count in sidecar["provenance"].values())
    assert set(sidecar["provenance"]) <= set(load_taxonomy().provenance_codes)


@pytest.mark.parametrize("report_id", [r for r in REPORT_IDS if REPORTS[r].chapter != "national"])
def test_reports_on_the_tool1_register_give_its_reporting_date(outputs, report_id):
    assert _sidecar(outputs, report_id)["reporting_date"]


@pytest.mark.parametrize("report_id", sorted(CHAPTER_FIGURES))
def test_chapter_sidecars_carry_the_figures_only_their_chapter_computes(outputs, report_id):
    assert CHAPTER_FIGURES[report_id] <= set(_sidecar(outputs, report_id)["figures"])


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_no_cell_raised_or_wrote_to_stderr(outputs, report_id):
    _, cell_outputs = _cell_outputs(outputs, report_id)
    assert not [output for output in cell_outputs if output.output_type == "error"]
    assert not [output for output in cell_outputs if output.output_type == "stream" and output.name == "stderr"]


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_every_chart_has_alt_text_and_every_table_a_csv_link(outputs, report_id):
    _, cell_outputs = _cell_outputs(outputs, report_id)
    html = [output["data"]["text/html"] for output in cell_outputs if "text/html" in output.get("data", {})]
    images, tables = [h for h in html if "<img" in h], [h for h in html if "<table" in h]  # a basis mark may lead
    assert images and tables
    assert all(len(re.findall(r'<img alt="[^"]{10,}"', image)) == image.count("<img") for image in images)
    assert all("csv-download" in table for table in tables)


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_report_ends_with_the_provenance_panel(outputs, report_id):
    notebook, cell_outputs = _cell_outputs(outputs, report_id)
    headings = [c.source for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings[-1] == "## Provenance of the data"
    assert cell_outputs[-1]["data"]["text/markdown"].startswith("Of the ")


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_sidecar_figures_equal_the_published_ones_where_the_reconciliation_says_so(outputs, report_id):
    figures = _sidecar(outputs, report_id)["figures"]
    table = _reconcile(figures)
    mine = table[table["figure_id"].isin(figures)]
    bad = mine[~mine["status"].isin(reconcile.EXPLAINED)]
    assert bad.empty, bad[["figure_id", "published", "computed", "status"]].to_string()


def test_regional_sidecar_accounts_for_every_published_figure(outputs):
    table = _reconcile(_sidecar(outputs, "regional")["figures"])
    assert table["status"].isin(reconcile.EXPLAINED).all(), table[~table["status"].isin(reconcile.EXPLAINED)]


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_html_is_self_contained_small_and_code_free(outputs, report_id):
    html = (outputs / f"{report_id}.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < MAX_HTML_BYTES
    assert find_external_resources(html) == []
    assert "<script" not in html
    assert "hl-ipython3" not in html and "start_report(" not in html  # code hidden by default
    assert "data-render-time" in html
    assert "Traceback" not in html


def test_same_inputs_give_the_same_html_apart_from_the_render_time(outputs):
    before = strip_render_time((outputs / "regional.html").read_text(encoding="utf-8"))
    process = subprocess.run([sys.executable, "run_all.py", "--output-dir", str(outputs), "--chapter", "regional",
                              "--force", "--wait", "60"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    after = strip_render_time((outputs / "regional.html").read_text(encoding="utf-8"))
    assert before == after


# ---- resources: basis marks, Tables 7 and 8 beside the data, no named ranking on reconstructed rows ----------
RESOURCES_RANKINGS = {"funding": "Funding sources by Sectoral Body", "kras": "KRAs by the number of Sectoral Bodies"}
"""Captions (their start) of the resources tables that rank Sectoral Bodies or KRAs."""


def _page(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _table_by_caption(page, start: str):
    tables = [t for t in page.find_all("table") if t.caption and t.caption.get_text(" ", strip=True).startswith(start)]
    assert len(tables) == 1, start
    return tables[0]


def _first_column(table) -> list[str]:
    return [row.find_all("td")[0].get_text(" ", strip=True) for row in table.find("tbody").find_all("tr")]


def _rows(table) -> list[dict]:
    columns = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    return [dict(zip(columns, [td.get_text(" ", strip=True) for td in tr.find_all("td")]))
            for tr in table.find("tbody").find_all("tr")]


def _network_sentence(page) -> str:
    sentences = [p.get_text(" ", strip=True) for p in page.find_all("p") if "possible pairs" in p.get_text()]
    assert len(sentences) == 1
    return sentences[0]


@pytest.fixture(scope="module")
def reported_resources(tmp_path_factory):
    """The resources report rendered from a copy of the data whose Tool 1 workbooks say ``reported``."""
    from tests.helpers.reported_data import reported_copy

    root = tmp_path_factory.mktemp("reported")
    data, output = reported_copy(root / "data"), root / "outputs"
    process = subprocess.run([sys.executable, "run_all.py", "--data-dir", str(data), "--output-dir", str(output),
                              "--chapter", "resources", "--force", "--wait", "0"], cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return _page(output / "resources.html")


def test_resources_marks_every_table_and_chart_and_shows_tables_7_and_8_verbatim_once(outputs):
    _, cell_outputs = _cell_outputs(outputs, "resources")
    html = [output["data"]["text/html"] for output in cell_outputs if "text/html" in output.get("data", {})]
    shown = [h for h in html if "<table" in h or "<img" in h]
    assert len(shown) >= 10 and all(h.startswith('<p class="basis-mark') for h in shown)
    page = _page(outputs / "resources.html")
    text = " ".join(page.get_text(" ").split())
    findings = datasets.load("assessment_findings")
    for table, anchor in (("Table 7", "table-7"), ("Table 8", "table-8")):
        assert page.find(id=anchor).name == "h2" and len(page.find_all(id=anchor)) == 1
        printed = findings.loc[findings["table"] == table, "finding"].tolist()
        rows = _rows(_table_by_caption(page, table))
        assert [row["As published"] for row in rows] == printed  # verbatim, in printed order
        assert {"Computed here", "Basis", "Agreement"} <= set(rows[0])
        assert sum(text.count(finding) for finding in printed) == len(printed)  # once in the report
    declarations = next(row for row in _rows(_table_by_caption(page, "Table 7")) if "36" in row["Figures stated"])
    computed = _sidecar(outputs, "resources")["figures"]["declarations_since_2016"]
    assert declarations["Computed here"] == str(computed) and declarations["Agreement"].startswith("differs")
    reason = datasets.load("reconciliation_notes").set_index("figure_id").at["declarations_since_2016", "reason"]
    assert " ".join(reason.split()) in declarations["Agreement"]


def test_resources_names_no_body_or_kra_in_a_ranking_of_reconstructed_rows_and_names_them_when_reported(
        outputs, reported_resources):
    taxonomy = load_taxonomy()
    bodies, kras = set(taxonomy.implementing_bodies), set(taxonomy.kras["kra_code"])
    page = _page(outputs / "resources.html")
    funding = _first_column(_table_by_caption(page, RESOURCES_RANKINGS["funding"]))
    assert funding and not bodies & set(funding) and funding[0] == "the first-ranked body"
    assert not kras & set(_first_column(_table_by_caption(page, RESOURCES_RANKINGS["kras"])))
    network = _network_sentence(page)
    assert not any(body in network for body in bodies) and "Names are withheld" in network
    assert "Caution:" in network
    named = _first_column(_table_by_caption(reported_resources, RESOURCES_RANKINGS["funding"]))
    assert set(named) == bodies  # the same table, every body named, when the rows are reported
    assert set(_first_column(_table_by_caption(reported_resources, RESOURCES_RANKINGS["kras"]))) <= kras
    network = _network_sentence(reported_resources)
    assert any(body in network for body in bodies) and "withheld" not in network and "Caution" not in network

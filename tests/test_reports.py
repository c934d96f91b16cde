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


# ---- national: one ASEAN average per indicator and year, panels named, publishers cited, Table 8 linked --------
NATIONAL_IDS = [report_id for report_id in REPORT_IDS if REPORTS[report_id].chapter == "national"]
VALUE_AND_YEAR = re.compile(r"(-?[\d,.]+) \((\d{4})\)")
"""A value with its year as the national tables print it: ``14.54 (2019)``."""
COPY_HOSTS = ("github:", "e.vnexpress.net", "www.marketing-interactive.com", "www.xinhuanet.com")
"""Hosts of the copies the public statistics were read from: never where a reviewer reads the source."""


def _csv_tables(page) -> dict:
    """Each table of a page read back from its CSV download link, by the link's file name (without ``.csv``)."""
    import base64
    import io

    import pandas as pd

    return {link["download"][:-4]: pd.read_csv(io.BytesIO(base64.b64decode(link["href"].split("base64,", 1)[1])),
                                               dtype=str, keep_default_na=False)
            for link in page.find_all("a", class_="csv-download")}


def test_national_reports_share_each_average_name_its_panel_cite_publishers_and_link_table_8(outputs):
    footnote = load_taxonomy().label("kpi_id_origins", "project", column="footnote")
    findings = datasets.load("assessment_findings")
    synthesis = findings.loc[findings["level"] == "national_synthesis", "finding"].astype(str)
    averages: dict = {}
    published_tables = []
    for report_id in NATIONAL_IDS:
        iso3 = REPORTS[report_id].parameters["ams"]
        page = _page(outputs / f"{report_id}.html")
        tables = _csv_tables(page)
        assert "Constant panel (AMS averaged)" not in tables[f"kpi-profile-{iso3}"]  # the country's own columns first
        for name in (f"kpi-panels-{iso3}", f"context-series-{iso3}", f"other-statistics-{iso3}"):
            for row in tables[name].to_dict("records") if name in tables else []:
                shown = VALUE_AND_YEAR.findall(row["ASEAN average, latest year"] + " "
                                               + row["ASEAN average over the panel"])
                panel = row["Constant panel (AMS averaged)"]
                assert not shown or panel, (report_id, row["Indicator"])  # every compared average names its panel
                for value, year in shown:
                    averages.setdefault((row["Indicator"], year), set()).add((value, panel))
        published_tables.append(tables[f"asean-averages-{iso3}"].to_dict("records"))
        assert page.find("a", href="resources.html#table-8") is not None, report_id
        text = page.get_text(" ", strip=True)
        assert not [f for f in synthesis if f[:80] in text], report_id  # Table 8 linked, not repeated
        assert "World Bank, Worldwide Governance Indicators, edition not known" in text, report_id
        assert text.count(footnote) == (1 if "†" in text.replace(footnote, "") else 0), report_id
        marks = len(page.select(".basis-mark"))
        assert marks >= len(page.find_all("a", class_="csv-download")) + len(page.find_all("img")), report_id
        assert any(host in str(tag) for tag in page.find_all("details") for host in COPY_HOSTS), report_id
        for tag in page(["details", "script", "style"]):
            tag.decompose()
        visible = page.get_text(" ") + " ".join(img.get("alt", "") for img in page.find_all("img"))
        assert not [host for host in COPY_HOSTS if host in visible], report_id
    assert averages and {key: found for key, found in averages.items() if len(found) > 1} == {}
    neet = averages[("Youth not in employment, education or training (NEET)", "2019")]
    assert neet == {("14.5", "5 of 10: IDN, PHL, SGP, THA, VNM")}  # a share to one decimal; was 15.386, 17.04 or 14.475
    assert all(table == published_tables[0] for table in published_tables)
    printed = datasets.load("published_figures").set_index("figure_id")["value"]
    gci = {row["Year"]: row for row in published_tables[0] if row["KPI"] == "KPI 26a"}
    assert gci["2019"]["Published in the MTR"] == printed["E_gci_2019"]
    assert (gci["2019"]["Constant-panel average"], gci["2019"]["Constant panel (AMS averaged)"]) == (
        "69.25", "6 of 10: IDN, MYS, PHL, SGP, THA, VNM")


# ---- resources: basis marks, Tables 7 and 8 beside the data, no named ranking on reconstructed rows ----------
RESOURCES_RANKINGS = {"funding": "Funding sources by Sectoral Body", "kras": "KRAs by the number of Sectoral Bodies"}
"""Captions (their start) of the resources tables that rank Sectoral Bodies or KRAs."""


def _page(path: Path):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    # A <wbr> is a place a line may break, not a space: read the text as a browser shows it.
    for hint in page.find_all("wbr"):
        hint.decompose()
    page.smooth()
    return page


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


# ---- regional: Table 1 beside the data, basis marks, no named ranking on reconstructed rows, coverage ---------
def _render(data: Path, output: Path, chapter: str):
    process = subprocess.run([sys.executable, "run_all.py", "--data-dir", str(data), "--output-dir", str(output),
                              "--chapter", chapter, "--force", "--wait", "0"], cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def reported_regional(tmp_path_factory):
    """The regional report rendered from a copy of the data whose Tool 1 workbooks say ``reported``."""
    from tests.helpers.reported_data import reported_copy

    root = tmp_path_factory.mktemp("reported-regional")
    return _page(_render(reported_copy(root / "data"), root / "outputs", "regional") / "regional.html")


def _kras_sentence(page) -> str:
    sentences = [p.get_text(" ", strip=True) for p in page.find_all("p")
                 if "KRAs with linked activities" in p.get_text()]
    assert len(sentences) == 1
    return sentences[0]


def test_regional_shows_table_1_verbatim_beside_the_data_and_marks_everything(outputs):
    _, cell_outputs = _cell_outputs(outputs, "regional")
    html = [output["data"]["text/html"] for output in cell_outputs if "text/html" in output.get("data", {})]
    assert all(h.startswith('<p class="basis-mark') for h in html if "<table" in h or "<img" in h)
    page = _page(outputs / "regional.html")
    rows = _rows(_table_by_caption(page, "MTR Table 1 as published"))
    printed = datasets.load("mtr_tables")
    printed = printed[printed["table"] == "Table 1"]
    assert [row["As published"] for row in rows] == printed["text"].tolist()
    assert [row["MTR column"] for row in rows] == printed["column"].tolist()
    published = datasets.load("published_figures").fillna("")
    for figure_id, metric, where in zip(published["figure_id"], published["metric"], published["printed_in"]):
        for row_id in where.split():
            if row_id in set(printed["row_id"]):
                row = rows[printed["row_id"].tolist().index(row_id)]
                assert f"({metric})" in row["Figures stated"], (figure_id, row_id)  # named, never by its id
    assert all(row["Agreement"].startswith(("agrees", "differs")) and row["Basis"] for row in rows)
    assert all("holds by construction" in row["Agreement"] for row in rows)
    text = " ".join(page.get_text(" ").split())
    overall = printed.loc[printed["column"] == "Overall Progress", "text"].iloc[0]
    assert text.count(overall) == 2  # in Table 1 and quoted with the counts it rests on
    assert "Leaving out the units whose status rests on reconstructed rows" in text
    assert re.search(r"Of 66 published figures: \d+ exact \(\d+ by construction", text)


def test_regional_names_no_kra_or_body_in_a_ranking_of_reconstructed_rows_and_names_them_when_reported(
        outputs, reported_regional):
    kras = set(load_taxonomy().kras["kra_code"])
    page = _page(outputs / "regional.html")
    sentence = _kras_sentence(page)
    assert not any(re.search(rf"\b{re.escape(kra)}\b", sentence) for kra in kras) and "Names are withheld" in sentence
    characteristics = [t for t in page.find_all("table") if "Largest body as the MTR prints it" in t.get_text()]
    assert len(characteristics) == 1 and "Largest body" not in _rows(characteristics[0])[0]
    named = _kras_sentence(reported_regional)
    assert any(re.search(rf"\b{re.escape(kra)}\b", named) for kra in kras) and "withheld" not in named
    reported = [t for t in reported_regional.find_all("table") if "Largest body as the MTR prints it" in t.get_text()]
    assert _rows(reported[0])[0]["Largest body"] == "SOMHD"
    assert "independent check" in " ".join(reported_regional.get_text(" ").split())


def test_every_report_opens_with_its_reconstructed_share_and_the_index_lists_the_shares(outputs):
    index = _page(outputs / "index.html")
    for report_id in REPORT_IDS:
        banner = _page(outputs / f"{report_id}.html").find("main").find("section", class_="report-banner")
        share = _sidecar(outputs, report_id)["basis"]["reconstructed_share"]
        assert banner.find(class_="reconstructed-share")["data-reconstructed-share"] == str(share), report_id
        assert banner.find("dl", class_="basis-legend") is not None
        row = index.find("tr", attrs={"data-report-id": report_id})
        assert row.find(class_="reconstructed-share")["data-reconstructed-share"] == str(share), report_id
    assert index.find(class_="check-summary").get_text().startswith("Of the 66 figures: ")


def test_a_partial_register_opens_its_reports_with_the_coverage_and_records_it(tmp_path):
    data = tmp_path / "data" / "raw" / "tool1"
    data.mkdir(parents=True)
    for body in ("ASOEN", "SOMHD"):
        (data / f"{body}.xlsx").write_bytes((ROOT / "data" / "raw" / "tool1" / f"{body}.xlsx").read_bytes())
    output = _render(tmp_path / "data", tmp_path / "outputs", "regional")
    coverage = _sidecar(output, "regional")["coverage"]
    assert (coverage["present"], coverage["expected"], len(coverage["missing"])) == (2, 15, 13)
    banner = _page(output / "regional.html").find("section", class_="report-banner")
    line = banner.find(class_="coverage-banner").get_text(" ", strip=True)
    assert line.startswith("13 of the 15 implementing Sectoral Bodies sent no workbook:") and "the 2 that did" in line
    assert "13 of the 15" in _page(output / "index.html").find("tr", attrs={"data-report-id": "regional"}).get_text()


# ---- recommendations: Tables 9 and 10 beside the evidence, the Conclusion, the annexes, no named ranking -------
RECOMMENDATIONS_TABLES = {"tracking": "Table 9 (Strategic Recommendations) and Table 10", "gaps": "Assessed, completed",
                          "register": "Every KPI unit", "counts": "The MTR's KPI counts beside",
                          "missing": "KPI units without measured data", "collectors": "Who would collect"}
"""Captions (their start) of the recommendations tables the tests read."""


@pytest.fixture(scope="module")
def reported_recommendations(tmp_path_factory):
    """The recommendations report rendered from a copy of the data whose Tool 1 workbooks say ``reported``."""
    from tests.helpers.reported_data import reported_copy

    root = tmp_path_factory.mktemp("reported-recommendations")
    data, output = reported_copy(root / "data"), root / "outputs"
    process = subprocess.run([sys.executable, "run_all.py", "--data-dir", str(data), "--output-dir", str(output),
                              "--chapter", "recommendations", "--force", "--wait", "0"], cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return _page(output / "recommendations.html")


def _csv_of(table):
    import base64
    import io

    import pandas as pd

    link = table.find_next("a", class_="csv-download")
    payload = link["href"].split("base64,", 1)[1]
    return link["download"], pd.read_csv(io.StringIO(base64.b64decode(payload).decode("utf-8")))


def test_recommendations_show_tables_9_and_10_verbatim_with_their_tracking_the_conclusion_and_the_annexes(outputs):
    _, cell_outputs = _cell_outputs(outputs, "recommendations")
    html = [output["data"]["text/html"] for output in cell_outputs if "text/html" in output.get("data", {})]
    shown = [h for h in html if "<table" in h or "<img" in h]
    assert len(shown) >= 11 and all(h.startswith('<p class="basis-mark') for h in shown)
    page = _page(outputs / "recommendations.html")
    printed = datasets.load("mtr_tables")
    printed = printed[printed["table"].isin(["Table 9", "Table 10"])]
    tracking = _table_by_caption(page, RECOMMENDATIONS_TABLES["tracking"])
    rows = _rows(tracking)
    assert [row["Recommendation (as published)"] for row in rows] == printed["text"].tolist()
    assert all(row["Issue"].startswith(label) for row, label in zip(rows, printed["row_label"]))
    assert all(row["Evidence computed here"] and row["Follow-up indicator"] and row["Basis of the evidence"]
               for row in rows)
    name, frame = _csv_of(tracking)
    assert name == "recommendation-tracking.csv" and len(frame) == len(printed)
    assert {"Recommendation (as published)", "Evidence computed here", "KPI", "Follow-up indicator",
            "Basis of the evidence"} <= set(frame.columns)
    conclusion = " ".join(datasets.load("mtr_conclusion")["text"])
    quotes = [q.get_text(" ", strip=True) for q in page.find_all("blockquote")]
    for words in ("COVID-19", "ASEAN Comprehensive Recovery Framework"):
        quote = next(q for q in quotes if words in q)
        assert quote.split("”")[0].lstrip("“") in conclusion and "section 6 (Conclusion)" in quote
    taxonomy = load_taxonomy()
    framework = datasets.load("kpi_framework")
    register = _rows(_table_by_caption(page, RECOMMENDATIONS_TABLES["register"]))
    mark = taxonomy.label("kpi_id_origins", "project", column="mark")
    units = framework[framework["is_unit"]]
    assert [row["KPI"].endswith(mark) for row in register] == [not named for named in units["id_named_in_mtr"]]
    reconstructed = taxonomy.label("provenance", "reconstructed")
    assert all(row["Status"] != "Progress" for row in register if row["Basis of the status"] == reconstructed)
    text = " ".join(page.get_text(" ").split())
    assert text.count(" ".join(taxonomy.label("kpi_id_origins", "project", column="footnote").split())) == 1
    counts = _rows(_table_by_caption(page, RECOMMENDATIONS_TABLES["counts"]))
    published = datasets.load("published_figures").set_index("figure_id")
    assert [row["MTR as published"] for row in counts] == [published.at[k, "value"] for k in
                                                           ("kpis_total", "kpis_sufficient_data",
                                                            "kpis_insufficient_data", "kpis_with_progress")]
    assert any(row["Without reconstructed rows"] != row["This review"] for row in counts)
    assert any(img["alt"].startswith("Heatmap: number of KPI units") for img in page.find_all("img"))
    collectors = _rows(_table_by_caption(page, RECOMMENDATIONS_TABLES["collectors"]))
    table9 = set(printed.loc[printed["table"] == "Table 9", "text"])
    assert sum(row["Who would collect it (Table 9, as published)"] in table9 for row in collectors) == 3
    assert _rows(_table_by_caption(page, RECOMMENDATIONS_TABLES["missing"]))


def test_recommendations_name_no_body_in_a_ranking_of_reconstructed_rows_and_name_them_when_reported(
        outputs, reported_recommendations):
    bodies = set(load_taxonomy().implementing_bodies)
    page = _page(outputs / "recommendations.html")
    ranked = _first_column(_table_by_caption(page, RECOMMENDATIONS_TABLES["gaps"]))
    assert not bodies & set(ranked) and ranked[0] == "the first-ranked body"
    evidence = " ".join(row["Evidence computed here"]
                        for row in _rows(_table_by_caption(page, RECOMMENDATIONS_TABLES["tracking"])))
    sentences = [p.get_text(" ", strip=True) for p in page.find_all("p")
                 if "lowest implementation rate" in p.get_text()]
    assert sentences and all("Names are withheld" in s for s in sentences)
    assert not any(re.search(rf"\b{re.escape(body)}\b", " ".join([evidence, *sentences])) for body in bodies)
    named = _first_column(_table_by_caption(reported_recommendations, RECOMMENDATIONS_TABLES["gaps"]))
    assert set(named) == bodies  # the same table, every body named, when the rows are reported
    sentence = next(p.get_text(" ", strip=True) for p in reported_recommendations.find_all("p")
                    if "lowest implementation rates" in p.get_text())
    assert sum(body in sentence for body in bodies) >= 3 and "withheld" not in sentence


# ---- characteristic: Tables 2-6 beside the data, published values, KPI ids and statuses, no named ranking ------
CHARACTERISTIC_IDS = [report_id for report_id in REPORT_IDS if REPORTS[report_id].chapter == "characteristic"]
KPI_MENTION = re.compile(r"\bKPI (\d+[a-z]?)(†?)")
"""A KPI named by its id in a page's text, with the mark of a project-assigned id when it has one."""


def _characteristic_table(page, first_columns: list[str]):
    """The one table of a page whose header starts with these columns."""
    tables = [t for t in page.find_all("table") if t.find("thead")
              and [th.get_text(" ", strip=True) for th in t.find("thead").find_all("th")][:len(first_columns)]
              == first_columns]
    assert len(tables) == 1, first_columns
    return tables[0]


def _section_text(page, heading: str, without: str = "") -> str:
    """The text between an h2 and the next h2, leaving out the paragraphs that start with ``without``."""
    start = next(h for h in page.find_all("h2") if h.get_text(" ", strip=True) == heading)
    parts = []
    for element in start.find_all_next():
        if element.name == "h2":
            break
        if element.name in ("p", "td", "th", "li") and not (without and element.get_text(" ", strip=True)
                                                              .startswith(without)):
            parts.append(element.get_text(" ", strip=True))
    return " ".join(parts)


@pytest.fixture(scope="module")
def reported_characteristic(tmp_path_factory):
    """Characteristic C rendered from a copy of the data whose Tool 1 workbooks say ``reported``."""
    from tests.helpers.reported_data import reported_copy

    root = tmp_path_factory.mktemp("reported-characteristic")
    data, output = reported_copy(root / "data"), root / "outputs"
    process = subprocess.run([sys.executable, "run_all.py", "--data-dir", str(data), "--output-dir", str(output),
                              "--characteristic", "C", "--force", "--wait", "0"], cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return _page(output / "characteristic-C.html")


@pytest.mark.parametrize("report_id", CHARACTERISTIC_IDS)
def test_characteristic_reports_mark_everything_and_show_their_mtr_table_published_values_and_kpi_ids(
        outputs, report_id):
    code = REPORTS[report_id].parameters["characteristic"]
    taxonomy, framework = load_taxonomy(), datasets.load("kpi_framework")
    _, cell_outputs = _cell_outputs(outputs, report_id)
    html = [output["data"]["text/html"] for output in cell_outputs if "text/html" in output.get("data", {})]
    shown = [h for h in html if "<table" in h or "<img" in h]
    assert len(shown) >= 6 and all(h.startswith('<p class="basis-mark') for h in shown)
    page = _page(outputs / f"{report_id}.html")
    text = " ".join(page.get_text(" ").split())
    # the MTR's table, every bullet verbatim, and every figure it prints beside the data
    printed = datasets.load("mtr_tables")
    section = taxonomy.label("characteristics", code, column="mtr_section")
    mine = printed[(printed["section"] == section) & (printed["characteristic"] == code)]
    table = _rows(_table_by_caption(page, f"{mine['table'].iloc[0]}: "))
    assert [row["As published"] for row in table] == [" ".join(t.split()) for t in mine["text"]]
    assert all(row["Agreement"] != "no figure stated" for row in table)
    stated = " ".join(row["Figures stated"] for row in table)
    published = datasets.load("published_figures")
    in_table = published[published["printed_in"].fillna("").str.split().map(lambda ids: bool(set(ids) & set(
        mine["row_id"])))]
    assert in_table["metric"].map(lambda metric: f"({metric})" in stated).all()  # named, never by its id
    in_text = published[published["figure_id"].str.startswith(f"{code}_") & published["printed_in"].isna()]
    if len(in_text):
        listed = [row["What"] for row in _rows(_table_by_caption(page, "Figures the MTR prints in the text"))]
        assert set(in_text["metric"]) <= set(listed)
    # KPI ids the project assigned are marked wherever they are read, with the footnote once
    origins = framework.set_index("kpi_id")["id_named_in_mtr"]
    mentions = KPI_MENTION.findall(text)
    assert mentions and all(mark == ("" if bool(origins.get(kpi, False)) else "†") for kpi, mark in mentions)
    footnote = taxonomy.label("kpi_id_origins", "project", column="footnote")
    assert text.count(" ".join(footnote.split())) == (1 if any(mark for _, mark in mentions) else 0)
    # a status resting on reconstructed rows never reads Progress; published values stand where the KPI is
    kpis = _rows(_characteristic_table(page, ["KPI", "Indicator", "The MTR says"]))
    set_to_match = taxonomy.label("kpi_statuses", "progress", column="label_when_reconstructed")
    for row in kpis:
        if row["Rests on reconstructed data"] == "yes":
            assert row["Status"] == set_to_match and f"{row['KPI']}: Progress" not in text
    observations = datasets.load("kpi_observations")
    undated = observations[observations["figure_id"].notna() & observations["year"].isna()
                           & (observations["role"] == "primary")]
    for row in kpis:
        kpi = row["KPI"].removeprefix("KPI ").rstrip("†")
        for value in undated.loc[undated["kpi_id"] == kpi, "value"]:
            assert f"{value:g}" in row["Latest"] and "year not stated" in row["Latest"]


def test_characteristic_rankings_name_only_the_mtrs_bodies_and_name_them_all_when_reported(
        outputs, reported_characteristic):
    bodies = set(load_taxonomy().implementing_bodies)
    statements = datasets.load("mtr_activity_statements")
    named = set(statements.loc[statements["statement_id"].str.match(r"C_\w+_sb_name"), "value"])
    page = _page(outputs / "characteristic-C.html")
    heading = "Sectoral Bodies by share of activities"
    ranking = [row["Sectoral Body"] for row in _rows(_characteristic_table(page, ["Rank", "Sectoral Body"]))]
    assert ranking[0] == "the first-ranked body" and not bodies & set(ranking)
    matrix = _first_column(_table_by_caption(page, "Linked activities by Sectoral Body and KRA"))
    assert matrix == ranking
    section = _section_text(page, heading, without="The MTR names")
    assert "Names are withheld" in section and not any(re.search(rf"\b{re.escape(b)}\b", section) for b in bodies)
    published = _section_text(page, heading)
    assert named and all(body in published for body in named)  # the MTR's own names stay, marked published
    computed = " ".join(row["Computed here"] for row in _rows(_table_by_caption(page, "Table 4: ")))
    assert not any(re.search(rf"\b{re.escape(b)}\b", computed) for b in bodies)
    reported = [row["Sectoral Body"] for row in _rows(_characteristic_table(reported_characteristic,
                                                                            ["Rank", "Sectoral Body"]))]
    assert set(reported) <= bodies and len(reported) == len(ranking)
    assert _first_column(_table_by_caption(reported_characteristic, "Linked activities by Sectoral Body and KRA")) \
        == reported
    section = _section_text(reported_characteristic, heading, without="The MTR names")
    assert reported[0] in section and "withheld" not in section


def test_characteristic_e_compares_averages_over_constant_panels_beside_the_mtrs(outputs):
    page = _page(outputs / "characteristic-E.html")
    published = datasets.load("published_figures").set_index("figure_id")["value"]
    column = "The MTR's average (published; panel not stated)"
    for kpi, first, last in (("26a", "E_gci_2017", "E_gci_2019"), ("31c", "E_neet_2016", "E_neet_2019")):
        link = page.find("a", download=f"panel-{kpi}.csv")
        assert link is not None, kpi
        rows = _rows(link.find_previous("table"))
        assert rows[0][column] == published[first] and rows[-1][column] == published[last]
        panels = {row["AMS in the panel"] for row in rows}
        assert len(panels) == 1 and all(row["Average over the constant panel"] for row in rows)
        count, members = panels.pop().split(": ")
        assert int(count) == len(members.split(", "))  # which AMS and how many, the same at both ends
        sentence = [p.get_text(" ", strip=True) for p in page.find_all("p")
                    if p.get_text(" ", strip=True).startswith(f"KPI {kpi}: over the constant panel")]
        assert len(sentence) == 1 and f"of the {count} AMS" in sentence[0]
        assert "without saying which AMS it covers" in sentence[0]


def test_every_generated_sentence_reads_as_english_with_numbers_formatted_by_unit(outputs):
    """Every heading, paragraph, list item, table cell and caption of the 18 reports against ``english.FAULTS``."""
    from tests.helpers.english import faults

    found = []
    for report_id in REPORT_IDS:
        page = _page(outputs / f"{report_id}.html")
        for element in page.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "th", "caption", "summary"]):
            found += [f"{report_id} <{element.name}> {fault}" for fault in faults(element.get_text(" ", strip=True))]
        found += [f"{report_id} <img alt> {fault}" for image in page.find_all("img")
                  for fault in faults(image.get("alt", ""))]
    assert found == [], "\n".join(found[:40])


def test_every_report_spells_out_its_acronyms_at_first_use_and_links_the_glossary(outputs):
    """Each acronym of the glossary's data that a report's running text uses is spelled out where it is first used."""
    from ascc_analysis.present import acronyms

    terms = acronyms.glossary()
    problems = []
    for report_id in REPORT_IDS:
        page = _page(outputs / f"{report_id}.html")
        if page.find("a", href="glossary.html") is None:
            problems.append(f"{report_id}: no link to glossary.html")
        prose = [p for p in page.find("main").find_all(["p", "li", "summary"])
                 if not p.find_parent(["table", "nav", "footer", "blockquote", "h2", "h3"])
                 and "basis-mark" not in p.get("class", []) and not p.find_parent(class_="report-banner")]
        text = " ".join(" ".join(s for s in p.find_all(string=True, recursive=True)
                                 if not s.find_parent(["a", "code"])
                                 and not s.find_parent(class_=acronyms.EXPANSION_CLASS)) for p in prose)
        text = " ".join(text.split())
        for term, meaning in terms.items():
            used = re.search(rf"(?<![\w&-]){re.escape(term)}s?(?![\w&-])", text)
            expanded = [a for a in page.find_all("abbr") if a.get_text().rstrip("s") == term]
            if used and not (expanded and expanded[0].get("title") == meaning
                             and expanded[0].find_next_sibling(class_=acronyms.EXPANSION_CLASS) is not None
                             and text.index(expanded[0].get_text()) == used.start()):
                problems.append(f"{report_id}: {term} first used without its meaning: …{text[used.start():][:60]}…")
    assert problems == [], "\n".join(problems[:40])

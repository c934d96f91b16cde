"""The report runtime (ascc_analysis.chapters.report): parameters, declared datasets, the sidecar."""

import json

import nbformat
import pandas as pd
import papermill
import pytest

from ascc_analysis import config as paths
from ascc_analysis.chapters.report import UndeclaredDatasetError, start_report
from ascc_analysis.data.registry import ParameterError

KERNEL_NAME = "ascc-mtr"


def test_defaults_write_to_scratch_never_outputs(monkeypatch, tmp_path):
    monkeypatch.setattr("ascc_analysis.chapters.report.SCRATCH_DIR", tmp_path / "scratch")
    report = start_report("national", ams="VNM")
    assert report.report_id == "national-VNM"
    assert report.output_dir == tmp_path / "scratch" / "national-VNM"
    assert paths.OUTPUTS_DIR not in report.output_dir.parents
    assert report.data_dir == paths.DATA_DIR


def test_unknown_parameter_value_is_refused_with_valid_codes(tmp_path):
    with pytest.raises(ParameterError, match="valid codes: BRN"):
        start_report("national", output_dir=str(tmp_path), ams="ASEAN")


def test_finish_writes_the_sidecar(tmp_path):
    report = start_report("characteristic", data_dir=None, output_dir=str(tmp_path), characteristic="B")
    report.record({"B_activities": 3})
    report.use(pd.DataFrame({"provenance": ["reconstructed"] * 3}))
    report.reporting_date = "2020-05-21"
    assert report.finish() is None
    data = json.loads(report.sidecar_path.read_text())
    assert data["report_id"] == "characteristic-B"
    assert data["parameters"]["characteristic"] == "B" and data["parameters"]["output_dir"] == str(tmp_path)
    assert data["figures"] == {"B_activities": 3}
    assert data["provenance"] == {"reconstructed": 3}
    assert data["reporting_date"] == "2020-05-21"


def test_load_gives_a_declared_dataset_once_from_the_reports_data_folder(tmp_path):
    (tmp_path / "data" / "kpi").mkdir(parents=True)
    shipped = pd.read_csv(paths.DATA_DIR / "kpi" / "indicator_map.csv", dtype=str, keep_default_na=False)
    shipped.head(4).to_csv(tmp_path / "data" / "kpi" / "indicator_map.csv", index=False)
    report = start_report("national", data_dir=str(tmp_path / "data"), output_dir=str(tmp_path / "out"), ams="VNM")

    indicator_map = report.load("indicator_map")

    assert len(indicator_map) == 4
    assert report.load("indicator_map") is indicator_map
    assert len(report.load("kpi_framework")) > 0  # a file the folder lacks comes from the shipped data/
    assert report.taxonomy.ams_codes[0] == "BRN"


def test_loading_an_undeclared_dataset_names_it_the_report_and_the_declared_ones(tmp_path):
    report = start_report("national", output_dir=str(tmp_path), ams="VNM")

    with pytest.raises(UndeclaredDatasetError) as raised:
        report.load("tool1_register")

    message = str(raised.value)
    assert "'tool1_register'" in message and "'national-VNM'" in message
    assert "declared: taxonomy, kpi_framework, kpi_observations, country_indicators" in message


def _notebook_loading(dataset: str, path):
    cells = [nbformat.v4.new_code_cell("data_dir = None\noutput_dir = None", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("from ascc_analysis.chapters.report import start_report\n"
                                       "report = start_report('characteristic', data_dir=data_dir, "
                                       "output_dir=output_dir, characteristic='C')\n"
                                       f"table = report.load({dataset!r})")]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python (ascc-mtr)", "language": "python"}
    nbformat.write(notebook, path)
    return path


@pytest.mark.slow
def test_a_notebook_that_loads_an_undeclared_dataset_fails_naming_it(tmp_path):
    template = _notebook_loading("country_indicators", tmp_path / "undeclared.ipynb")

    with pytest.raises(papermill.PapermillExecutionError) as raised:
        papermill.execute_notebook(str(template), str(tmp_path / "out.ipynb"), kernel_name=KERNEL_NAME,
                                   parameters={"output_dir": str(tmp_path / "sidecar")}, progress_bar=False)

    assert raised.value.ename == "UndeclaredDatasetError"
    assert "report 'characteristic-C' loads dataset 'country_indicators'" in raised.value.evalue
    assert "declared: taxonomy, tool1_register, kpi_framework, kpi_observations" in raised.value.evalue


def two_workbook_data(root):
    """A data folder whose Tool 1 export holds only two of the fifteen implementing bodies' workbooks."""
    tool1 = root / "raw" / "tool1"
    tool1.mkdir(parents=True)
    for body in ("ASOEN", "SOMHD"):
        (tool1 / f"{body}.xlsx").write_bytes((paths.DATA_DIR / "raw" / "tool1" / f"{body}.xlsx").read_bytes())
    return root


def test_a_partial_register_writes_its_coverage_into_the_sidecar(tmp_path):
    data = two_workbook_data(tmp_path / "data")
    report = start_report("regional", data_dir=str(data), output_dir=str(tmp_path / "out"))
    assert report.coverage is None
    report.load("tool1_register")
    report.finish()
    coverage = json.loads(report.sidecar_path.read_text())["coverage"]
    assert (coverage["complete"], coverage["expected"], coverage["present"]) == (False, 15, 2)
    assert len(coverage["missing"]) == 13 and "ASOEN" not in coverage["missing"]
    assert coverage["summary"].startswith("13 of the 15 implementing Sectoral Bodies sent no workbook: ")
    assert coverage["summary"].endswith("cover the 2 that did.")


def test_a_report_without_the_register_has_no_coverage(tmp_path):
    report = start_report("national", output_dir=str(tmp_path), ams="VNM")
    report.finish()
    assert "coverage" not in json.loads(report.sidecar_path.read_text())


def test_the_rows_behind_each_figure_go_into_the_sidecar(tmp_path):
    report = start_report("regional", output_dir=str(tmp_path))
    report.record({"planned_activities": 977})
    report.record_provenance({"planned_activities": {"reconstructed": 977}})
    report.finish()
    data = json.loads(report.sidecar_path.read_text())
    assert data["figure_provenance"] == {"planned_activities": {"reconstructed": 977}}


def test_a_collapsed_table_keeps_its_basis_mark_visible(tmp_path, monkeypatch):
    from ascc_analysis.present.basis import Basis

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda item: shown.append(item.data))
    report = start_report("regional", output_dir=str(tmp_path))
    frame = pd.DataFrame({"Source": ["World Bank"], "Copy read": ["github:o/r/f.csv@1"]})
    report.show_table(frame, "copies", Basis.from_code("public_statistics", 3), details="Copies <read>")
    html = shown[0]
    assert html.index('class="basis-mark') < html.index("<details><summary>Copies &lt;read&gt;</summary>")
    assert html.index("<details>") < html.index("github:o/r/f.csv@1") < html.index("</details>")
    report.show_table(frame, "plain", Basis.from_code("public_statistics", 3))
    assert "<details>" not in shown[1] and report.basis["marks"] == 2


def test_a_collapsed_chart_keeps_its_basis_mark_visible(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from ascc_analysis.present.basis import Basis

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda item: shown.append(item.data))
    report = start_report("regional", output_dir=str(tmp_path))
    report.show_chart(plt.figure(), "Heatmap of directions", Basis.from_code("public_statistics", 3),
                      details="The matrix")
    html = shown[0]
    assert html.index('class="basis-mark') < html.index("<details><summary>The matrix</summary>") < \
        html.index("<img") < html.index("</details>")
    assert report.basis["marks"] == 1


def test_tables_come_from_the_cache_until_the_data_changes(tmp_path, monkeypatch):
    from ascc_analysis.data import table_cache
    from ascc_analysis.data.datasets import Dataset

    monkeypatch.setattr(table_cache, "CACHE_DIR", tmp_path / "cache")
    (tmp_path / "data" / "kpi").mkdir(parents=True)
    source = tmp_path / "data" / "kpi" / "indicator_map.csv"
    source.write_bytes((paths.DATA_DIR / "kpi" / "indicator_map.csv").read_bytes())

    def load():
        return start_report("national", data_dir=str(tmp_path / "data"), output_dir=str(tmp_path / "out"),
                            ams="VNM").load("indicator_map")

    parsed = load()
    parse = Dataset.load
    parsed_names = []
    monkeypatch.setattr(Dataset, "load", lambda self, data_dir=None: parsed_names.append(self.name)
                        or parse(self, data_dir))
    pd.testing.assert_frame_equal(load(), parsed)
    assert "indicator_map" not in parsed_names
    source.write_text(source.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    load()
    assert "indicator_map" in parsed_names

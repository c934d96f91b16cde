import json

import pandas as pd
import pytest

from ascc_analysis import config as paths
from ascc_analysis.data.registry import ParameterError
from ascc_analysis.chapters.report import start_report


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

"""The report registry (ascc_analysis.data.registry): ids, templates, parameters, declared datasets."""

import pytest

from ascc_analysis.data import registry
from ascc_analysis.data.datasets import DATASETS

REPORTS = {report.report_id: report for report in registry.all_reports()}


def test_eighteen_reports_with_the_agreed_ids():
    ids = [report.report_id for report in registry.all_reports()]
    assert len(ids) == 18 and len(set(ids)) == 18
    assert ids[0] == "regional" and ids[-1] == "recommendations"
    assert [i for i in ids if i.startswith("characteristic-")] == [f"characteristic-{c}" for c in "ABCDE"]
    assert "national-VNM" in ids and "resources" in ids


def test_each_report_names_its_template_parameters_and_inputs():
    report = REPORTS["national-LAO"]
    assert report.template.name == "04_national.ipynb"
    assert report.parameters == {"ams": "LAO"}
    assert report.inputs and all(isinstance(pattern, str) for pattern in report.inputs)
    assert REPORTS["characteristic-C"].parameters == {"characteristic": "C"}
    assert "Sustainable" in REPORTS["characteristic-C"].title


def test_every_declared_dataset_is_in_the_datasets_table():
    for chapter, names in registry.CHAPTER_DATASETS.items():
        assert set(names) <= set(DATASETS), chapter
        assert "taxonomy" in names, chapter
    assert set(registry.CHAPTER_DATASETS) == set(registry.TEMPLATES)


def test_inputs_are_the_files_of_the_declared_datasets():
    regional, national = REPORTS["regional"], REPORTS["national-BRN"]
    assert "raw/tool1/*.xlsx" in regional.inputs and "raw/tool1/*.xlsx" not in national.inputs
    assert "institutions/declarations.csv" in regional.inputs  # the declarations figure is computed there
    assert "reference/country_indicators.csv" in national.inputs
    assert "kpi/observation_caveats.csv" not in national.inputs  # read by the generator script, not by reports
    assert set(national.inputs) == {pattern for name in national.datasets for pattern in DATASETS[name].files}
    fixture = registry.Report("f", "national", {"ams": "BRN"}, input_patterns=("reference/*.csv",))
    assert fixture.inputs == ["reference/*.csv"] and fixture.datasets == national.datasets


def test_report_id_for_maps_template_parameters_to_ids():
    assert registry.report_id_for("national", ams="VNM", data_dir="x") == "national-VNM"
    assert registry.report_id_for("regional", data_dir="x") == "regional"
    with pytest.raises(KeyError):
        registry.report_id_for("appendix")


def test_check_parameters_names_the_valid_codes():
    registry.check_parameters("national", {"ams": "THA"})
    registry.check_parameters("regional", {})
    with pytest.raises(registry.ParameterError, match="unknown AMS 'XYZ'.*BRN, KHM"):
        registry.check_parameters("national", {"ams": "XYZ"})
    with pytest.raises(registry.ParameterError, match="Characteristic 'F'"):
        registry.check_parameters("characteristic", {"characteristic": "F"})
    with pytest.raises(registry.ParameterError, match="unknown chapter"):
        registry.check_parameters("annex", {})

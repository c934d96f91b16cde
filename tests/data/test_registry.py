import pytest

from ascc_analysis.data import registry


def test_eighteen_reports_with_the_agreed_ids():
    ids = [report.report_id for report in registry.all_reports()]
    assert len(ids) == 18 and len(set(ids)) == 18
    assert ids[0] == "regional" and ids[-1] == "recommendations"
    assert [i for i in ids if i.startswith("characteristic-")] == [f"characteristic-{c}" for c in "ABCDE"]
    assert "national-VNM" in ids and "resources" in ids


def test_each_report_names_its_template_parameters_and_inputs():
    report = registry.get_report("national-LAO")
    assert report.template.name == "04_national.ipynb"
    assert report.parameters == {"ams": "LAO"}
    assert report.inputs and all(isinstance(pattern, str) for pattern in report.inputs)
    assert registry.get_report("characteristic-C").parameters == {"characteristic": "C"}
    assert "Sustainable" in registry.get_report("characteristic-C").title


def test_register_is_declared_by_the_reports_that_read_it():
    assert registry.TOOL1 in registry.get_report("regional").inputs
    assert registry.TOOL1 not in registry.get_report("national-BRN").inputs


def test_report_id_for_maps_template_parameters_to_ids():
    assert registry.report_id_for("national", ams="VNM", data_dir="x") == "national-VNM"
    assert registry.report_id_for("regional", data_dir="x") == "regional"
    with pytest.raises(KeyError):
        registry.report_id_for("appendix")


def test_unknown_report_id_lists_valid_ids():
    with pytest.raises(KeyError, match="national-BRN"):
        registry.get_report("national-XYZ")


def test_check_parameters_names_the_valid_codes():
    registry.check_parameters("national", {"ams": "THA"})
    registry.check_parameters("regional", {})
    with pytest.raises(registry.ParameterError, match="unknown AMS 'XYZ'.*BRN, KHM"):
        registry.check_parameters("national", {"ams": "XYZ"})
    with pytest.raises(registry.ParameterError, match="Characteristic 'F'"):
        registry.check_parameters("characteristic", {"characteristic": "F"})
    with pytest.raises(registry.ParameterError, match="unknown chapter"):
        registry.check_parameters("annex", {})

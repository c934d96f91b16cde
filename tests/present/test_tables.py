"""Readable tables (ascc_analysis.present.tables): KPI statuses, Characteristics, the national profile."""

import math

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import national
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import tables
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()


def status_frame():
    return pd.DataFrame({
        "kpi_id": ["1", "2", "3"], "characteristic": ["A", "A", "B"],
        "baseline": [1234.5, 0.0, math.nan], "baseline_year": [2016, 2016, pd.NA],
        "latest": [2.0, 1.0, math.nan], "latest_year": [2019, 2019, pd.NA], "change": [-1232.5, 1.0, math.nan],
        "desired_direction": ["down", "up", pd.NA], "status": ["progress", "progress", "insufficient_data"],
        "basis": ["asean_series", "asean_series", pd.NA], "rests_on_reconstructed": [False, True, False],
        "reason": ["fell", "marker", pd.NA],
    })


def test_kpi_table_labels_codes_and_hides_reconstructed_markers():
    framework = pd.DataFrame({"kpi_id": ["1", "2", "3"], "text": ["Lower", "Higher", "Unknown"],
                              "id_named_in_mtr": [True, False, True]})
    table = tables.kpi_table(status_frame(), framework, TAXONOMY)
    assert table["KPI"].tolist() == ["KPI 1", "KPI 2†", "KPI 3"]
    first = table.iloc[0]
    assert (first["Baseline"], first["Latest"], first["Change"]) == ("1,234.50 (2016)", "2.00 (2019)", "-1,232.50")
    assert (first["Desired direction"], first["Status"], first["Basis"]) == \
        ("Lower is better", "Progress", "ASEAN-level series")
    marker = table.iloc[1]
    assert (marker["Baseline"], marker["Latest"], marker["Change"]) == ("", "", "")
    assert marker["Why"] == tables.RECONSTRUCTED_NOTE and marker["Rests on reconstructed data"] == "yes"
    assert marker["Status"] == "Set to match the MTR's count"
    empty = table.iloc[2]
    assert (empty["Baseline"], empty["Desired direction"], empty["Basis"], empty["Why"]) == ("", "", "", "")
    assert empty["Status"] == "Insufficient data"
    assert tables.kpi_table(status_frame(), framework, TAXONOMY, "B")["KPI"].tolist() == ["KPI 3"]


def test_a_status_resting_on_reconstructed_rows_never_reads_progress():
    for code in TAXONOMY.kpi_statuses["code"]:
        assert tables.kpi_status_label(code, False, TAXONOMY) == TAXONOMY.label("kpi_statuses", code)
    assert tables.kpi_status_label("progress", True, TAXONOMY) == "Set to match the MTR's count"
    assert tables.kpi_status_label("no_change", True, TAXONOMY) == "Set to match the MTR's count"
    assert tables.kpi_status_label("insufficient_data", True, TAXONOMY) == "Insufficient data"


def test_characteristic_table_has_readable_columns():
    summary = metrics.characteristic_summary(make_register(SMALL), TAXONOMY)
    table = tables.characteristic_table(summary, TAXONOMY)
    assert table["Characteristic"].iloc[0] == "A: Engages and Benefits the People"
    assert "Implementation rate" in table.columns and len(table) == len(TAXONOMY.characteristic_codes)


def _profile():
    base = {"series": "kpi-2", "kpi_id": "2", "characteristic": "B", "role": "primary", "label": "Lower is better",
            "short_label": None, "unit": "u", "desired_direction": "down", "baseline_year": 2016, "baseline": 1234.5,
            "baseline_indicator": "lower", "baseline_source": "g:f.csv@1 (Survey A, column x)", "latest_year": 2019,
            "latest": 7.25, "latest_indicator": "lower", "latest_source": "g:f.csv@2 (Survey B)", "n_values": 2,
            "change": -1227.25, "trend": "improving", "asean_average": 8.125, "asean_n": 2,
            "asean_published": math.nan, "rank": 1, "rank_of": 2, "caveat": "shared | own note",
            "country_caveat": "own note"}
    other = {**base, "series": "arrivals", "kpi_id": None, "role": "other", "label": "Arrivals", "baseline_year": None,
             "baseline": math.nan, "baseline_source": None, "latest_year": 2019, "latest": 4257000.0,
             "asean_n": 0, "rank": None, "rank_of": None, "caveat": None, "country_caveat": None}
    return national.profile_frame([base, other])


def test_profile_table_is_readable():
    table = tables.profile_table(_profile(), 10)
    row = table.iloc[0]
    assert (row["Baseline"], row["Latest"], row["Change"]) == ("1,234 (2016)", "7.25 (2019)", "-1,227")
    assert (row["ASEAN average"], row["AMS averaged"], row["Rank among AMS"]) == ("8.125", "2 of 10", "1 of 2")
    assert row["Source"] == "Survey A; Survey B" and row["Caveats for this country"] == "own note"
    other = tables.profile_table(_profile(), 10, role="other").iloc[0]
    assert (other["Baseline"], other["AMS averaged"], other["Rank among AMS"], other["KPI"]) == ("", "", "", "")
    assert tables.profile_table(national.profile_frame([]), 10).empty


def test_values_shown_at_the_source_precision_and_notes_shared_by_every_ams():
    shown = tables.values_shown(_profile())
    assert shown["Year"].tolist() == ["2016", "2019", "2019"]
    assert shown["Value"].tolist() == ["1,234.5", "7.25", "4,257,000"]
    assert tables.values_shown(national.profile_frame([])).empty
    assert tables.series_notes(_profile()).values.tolist() == [["Lower is better", "shared"]]


def test_gaps_caveats_and_findings_tables():
    gaps = pd.DataFrame({"series": ["kpi-26a", "rank"], "kpi_id": ["26a", None], "role": ["primary", "context"],
                         "label": ["GCI", "GCI rank"], "ams_with_data": pd.array([9, 1], dtype="Int64"),
                         "years": ["2017-2019", "2018"], "note": ["Avalon not covered", "no value in the source data"]})
    shown = tables.gaps_table(gaps, 10)
    assert shown["Kind"].tolist() == ["KPI series", "context series"]
    assert shown["AMS with data"].tolist() == ["9 of 10", "1 of 10"] and shown["KPI"].tolist() == ["26a", ""]
    caveats = pd.DataFrame({"series": ["a"], "label": ["A"], "kind": ["row"], "caveat": ["x"]})
    assert tables.caveats_table(caveats).columns.tolist() == ["Indicator", "Kind", "Caveat"]
    findings = pd.DataFrame({"dimension_label": ["Policy"], "finding": ["f"], "source": ["MTR"], "other": [1]})
    assert tables.findings_table(findings).values.tolist() == [["Policy", "f", "MTR"]]

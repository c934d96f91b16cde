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
    assert (first["Baseline"], first["Latest"], first["Change"]) == ("1,234 (2016)", "2 (2019)", "-1,232")
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
            "asean_published": math.nan, "asean_first_year": 2016, "asean_first": 9.5, "asean_last_year": 2019,
            "asean_last": 8.125, "asean_trend": "improving", "asean_panel": "AAA BBB", "asean_dropped": "CCC",
            "rank": 1, "rank_of": 2, "caveat": "shared | own note", "country_caveat": "own note"}
    other = {**base, "series": "arrivals", "kpi_id": None, "role": "other", "label": "Arrivals", "baseline_year": None,
             "baseline": math.nan, "baseline_source": None, "latest_year": 2019, "latest": 4257000.0,
             "asean_n": 0, "asean_first_year": None, "asean_first": math.nan, "asean_last_year": None,
             "asean_last": math.nan, "asean_trend": None, "asean_panel": None, "asean_dropped": None,
             "rank": None, "rank_of": None, "caveat": None, "country_caveat": None}
    return national.profile_frame([base, other])


FRAMEWORK = pd.DataFrame({"kpi_id": ["2", "26a"], "id_named_in_mtr": [False, True]})


def _shown():
    """``national.shown_values`` of :func:`_profile`: the first two values cited, the third from an uncited copy."""
    cited = {"publisher": "World Bank", "dataset": "Worldwide Governance Indicators",
             "edition": "not known (probably the 2023 release)", "release_year": "not known",
             "retrieved_from": "github:o/r/WGIData.csv@1", "vintage_note": "released after the MTR's data date"}
    rows = [{"series": "kpi-2", "kpi_id": "2", "role": "primary", "label": "Lower is better", "end": "baseline",
             "indicator": "lower", "year": 2016, "value": 1234.5, "provenance": "public_statistics",
             "source": "github:o/r/WGIData.csv@1", **cited},
            {"series": "kpi-2", "kpi_id": "2", "role": "primary", "label": "Lower is better", "end": "latest",
             "indicator": "lower", "year": 2019, "value": 7.25, "provenance": "public_statistics",
             "source": "github:o/r/WGIData.csv@1", **cited},
            {"series": "arrivals", "kpi_id": None, "role": "other", "label": "Arrivals", "end": "latest",
             "indicator": "arrivals", "year": 2019, "value": 4257000.0, "provenance": "public_statistics",
             "source": "https://example.org/page", **dict.fromkeys(cited, None)}]
    return pd.DataFrame(rows, columns=national.SHOWN_COLUMNS)


def test_profile_table_is_readable():
    table = tables.profile_table(_profile(), 10, FRAMEWORK, TAXONOMY, _shown())
    row = table.iloc[0]
    assert row["KPI"] == "KPI 2†"
    assert (row["Baseline"], row["Latest"], row["Change"]) == ("1,234 (2016)", "7.25 (2019)", "-1,227")
    assert (row["ASEAN average, latest year"], row["ASEAN average over the panel"]) == (
        "8.125 (2019)", "9.5 (2016) to 8.125 (2019), improving")
    assert (row["Constant panel (AMS averaged)"], row["Rank among AMS"]) == ("2 of 10: AAA, BBB", "1 of 2")
    assert row["Source"] == "World Bank, Worldwide Governance Indicators"  # the editions: values_shown
    assert row["Caveats for this country"] == "own note"
    other = tables.profile_table(_profile(), 10, FRAMEWORK, TAXONOMY, _shown(), role="other").iloc[0]
    assert (other["Baseline"], other["Constant panel (AMS averaged)"], other["Rank among AMS"], other["KPI"]) == (
        "", "", "", "")
    assert other["Source"] == "example.org"
    assert tables.profile_table(national.profile_frame([]), 10, FRAMEWORK, TAXONOMY, _shown()).empty


def test_values_shown_cite_publishers_and_the_copies_read_apart():
    shown = tables.values_shown(_shown())
    assert "Series" not in shown.columns  # labels, never the series codes
    assert shown["Year"].tolist() == ["2016", "2019", "2019"]
    assert shown["Value"].tolist() == ["1,234.5", "7.25", "4,257,000"]
    assert shown["Source"].iloc[0].startswith("World Bank, Worldwide Governance Indicators, edition not known")
    assert not shown["Source"].str.contains("github:").any()
    assert shown["Vintage"].tolist() == ["released after the MTR's data date"] * 2 + [""]
    copies = tables.copies_read(_shown())
    assert copies["Copy read"].tolist() == ["github:o/r/WGIData.csv@1", "https://example.org/page"]
    assert tables.values_shown(_shown().iloc[:0]).empty
    assert tables.series_notes(_profile()).values.tolist() == [["Lower is better", "shared"]]


def test_published_averages_beside_the_panel_name_it():
    compared = pd.DataFrame({"series": ["kpi-26a"], "kpi_id": ["26a"], "year": [2019], "figure_id": ["E_gci_2019"],
                             "published": ["64.5"], "panel_average": [69.25], "panel_n": [6],
                             "panel": ["IDN MYS PHL SGP THA VNM"], "in_compared_years": [True]})
    row = tables.published_averages_table(compared, {"kpi-26a": "GCI 4.0 score"}, 10, FRAMEWORK, TAXONOMY).iloc[0]
    assert (row["KPI"], row["Indicator"], row["Published in the MTR"], row["Constant-panel average"]) == (
        "KPI 26a", "GCI 4.0 score", "64.5", "69.25")
    assert row["Constant panel (AMS averaged)"] == "6 of 10: IDN, MYS, PHL, SGP, THA, VNM"
    assert row["Difference"] == "+4.75"


def test_gaps_caveats_and_findings_tables():
    gaps = pd.DataFrame({"series": ["kpi-26a", "rank"], "kpi_id": ["26a", None], "role": ["primary", "context"],
                         "label": ["GCI", "GCI rank"], "ams_with_data": pd.array([9, 1], dtype="Int64"),
                         "years": ["2017-2019", "2018"], "note": ["Avalon not covered", "no value in the source data"]})
    shown = tables.gaps_table(gaps, 10, FRAMEWORK, TAXONOMY)
    assert shown["Kind"].tolist() == ["KPI series", "context series"]
    assert shown["AMS with data"].tolist() == ["9 of 10", "1 of 10"] and shown["KPI"].tolist() == ["KPI 26a", ""]
    caveats = pd.DataFrame({"series": ["a"], "label": ["A"], "kind": ["row"], "caveat": ["x"]})
    assert tables.caveats_table(caveats).columns.tolist() == ["Indicator", "Kind", "Caveat"]
    findings = pd.DataFrame({"dimension_label": ["Policy"], "finding": ["f"], "source": ["MTR"], "other": [1]})
    assert tables.findings_table(findings).values.tolist() == [["Policy", "f", "MTR"]]

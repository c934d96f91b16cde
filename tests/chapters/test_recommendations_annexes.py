"""chapters.recommendations_annexes: the KPI register beside the MTR's counts, and the data coverage of the KPIs."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.analysis import kpi_coverage
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import recommendations_annexes as annexes
from ascc_analysis.data.datasets import load
from ascc_analysis.data.kpis import units
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.text import count, number

TAXONOMY = load_taxonomy()
MARK = TAXONOMY.label("kpi_id_origins", "project", column="mark")
SET = TAXONOMY.label("kpi_statuses", "progress", column="label_when_reconstructed")
CUTOFF = outcomes.DEFAULT_CUTOFF_YEAR


@pytest.fixture(scope="module")
def shipped():
    framework, observations = load("kpi_framework"), load("kpi_observations")
    return {"framework": framework, "observations": observations,
            "status": outcomes.kpi_status_table(framework, observations), "published": load("published_figures"),
            "mtr_tables": load("mtr_tables"), "tracking": load("recommendation_tracking")}


def test_the_register_lists_every_unit_with_its_id_origin_status_and_basis(shipped):
    framework, status = shipped["framework"], shipped["status"]
    table, basis = annexes.kpi_register(status, framework, shipped["observations"], TAXONOMY)
    ids = units(framework)["kpi_id"].tolist()
    assert len(table) == len(ids)
    marked = [kpi.endswith(MARK) for kpi in table["KPI"]]
    assert marked == [not named for named in units(framework)["id_named_in_mtr"]]
    assert (table["Id"] == [TAXONOMY.label("kpi_id_origins", "project" if m else "mtr") for m in marked]).all()
    resting = status["rests_on_reconstructed"].to_numpy()
    assert set(table.loc[resting, "Status"]) == {SET} and "Progress" in set(table.loc[~resting, "Status"])
    assert set(table.loc[resting, "Basis of the status"]) == {TAXONOMY.label("provenance", "reconstructed")}
    assert dict(basis.rows).keys() >= {"public_statistics", "published", "reconstructed"}


def test_the_register_shows_the_published_values_where_the_mtr_prints_them(shipped):
    table, _ = annexes.kpi_register(shipped["status"], shipped["framework"], shipped["observations"], TAXONOMY)
    row = table.set_index("KPI").loc[f"KPI 4a{MARK}"]
    printed = shipped["published"].set_index("figure_id").at["A_survey_satisfied", "value"]
    assert row["Published by the MTR"] == f"{number(float(printed))}% (undated)"
    assert row["Basis of the status"].endswith("without a year: no status")
    gci = table.set_index("KPI").loc["KPI 26a"]
    assert gci["Published by the MTR"].count("(") == 2 and gci["ASEAN-level data"] == "yes"
    assert int(gci["AMS with data"]) > 0 and gci["Years with data"].count("-") == 1


def test_counts_beside_the_mtr_read_the_published_values_and_compute_both_ways(shipped):
    framework, observations, published = shipped["framework"], shipped["observations"], shipped["published"]
    table, basis = annexes.counts_beside_mtr(framework, observations, published, TAXONOMY, CUTOFF)
    printed = published.set_index("figure_id")
    every = outcomes.outcome_counts(framework, observations, CUTOFF)
    without = outcomes.outcome_counts_without(framework, observations, TAXONOMY.built_by_project, CUTOFF)
    assert table["MTR as published"].tolist() == [printed.at[k, "value"] for k in annexes.COUNTED]
    assert table["This review"].tolist() == [count(every[k]) for k in annexes.COUNTED]
    assert table["Without reconstructed rows"].tolist() == [count(without[k]) for k in annexes.COUNTED]
    assert without["kpis_with_progress"] < every["kpis_with_progress"]
    assert dict(basis.rows)["published"] >= len(annexes.COUNTED)
    text = annexes.counts_sentence(framework, observations, published, TAXONOMY, CUTOFF)
    assert f"{count(without['kpis_sufficient_data'])} units have sufficient data and " \
        f"{count(without['kpis_with_progress'])} show progress" in text
    assert f"The MTR counts {printed.at['kpis_sufficient_data', 'value']} KPI units" in text


def test_availability_rests_on_measured_rows_only(shipped):
    matrix, basis = annexes.availability(shipped["observations"], shipped["framework"], TAXONOMY)
    assert matrix.index.tolist()[-1] == "ASEAN" and not basis.rests_on_project_rows(TAXONOMY)
    assert annexes.availability_alt(matrix).startswith(f"Heatmap: number of KPI units with a measured value for each "
                                                       f"of {len(TAXONOMY.ams_codes)} Member States")


def test_missing_data_by_category_and_who_would_collect_it(shipped):
    framework, observations, status = shipped["framework"], shipped["observations"], shipped["status"]
    missing, _ = annexes.missing_data(status, framework, observations, TAXONOMY, CUTOFF)
    without = outcomes.kpi_status_table(framework, outcomes.without_provenance(observations,
                                                                               TAXONOMY.built_by_project))
    assert len(missing) == int((without["status"] == "insufficient_data").sum())
    order = TAXONOMY.collection_categories["label"].tolist()
    positions = [order.index(label) for label in missing["Collection category"]]
    assert positions == sorted(positions)
    counted = missing["In the MTR's count of units with data"] != "no"
    assert counted.sum() == len(outcomes.units_resting_on_reconstructed(status))
    collected, basis = annexes.collectors(missing, shipped["mtr_tables"], shipped["tracking"], TAXONOMY)
    words = collected.set_index("Collection category")["Who would collect it (Table 9, as published)"]
    printed = shipped["mtr_tables"].set_index("row_id")["text"]
    placed = shipped["tracking"].dropna(subset=["collection_category"])
    for category, row_id in zip(placed["collection_category"], placed["row_id"]):
        assert words[TAXONOMY.label("collection_categories", category)] == printed[row_id]
    assert words[TAXONOMY.label("collection_categories", "none")] == annexes.NO_COLLECTOR
    assert collected["Units without data"].str.split(":").str[0].astype(int).sum() == len(missing)
    assert dict(basis.rows) == {"published": len(placed), "reconstructed": len(placed)}


def test_units_lacking_data_read_the_reason_of_the_rules():
    framework = pd.DataFrame({"kpi_id": ["k"], "is_unit": [True], "desired_direction": ["up"],
                              "collection_category": ["sectoral_body_records"], "text": ["K"],
                              "id_named_in_mtr": [True], "provenance": ["reconstructed"]})
    observations = pd.DataFrame({"kpi_id": ["k"], "geography": ["ASEAN"], "year": pd.array([None], dtype="Int64"),
                                 "value": [3.0], "role": ["primary"], "provenance": ["published"],
                                 "unit": ["count"], "figure_id": ["x"]})
    status = outcomes.kpi_status_table(framework, observations)
    missing, _ = annexes.missing_data(status, framework, observations, TAXONOMY, CUTOFF)
    assert missing[["KPI", "What is missing", "In the MTR's count of units with data"]].values.tolist() == [
        ["KPI k", "only values without a year", "no"]]
    assert kpi_coverage.units_without_data(status, status)["kpi_id"].tolist() == ["k"]

"""The recommendation-tracking table: its codes, its KPI lists and the shipped file against the MTR's tables."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.data import kpis, recommendations
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.validation.suites import run_gate


@pytest.mark.parametrize("text, ids", [("5a; 5b; 7b", ["5a", "5b", "7b"]), ("3", ["3"]), ("", []), (None, []),
                                       (pd.NA, []), (float("nan"), [])])
def test_kpi_id_list_splits_the_cell(text, ids):
    assert recommendations.kpi_id_list(text) == ids


@pytest.fixture(scope="module")
def shipped():
    return {"tracking": load("recommendation_tracking"), "tables": load("mtr_tables"),
            "framework": load("kpi_framework")}


def test_every_recommendation_of_tables_9_and_10_is_tracked_once(shipped):
    tables = shipped["tables"]
    recommendations_printed = tables.loc[tables["table"].isin(["Table 9", "Table 10"]), "row_id"]
    assert sorted(shipped["tracking"]["row_id"]) == sorted(recommendations_printed)


def test_tracked_kpis_are_units_of_the_framework_and_categories_those_of_table9(shipped):
    tracking, framework = shipped["tracking"], shipped["framework"]
    named = {kpi for cell in tracking["kpi_ids"] for kpi in recommendations.kpi_id_list(cell)}
    assert named and named <= set(kpis.units(framework)["kpi_id"])
    assert sorted(tracking["collection_category"].dropna()) == sorted(kpis.COLLECTION_CATEGORIES)
    assert set(tracking["evidence"]) <= set(recommendations.EVIDENCE_KINDS)
    assert set(tracking["provenance"]) <= set(load_taxonomy().built_by_project)  # a judgement of this project


def test_the_suite_catches_an_unknown_recommendation_evidence_and_kpi_list(shipped):
    broken = shipped["tracking"].copy()
    broken.loc[0, "row_id"] = "T9-not-printed-1"
    broken.loc[1, "evidence"] = "guesswork"
    broken.loc[2, "kpi_ids"] = "5a,5b"
    result = run_gate({"recommendation_tracking": broken, "mtr_tables": shipped["tables"]}, load_taxonomy())
    failed = {(f.expectation, f.unexpected) for f in result.failures if f.suite == "recommendation_tracking"}
    assert ("expect_column_values_to_be_in_set", ("T9-not-printed-1",)) in failed
    assert ("expect_column_values_to_be_in_set", ("guesswork",)) in failed
    assert ("expect_column_values_to_match_regex", ("5a,5b",)) in failed

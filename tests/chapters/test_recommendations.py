"""Grouping and generated texts of the recommendations chapter: tiny frames, then the shipped data."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.analysis import gaps
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import recommendations
from ascc_analysis.chapters.recommendations import NO_CATEGORY, NOT_STATED, Evidence
from ascc_analysis.data import kpis
from ascc_analysis.data.datasets import load
from ascc_analysis.data.kpis import COLLECTION_CATEGORIES
from ascc_analysis.data.taxonomy import load_taxonomy
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()

UNITS = [
    # kpi_id, characteristic, status, reconstructed, change, category, table9_reference
    ("1", "A", "insufficient_data", False, None, "sectoral_body_records", "unavailable_example"),
    ("2", "A", "progress", True, 1.0, "perception_survey_research", None),
    ("3", None, "insufficient_data", False, None, "sectoral_body_records", None),
    ("4", "B", "regress", False, 0.25, "ams_policy_data", "B_recommendation"),
    ("5", "B", "progress", True, 1.0, "ams_policy_data", "B_recommendation"),
    ("6", "E", "no_change", True, 0.0, "perception_survey_research", "E_recommendation"),
    ("7", None, "insufficient_data", False, None, None, None),
]


def status_frame(rows=UNITS):
    frame = pd.DataFrame([r[:5] for r in rows], columns=["kpi_id", "characteristic", "status",
                                                          "rests_on_reconstructed", "change"])
    frame = frame.astype({"kpi_id": "string", "characteristic": "string", "status": "string"})
    frame["rests_on_reconstructed"] = frame["rests_on_reconstructed"].astype(bool)
    frame["change"] = frame["change"].astype(float)
    return frame


def framework_frame(rows=UNITS):
    frame = pd.DataFrame({"kpi_id": [r[0] for r in rows], "is_unit": True, "text": [f"Indicator {r[0]}" for r in rows],
                          "collection_category": [r[5] for r in rows], "table9_reference": [r[6] for r in rows]})
    parent = pd.DataFrame({"kpi_id": ["P"], "is_unit": [False], "text": ["A parent"], "collection_category": ["x"],
                           "table9_reference": [None]})
    frame = pd.concat([frame, parent], ignore_index=True)
    frame["is_unit"] = frame["is_unit"].astype("boolean")
    return frame.astype({"kpi_id": "string", "text": "string", "collection_category": "string",
                         "table9_reference": "string"})


def forms_frame():
    return pd.DataFrame({"sectoral_body": ["SOMHD", "ASOEN", "ACDM"], "name": ["H", "E", "D"],
                         "form": ["has_centre", "has_centre", "runs_through_som"], "centres": ["ABVC", "ACB", None],
                         "centre_links": ["ABVC: link given", "ACB: link given", None], "not_counted": None,
                         "provenance": ["public_statistics", "public_statistics", "reconstructed"],
                         "note": ["", "", ""]}).astype("string")


# ---- units without sufficient data --------------------------------------------------------------------
def test_insufficient_units_grouped_by_category_in_table9_order():
    groups = recommendations.insufficient_by_category(status_frame(), framework_frame())
    assert groups.to_dict("records") == [
        {"collection_category": "sectoral_body_records", "units": 2, "kpi_ids": "1, 3", "table9_examples": "1"},
        {"collection_category": NO_CATEGORY, "units": 1, "kpi_ids": "7", "table9_examples": ""},
    ]
    shown = recommendations.category_display(groups, TAXONOMY)
    assert shown["Collection category"].tolist() == ["Sectoral Body records", "No category (KPI not described)"]


def test_every_collection_category_and_kpi_status_has_its_words():
    assert TAXONOMY.collection_categories["code"].tolist() == [*COLLECTION_CATEGORIES, NO_CATEGORY]
    assert TAXONOMY.kpi_statuses["code"].tolist() == list(outcomes.STATUSES)


def test_insufficient_sentence_is_built_from_the_groups():
    groups = recommendations.insufficient_by_category(status_frame(), framework_frame())
    text = recommendations.insufficient_sentence(groups, 7, TAXONOMY)
    assert text.startswith("3 of the 7 KPI units lack sufficient data against the baseline: "
                           "2 are data a Sectoral Body should record; 1 have no collection category")
    assert text.endswith("fall into 1 collection category.")
    empty = recommendations.insufficient_by_category(status_frame(UNITS[1:2]), framework_frame(UNITS[1:2]))
    assert recommendations.insufficient_sentence(empty, 1, TAXONOMY).startswith("Every one of the 1 KPI units")


# ---- KPIs by Characteristic ---------------------------------------------------------------------------
def test_status_by_characteristic_counts_and_not_stated_row():
    table = recommendations.status_by_characteristic(status_frame(), TAXONOMY)
    assert table.index.tolist() == [*"ABCDE", NOT_STATED]
    assert table.loc["B"].to_dict() == {"progress": 1, "regress": 1, "no_change": 0, "insufficient_data": 0,
                                        "units": 2, "reconstructed": 1}
    assert table.loc[NOT_STATED, "insufficient_data"] == 2 and table.loc["C", "units"] == 0
    shown = recommendations.status_display(table, TAXONOMY)
    assert shown["Characteristic"].iloc[1] == f"B: {TAXONOMY.label('characteristics', 'B')}"
    assert shown["Characteristic"].iloc[-1] == NOT_STATED and "Regress" in shown.columns


def test_off_track_hides_marker_changes_and_names_the_citation():
    table = recommendations.off_track(status_frame(), framework_frame(), TAXONOMY)
    assert table["Status"].tolist() == ["Regress", "No change"]
    assert table["KPI"].tolist() == ["4", "6"]
    assert table["Change"].tolist() == ["0.25", ""]
    assert table["Rests on reconstructed data"].tolist() == ["", "yes"]
    assert table["Cited in Table 9"].tolist() == ["Characteristic B recommendation", "Characteristic E recommendation"]


def test_off_track_lines_per_characteristic():
    lines = recommendations.off_track_lines(status_frame(), TAXONOMY).splitlines()
    assert len(lines) == 4  # A, B, E and not stated; C and D have no unit
    assert lines[1].startswith("- Characteristic B (") and "regressing 1 (4), with no change 0." in lines[1]
    assert "with no change 1 (6); the status of 1 of these rests on reconstructed rows." in lines[2]
    assert lines[3].startswith("- Characteristic not stated")


def test_cited_sentence_lists_each_cited_unit_and_reconstruction():
    text = recommendations.cited_sentence(status_frame(), framework_frame(), TAXONOMY, "B")
    assert text == ("Table 9's recommendation for Characteristic B cites 2 KPI units, 2 of them with data: "
                    "4 regress, 5 progress. The status of 1 of them rests on reconstructed rows.")
    assert "cites no KPI unit" in recommendations.cited_sentence(status_frame(), framework_frame(), TAXONOMY, "A")


def test_reconstructed_sentence_counts_units_with_data():
    text = recommendations.reconstructed_sentence(status_frame())
    assert text.startswith("The status of 3 of the 4 units with data rests on reconstructed rows (2, 5, 6)")
    clean = status_frame(UNITS[3:4])
    assert "every one of the 1 units with data" in recommendations.reconstructed_sentence(clean)


# ---- implementation gaps ------------------------------------------------------------------------------
def test_gap_sentence_names_bodies_with_rates_and_upcoming():
    activities = make_register(SMALL).activities
    text = recommendations.gap_sentence(gaps.lowest_implementation(activities, TAXONOMY, n=2),
                                        gaps.most_upcoming(activities, TAXONOMY, n=1))
    assert "are those of ACDM (0.0% of 1), ASOEN (50.0% of 2)." in text
    assert text.endswith("are with ACDM (1).")
    shown = recommendations.body_gap_display(gaps.body_implementation(activities, TAXONOMY))
    assert shown.columns.tolist() == ["Sectoral Body", "Assessed activities", "Completed or ongoing", "Upcoming",
                                      "Implementation rate"]


@pytest.mark.parametrize("rank, phrase", [(1, "the highest"), (5, "the lowest"), (2, "the 2nd highest"),
                                          (3, "the 3rd highest"), (4, "the 4th highest")])
def test_rank_phrase(rank, phrase):
    assert recommendations.rank_phrase(rank, 5) == phrase


# ---- issues and evidence ------------------------------------------------------------------------------
def test_evidence_table_pairs_every_issue_with_computed_text():
    evidence = Evidence(make_register(SMALL), TAXONOMY, status_frame(), framework_frame(), forms_frame())
    table = recommendations.evidence_table(evidence)
    assert table.columns.tolist() == ["Table", "Issue", "Evidence computed here"]
    assert table["Table"].tolist() == ["Table 9"] * 6 + ["Table 10"] * len(recommendations.TABLE10_ISSUES)
    assert all(table["Evidence computed here"].str.len() > 20)
    issues = table.set_index("Issue")["Evidence computed here"]
    assert issues["Unavailable Outcome Indicators (KPI)"].startswith("3 of the 7 KPI units")
    b_issue = f"Substantive Issue for Characteristic B ({TAXONOMY.label('characteristics', 'B')})"
    assert "cites 2 KPI units" in issues[b_issue]
    assert "Of 5 activities" not in issues[b_issue]  # linked activities only
    assert "6 activity rows from" in issues["Harnessing Activity Attribution to the Blueprint"]
    assert "ACDM (0.0% of 1)" in issues["Increasing Activity Implementation Effectiveness"]
    assert "2 are served by a centre" in issues["Improving Implementation Means"]
    assert issues["Financial and Human Resources"].startswith("The 5 assessed activities are funded by ASEAN funds")


# ---- the shipped data ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    framework, observations = load("kpi_framework"), load("kpi_observations")
    status = outcomes.kpi_status_table(framework, observations)
    return {"framework": framework, "observations": observations, "status": status,
            "register": load("tool1_register"), "forms": load("institutional_forms")}


def test_published_ids_come_from_the_outcome_figures(shipped):
    values = recommendations.published_figures(shipped["framework"], shipped["observations"])
    expected = outcomes.figures(shipped["framework"], shipped["observations"])
    assert set(values) == set(recommendations.PUBLISHED_IDS)
    assert all(values[key] == expected[key] for key in values)


def test_shipped_groups_add_up_to_the_published_counts(shipped):
    status, framework = shipped["status"], shipped["framework"]
    counts = outcomes.outcome_counts(framework, shipped["observations"])
    groups = recommendations.insufficient_by_category(status, framework)
    assert groups["units"].sum() == counts["kpis_insufficient_data"]
    assert int((groups["collection_category"] != NO_CATEGORY).sum()) == counts["kpi_gap_categories"]
    table = recommendations.status_by_characteristic(status, TAXONOMY)
    assert table["units"].sum() == counts["kpis_total"] and table["progress"].sum() == counts["kpis_with_progress"]
    assert table["reconstructed"].sum() == len(outcomes.units_resting_on_reconstructed(status))
    cited = kpis.units(framework).loc[lambda f: f["table9_reference"] == "B_recommendation", "kpi_id"]
    assert f"cites {len(cited)} KPI units" in recommendations.cited_sentence(status, framework, TAXONOMY, "B")


def test_shipped_chapter_figures_and_evidence(shipped):
    status, framework, register = shipped["status"], shipped["framework"], shipped["register"]
    values = recommendations.chapter_figures(status, framework, register.activities, TAXONOMY)
    lacking = sum(v for k, v in values.items() if k.startswith("kpis_insufficient_"))
    assert lacking == int((status["status"] == "insufficient_data").sum())
    lowest = gaps.lowest_implementation(register.activities, TAXONOMY, n=1).iloc[0]
    assert values["lowest_implementation_sb"] == lowest["sectoral_body"]
    table = recommendations.evidence_table(Evidence(register, TAXONOMY, status, framework, shipped["forms"]))
    assert table["Issue"].is_unique and not table["Evidence computed here"].str.contains("nan").any()

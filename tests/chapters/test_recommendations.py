"""Grouping and generated texts of the recommendations chapter: tiny frames, then the shipped data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ascc_analysis.analysis import gaps
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import recommendations
from ascc_analysis.chapters.recommendations import NO_CATEGORY, NOT_STATED, SET_TO_MATCH
from ascc_analysis.data import kpis
from ascc_analysis.data.datasets import load
from ascc_analysis.data.kpis import COLLECTION_CATEGORIES
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.basis import Basis
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
MARK = TAXONOMY.label("kpi_id_origins", "project", column="mark")
SET = TAXONOMY.label("kpi_statuses", "progress", column="label_when_reconstructed")

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
                          "collection_category": [r[5] for r in rows], "table9_reference": [r[6] for r in rows],
                          "id_named_in_mtr": [r[0] != "5" for r in rows], "provenance": "reconstructed"})
    parent = pd.DataFrame({"kpi_id": ["P"], "is_unit": [False], "text": ["A parent"], "collection_category": ["x"],
                           "table9_reference": [None], "id_named_in_mtr": [True], "provenance": ["published"]})
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
    shown = recommendations.category_display(groups, framework_frame(), TAXONOMY)
    assert shown["Collection category"].tolist() == ["Sectoral Body records", "No category (KPI not described)"]
    assert shown["Which"].tolist() == ["KPI 1, KPI 3", "KPI 7"]
    assert shown["Named in Table 9 as examples"].tolist() == ["KPI 1", ""]


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
def test_status_by_characteristic_counts_the_units_set_to_match_apart():
    table = recommendations.status_by_characteristic(status_frame(), TAXONOMY)
    assert table.index.tolist() == [*"ABCDE", NOT_STATED]
    assert table.loc["B"].to_dict() == {"progress": 0, "regress": 1, "no_change": 0, "insufficient_data": 0,
                                        SET_TO_MATCH: 1, "units": 2}
    assert table.loc["E", "no_change"] == 0 and table.loc["E", SET_TO_MATCH] == 1
    assert table.loc[NOT_STATED, "insufficient_data"] == 2 and table.loc["C", "units"] == 0
    assert int(table["units"].sum()) == len(UNITS)
    shown = recommendations.status_display(table, TAXONOMY)
    assert shown["Characteristic"].iloc[1] == f"B: {TAXONOMY.label('characteristics', 'B')}"
    assert shown["Characteristic"].iloc[-1] == NOT_STATED and "Regress" in shown.columns and SET in shown.columns


def test_status_chart_hatches_the_set_to_match_column():
    table = recommendations.status_by_characteristic(status_frame(), TAXONOMY)
    fig = recommendations.status_chart(table, TAXONOMY, 2019)
    assert [p.get_width() for p in fig.axes[0].patches if p.get_hatch()] == table[SET_TO_MATCH].tolist()


def test_off_track_names_kpis_with_their_mark_and_never_shows_a_marker_change():
    table = recommendations.off_track(status_frame(), framework_frame(), TAXONOMY)
    assert table["KPI"].tolist() == ["KPI 4", "KPI 6"]
    assert table["Status"].tolist() == ["Regress", SET]
    assert table["Change"].tolist() == ["+0.25", ""]
    assert table["Cited in Table 9"].tolist() == ["Characteristic B recommendation", "Characteristic E recommendation"]


def test_off_track_lines_per_characteristic():
    lines = recommendations.off_track_lines(status_frame(), framework_frame(), TAXONOMY).splitlines()
    assert len(lines) == 4  # A, B, E and not stated; C and D have no unit
    assert lines[1].startswith("- Characteristic B (") and "1 regresses (KPI 4) and 0 show no change." in lines[1]
    assert "0 show no change; set to match the MTR's count where the MTR's count needs a regress or no change: " \
        "1 (KPI 6)." in lines[2]
    assert lines[3].startswith("- Characteristic not stated")


def test_cited_sentence_lists_each_cited_unit_with_its_status_and_mark():
    text = recommendations.cited_sentence(status_frame(), framework_frame(), TAXONOMY, "B")
    assert text.startswith("Table 9's recommendation for Characteristic B cites 2 KPI units, 2 of them with data: "
                           f"KPI 4 (regress), KPI 5{MARK} (set to match the MTR's count). The status of 1 of them")
    assert "Progress" not in text and "progress" not in text
    assert "cites no KPI unit" in recommendations.cited_sentence(status_frame(), framework_frame(), TAXONOMY, "A")


def test_reconstructed_sentence_names_the_units_as_readers_see_them():
    text = recommendations.reconstructed_sentence(status_frame(), framework_frame(), TAXONOMY)
    assert text.startswith(f"The status of 3 of the 4 units with data rests on reconstructed rows (KPI 2, KPI 5{MARK}, "
                           "KPI 6)")
    assert recommendations.reconstructed_sentence(status_frame()).startswith(
        "The status of 3 of the 4 units with data rests on reconstructed rows (2, 5, 6)")
    clean = status_frame(UNITS[3:4])
    assert "every one of the 1 units with data" in recommendations.reconstructed_sentence(clean)


def test_status_basis_is_the_rows_each_status_reads():
    observations = pd.DataFrame({"kpi_id": ["4", "4", "4", "9"], "geography": ["ASEAN", "AAA", "ASEAN", "ASEAN"],
                                 "year": [2016, 2016, 2019, 2016], "value": [1.0, 2.0, 3.0, 4.0],
                                 "role": "primary", "provenance": ["published", "public_statistics", "reconstructed",
                                                                   "published"]})
    assert recommendations.status_basis(observations, ["4"]) == Basis((("published", 1), ("reconstructed", 1)))
    assert recommendations.status_basis(observations, []) == Basis()


# ---- implementation gaps ------------------------------------------------------------------------------
def reported(register):
    """The same register, every row relabelled ``reported`` (what a user's own export gives)."""
    register.activities["provenance"] = "reported"
    register.links["provenance"] = "reported"
    return register


@pytest.mark.parametrize("relabel, named", [(False, False), (True, True)])
def test_gaps_name_bodies_only_when_no_row_behind_them_was_built_by_the_project(relabel, named):
    register = make_register(SMALL)
    activities = (reported(register) if relabel else register).activities
    basis = recommendations.gap_basis(activities, TAXONOMY)
    bodies = gaps.body_implementation(activities, TAXONOMY)
    text = recommendations.gap_sentence(bodies, gaps.most_upcoming(activities, TAXONOMY, n=1), basis, TAXONOMY,
                                        lowest=2)
    shown = recommendations.body_gap_display(bodies, basis, TAXONOMY)
    chart = recommendations.gap_chart(bodies, 1, 60.0, "src", basis, TAXONOMY)
    labels = [t.get_text() for t in chart.axes[0].get_yticklabels()]
    if named:
        assert "are those of ACDM (0.0% of 1) and ASOEN (50.0% of 2)." in text and text.endswith("are with ACDM (1).")
        assert shown.iloc[:, 0].tolist() == labels == bodies["sectoral_body"].tolist()
    else:
        assert "the first-ranked body (0.0% of 1) and the second-ranked body (50.0% of 2)" in text
        assert "are with the first-ranked body (1) (ranks by rate, as above). Names are withheld: 100.0%" in text
        assert not any(body in text for body in bodies["sectoral_body"])
        assert shown.iloc[:, 0].tolist() == labels == ["the first-ranked body", "the second-ranked body",
                                                       "the third-ranked body"]
        assert "names withheld" in chart.axes[0].get_ylabel()
    assert shown.columns.tolist()[1:] == ["Assessed activities", "Completed or ongoing", "Upcoming",
                                          "Implementation rate"]


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
    assert table["units"].sum() == counts["kpis_total"]
    resting = outcomes.units_resting_on_reconstructed(status)
    assert table[SET_TO_MATCH].sum() == len(resting)
    assert table["progress"].sum() + (status.set_index("kpi_id").loc[resting, "status"] == "progress").sum() \
        == counts["kpis_with_progress"]
    cited = kpis.units(framework).loc[lambda f: f["table9_reference"] == "B_recommendation", "kpi_id"]
    assert f"cites {len(cited)} KPI units" in recommendations.cited_sentence(status, framework, TAXONOMY, "B")


def test_shipped_chapter_figures(shipped):
    status, framework, register = shipped["status"], shipped["framework"], shipped["register"]
    values = recommendations.chapter_figures(status, framework, register.activities, TAXONOMY)
    lacking = sum(v for k, v in values.items() if k.startswith("kpis_insufficient_"))
    assert lacking == int((status["status"] == "insufficient_data").sum())
    lowest = gaps.lowest_implementation(register.activities, TAXONOMY, n=1).iloc[0]
    assert values["lowest_implementation_sb"] == lowest["sectoral_body"]


def test_shipped_statuses_resting_on_reconstructed_rows_never_read_progress(shipped):
    status, framework = shipped["status"], shipped["framework"]
    off = recommendations.off_track(status, framework, TAXONOMY)
    resting = set(recommendations.kpi_names(outcomes.units_resting_on_reconstructed(status), framework, TAXONOMY))
    assert set(off.loc[off["KPI"].isin(resting), "Status"]) <= {SET}
    for line in recommendations.off_track_lines(status, framework, TAXONOMY).splitlines():
        measured = line.split("; set to match")[0]
        assert not any(re.search(re.escape(name) + r"(?![0-9a-z])", measured) for name in resting), line

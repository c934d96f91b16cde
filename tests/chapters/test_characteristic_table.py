"""A Characteristic's MTR table (Tables 2-6) beside the data, on the shipped data."""

from __future__ import annotations

import pytest

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import figures, reconcile
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import characteristic_table as mtr_table
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import mtr_tables

TAXONOMY = load_taxonomy()
COLUMNS = {"Implementation Progress", "Outcome Progress (KPIs)", "Overall Progress"}


@pytest.fixture(scope="module")
def shipped():
    framework, observations = load("kpi_framework"), load("kpi_observations")
    return {"register": load("tool1_register"), "framework": framework, "observations": observations,
            "mtr_tables": load("mtr_tables"), "published": load("published_figures"),
            "notes": load("reconciliation_notes"), "statements": load("mtr_activity_statements"),
            "status": outcomes.kpi_status_table(framework, observations)}


def _side_by_side(shipped, characteristic):
    register, framework, observations = shipped["register"], shipped["framework"], shipped["observations"]
    linked = metrics.linked_activities(register, characteristic, TAXONOMY)
    rows = mtr_table.table_rows(shipped["mtr_tables"], characteristic, TAXONOMY)
    computed = {**figures.characteristic_figures(register, characteristic, TAXONOMY),
                **outcomes.published_values(observations)}
    provenance = mtr_table.figure_rows(register, TAXONOMY, framework, observations, 2019)
    checked = reconcile.reconcile(computed, shipped["published"], shipped["notes"], provenance, TAXONOMY)
    evidence = mtr_table.table_evidence(rows, linked, shipped["statements"], shipped["status"], framework,
                                        observations, TAXONOMY, characteristic, 2019)
    table, basis = mtr_tables.side_by_side(rows, checked, TAXONOMY, extra=evidence)
    return rows, table.set_index("As published"), basis


@pytest.mark.parametrize("characteristic", ["A", "B", "C", "D", "E"])
def test_every_bullet_of_the_three_columns_verbatim_each_beside_what_the_data_give(shipped, characteristic):
    rows, table, basis = _side_by_side(shipped, characteristic)
    printed = shipped["mtr_tables"]
    section = TAXONOMY.label("characteristics", characteristic, column="mtr_section")
    mine = printed[(printed["section"] == section) & (printed["characteristic"] == characteristic)]
    assert list(table.index) == mine["text"].tolist() and set(mine["column"]) == COLUMNS
    assert (table["Agreement"] != "no figure stated").all()  # every bullet gets what the data give
    unmarked = table[table["Basis"] == ""]
    assert unmarked["Agreement"].str.startswith("not computed").all()  # only where no row stands behind it
    assert basis.rests_on_project_rows(TAXONOMY)
    assert mtr_table.table_caption(rows).startswith(f"{mine['table'].iloc[0]}: MTR Summary on Characteristic")


def test_a_status_that_differs_from_the_mtrs_good_progress_says_so_in_its_row(shipped):
    _, table, _ = _side_by_side(shipped, "D")
    drugs = table.loc[[text for text in table.index if text.startswith("Good progress")][0]]
    assert "KPI 23a†: No change" in drugs["Computed here"] and "KPI 23b†: No change" in drugs["Computed here"]
    assert drugs["Agreement"].startswith("figures stated: agrees (holds by construction")
    assert "the statement: differs (KPI 23a†: Differs from the MTR's wording (“Good progress”, Table 5)" \
        in drugs["Agreement"]


def test_published_averages_are_checked_on_the_constant_panel_of_public_values(shipped):
    _, table, _ = _side_by_side(shipped, "E")
    neet = table.loc[[text for text in table.index if "NEET" in text][0]]
    gci = table.loc[[text for text in table.index if "Global Competitiveness" in text][0]]
    assert "independent check on public statistics: over the constant panel of" in neet["Agreement"]
    assert "the statement: differs" in neet["Agreement"]  # the panel's average does not rise as the MTR's does
    assert "the statement: agrees" in gci["Agreement"] and "improving in" in gci["Agreement"]
    assert neet["Basis"].startswith("Public statistics")


def test_matches_on_reconstructed_rows_hold_by_construction_and_public_statistics_check_independently(shipped):
    _, table, _ = _side_by_side(shipped, "A")
    by_column = table.reset_index().set_index("MTR column")
    implementation = by_column.loc["Implementation Progress"]
    assert implementation["Agreement"].str.contains("holds by construction").all()
    effectiveness = table.loc[[text for text in table.index if "Government Effectiveness" in text][0]]
    assert effectiveness["Agreement"] == "agrees (KPI 2†: independent check: recomputed from public statistics)"
    types = table.loc[[text for text in table.index if text.startswith("Common activities")][0]]
    assert types["Computed here"].startswith("most common: public outreach") and types["Agreement"].startswith("agrees")
    overall = by_column.loc["Overall Progress"]
    assert overall["Agreement"].startswith("not comparable") and "“set to match the MTR's count”" in \
        overall["Computed here"]


def test_units_printed_in_a_bullet(shipped):
    framework = shipped["framework"]
    assert mtr_table.units_printed_in("Decreases in undernourishment, stunting, wasting, and underweight. "
                                      "Increased numbers of overweight children under five years of age in several "
                                      "AMS.", framework) == ["6a", "6b", "6c", "9", "10"]
    assert mtr_table.units_printed_in("Nothing the framework states.", framework) == []


def test_figures_printed_in_the_text_of_the_section_stand_beside_the_data(shipped):
    register, framework, observations = shipped["register"], shipped["framework"], shipped["observations"]
    computed = figures.characteristic_figures(register, "B", TAXONOMY)
    provenance = mtr_table.figure_rows(register, TAXONOMY, framework, observations, 2019)
    checked = reconcile.reconcile(computed, shipped["published"], shipped["notes"], provenance, TAXONOMY)
    table, basis = mtr_table.text_figures(checked, "B")
    published = shipped["published"]
    expected = published[published["figure_id"].str.startswith("B_") & published["printed_in"].isna()]
    assert table["What"].tolist() == expected["metric"].tolist() and "Figure" not in table  # named, not coded
    reason = shipped["notes"].set_index("figure_id").at["B_implemented", "reason"]
    metric = expected.set_index("figure_id").at["B_implemented", "metric"]
    assert table.set_index("What").at[metric, "Reason"] == reason
    assert dict(basis.rows)["published"] == len(expected) and basis.rests_on_project_rows(TAXONOMY)

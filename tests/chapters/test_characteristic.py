"""Characteristic reports: published body names, rankings without names on reconstructed rows, the KPI table, panels."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.analysis import panels
from ascc_analysis.chapters import characteristic as chapter
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.text import lower_first
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
SET_TO_MATCH = TAXONOMY.label("kpi_statuses", "progress", column="label_when_reconstructed")


@pytest.fixture(scope="module")
def shipped():
    framework, observations = load("kpi_framework"), load("kpi_observations")
    return {"framework": framework, "observations": observations, "mtr_tables": load("mtr_tables"),
            "published": load("published_figures"), "statements": load("mtr_activity_statements"),
            "status": outcomes.kpi_status_table(framework, observations)}


def _reported(register):
    register.activities["provenance"] = "reported"
    return register


def _printed(published, figure_id) -> str:
    return str(published.set_index("figure_id").at[figure_id, "value"])


# ---- Sectoral Bodies ----------------------------------------------------------------------------------
def test_the_mtr_names_its_largest_bodies_with_their_printed_shares_and_quotes(shipped):
    statements, published = shipped["statements"], shipped["published"]
    a = chapter.published_bodies(statements, published, "A")
    assert a["body"].tolist() == ["SOMHD"] and a["share"].tolist() == [_printed(published, "A_largest_sb")]
    c = chapter.published_bodies(statements, published, "C")
    assert c["body"].tolist() == ["ASOEN", "COP-AATHP"]
    assert c["share"].tolist() == [_printed(published, "C_largest_sb"), ""]
    text = chapter.published_bodies_text(c)
    assert "**COP-AATHP** (no share printed)" in text
    assert all(quote in text for quote in c["quote"])
    assert chapter.published_bodies_text(chapter.published_bodies(statements, published, "Z")).startswith(
        "The MTR names no")


def test_a_ranking_of_reconstructed_rows_names_no_body_and_says_why():
    register = make_register(SMALL)
    linked = metrics.linked_activities(register, "A", TAXONOMY)
    ranked, basis = chapter.ranked_bodies(linked, TAXONOMY)
    assert ranked["sectoral_body"].tolist() == ["the first-ranked body", "the second-ranked body",
                                                "the third-ranked body"]
    assert ranked["rank"].tolist() == [1, 2, 3] and basis == Basis.of(linked)
    text = chapter.ranked_bodies_text(ranked, "Characteristic A", basis, TAXONOMY)
    assert text.startswith("The first-ranked body holds the largest share") and "Names are withheld" in text
    assert not set(TAXONOMY.implementing_bodies) & set(text.replace(",", " ").replace(".", " ").split())
    table = chapter.ranked_bodies_table(ranked)
    assert list(table.columns) == ["Rank", "Sectoral Body", "Activities", "Share"]


def test_a_ranking_of_reported_rows_names_the_bodies():
    register = _reported(make_register(SMALL))
    linked = metrics.linked_activities(register, "A", TAXONOMY)
    ranked, basis = chapter.ranked_bodies(linked, TAXONOMY)
    assert ranked["sectoral_body"].tolist() == metrics.body_shares(linked)["sectoral_body"].tolist()
    text = chapter.ranked_bodies_text(ranked, "Characteristic A", basis, TAXONOMY)
    assert text.startswith(ranked["sectoral_body"].iloc[0]) and "withheld" not in text


@pytest.mark.parametrize("provenance, first", [("reconstructed", "the first-ranked body"), ("reported", "SOMHD")])
def test_the_kra_matrix_lists_bodies_in_the_ranking_order_and_words(provenance, first):
    register = make_register(SMALL)
    register.activities["provenance"] = provenance
    linked = metrics.linked_activities(register, "A", TAXONOMY)
    ranked, _ = chapter.ranked_bodies(linked, TAXONOMY)
    matrix = chapter.body_matrix(register, "A", TAXONOMY, ranked)
    assert matrix["Sectoral Body"].tolist() == ranked["sectoral_body"].tolist()
    assert matrix["Sectoral Body"].iloc[0] == first and list(matrix.columns[1:]) == ["A.1", "A.2"]
    assert int(matrix.drop(columns="Sectoral Body").to_numpy().sum()) >= len(linked)
    assert chapter.body_matrix(register, "E", TAXONOMY, ranked).empty


def test_the_mtr_names_its_common_activity_types(shipped):
    text = chapter.published_types_text(shipped["statements"], "C", TAXONOMY)
    assert text.startswith("The MTR names policy formulation and capacity building")
    assert "Common activities: policy formulation and capacity building." in text


# ---- KPI statuses and the KPI table -------------------------------------------------------------------
def test_a_status_set_to_match_the_mtr_is_never_counted_as_progress(shipped):
    mine = shipped["status"][shipped["status"]["characteristic"] == "A"]
    text = chapter.kpi_status_text("Characteristic A", mine, TAXONOMY)
    measured = mine[~mine["rests_on_reconstructed"]]
    progress = int((measured["status"] == "progress").sum())
    assert f"{progress} shows progress" in text and f"1 unit is “{lower_first(SET_TO_MATCH)}”" in text
    assert int((mine["status"] == "progress").sum()) == progress + 1  # the rules' own count includes it
    assert chapter.kpi_status_text("Z", mine.iloc[0:0], TAXONOMY).startswith("The results framework assigns no")


def _kpi_table(shipped, characteristic):
    table = chapter.kpi_outcomes_table(shipped["status"], shipped["framework"], shipped["observations"],
                                       shipped["mtr_tables"], TAXONOMY, characteristic)
    return table.set_index("KPI")


def test_published_values_without_a_year_appear_where_their_kpi_is_shown(shipped):
    a = _kpi_table(shipped, "A")
    published = shipped["published"]
    assert a.at["KPI 4a†", "Latest"] == f"{_printed(published, 'A_survey_satisfied')}% (year not stated)"
    assert a.at["KPI 4b†", "Latest"] == f"{_printed(published, 'A_survey_more_satisfied')}% (year not stated)"
    assert a.at["KPI 4a†", "Values from"] == "Published" and "without a year" in a.at["KPI 4a†", "Why"]
    assert a.at["KPI 4a†", "The MTR says"].startswith("High level of satisfaction")
    d = _kpi_table(shipped, "D")
    low, high = _printed(published, "D_drr_hadr_resolutions_min"), _printed(published, "D_drr_hadr_resolutions_max")
    assert d.at["KPI 20†", "Latest"] == f"{low} to {high} (year not stated)"


def test_a_status_that_differs_from_the_mtrs_wording_says_why(shipped):
    d = _kpi_table(shipped, "D")
    for kpi in ("KPI 23a†", "KPI 23b†"):
        assert d.at[kpi, "Status"] == "No change"
        assert d.at[kpi, "Why"].startswith("Differs from the MTR's wording (“Good progress”, Table 5)")
        assert "in every year 2016-2019" in d.at[kpi, "Why"]
    assert d.at["KPI 21†", "Why"] == ""


def test_kpi_ids_are_marked_and_reconstructed_statuses_never_read_progress(shipped):
    for characteristic in TAXONOMY.characteristic_codes:
        table = _kpi_table(shipped, characteristic)
        assert all(kpi.startswith("KPI ") for kpi in table.index)
        built = table["Rests on reconstructed data"] == "yes"
        assert (table.loc[built, "Status"] == SET_TO_MATCH).all()
        assert "Progress" not in set(table.loc[built, "Status"])
        assert "Status decided on" in table.columns and "Basis" not in table.columns
    e = _kpi_table(shipped, "E")
    assert {"KPI 26a", "KPI 31c", "KPI 30", "KPI 25†"} <= set(e.index)  # ids the MTR prints stay unmarked
    assert e.at["KPI 26b†", "Indicator"].startswith("KPI 26b†: not described")  # the project's text, marked
    assert e.at["KPI 26a", "Values from"] == "Published"


def test_shows_project_ids_and_kpi_headings(shipped):
    framework, status = shipped["framework"], shipped["status"]
    assert chapter.shows_project_ids(status[status["characteristic"] == "A"], framework)
    assert not chapter.shows_project_ids(status[status["kpi_id"].isin(["26a", "31c"])], framework)
    assert chapter.kpi_heading("14", framework, TAXONOMY).startswith("KPI 14†: Regional initiatives")
    assert chapter.kpi_heading("6d", framework, TAXONOMY).startswith("KPI 6d: policies")  # the id said once
    assert chapter.kpi_heading("7a", framework, TAXONOMY).startswith("KPI 7a†: not described")
    rows = chapter.kpi_observation_rows(shipped["observations"], framework, status[status["kpi_id"] == "4a"])
    assert set(rows["kpi_id"]) == {"4", "4a"}  # the survey's respondents come with its sub-KPI


# ---- ASEAN averages over a constant panel -------------------------------------------------------------
@pytest.mark.parametrize("kpi_id, first, last", [("31c", "E_neet_2016", "E_neet_2019"),
                                                 ("26a", "E_gci_2017", "E_gci_2019")])
def test_a_compared_average_names_its_panel_beside_the_mtrs(shipped, kpi_id, first, last):
    observations, framework = shipped["observations"], shipped["framework"]
    average = chapter.panel_average(observations, framework, TAXONOMY, kpi_id, 2019)
    printed = chapter.published_series(observations, kpi_id)
    assert len(printed) == 2 and set(printed["provenance"]) == {"published"}
    unit = shipped["status"].set_index("kpi_id").loc[kpi_id]
    text = chapter.panel_text(average, printed, unit, f"KPI {kpi_id}")
    assert f"constant panel of the {average.n} AMS" in text and ", ".join(average.panel[:-1]) in text
    assert "without saying which AMS it covers" in text and "by AMS of the panel" in text
    table = chapter.panel_table(average, printed)
    published = shipped["published"].set_index("figure_id")["value"]
    by_year = table.set_index("Year")
    column = "The MTR's average (published; panel not stated)"
    assert by_year.at[table["Year"].iloc[0], column] == published[first]
    assert by_year.at[str(average.last_year), column] == published[last]
    assert (table["AMS in the panel"].str.startswith(f"{average.n}: ")).all()
    same = [set(average.rows.loc[average.rows["year"] == y, "geography"]) for y in average.years]
    assert all(panel == set(average.panel) for panel in same)  # the same AMS at both ends


def test_panel_check_says_whether_public_values_move_like_the_mtrs_average(shipped):
    observations, framework = shipped["observations"], shipped["framework"]
    for kpi_id in ("26a", "31c"):
        average = chapter.panel_average(observations, framework, TAXONOMY, kpi_id, 2019)
        printed = chapter.published_series(observations, kpi_id)
        direction = framework.set_index("kpi_id").at[kpi_id, "desired_direction"]
        text, same = chapter.panel_check(average, printed, direction)
        printed_up = float(printed["value"].iloc[-1]) > float(printed["value"].iloc[0])
        assert same == (printed_up == (average.change > 0))
        assert text.startswith("independent check on public statistics")
    empty = chapter.panel_average(observations, framework, TAXONOMY, "14", 2019)
    assert chapter.panel_check(empty, chapter.published_series(observations, "14"), "up") == ("", None)


def test_panel_directions_list_every_panel_member_once():
    values = pd.DataFrame({"geography": ["AAA", "AAA", "BBB", "BBB", "CCC", "CCC"],
                           "year": [2016, 2019] * 3, "value": [1.0, 2.0, 3.0, 1.0, 5.0, 5.0]})
    average = panels.panel_average(values, [2016, 2019])
    moved = chapter.panel_directions(average, "up")
    assert moved == {"improving": ["AAA"], "worsening": ["BBB"], "flat": ["CCC"]}
    assert "improving in 1 AMS (AAA)" in chapter.panel_directions_text(average, "up")

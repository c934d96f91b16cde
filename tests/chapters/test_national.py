"""The national chapter's frames and the rows behind each element (ascc_analysis.chapters.national)."""

import pytest

from ascc_analysis.chapters.national import TABLE_8_LINK, load_national
from ascc_analysis.chapters.report import start_report
from ascc_analysis.data.kpis import ASEAN


@pytest.fixture(scope="module")
def khm(tmp_path_factory):
    report = start_report("national", output_dir=str(tmp_path_factory.mktemp("national")), ams="KHM")
    return load_national(report, "KHM", 2019)


def test_every_element_rests_on_measured_rows_of_its_own_series(khm):
    assert khm.basis(role="primary").rows == (("public_statistics", len(khm.rows(role="primary"))),)
    assert set(khm.rows(role="context")["role"]) == {"context"}
    assert khm.basis(khm.gaps["series"]).total == len(khm.rows(khm.gaps["series"])) > 0
    assert khm.ranked_basis().may_name(khm.taxonomy)
    ranked = khm.profile[khm.profile["rank"].notna() & (khm.profile["role"] == "primary")]
    assert khm.ranked_basis().total == int(ranked["rank_of"].sum())


def test_the_published_comparison_rests_on_published_and_panel_rows(khm):
    codes = dict(khm.published_basis().rows)
    assert codes["published"] == len(khm.published) == 4 and codes["public_statistics"] > 0


def test_matrix_rows_name_the_kpi_the_years_and_the_panel(khm):
    labels = khm.matrix_labels()
    assert set(labels) == set(khm.matrix["series"])
    assert labels["kpi-26a"].startswith("KPI 26a: Global Competitiveness Index 4.0")
    assert labels["kpi-26a"].endswith("(2017-2019, 6 AMS)")
    assert labels["kpi-2"].startswith("KPI 2†: ")
    assert set(khm.published["series"]) <= set(khm.kpi_labels())
    asean = khm.matrix[khm.matrix["geography"] == ASEAN]
    panels = sum(len(rows) for rows in [khm.rows([key]) for key in asean["series"]])
    assert 0 < khm.matrix_basis().total <= panels


def test_project_assigned_ids_are_shown_so_the_footnote_is_needed(khm):
    assert "26a" in khm.kpi_ids_shown() and "2" in khm.kpi_ids_shown()
    assert khm.shows_project_ids()
    assert TABLE_8_LINK == "resources.html#table-8"


def test_sentences_name_every_kpi_series_also_those_the_country_lacks(tmp_path):
    report = start_report("national", output_dir=str(tmp_path), ams="SGP")
    sgp = load_national(report, "SGP", 2019)
    assert "kpi-6a" not in set(sgp.profile["series"])
    assert sgp.sentence_labels()["kpi-6a"] == "undernourishment"
    assert set(sgp.matrix["series"]) <= set(sgp.sentence_labels())


def test_caveats_beyond_gaps_leave_out_only_the_coverage_notes_a_gap_repeats(khm):
    from dataclasses import replace

    import pandas as pd

    gaps = pd.DataFrame({"series": ["s1"], "note": ["no KHM rows"]})
    caveats = pd.DataFrame({"series": ["s1", "s1", "s2"], "label": ["a", "a", "b"],
                            "kind": ["coverage", "row", "coverage"],
                            "caveat": ["no KHM rows", "no KHM rows", "no KHM rows"]})
    kept = replace(khm, gaps=gaps, caveats=caveats).caveats_beyond_gaps()
    assert kept[["series", "kind"]].values.tolist() == [["s1", "row"], ["s2", "coverage"]]


def test_gaps_split_into_kpi_series_and_the_rest_without_losing_one(khm):
    kpi, other = khm.gaps_of(kpi_series=True), khm.gaps_of(kpi_series=False)
    assert set(kpi["role"]) <= {"primary"} and "primary" not in set(other["role"])
    assert sorted([*kpi.index, *other.index]) == sorted(khm.gaps.index)

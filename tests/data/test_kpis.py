"""KPI results framework, indicator map and observations: contracts and data honesty."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from ascc_analysis.config import DataPaths
from ascc_analysis.data.datasets import load
from ascc_analysis.data.kpis import ASEAN, COLLECTION_CATEGORIES, ROLES, units
from ascc_analysis.data.taxonomy import load_taxonomy

REFERENCE = DataPaths.of().reference_dir

KPI_FIGURE_IDS = {
    "A_survey_respondents", "A_survey_satisfied", "A_survey_more_satisfied",
    "C_biodiversity_initiatives_2016", "C_biodiversity_initiatives_2019",
    "C_scp_activities_2016", "C_scp_activities_2019",
    "D_crisis_initiatives_2016", "D_crisis_initiatives_2019",
    "D_drr_hadr_resolutions_min", "D_drr_hadr_resolutions_max",
    "D_drug_projects_per_year", "D_health_drug_projects_per_year",
    "E_gci_2017", "E_gci_2019", "E_neet_2016", "E_neet_2019",
}
"""Published figures that are KPI values (as opposed to counts of KPIs or of activities)."""


def clean_summary() -> str:
    text = (REFERENCE / "ascc_mtr_executive_summary.md").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


def outcome_bullets(table_numbers: tuple[int, ...]) -> list[str]:
    """Bullets of the 'Outcome Progress (KPIs)' column of the given summary tables."""
    lines = (REFERENCE / "ascc_mtr_executive_summary.md").read_text(encoding="utf-8").splitlines()
    bullets, current = [], None
    for line in lines:
        caption = re.match(r"^Table (\d+)\.", line.strip())
        if caption:
            current = int(caption.group(1))
            continue
        if current in table_numbers and line.count("\t") == 2 and "<li>" in line:
            outcome_cell = line.split("\t")[1]
            for item in re.findall(r"<li>(.*?)</li>", outcome_cell):
                text = re.sub(r"\s+", " ", html.unescape(item)).strip().lstrip("\u2022").strip()
                bullets.append(text)
            current = None
    return bullets


@pytest.fixture(scope="module")
def framework() -> pd.DataFrame:
    return load("kpi_framework")


@pytest.fixture(scope="module")
def observations() -> pd.DataFrame:
    return load("kpi_observations")


@pytest.fixture(scope="module")
def indicator_map() -> pd.DataFrame:
    return load("indicator_map")


@pytest.fixture(scope="module")
def country() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "country_indicators.csv", dtype={"value": str})


# ---- framework --------------------------------------------------------------------------------------
def test_framework_has_32_kpis_and_45_units(framework):
    assert framework["kpi_id"].is_unique
    assert framework["parent_kpi"].isna().sum() == 32
    assert len(units(framework)) == 45


def test_parents_are_non_unit_rows_with_at_least_two_children(framework):
    children = framework.dropna(subset=["parent_kpi"])
    parents = framework[~framework["is_unit"]]
    assert set(children["parent_kpi"]) == set(parents["kpi_id"])
    assert children.groupby("parent_kpi").size().min() >= 2
    assert parents["parent_kpi"].isna().all()
    assert all(kpi.startswith(parent) for kpi, parent in zip(children["kpi_id"], children["parent_kpi"]))


def test_allowed_values(framework):
    taxonomy = load_taxonomy()
    assert framework["collection_category"].dropna().isin(COLLECTION_CATEGORIES).all()
    assert framework["desired_direction"].dropna().isin(["up", "down"]).all()
    assert framework["characteristic"].dropna().isin(taxonomy.characteristic_codes).all()
    assert framework["kra_code"].dropna().isin(taxonomy.kra_codes).all()
    assert framework["international_index"].dropna().isin(["GCI", "WGI"]).all()
    assert framework["provenance"].isin(["published", "reconstructed"]).all()
    assert framework["reconstructed_change"].dropna().isin(["increase", "decrease", "no_change"]).all()
    assert framework["mtr_stated_change"].dropna().isin(["increase", "decrease", "no_change", "none"]).all()


@pytest.mark.parametrize("kpi_id, words", [
    ("3", "Sectoral Body"), ("5a", "social protection"), ("5b", "social protection"),
    ("7b", "social protection"), ("6d", "Universal Health Coverage"), ("16", "Adaptive Social Protection"),
    ("19c", "digital natives"), ("22", "ASEAN awareness"), ("24", "ASEAN benefits"),
    ("26a", "Global Competitiveness Index"), ("30", "films"), ("31c", "NEET"),
])
def test_ids_named_by_the_mtr_keep_their_meaning(framework, kpi_id, words):
    row = framework.set_index("kpi_id").loc[kpi_id]
    assert row["id_named_in_mtr"]
    assert words.lower() in row["text"].lower()


def test_table9_categories_of_the_named_gap_kpis(framework):
    rows = framework.set_index("kpi_id")
    assert rows.loc["3", "collection_category"] == "sectoral_body_records"
    assert set(rows.loc[["6d", "16"], "collection_category"]) == {"ams_policy_data"}
    assert set(rows.loc[["19c", "22", "24"], "collection_category"]) == {"perception_survey_research"}
    assert rows.loc["26a", "international_index"] == "GCI"


def test_statements_are_copied_from_the_summary(framework):
    summary = clean_summary()
    stated = framework.dropna(subset=["mtr_statement"])[["kpi_id", "mtr_statement"]]
    for kpi_id, statement in stated.itertuples(index=False):
        assert re.sub(r"\s+", " ", statement) in summary, kpi_id


def test_every_outcome_statement_of_tables_2_to_6_is_a_kpi(framework):
    statements = framework["mtr_statement"].dropna().tolist()
    bullets = outcome_bullets((2, 3, 4, 5, 6))
    assert len(bullets) == 21
    for bullet in bullets:
        assert any(s.rstrip(".;") in bullet for s in statements), bullet


def test_undescribed_kpis_say_so_and_are_reconstructed(framework):
    placeholders = framework[framework["mtr_statement"].isna() & ~framework["id_named_in_mtr"] & framework["is_unit"]]
    assert len(placeholders) == 8
    assert placeholders["text"].str.contains("not described in the MTR executive summary").all()
    assert (placeholders["provenance"] == "reconstructed").all()


def test_unnamed_ids_are_marked_reconstructed(framework):
    unnamed = framework[~framework["id_named_in_mtr"]]
    assert (unnamed["provenance"] == "reconstructed").all()
    assert unnamed["source_note"].str.contains("reconstructed").all()


def test_reconstructed_changes_state_why(framework):
    marked = framework.dropna(subset=["reconstructed_change"])
    assert marked["is_unit"].all()
    assert marked["reconstruction_basis"].notna().all()
    assert marked["reconstructed_to_year"].notna().all()
    assert (marked["provenance"] == "reconstructed").all()


# ---- indicator map ------------------------------------------------------------------------------------
def test_every_country_indicator_is_mapped_once(indicator_map, country):
    mapped = indicator_map[indicator_map["source_table"] == "country_indicators.csv"]
    assert mapped["indicator"].is_unique
    assert set(mapped["indicator"]) == set(country["indicator"])


def test_map_roles_and_kpis(indicator_map, framework):
    assert indicator_map["role"].isin([*ROLES, "excluded"]).all()
    excluded = indicator_map["role"] == "excluded"
    assert indicator_map.loc[excluded, "kpi_id"].isna().all()
    assert indicator_map.loc[excluded, "note"].notna().all()
    assert indicator_map.loc[~excluded, "kpi_id"].isin(framework["kpi_id"]).all()


def test_map_holds_every_kpi_value_figure(indicator_map):
    figures = pd.read_csv(REFERENCE / "mtr_published_figures.csv")
    assert set(figures["figure_id"]) >= KPI_FIGURE_IDS
    mapped = indicator_map[indicator_map["source_table"] == "mtr_published_figures.csv"]
    assert set(mapped["indicator"]) == KPI_FIGURE_IDS


# ---- observations -------------------------------------------------------------------------------------
def test_observation_values_allowed(observations, framework):
    assert observations["kpi_id"].isin(framework["kpi_id"]).all()
    assert observations["role"].isin(ROLES).all()
    assert observations["provenance"].isin(["published", "public_statistics", "reconstructed"]).all()
    assert observations["source"].notna().all()
    assert observations["value"].notna().all()
    geographies = set(load_taxonomy().ams_codes) | {ASEAN}
    assert observations["geography"].isin(geographies).all()


def test_published_rows_equal_the_published_figures(observations):
    figures = pd.read_csv(REFERENCE / "mtr_published_figures.csv").set_index("figure_id")
    published = observations[observations["provenance"] == "published"]
    assert set(published["figure_id"]) == KPI_FIGURE_IDS
    assert (published["geography"] == ASEAN).all()
    for row in published.itertuples(index=False):
        assert float(row.value) == float(figures.loc[row.figure_id, "value"])
        assert row.source.startswith("MTR executive summary, section ")
        assert row.source.endswith(f"figure {row.figure_id}")


def test_country_values_match_country_indicators_row_for_row(observations, country, indicator_map):
    from_country = indicator_map["source_table"] == "country_indicators.csv"
    used = indicator_map.loc[indicator_map["role"].isin(ROLES) & from_country, "indicator"]
    expected = country[country["indicator"].isin(used)]
    rows = observations[observations["geography"] != ASEAN]
    assert len(rows) == len(expected)
    merged = rows.merge(expected.rename(columns={"iso3": "geography", "value": "ref_value", "source": "ref_source",
                                                 "unit": "ref_unit"}).astype({"year": "Int64"}),
                        on=["indicator", "geography", "year"], how="outer", indicator=True, validate="one_to_one")
    assert (merged["_merge"] == "both").all()
    assert (merged["value"].astype(float) == merged["ref_value"].astype(float)).all()
    assert (merged["source"] == merged["ref_source"]).all()
    assert (merged["unit"] == merged["ref_unit"]).all()


def test_no_country_value_without_a_public_source(observations):
    rows = observations[observations["geography"] != ASEAN]
    assert (rows["provenance"] == "public_statistics").all()
    assert rows["source"].str.len().gt(0).all()


def test_excluded_indicators_are_not_copied(observations, indicator_map):
    excluded = indicator_map.loc[indicator_map["role"] == "excluded", "indicator"]
    assert not observations["indicator"].isin(excluded).any()


@pytest.mark.parametrize("indicator, geography, year, words", [
    ("youth_neet_rate_total", "VNM", 2019, "series break"),
    ("youth_neet_rate_total", "MYS", 2016, "institutional population"),
    ("wef_gci_legacy_score_1to7", "KHM", 2017, "not comparable with GCI 4.0"),
    ("wef_gci4_score", "SGP", 2019, "Myanmar not covered"),
    ("stunting_under5_survey", "VNM", 2016, "survey years only"),
    ("social_protection_coverage_sdg131", "PHL", 2019, "method change"),
    ("overweight_under5_modelled", "IDN", 2020, "COVID-19"),
])
def test_caveats_are_kept_as_data(observations, indicator, geography, year, words):
    row = observations[(observations["indicator"] == indicator) & (observations["geography"] == geography)
                       & (observations["year"] == year)]
    assert len(row) == 1
    assert words in row["caveat"].iloc[0]


def test_one_primary_value_per_kpi_geography_and_year(observations):
    primary = observations[(observations["role"] == "primary") & observations["year"].notna()]
    assert not primary.duplicated(["kpi_id", "geography", "year"]).any()


def test_reconstructed_rows_are_asean_markers_with_reasons(observations, framework):
    rebuilt = observations[observations["provenance"] == "reconstructed"]
    assert (rebuilt["geography"] == ASEAN).all()
    assert rebuilt["unit"].str.contains("not a measured value").all()
    assert rebuilt["caveat"].notna().all()
    marked = framework.dropna(subset=["reconstructed_change"])["kpi_id"]
    assert set(rebuilt["kpi_id"]) == set(marked)
    assert (rebuilt.groupby("kpi_id").size() == 2).all()

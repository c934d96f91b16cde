"""The national chapter: country profiles, gaps and caveats (ascc_analysis.analysis.national) and its template."""

import json
import math

import pandas as pd
import pytest

from ascc_analysis.analysis import national, panels
from ascc_analysis.analysis.national.series import fall_caveats
from ascc_analysis.chapters.report import start_report
from ascc_analysis.config import DATA_DIR, NOTEBOOKS_DIR
from ascc_analysis.data.datasets import load
from ascc_analysis.data.registry import ParameterError
from ascc_analysis.data.schema import INDICATOR_MAP_DTYPES, OBSERVATION_DTYPES
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import tables

TAXONOMY = load_taxonomy()
NAMES = dict(zip(TAXONOMY.member_states["iso3"], TAXONOMY.member_states["name"]))


# ---- hand-made frames ---------------------------------------------------------------------------
def make_observations(rows):
    """Observations from tuples (kpi_id, indicator, role, geography, year, value[, caveat[, source[, provenance]]])."""
    records = []
    for row in rows:
        kpi_id, indicator, role, geography, year, value, *rest = row
        caveat = rest[0] if len(rest) > 0 else None
        source = rest[1] if len(rest) > 1 else f"test source for {indicator}"
        provenance = rest[2] if len(rest) > 2 else "public_statistics"
        records.append({"kpi_id": kpi_id, "indicator": indicator, "role": role, "geography": geography,
                        "year": year, "value": value, "unit": "units", "source": source,
                        "provenance": provenance, "caveat": caveat, "figure_id": None})
    return pd.DataFrame(records, columns=list(OBSERVATION_DTYPES)).astype(OBSERVATION_DTYPES)


def make_map(rows):
    """An indicator map from dicts (columns left out are empty)."""
    return pd.DataFrame(rows, columns=list(INDICATOR_MAP_DTYPES)).astype(INDICATOR_MAP_DTYPES)


NO_MAP = make_map([])
FACTS = make_map([
    {"source_table": "country_indicators.csv", "indicator": "falling", "series": "falling", "role": "excluded",
     "label": "Falling use", "desired_direction": "up", "comparable_across_ams": True, "falls_read_as_breaks": True},
    {"source_table": "country_indicators.csv", "indicator": "arrivals", "series": "arrivals", "role": "excluded",
     "comparable_across_ams": False, "falls_read_as_breaks": False},
    {"source_table": "country_indicators.csv", "indicator": "rank", "series": "rank", "kpi_id": "3", "role": "context",
     "label": "Rank among economies", "short_label": "the rank", "desired_direction": "down"},
    {"source_table": "country_indicators.csv", "indicator": "gci4", "series": "gci4", "kpi_id": "3", "role": "primary",
     "label": "Competitiveness score", "short_label": "the score"},
])


def profile_of(observations, iso3, cutoff_year=2019, indicator_map=NO_MAP):
    return national.country_profile(observations, FRAMEWORK, indicator_map, TAXONOMY, iso3, cutoff_year)


FRAMEWORK = pd.DataFrame({
    "kpi_id": ["1", "2", "3"],
    "characteristic": ["A", "B", "E"],
    "text": ["Higher is better, ASEAN average", "Lower is better", "Competitiveness, ASEAN average score"],
    "desired_direction": ["up", "down", "up"],
    "baseline_year": [2016, 2016, 2016],
}).astype({"kpi_id": "string", "characteristic": "string", "text": "string", "desired_direction": "string",
           "baseline_year": "Int64"})


def _row(profile, series):
    return profile.set_index("series").loc[series]


@pytest.fixture
def rank_among_few(monkeypatch):
    """These small panels have two or three AMS: rank among as few (the reports need ``config.MIN_RANKED_AMS``)."""
    monkeypatch.setattr("ascc_analysis.analysis.national.profile.MIN_RANKED_AMS", 2)


def test_no_rank_among_fewer_than_the_configured_number_of_ams():
    observations = make_observations([
        ("2", "lower", "primary", "AAA", 2019, 7.5), ("2", "lower", "primary", "BBB", 2019, 5.0),
        ("2", "lower", "primary", "CCC", 2019, 9.0),
    ])
    row = _row(profile_of(observations, "AAA", 2019), "kpi-2")
    assert pd.isna(row["rank"]) and pd.isna(row["rank_of"])  # three AMS are fewer than MIN_RANKED_AMS


def test_rank_follows_the_desired_direction():
    values = pd.Series({"AAA": 5.0, "BBB": 3.0, "CCC": 8.0})
    assert national.rank_of(values, "BBB", "down") == (1.0, 3)
    assert national.rank_of(values, "CCC", "down") == (3.0, 3)
    assert national.rank_of(values, "CCC", "up") == (1.0, 3)
    assert national.rank_of(pd.Series({"AAA": 2.0, "BBB": 2.0, "CCC": 1.0}), "BBB", "up") == (1.0, 3)
    rank, n = national.rank_of(values, "AAA", None)
    assert math.isnan(rank) and n == 3


def test_profile_rank_change_and_trend_with_direction_down(rank_among_few):
    observations = make_observations([
        ("2", "lower", "primary", "AAA", 2016, 10.0), ("2", "lower", "primary", "AAA", 2019, 7.5),
        ("2", "lower", "primary", "BBB", 2016, 4.0), ("2", "lower", "primary", "BBB", 2019, 5.0),
        ("2", "lower", "primary", "CCC", 2019, 9.0),
    ])
    profile = profile_of(observations, "AAA", 2019)
    row = _row(profile, "kpi-2")
    assert (row["baseline_year"], row["baseline"], row["latest_year"], row["latest"]) == (2016, 10.0, 2019, 7.5)
    assert row["change"] == pytest.approx(-2.5)
    assert row["trend"] == "improving"
    assert (row["rank"], row["rank_of"]) == (2, 3)
    # CCC has no 2016 value: the constant panel of 2016-2019 is AAA and BBB, in both years
    assert row["asean_average"] == pytest.approx((7.5 + 5.0) / 2) and row["asean_n"] == 2
    assert (row["asean_first_year"], row["asean_first"], row["asean_last_year"]) == (2016, 7.0, 2019)
    assert (row["asean_panel"], row["asean_dropped"], row["asean_trend"]) == ("AAA BBB", "CCC", "improving")
    assert row["label"] == "Lower is better"
    other = _row(profile_of(observations, "BBB", 2019), "kpi-2")
    assert other["trend"] == "worsening" and other["rank"] == 1


def test_baseline_window_follows_the_outcome_rules_and_the_cutoff():
    observations = make_observations([
        ("1", "up", "primary", "AAA", 2015, 1.0), ("1", "up", "primary", "AAA", 2017, 2.0),
        ("1", "up", "primary", "AAA", 2018, 3.0), ("1", "up", "primary", "AAA", 2020, 9.0),
        ("1", "up", "primary", "BBB", 2017, 5.0), ("1", "up", "primary", "BBB", 2019, 4.0),
    ])
    first = _row(profile_of(observations, "AAA", 2019), "kpi-1")
    assert (first["baseline_year"], first["latest_year"], first["change"]) == (2015, 2018, 2.0)
    second = _row(profile_of(observations, "BBB", 2019), "kpi-1")
    assert (second["baseline_year"], second["trend"]) == (2017, "worsening")
    later = _row(profile_of(observations, "AAA", 2020), "kpi-1")
    assert later["latest"] == 9.0


def test_trend_without_a_baseline_or_a_later_value():
    observations = make_observations([
        ("1", "up", "primary", "AAA", 2018, 1.0), ("1", "up", "primary", "AAA", 2019, 2.0),
        ("1", "up", "primary", "BBB", 2019, 3.0),
        ("1", "up", "primary", "CCC", 2015, 3.0), ("1", "up", "primary", "CCC", 2016, 3.5),
        ("1", "up", "primary", "DDD", 2016, 4.0), ("1", "up", "primary", "DDD", 2019, 4.0),
    ])
    trends = {iso: _row(profile_of(observations, iso), "kpi-1")["trend"]
              for iso in ("AAA", "BBB", "CCC", "DDD")}
    assert trends == {"AAA": "no baseline", "BBB": "single value", "CCC": "no later value", "DDD": "flat"}
    assert set(trends.values()) <= set(national.TRENDS)


def test_reconstructed_asean_and_unsourced_rows_are_never_shown():
    observations = make_observations([
        ("1", "up", "primary", "AAA", 2016, 1.0, None, ""),
        ("1", "marker", "primary", "AAA", 2019, 1.0, None, "script", "reconstructed"),
        ("1", "published", "primary", "ASEAN", 2019, 5.0, None, "MTR", "published"),
        ("1", "up", "primary", "AAA", 2019, 2.0),
    ])
    profile = profile_of(observations, "AAA")
    row = _row(profile, "kpi-1")
    assert pd.isna(row["baseline_year"]) and row["latest"] == 2.0 and row["trend"] == "single value"
    assert row["asean_published"] == 5.0
    assert national.comparable_rows(observations, TAXONOMY)["geography"].tolist() == ["AAA"]


def test_context_series_are_never_joined_to_the_primary_series():
    observations = make_observations([
        ("3", "gci4", "primary", "AAA", 2017, 60.0), ("3", "gci4", "primary", "AAA", 2019, 62.0),
        ("3", "legacy", "context", "AAA", 2016, 4.5), ("3", "legacy", "context", "AAA", 2017, 4.6),
    ])
    profile = profile_of(observations, "AAA")
    assert profile["series"].tolist() == ["kpi-3", "legacy"]
    assert profile["role"].tolist() == ["primary", "context"]
    assert _row(profile, "kpi-3")["baseline_indicator"] == "gci4"
    assert _row(profile, "legacy")["baseline"] == 4.5


def test_gaps_list_series_other_ams_have_with_the_reason():
    observations = make_observations([
        ("1", "up", "primary", "AAA", 2016, 1.0),
        ("2", "lower", "primary", "BBB", 2016, 1.0, "covers most AMS; Avalon not covered"),
        ("2", "lower", "primary", "AAA", 2020, 1.0),
        ("3", "gci4", "primary", "BBB", 2019, 60.0, "no AAA rows"),
        ("3", "rank", "context", "BBB", 2019, 10.0),
    ])
    gaps = national.data_gaps(observations, FRAMEWORK, NO_MAP, TAXONOMY, "AAA", 2019, name="Avalon").set_index("series")
    assert list(gaps.index) == ["kpi-2", "kpi-3", "rank"]
    assert gaps.at["kpi-2", "note"] == "Avalon not covered; values only after the cut-off year (2020)"
    assert gaps.at["kpi-3", "note"] == "no AAA rows"
    assert gaps.at["rank", "note"] == "no AAA rows"  # explained by its KPI's primary series
    assert gaps.at["kpi-2", "ams_with_data"] == 1
    assert national.data_gaps(observations, FRAMEWORK, NO_MAP, TAXONOMY, "BBB", 2019)["series"].tolist() == ["kpi-1"]


def test_caveats_specific_to_a_country_and_series_breaks():
    general = "general note"
    observations = make_observations([
        ("2", "lower", "primary", "AAA", 2016, 9.0, general), ("2", "lower", "primary", "AAA", 2019, 14.0,
                                                              f"{general} | series break: new definition"),
        ("2", "lower", "primary", "BBB", 2016, 9.0, general), ("2", "lower", "primary", "BBB", 2019, 8.0, general),
    ])
    caveats = national.country_caveats(observations, FRAMEWORK, FACTS, TAXONOMY, "AAA")
    assert caveats[["series", "kind", "caveat"]].values.tolist() == [["kpi-2", "row", "series break: new definition"]]
    assert national.country_caveats(observations, FRAMEWORK, FACTS, TAXONOMY, "BBB").empty
    profile = profile_of(observations, "AAA")
    assert _row(profile, "kpi-2")["trend"] == "series break"
    assert "series break: new definition" in _row(profile, "kpi-2")["caveat"]
    assert _row(profile, "kpi-2")["country_caveat"] == "series break: new definition"
    assert tables.series_notes(profile).values.tolist() == [["Lower is better", general]]
    assert _row(profile_of(observations, "BBB"), "kpi-2")["trend"] == "improving"


def test_carried_forward_values_are_not_read_as_flat():
    observations = make_observations([
        ("2", "lower", "primary", "AAA", 2016, 5.0, "repeated values are carry-forwards"),
        ("2", "lower", "primary", "AAA", 2018, 5.0, "repeated values are carry-forwards"),
        ("2", "lower", "primary", "BBB", 2016, 5.0), ("2", "lower", "primary", "BBB", 2018, 5.0),
    ])
    assert _row(profile_of(observations, "AAA"), "kpi-2")["trend"] == "carried forward"
    assert _row(profile_of(observations, "BBB"), "kpi-2")["trend"] == "flat"


def test_falls_of_a_series_the_map_reads_as_breaks_are_flagged(rank_among_few):
    rows = [(None, "falling", "other", "AAA", 2016, 40.0), (None, "falling", "other", "AAA", 2018, 44.1),
            (None, "falling", "other", "AAA", 2019, 43.0), (None, "falling", "other", "BBB", 2019, 50.0)]
    observations = make_observations(rows)
    caveats = national.country_caveats(observations, FRAMEWORK, FACTS, TAXONOMY, "AAA")
    assert caveats["kind"].tolist() == ["series break"] and caveats["label"].tolist() == ["Falling use"]
    assert "44.1 (2018) to 43 (2019)" in caveats["caveat"].iloc[0]
    facts = national.series_facts(FACTS)
    falls = fall_caveats(facts, next(iter(facts.falls_as_breaks)), pd.Series({2018: 69.8479, 2019: 68.6616}))
    assert falls == ["falls from 69.85 (2018) to 68.66 (2019): probably a series break, not a real decline"]
    row = _row(profile_of(observations, "AAA", indicator_map=FACTS), "falling")
    assert row["trend"] == "improving" and row["rank"] == 2 and row["asean_n"] == 1  # BBB only has 2019
    assert national.country_caveats(observations, FRAMEWORK, NO_MAP, TAXONOMY, "AAA").empty


def test_levels_the_map_says_are_not_comparable_are_neither_averaged_nor_ranked():
    observations = make_observations([
        (None, "arrivals", "other", "AAA", 2016, 100.0), (None, "arrivals", "other", "AAA", 2019, 150.0),
        (None, "arrivals", "other", "BBB", 2019, 300.0),
    ])
    row = _row(profile_of(observations, "AAA", indicator_map=FACTS), "arrivals")
    assert math.isnan(row["asean_average"]) and pd.isna(row["rank"]) and pd.isna(row["rank_of"])
    assert row["change"] == 50.0 and row["trend"] == "no direction"
    assert _row(profile_of(observations, "AAA"), "arrivals")["asean_panel"] == "AAA"  # BBB lacks 2016


def test_labels_and_directions_come_from_the_indicator_map(rank_among_few):
    observations = make_observations([
        ("3", "gci4", "primary", "AAA", 2016, 60.0), ("3", "gci4", "primary", "AAA", 2019, 62.0),
        ("3", "rank", "context", "AAA", 2016, 30.0), ("3", "rank", "context", "AAA", 2019, 20.0),
        ("3", "rank", "context", "BBB", 2019, 10.0),
    ])
    profile = profile_of(observations, "AAA", indicator_map=FACTS).set_index("series")
    assert profile.loc["kpi-3", ["label", "short_label"]].tolist() == ["Competitiveness score", "the score"]
    assert profile.loc["rank", ["label", "short_label"]].tolist() == ["Rank among economies", "the rank"]
    assert profile.loc["rank", "desired_direction"] == "down" and profile.loc["rank", "trend"] == "improving"
    assert profile.loc["rank", "rank"] == 2
    plain = profile_of(observations, "AAA").set_index("series")
    assert plain.loc["kpi-3", "label"] == "Competitiveness" and pd.isna(plain.loc["kpi-3", "short_label"])
    assert plain.loc["rank", "label"] == "Rank" and plain.loc["rank", "trend"] == "worsening"


def test_series_facts_refuse_two_labels_for_one_series():
    clash = make_map([{"indicator": i, "series": i, "kpi_id": "3", "role": "primary", "label": label}
                      for i, label in (("a", "One"), ("b", "Another"))])
    with pytest.raises(ValueError, match="several label values to the series kpi-3"):
        national.series_facts(clash)
    same = make_map([{"indicator": i, "series": i, "kpi_id": "3", "role": "primary", "label": "One"} for i in "ab"])
    assert national.series_facts(same).labels == {"kpi-3": "One"}


def test_a_country_without_data_gives_an_empty_profile_not_an_error():
    observations = make_observations([("1", "up", "primary", "BBB", 2016, 1.0),
                                      ("1", "up", "primary", "BBB", 2019, 2.0)])
    profile = profile_of(observations, "AAA")
    assert profile.empty and list(profile.columns) == national.PROFILE_COLUMNS
    gaps = national.data_gaps(observations, FRAMEWORK, NO_MAP, TAXONOMY, "AAA")
    caveats = national.country_caveats(observations, FRAMEWORK, FACTS, TAXONOMY, "AAA")
    figures = national.national_figures(profile, gaps, caveats, "AAA")
    assert figures["AAA_indicators_with_data"] == 0 and figures["AAA_data_gaps"] == 1
    assert national.key_indicators(profile) == []
    shown = national.shown_values(profile, observations, TAXONOMY, "AAA")
    assert shown.empty and list(shown.columns) == national.SHOWN_COLUMNS
    assert tables.profile_table(profile, 10, FRAMEWORK, TAXONOMY, shown).empty and tables.values_shown(shown).empty


# ---- the shipped data ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    indicator_map = load("indicator_map")
    observations = national.national_observations(load("kpi_observations"), load("country_indicators"), indicator_map)
    framework = load("kpi_framework")
    profiles = {iso: national.country_profile(observations, framework, indicator_map, TAXONOMY, iso) for iso in NAMES}
    return observations, framework, profiles


def test_every_country_value_shown_is_a_row_of_the_reference_file(shipped):
    observations, _, profiles = shipped
    reference = pd.read_csv(DATA_DIR / "reference" / "country_indicators.csv", dtype=str, keep_default_na=False)
    keyed = reference.set_index(["indicator", "iso3", "year"])
    assert not keyed.index.duplicated().any()
    checked = 0
    for iso, profile in profiles.items():
        for _, row in profile.iterrows():
            for end in ("baseline", "latest"):
                if pd.isna(row[f"{end}_year"]):
                    continue
                source_row = keyed.loc[(row[f"{end}_indicator"], iso, str(int(row[f"{end}_year"])))]
                assert float(source_row["value"]) == row[end]
                assert row[f"{end}_source"] == source_row["source"] and source_row["source"].strip()
                checked += 1
        shown = national.shown_values(profile, observations, TAXONOMY, iso)
        for row in shown.itertuples():
            source_row = keyed.loc[(row.indicator, iso, str(row.year))]
            assert float(source_row["value"]) == row.value
            cited = ["" if pd.isna(getattr(row, c)) else getattr(row, c) for c in national.CITATION_COLUMNS]
            assert cited == [source_row[c] for c in national.CITATION_COLUMNS]
        assert tables.values_shown(shown)["Source"].str.strip().ne("").all()
    assert checked > 300


def test_chart_values_are_rows_of_the_reference_file(shipped):
    observations, _, profiles = shipped
    reference = pd.read_csv(DATA_DIR / "reference" / "country_indicators.csv", dtype=str, keep_default_na=False)
    keyed = reference.set_index(["indicator", "iso3", "year"])
    for profile in profiles.values():
        latest = profile.set_index("series")["latest_year"]
        for series in national.key_indicators(profile):
            year = int(latest[series])
            for value in national.comparison_values(observations, TAXONOMY, series, year).itertuples():
                assert float(keyed.loc[(value.indicator, value.geography, str(year)), "value"]) == value.value


def test_an_indicator_and_year_have_one_asean_average_in_every_profile(shipped):
    """The cause of NEET 15.386 (VNM, SGP), 17.04 (KHM, LAO), 14.475 (MYS): averages over the AMS with data in
    each country's latest year. Over the constant panel, a series and year give one average, named by its panel."""
    observations, framework, profiles = shipped
    seen: dict = {}
    for profile in profiles.values():
        for row in profile[profile["asean_n"].fillna(0) > 0].itertuples():
            for year, value in ((row.asean_first_year, row.asean_first), (row.asean_last_year, row.asean_last),
                                (row.latest_year, row.asean_average)):
                if not pd.isna(value):
                    seen.setdefault((row.series, int(year)), set()).add((round(value, 9), row.asean_panel))
    assert seen and all(len(found) == 1 for found in seen.values())
    neet = {year: found.pop() for (series, year), found in seen.items() if series == "kpi-31c"}
    assert neet[2019][1] == "IDN PHL SGP THA VNM"
    gci = panels.kpi_average(load("kpi_observations"), TAXONOMY, "26a", 2016, 2019)
    assert seen[("kpi-26a", 2019)] == {(round(gci.average(2019), 9), " ".join(gci.panel))}


def test_myanmar_has_no_gci_4_score_and_the_gap_says_why(shipped):
    observations, framework, profiles = shipped
    profile = profiles["MMR"]
    used = set(profile["baseline_indicator"].dropna()) | set(profile["latest_indicator"].dropna())
    assert not any(name.startswith("wef_gci4") for name in used)
    assert "kpi-26a" not in set(profile["series"])
    assert "wef_gci_legacy_score_1to7" in set(profile["series"])
    gaps = national.data_gaps(observations, framework, load("indicator_map"), TAXONOMY, "MMR", name="Myanmar")
    gaps = gaps.set_index("series")
    assert "Myanmar not covered" in gaps.at["kpi-26a", "note"]


def test_legacy_gci_never_enters_the_gci_4_series(shipped):
    _, _, profiles = shipped
    for profile in profiles.values():
        gci = profile[profile["series"] == "kpi-26a"]
        used = set(gci["baseline_indicator"].dropna()) | set(gci["latest_indicator"].dropna())
        assert used <= {"wef_gci4_score", "wef_gci4_score_2017backcast"}


def test_viet_nam_neet_2019_is_a_series_break(shipped):
    observations, framework, profiles = shipped
    neet = profiles["VNM"].set_index("series").loc["kpi-31c"]
    assert neet["latest_year"] == 2019 and neet["trend"] == "series break"
    caveats = national.country_caveats(observations, framework, load("indicator_map"), TAXONOMY, "VNM", name="Viet Nam")
    assert caveats.loc[caveats["series"] == "kpi-31c", "caveat"].str.contains("series break").any()


def test_survey_year_series_and_tourism_keep_their_caveats(shipped):
    _, _, profiles = shipped
    wasting = profiles["PHL"].set_index("series").loc["kpi-6c"]
    assert "survey years only" in wasting["caveat"]
    tourism = profiles["THA"].set_index("series").loc["international_tourist_arrivals"]
    assert "not comparable across AMS" in tourism["caveat"] and pd.isna(tourism["rank"])
    facts = national.series_facts(load("indicator_map"))
    assert facts.not_comparable == {"international_tourist_arrivals"}
    assert facts.falls_as_breaks == {"internet_users_pct"}
    assert facts.directions["wef_gci4_rank"] == "down" and facts.labels["kpi-26a"].startswith("Global Competitiveness")


def test_sparse_countries_give_shorter_profiles(shipped):
    observations, framework, profiles = shipped
    sizes = {iso: int((p["role"] == "primary").sum()) for iso, p in profiles.items()}
    assert sizes["SGP"] < sizes["IDN"] and sizes["BRN"] < sizes["IDN"]
    without = observations[observations["geography"] != "LAO"]
    assert national.country_profile(without, framework, load("indicator_map"), TAXONOMY, "LAO").empty
    assert len(national.data_gaps(without, framework, load("indicator_map"), TAXONOMY, "LAO")) >= sizes["LAO"]


def test_figures_are_counts_keyed_by_country(shipped):
    observations, framework, profiles = shipped
    gaps = national.data_gaps(observations, framework, load("indicator_map"), TAXONOMY, "SGP", name="Singapore")
    caveats = national.country_caveats(observations, framework, load("indicator_map"), TAXONOMY, "SGP",
                                       name="Singapore")
    figures = national.national_figures(profiles["SGP"], gaps, caveats, "SGP")
    assert all(key.startswith("SGP_") and isinstance(value, int) for key, value in figures.items())
    kpi = figures["SGP_indicators_with_data"]
    assert kpi == sum(figures[f"SGP_{k}"] for k in ("improving", "worsening", "flat", "series_break",
                                                      "carried_forward", "without_trend"))
    assert kpi + figures["SGP_data_gaps"] == national.series_available(observations, TAXONOMY)


def test_table_8_findings_apply_to_all_ams_and_none_to_one_country():
    findings = load("assessment_findings")
    synthesis, own = national.national_findings(findings, "IDN")
    assert len(synthesis) and (synthesis["level"] == "national_synthesis").all()
    assert (synthesis["table"] == "Table 8").all()
    assert own.empty


def test_unknown_ams_is_refused_with_the_valid_codes():
    with pytest.raises(ParameterError, match="valid codes: BRN, KHM"):
        start_report("national", ams="XYZ")


# ---- the template, rendered ---------------------------------------------------------------------
def _execute(tmp_path, ams):
    import papermill

    output = tmp_path / f"national-{ams}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "04_national.ipynb"), str(output), kernel_name="ascc-mtr",
                               parameters={"ams": ams, "output_dir": str(tmp_path)}, progress_bar=False)
    return json.loads(output.read_text())


@pytest.mark.slow
@pytest.mark.parametrize("ams", ["SGP", "MMR"])
def test_template_renders_for_contrasting_member_states(tmp_path, ams):
    executed = _execute(tmp_path, ams)
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    html = "\n".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert html.count("<img alt=") >= 2 and 'alt=""' not in html
    assert "Download this table as CSV" in html
    sidecar = json.loads((tmp_path / f"national-{ams}.json").read_text())
    assert sidecar["report_id"] == f"national-{ams}"
    assert sidecar["parameters"]["ams"] == ams
    assert sidecar["figures"]["member_states"] == len(NAMES)
    assert sidecar["figures"][f"{ams}_indicators_with_data"] > 0
    assert set(sidecar["provenance"]) == {"public_statistics", "published"}


@pytest.mark.slow
def test_template_refuses_an_unknown_member_state(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match="valid codes: BRN, KHM, IDN"):
        _execute(tmp_path, "XYZ")


def test_the_direction_matrix_reads_each_panel_country_and_notes_its_series_breaks(shipped):
    observations, framework, _ = shipped
    matrix = national.direction_matrix(observations, framework, load("indicator_map"), TAXONOMY, list(NAMES))
    neet = matrix[matrix["series"] == "kpi-31c"].set_index("geography")["direction"]
    assert neet["VNM"] == "series break" and neet["KHM"] == "not in panel" and neet["PHL"] == "improving"
    assert set(matrix.loc[matrix["geography"] == "ASEAN", "series"]) == set(matrix["series"])
    assert (matrix["panel_n"] >= 2).all() and "kpi-9" not in set(matrix["series"])  # underweight: VNM alone


def test_published_averages_are_read_from_the_published_figures_beside_the_panel(shipped):
    observations, framework, _ = shipped
    figures = load("published_figures")
    compared = national.published_averages(observations, figures, framework, TAXONOMY).set_index("figure_id")
    printed = figures.set_index("figure_id")["value"]
    assert set(compared.index) == {"E_gci_2017", "E_gci_2019", "E_neet_2016", "E_neet_2019"}
    assert (compared["published"] == printed[compared.index]).all()
    assert compared.at["E_gci_2019", "panel"] == "IDN MYS PHL SGP THA VNM"
    assert compared.at["E_gci_2019", "panel_average"] == pytest.approx(69.25)

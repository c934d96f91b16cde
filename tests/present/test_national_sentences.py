"""Sentences of the national chapter (ascc_analysis.present.national_sentences), from hand-made profiles."""

import math

import pandas as pd

from ascc_analysis.analysis import national
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import national_sentences as nn
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.judgement import withheld_note

TAXONOMY = load_taxonomy()


def make_profile(rows):
    """A profile from dicts; missing columns are empty."""
    base = {"series": "kpi-x", "kpi_id": "x", "characteristic": "B", "role": "primary", "label": "Thing",
            "short_label": None, "unit": "u", "desired_direction": "up", "baseline_year": 2016, "baseline": 1.0,
            "baseline_indicator": "thing", "baseline_source": "s", "latest_year": 2019, "latest": 2.0,
            "latest_indicator": "thing", "latest_source": "s", "n_values": 2, "change": 1.0, "trend": "improving",
            "asean_average": 1.5, "asean_n": 10, "asean_published": math.nan, "rank": 1, "rank_of": 10, "caveat": "",
            "country_caveat": ""}
    return national.profile_frame([{**base, **row} for row in rows])


EMPTY = national.profile_frame([])
PROFILE = make_profile([
    {"series": "kpi-6a", "label": "Prevalence of undernourishment", "short_label": "undernourishment",
     "trend": "improving", "rank": 1, "rank_of": 9},
    {"series": "kpi-10", "label": "Overweight among children under five", "short_label": "overweight",
     "trend": "worsening", "rank": 10},
    {"series": "kpi-12", "label": "Population living in slums", "short_label": "urban slums",
     "trend": "carried forward", "change": 0.0, "rank": 3},
    {"series": "kpi-31c", "label": "Youth NEET", "short_label": "youth NEET", "trend": "series break", "rank": 2,
     "rank_of": 7, "asean_published": 15.0, "asean_average": 15.5, "asean_n": 7},
    {"series": "kpi-9", "label": "Underweight among children under five", "trend": "single value",
     "baseline_year": None, "baseline": math.nan, "change": math.nan, "rank": 2, "rank_of": 4},
    {"series": "legacy", "role": "context", "label": "Legacy score", "trend": "improving"},
    {"series": "international_tourist_arrivals", "role": "other", "label": "International tourist arrivals",
     "trend": "no direction", "rank": None, "rank_of": None},
])


def test_short_label_from_the_indicator_map_else_the_label_in_a_sentence():
    assert nn.short_label("the GCI 4.0 score", "Global Competitiveness Index 4.0, score") == "the GCI 4.0 score"
    assert nn.short_label(pd.NA, "Mean income (PPP)") == "mean income"
    assert nn.short_label(None, "UHC index (SDG 3.8.1)") == "UHC index"


def test_coverage_sentence_counts_series():
    text = nn.coverage_sentence("Avalon", PROFILE, 11, 2019)
    assert text == ("Avalon has public country data up to 2019 for 5 of the 11 KPI series that at least one AMS has "
                    "data for, plus 1 related context series and 1 other public statistic.")
    assert "no public statistic for Avalon" in nn.coverage_sentence("Avalon", EMPTY, 11, 2019)


def test_trend_sentence_names_what_improved_worsened_and_broke():
    text = nn.trend_sentence("Avalon", PROFILE)
    assert text.startswith("Since the baseline, Avalon improved on 1 KPI series (undernourishment) and worsened "
                           "on overweight.")
    assert "The series of youth NEET breaks" in text
    assert "carries the value of urban slums forward" in text
    assert "1 series cannot be compared with a baseline" in text
    assert nn.trend_sentence("Avalon", EMPTY) == "No KPI series of Avalon can be compared with a baseline."
    single = make_profile([{"trend": "single value", "change": math.nan}])
    assert "None of the KPI series of Avalon" in nn.trend_sentence("Avalon", single)


def test_rank_sentence_first_last_and_best():
    public = Basis.from_code("public_statistics", 19)
    text = nn.rank_sentence("Avalon", PROFILE, public, TAXONOMY)
    assert text == ("Among the AMS with data in its latest year, Avalon ranks first on undernourishment (of 9) and "
                    "last on overweight (of 10) (1 = best in the desired direction).")
    middle = make_profile([{"rank": 3, "rank_of": 10}, {"series": "kpi-zz", "label": "Other", "rank": 2, "rank_of": 4}])
    assert nn.rank_sentence("Avalon", middle, public, TAXONOMY) == (
        "In its latest year with data, Avalon ranks at best second of the 4 AMS with data, on other.")
    assert nn.rank_sentence("Avalon", EMPTY, public, TAXONOMY) == \
        "No KPI series of Avalon can be ranked against other AMS."


def test_a_rank_on_reconstructed_rows_names_no_member_state():
    built = Basis.from_code("public_statistics", 9) + Basis.from_code("reconstructed", 1)
    text = nn.rank_sentence("Avalon", PROFILE, built, TAXONOMY)
    assert "Avalon" not in text and "first on" not in text
    assert text == withheld_note(built, TAXONOMY) and text.startswith("Names are withheld")
    reported = Basis.from_code("reported", 10)
    assert "Avalon ranks first" in nn.rank_sentence("Avalon", PROFILE, reported, TAXONOMY)


def test_average_sentence_names_the_constant_panel_beside_the_published_average():
    compared = pd.DataFrame({"series": ["kpi-31c", "kpi-31c"], "kpi_id": ["31c", "31c"], "year": [2016, 2019],
                             "figure_id": ["E_neet_2016", "E_neet_2019"], "published": ["12.3", "15.3"],
                             "panel_average": [14.66, 14.54], "panel_n": [5, 5],
                             "panel": ["IDN PHL SGP THA VNM"] * 2, "in_compared_years": [True, True]})
    text = nn.average_sentence(PROFILE, 10, compared, 2019)
    assert "constant panel, the AMS with a value in every year compared from the KPI's baseline year to 2019" in text
    assert ("for youth NEET, the panel's average differs from the one printed by -0.76 to +2.36 (2 years compared"
            in text)
    assert "differs from the one printed by -0.76 (1 year" in nn.average_sentence(PROFILE, 10, compared.iloc[1:], 2019)
    assert "published averages" not in nn.average_sentence(PROFILE, 10, compared.iloc[:0], 2019)


def test_gaps_sentence():
    gaps = pd.DataFrame({"series": ["kpi-26a", "rank"], "kpi_id": ["26a", "26a"], "characteristic": ["E", "E"],
                         "role": ["primary", "context"], "label": ["GCI", "GCI rank"],
                         "short_label": ["the GCI 4.0 score", None], "ams_with_data": [9, 9],
                         "years": ["2017-2019", "2018"], "note": ["Avalon not covered", "no value in the source data"]})
    assert nn.gaps_sentence("Avalon", gaps) == ("Other AMS have data on 1 KPI series that Avalon lacks: the GCI 4.0 "
                                                "score (Avalon not covered). It also lacks 1 context or other series "
                                                "(folded below).")
    assert nn.gaps_sentence("Avalon", gaps.iloc[0:0]).startswith("Avalon has data for every series")


def test_caveats_sentence_grammar_and_breaks():
    one = pd.DataFrame({"series": ["kpi-26a"], "label": ["GCI"], "kind": ["coverage"], "caveat": ["x"]})
    assert nn.caveats_sentence("Avalon", one, EMPTY) == \
        "1 caveat in the data concerns Avalon in particular (1 coverage note)."
    many = pd.DataFrame({"series": ["a", "b", "c"], "label": ["A", "B", "C"], "kind": ["row", "row", "series break"],
                         "caveat": ["x", "y", "z"]})
    text = nn.caveats_sentence("Avalon", many, PROFILE)
    assert text.startswith("3 caveats in the data concern Avalon in particular (2 notes on its own values and 1 fall")
    assert "Series breaks affect youth NEET" in text
    assert nn.caveats_sentence("Avalon", many.iloc[0:0], EMPTY).startswith("No caveat in the data concerns Avalon")
    assert nn.caveats_sentence("Avalon", one, EMPTY, in_gaps=2).endswith(
        "(1 coverage note). 2 coverage notes on series Avalon lacks are among the gaps above.")
    assert nn.caveats_sentence("Avalon", one.iloc[0:0], EMPTY, in_gaps=1) == (
        "No other caveat in the data concerns Avalon in particular. 1 coverage note on series Avalon lacks is among "
        "the gaps above.")


def test_other_statistics_sentence():
    text = nn.other_statistics_sentence("Avalon", PROFILE)
    assert text.startswith("1 public statistic that no MTR KPI measures is shown for context: international tourist")
    assert "International tourist arrivals is not averaged or ranked" in text
    assert nn.other_statistics_sentence("Avalon", EMPTY) == "No other public statistic of Avalon is in the data."


def test_assessment_sentence_is_collective_unless_the_data_name_the_country():
    synthesis = pd.DataFrame({"dimension": ["a", "a", "b"], "finding": ["x", "y", "z"]})
    text = nn.assessment_sentence("Avalon", synthesis, synthesis.iloc[0:0], 10)
    assert text.startswith("The MTR synthesises the national reviews of the 10 AMS in 3 findings over 2 assessment "
                           "dimensions ([Table 8, shown once for all AMS](resources.html#table-8)). They apply to "
                           "the AMS collectively, not to Avalon alone:")
    assert "no country-level assessment" in text
    own = nn.assessment_sentence("Avalon", synthesis, synthesis.iloc[:1], 10)
    assert own.endswith("; 1 finding in the data concerns Avalon itself.")
    assert "no assessment finding" in nn.assessment_sentence("Avalon", synthesis.iloc[0:0], synthesis.iloc[0:0], 10)


def test_key_indicators_sentence():
    assert "no chart is drawn" in nn.key_indicators_sentence("Avalon", PROFILE, [])
    text = nn.key_indicators_sentence("Avalon", PROFILE, ["kpi-6a", "kpi-10"])
    assert text.startswith("Charts follow for 2 KPI series (Characteristic B), one per Characteristic")


def test_direction_sentence_says_where_the_country_moves_with_the_average():
    rows = []
    for series, own, asean in (("kpi-2", "improving", "improving"), ("kpi-10", "flat", "worsening"),
                               ("kpi-31c", "not in panel", "improving"), ("kpi-12", "carried forward", "improving")):
        rows += [{"series": series, "geography": "AAA", "direction": own},
                 {"series": series, "geography": "ASEAN", "direction": asean}]
    labels = {"kpi-2": "government effectiveness", "kpi-10": "overweight", "kpi-31c": "youth NEET",
              "kpi-12": "urban slums"}
    text = nn.direction_sentence("Avalon", "AAA", pd.DataFrame(rows), labels)
    assert "Avalon moves with the ASEAN average on 1 of the 2 series where both read a direction (not on overweight)" \
        in text
    assert "outside the panel of youth NEET" in text and "urban slums break or carry values forward" in text
    assert "no direction of change" in nn.direction_sentence("Avalon", "AAA", pd.DataFrame(rows).iloc[:0], labels)


def test_sources_sentence_counts_publishers_and_later_vintages():
    shown = pd.DataFrame({"publisher": ["World Bank", "World Bank", "ILO"], "dataset": ["WGI", "WGI", "NEET"],
                          "edition": ["not known", "not known", "2021 vintage"], "release_year": ["not known"] * 3,
                          "source": ["s"] * 3, "vintage_note": ["released after the MTR's data date", None, None]})
    text = nn.sources_sentence("Avalon", shown)
    assert text.startswith("The 3 country values shown for Avalon come from 2 dataset editions published by World "
                           "Bank and ILO.")
    assert "1 value comes from editions released after the MTR's data date" in text

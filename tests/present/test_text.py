"""How the reports write numbers, lists and names (ascc_analysis.present.text)."""

import math

import pandas as pd

from ascc_analysis.present import text


def test_numbers_counts_and_percents():
    assert text.count(12345) == "12,345" and text.count(3.0) == "3"
    assert text.percent(12.345) == "12.3%" and text.percent(75, 0) == "75%"
    assert text.number(1234.5) == "1,234" and text.number(7.250) == "7.25" and text.number(2 / 3) == "0.667"
    assert text.number(0.0) == "0" and text.number(-0.0001) == "0"
    assert text.number(1234.5, 2) == "1,234.50" and text.number(-0.004, 2) == "-0.00"
    assert text.number(None) == "" and text.number(pd.NA) == "" and text.number(math.nan, 2) == ""
    assert text.exact(886400.024414063) == "886,400.024414063" and text.exact(4257000.0) == "4,257,000"


def test_values_with_their_year_and_parts_of_a_whole():
    assert text.with_year(7.25, 2019) == "7.25 (2019)"
    assert text.with_year(7.25, 2019.0, 2) == "7.25 (2019)" and text.with_year(1, pd.NA, 2) == "1.00 ()"
    assert text.with_year(math.nan, 2019) == "" and text.year(pd.NA) == "" and text.year(2016.0) == "2016"
    assert text.out_of(2, 10) == "2 of 10" and text.out_of(pd.NA, 10) == "" and text.out_of(3, math.nan) == ""


def test_ordinals_in_words_or_figures():
    assert [text.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == \
        ["first", "second", "third", "4th", "11th", "12th", "13th", "21st", "22nd", "111th"]
    assert [text.ordinal(n, words=False) for n in (1, 2, 3, 23)] == ["1st", "2nd", "3rd", "23rd"]


def test_plurals_lists_and_capitals():
    assert text.plural(1, "finding") == "1 finding" and text.plural(2, "finding") == "2 findings"
    assert text.plural(1200, "series", "series") == "1,200 series"
    assert text.join([]) == "" and text.join(["a"]) == "a" and text.join(["a", "b"]) == "a and b"
    assert text.join(["a", "b", "c"]) == "a, b and c"
    assert text.capital("international") == "International" and text.capital("") == ""


def test_lower_first_keeps_acronyms():
    assert text.lower_first("Government budget") == "government budget"
    assert text.lower_first("ASEAN funds") == "ASEAN funds"
    assert text.lower_first("UHC index") == "UHC index" and text.lower_first("R&D spending") == "R&D spending"
    assert text.lower_first("Internet") == "internet" and text.lower_first("") == ""


def test_short_source_names_publisher_and_dataset_never_the_path_read():
    assert text.short_source("github:o/r/f.csv@abc (World Bank WGI bulk CSV, series to 2022)") == \
        "World Bank WGI bulk CSV, series to 2022"
    assert text.short_source("github:o/r/f.csv@abc (UNDP HDR 2021/22 time series, column eys_2016)") == \
        "UNDP HDR 2021/22 time series"
    assert text.short_source("github:o/r/f.csv@abc (JME May 2022; sheet Survey Estimates)") == "JME May 2022"
    assert text.short_source("https://e.vnexpress.net/news/x.html") == "e.vnexpress.net"
    assert text.short_source("github:o/r/data/clean.csv@abc") == "a public copy of clean.csv"
    assert text.short_source("MTR executive summary, section 3.2, Table 2, figure A_x") == \
        "MTR executive summary, section 3.2, Table 2"
    assert text.short_source("reconstructed by scripts/m.py from data/kpi/k.csv (reconstructed_change of KPI 5a)") \
        == "reconstructed by this project"


def test_source_line_once_each_in_order_or_sorted_and_cut():
    sources = ["g:b.csv@1 (Second)", None, "g:a.csv@2 (First)", "g:b.csv@3 (Second)", pd.NA]
    assert text.source_line(sources) == "Second; First"
    assert text.source_line(sources, sort=True) == "First; Second"
    assert text.source_line(sources, tail="; computed") == "Second; First; computed"
    cut = text.source_line(["g:x@1 (" + "x" * 200 + ")"], limit=50, tail="; tail")
    assert len(cut) == 50 and cut.endswith(text.ELLIPSIS)
    assert text.source_line([]) == ""


def test_a_public_statistic_is_cited_by_publisher_dataset_and_edition():
    assert text.primary_source("World Bank", "Worldwide Governance Indicators",
                               "not known (probably the 2023 release: the series run to 2022)", "not known") == (
        "World Bank, Worldwide Governance Indicators, edition not known (probably the 2023 release: the series run "
        "to 2022)")
    assert text.primary_source("World Economic Forum", "Global Competitiveness Index 4.0 2018 Dataset",
                               "2018 edition", "2018") == (
        "World Economic Forum, Global Competitiveness Index 4.0 2018 Dataset, 2018 edition")
    assert text.primary_source("ILO", "SDG 1.3.1", "ILO modelled estimates", "2024") == \
        "ILO, SDG 1.3.1, ILO modelled estimates, released 2024"
    assert text.primary_source(None, "x") == "" and text.primary_source("UNDP", pd.NA) == "UNDP"
    rows = pd.DataFrame({"publisher": ["ILO", "ILO", None], "dataset": ["NEET", "NEET", None],
                         "edition": ["2021 vintage"] * 2 + [None], "release_year": ["2021"] * 2 + [None],
                         "source": ["a", "b", "https://e.vnexpress.net/news/x"]})
    assert text.primary_sources(rows) == ["ILO, NEET, 2021 vintage", "e.vnexpress.net"]
    assert text.primary_sources(rows, editions=False) == ["ILO, NEET", "e.vnexpress.net"]


def test_value_formats_by_unit_and_signs_changes():
    assert text.value(7.0, "count") == "7"
    assert text.value(12.345, "% of youth 15-24") == "12.3"
    assert text.value(15.0, "percent") == "15.0"
    assert text.value(69.8479, "index 0-100") == "69.848"
    assert text.value(0.03, "WGI estimate", signed=True) == "+0.03"
    assert text.value(-1.19, signed=True) == "-1.19"
    assert text.value(0.0, signed=True) == "0"
    assert text.value(-0.0001, signed=True) == "0"
    assert text.value(None) == "" and text.value(float("nan"), "count") == ""
    assert text.with_year(7.0, 2016, unit="regional initiatives") == "7 (2016)"


def test_agreement_and_possessives():
    assert text.agree(1, "lacks", "lack") == "1 lacks"
    assert text.agree(0, "shows", "show") == "0 show"
    assert text.possessive("the Philippines") == "the Philippines'"
    assert text.possessive("Viet Nam") == "Viet Nam's"


def test_a_unit_reads_in_words_on_axes_and_in_tables():
    assert text.unit_label("estimate approx -2.5..2.5") == "Estimate (scale about -2.5 to 2.5)"
    assert text.unit_label("% of youth 15-24") == "% of youth 15-24"
    assert text.unit_label(float("nan")) == "" and text.unit_label(None) == ""

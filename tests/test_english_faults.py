"""The sentence checker of the rendered reports (tests/helpers/english.py) finds what it should and only that."""

from __future__ import annotations

import pytest

from tests.helpers.english import faults


@pytest.mark.parametrize("text", [
    "Of 4 KPI units, 3 have sufficient data: 1 show progress; 1 lack sufficient data.",
    "of 1 unit are", "KPI 6d: KPI 6d: policies", "Value: None", "nan", "Philippines has public data",
    "all AMS in Philippines's latest year", "youth_neet_rate_total", "A_survey_respondents", "public_statistics",
    "7.00 (2016)", "0.21 to 0.23, change 0.03", "The 1 lowest", "the Philippines's column framed",
])
def test_a_fault_is_found(text):
    assert faults(text)


@pytest.mark.parametrize("text", [
    "1 shows progress and 1 lacks sufficient data", "Tool 1 are the nearest count", "None of the 27 tables rest",
    "The Philippines has data; the Philippines' latest year", "UN SDG series SI_COV_BENFTS",
    "UNDP HDR time series, column eys_2016", "github:o/r/f_x.csv@abc", "298 gives 77.00%", "7 (2016)",
    "change +0.03", "it said that that was so", "computed 23.00", "The 3 lowest", "the Philippines' column framed",
])
def test_good_english_passes(text):
    assert faults(text) == []


def test_a_reference_code_passes_only_when_named():
    assert faults("387 (A_activities)") and faults("387 (A_activities)", frozenset({"A_activities"})) == []

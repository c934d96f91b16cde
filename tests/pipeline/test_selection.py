"""Report selection and its checks (ascc_analysis.pipeline.selection)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from ascc_analysis.data.registry import all_reports
from ascc_analysis.pipeline import selection
from ascc_analysis.pipeline.selection import SelectionError
from tests.helpers.fixture_project import fixture_reports

ROOT = Path(__file__).resolve().parents[2]
REPORTS = fixture_reports(Path("/templates"))


def ids(reports):
    return [report.report_id for report in reports]


def test_no_flag_selects_everything():
    assert ids(selection.select(REPORTS)) == ["overview", "nat-AAA", "nat-BBB", "char-X"]


def test_values_of_one_flag_are_a_union_and_different_flags_narrow_each_other():
    assert ids(selection.select(REPORTS, chapters=["regional", "characteristic"])) == ["overview", "char-X"]
    assert ids(selection.select(REPORTS, ams=["BBB", "AAA"])) == ["nat-AAA", "nat-BBB"]
    assert ids(selection.select(REPORTS, chapters=["national"], ams=["AAA"])) == ["nat-AAA"]
    assert ids(selection.select(REPORTS, chapters=["characteristic"], characteristics=["X"])) == ["char-X"]


def test_a_parameter_flag_alone_selects_its_chapter_and_two_are_a_union():
    assert ids(selection.select(REPORTS, ams=["BBB"])) == ["nat-BBB"]
    assert ids(selection.select(REPORTS, characteristics=["X"])) == ["char-X"]
    assert ids(selection.select(REPORTS, ams=["BBB"], characteristics=["X"])) == ["nat-BBB", "char-X"]


def test_a_parameter_flag_narrows_only_the_chapters_that_take_it():
    picked = selection.select(REPORTS, chapters=["regional", "national"], ams=["BBB"])
    assert ids(picked) == ["overview", "nat-BBB"]
    assert ids(selection.select(REPORTS, ["regional", "national", "characteristic"], ["BBB"], ["X"])) == [
        "overview", "nat-BBB", "char-X"]


def test_a_parameter_flag_that_narrows_no_chosen_chapter_is_a_usage_error():
    with pytest.raises(SelectionError, match="^--ams narrows the national reports, which --chapter regional leaves "
                                             "out; add --chapter national or leave out --chapter$"):
        selection.check_selection(REPORTS, chapters=["regional"], ams=["AAA"])


def test_the_selection_in_words():
    assert selection.describe(REPORTS) == "every report"
    assert selection.describe(REPORTS, ["national"], ["BBB", "AAA"]) == "chapter national (AMS AAA or BBB)"
    assert selection.describe(REPORTS, ["regional", "national"], ["AAA"]) == "chapters regional, national (AMS AAA)"
    assert selection.describe(REPORTS, ams=["AAA"], characteristics=["X"]) == (
        "chapters national (AMS AAA), characteristic (Characteristic X)")


def test_valid_values_come_from_the_registry():
    assert selection.valid_values(REPORTS) == {"chapter": ["regional", "national", "characteristic"],
                                               "ams": ["AAA", "BBB"], "characteristic": ["X"]}


@pytest.mark.parametrize("kwargs, message", [
    ({"ams": ["XYZ"]}, "unknown AMS 'XYZ'; valid codes: AAA, BBB"),
    ({"characteristic": ["Q"]}, "unknown Characteristic 'Q'; valid codes: X"),
    ({"chapters": ["nope"]}, "unknown chapter 'nope'; valid chapters: regional, national, characteristic"),
])
def test_bad_values_list_the_valid_ones(kwargs, message):
    kwargs = {"characteristics" if k == "characteristic" else k: v for k, v in kwargs.items()}
    with pytest.raises(SelectionError, match=message):
        selection.check_selection(REPORTS, **kwargs)


def _parsed(flags: list[str]) -> dict:
    values = {"--chapter": [], "--ams": [], "--characteristic": []}
    for flag, value in zip(flags[::2], flags[1::2], strict=True):
        values[flag].append(value)
    return {"chapters": values["--chapter"], "ams": values["--ams"], "characteristics": values["--characteristic"]}


def test_selection_flags_for_a_rerun():
    picked = [r for r in REPORTS if r.report_id in {"overview", "nat-BBB", "char-X"}]
    assert selection.selection_flags(picked) == ["--chapter", "regional", "--chapter", "national", "--chapter",
                                                 "characteristic", "--ams", "BBB", "--characteristic", "X"]
    assert selection.select(REPORTS, **_parsed(selection.selection_flags(picked))) == picked
    narrowed = [r for r in REPORTS if r.report_id in {"nat-BBB", "char-X"}]
    assert selection.selection_flags(narrowed) == ["--ams", "BBB", "--characteristic", "X"]


def test_selection_flags_select_exactly_any_subset_of_the_real_registry():
    reports = all_reports()
    for size in (1, 2, 3):
        for subset in itertools.combinations(reports, size):
            flags = selection.selection_flags(list(subset))
            assert selection.select(reports, **_parsed(flags)) == list(subset), flags


def test_listing_the_real_registry_imports_no_pandas():
    code = ("import sys; from ascc_analysis.pipeline import cli, selection; "
            "from ascc_analysis.data.registry import all_reports; "
            "r = selection.select(all_reports(), ams=['VNM']); print(len(all_reports()), 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["18", "False"]

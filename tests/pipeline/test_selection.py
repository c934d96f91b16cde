"""Report selection and its checks (ascc_analysis.pipeline.selection)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ascc_analysis.pipeline import selection
from ascc_analysis.pipeline.selection import SelectionError
from tests.helpers.fixture_project import fixture_reports

ROOT = Path(__file__).resolve().parents[2]
REPORTS = fixture_reports(Path("/templates"))


def ids(reports):
    return [report.report_id for report in reports]


def test_no_flag_selects_everything():
    assert ids(selection.select(REPORTS)) == ["overview", "nat-AAA", "nat-BBB", "char-X"]


def test_flags_combine_as_a_union_in_registry_order():
    picked = selection.select(REPORTS, chapters=["regional"], ams=["BBB"], characteristics=["X"])
    assert ids(picked) == ["overview", "nat-BBB", "char-X"]
    assert ids(selection.select(REPORTS, chapters=["national"], ams=["AAA"])) == ["nat-AAA", "nat-BBB"]


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


def test_selection_flags_for_a_rerun():
    picked = [r for r in REPORTS if r.report_id in {"overview", "nat-BBB", "char-X"}]
    assert selection.selection_flags(picked) == ["--chapter", "regional", "--ams", "BBB", "--characteristic", "X"]
    assert selection.select(REPORTS, ["regional"], ["BBB"], ["X"]) == picked


def test_listing_the_real_registry_imports_no_pandas():
    code = ("import sys; from ascc_analysis.pipeline import cli, selection; "
            "from ascc_analysis.data.registry import all_reports; "
            "r = selection.select(all_reports(), ams=['VNM']); print(len(all_reports()), 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["18", "False"]

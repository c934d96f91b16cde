"""Report selection, its checks and the cached registry (ascc_analysis.pipeline.selection)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ascc_analysis.pipeline import selection
from ascc_analysis.pipeline.fingerprint import Hasher
from ascc_analysis.pipeline.selection import ReportSpec, SelectionError

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


def test_spec_json_round_trip():
    spec = ReportSpec("national-VNM", "national", {"ams": "VNM"}, "National progress: Viet Nam",
                      ROOT / "notebooks" / "04_national.ipynb", ("reference/*.csv",))
    data = spec.to_json()
    assert data["template"] == "notebooks/04_national.ipynb"
    assert ReportSpec.from_json(json.loads(json.dumps(data))) == spec


def test_registry_is_cached_and_matches_the_real_registry(tmp_path):
    from ascc_analysis.data.registry import all_reports

    first = selection.load_registry(tmp_path, Hasher())
    assert (tmp_path / ".state" / "registry.json").is_file()
    assert first == [ReportSpec.of(report) for report in all_reports()]
    assert len(first) == 18
    assert selection.load_registry(tmp_path, Hasher()) == first


def test_cached_registry_does_not_import_pandas(tmp_path):
    selection.load_registry(tmp_path, Hasher())
    code = ("import sys; from ascc_analysis.pipeline import selection; from ascc_analysis.pipeline.fingerprint import Hasher; "
            f"r = selection.load_registry(__import__('pathlib').Path({str(tmp_path)!r}), Hasher()); "
            "print(len(r), 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split() == ["18", "False"]

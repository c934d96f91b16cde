"""scripts/make_kpi_tables.py: deterministic output that matches the committed tables."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from ascc_analysis.config import DATA_DIR
from scripts import make_kpi_tables

OUTPUTS = ["kpi/kpi_observations.csv", "institutions/declarations.csv",
           "institutions/assessment_findings.csv", "institutions/institutional_forms.csv"]
INPUTS = ["kpi/kpi_framework.csv", "kpi/indicator_map.csv", "kpi/observation_caveats.csv"]


@pytest.fixture(scope="module")
def script():
    return make_kpi_tables


def test_two_runs_give_identical_bytes(script, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert script.main(["--out-dir", str(first)]) == 0
    assert script.main(["--out-dir", str(second)]) == 0
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_rerun_into_the_same_folder_is_stable(script, tmp_path):
    script.main(["--out-dir", str(tmp_path)])
    before = {name: (tmp_path / name).read_bytes() for name in OUTPUTS}
    script.main(["--out-dir", str(tmp_path)])
    assert before == {name: (tmp_path / name).read_bytes() for name in OUTPUTS}


def test_committed_tables_are_up_to_date(script, tmp_path):
    script.main(["--out-dir", str(tmp_path)])
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), f"{name}: rerun the script"


def copy_inputs(target: Path) -> None:
    shutil.copytree(DATA_DIR / "reference", target / "reference")
    for name in INPUTS:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA_DIR / name, target / name)


def test_reads_only_its_data_folder(script, tmp_path):
    data = tmp_path / "data"
    copy_inputs(data)
    script.main(["--data-dir", str(data)])
    for name in OUTPUTS:
        assert (data / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_an_unmapped_indicator_is_refused(script, tmp_path):
    data = tmp_path / "data"
    copy_inputs(data)
    with open(data / "reference" / "country_indicators.csv", "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(["new_series", "SGP", "2019", "1", "unit", "somewhere"])
    with pytest.raises(ValueError, match="new_series"):
        script.main(["--data-dir", str(data), "--out-dir", str(tmp_path / "out")])


def test_value_strings_are_copied_unchanged(tmp_path):
    with open(DATA_DIR / "reference" / "country_indicators.csv", newline="", encoding="utf-8") as fh:
        reference = {(r["indicator"], r["iso3"], r["year"]): r["value"] for r in csv.DictReader(fh)}
    with open(DATA_DIR / "kpi" / "kpi_observations.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["provenance"] == "public_statistics"]
    assert rows
    for row in rows:
        assert row["value"] == reference[(row["indicator"], row["geography"], row["year"])]

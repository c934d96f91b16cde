"""The one table of the reports' inputs (ascc_analysis.data.datasets): files, loaders, contracts, suites."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from ascc_analysis.config import DATA_DIR, EXPECTATIONS_DIR, PROJECT_ROOT
from ascc_analysis.data import datasets
from ascc_analysis.data.datasets import DATASETS, input_globs, load
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.data.tool1 import Tool1Register

CSV_DATASETS = [name for name, dataset in DATASETS.items() if not dataset.loader]


def test_every_table_has_its_suite_file():
    tables = {name: table for dataset in DATASETS.values() for name, table in dataset.tables.items()}
    for name, table in tables.items():
        spec = json.loads((EXPECTATIONS_DIR / f"{table.suite}.json").read_text(encoding="utf-8"))
        assert spec["meta"] == spec["meta"] | {"dataset": name, "kind": "table"}, name
    table_suites = {path.stem for path in EXPECTATIONS_DIR.glob("*.json")
                    if json.loads(path.read_text(encoding="utf-8"))["meta"]["kind"] == "table"}
    assert table_suites == {table.suite for table in tables.values()}


def test_every_dataset_has_its_files_in_the_shipped_data():
    for dataset in DATASETS.values():
        assert [path for pattern in dataset.files for path in DATA_DIR.glob(pattern)], dataset.name
    assert DATASETS["tool1_register"].files == ("raw/tool1/*.xlsx", "raw/tool1/*.csv")  # workbooks or CSV exports


@pytest.mark.parametrize("name", CSV_DATASETS)
def test_a_csv_dataset_loads_with_its_contract(name):
    frame = load(name)
    assert len(frame) > 0
    assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == DATASETS[name].dtypes


def test_the_register_and_the_taxonomy_load_through_their_loaders():
    register = load("tool1_register")
    assert isinstance(register, Tool1Register) and len(register.activities) > 0
    assert set(DATASETS["tool1_register"].frames(register)) == {"activities", "links"}
    assert isinstance(load("taxonomy"), Taxonomy)


def test_an_unknown_dataset_lists_the_known_ones():
    with pytest.raises(KeyError, match="unknown dataset 'kpis'; datasets: taxonomy, tool1_register, kpi_framework"):
        load("kpis")


def test_a_folder_without_the_file_falls_back_to_the_shipped_one(tmp_path):
    assert DATASETS["kpi_framework"].path(tmp_path) == DATA_DIR / "kpi" / "kpi_framework.csv"
    assert len(load("kpi_framework", tmp_path)) == len(load("kpi_framework"))


def test_a_users_own_file_is_read_and_extra_columns_are_tolerated(tmp_path):
    (tmp_path / "reference").mkdir()
    shipped = pd.read_csv(DATA_DIR / "reference" / "country_indicators.csv", dtype=str, keep_default_na=False)
    shipped.head(3).assign(comment="added by a user").to_csv(tmp_path / "reference" / "country_indicators.csv",
                                                            index=False)
    frame = load("country_indicators", tmp_path)
    assert len(frame) == 3
    assert list(frame.columns) == list(DATASETS["country_indicators"].dtypes)
    assert load("taxonomy", tmp_path).kra_codes == load("taxonomy").kra_codes  # its reference files: shipped


def test_text_in_a_number_column_is_refused(tmp_path):
    (tmp_path / "kpi").mkdir()
    shutil.copy(DATA_DIR / "kpi" / "kpi_observations.csv", tmp_path / "kpi" / "kpi_observations.csv")
    frame = pd.read_csv(tmp_path / "kpi" / "kpi_observations.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "value"] = "about five"
    frame.to_csv(tmp_path / "kpi" / "kpi_observations.csv", index=False)
    with pytest.raises(ValueError, match="about five"):
        load("kpi_observations", tmp_path)


def test_input_globs_keep_order_and_drop_repeats():
    assert input_globs(["kpi_framework", "taxonomy", "kpi_framework"]) == [
        "kpi/kpi_framework.csv", *DATASETS["taxonomy"].files]


def test_reading_the_table_imports_no_pandas():
    code = ("import sys; from ascc_analysis.data import datasets, registry; "
            "registry.all_reports(); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert out.stdout.split() == ["False"]
    assert datasets.__doc__.splitlines()[0].startswith("Every input a report reads")

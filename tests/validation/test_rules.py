"""The cross-table rule frames of ascc_analysis.validation.rules (pandas only, no GX)."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.data.datasets import load
from ascc_analysis.data.schema import LINEAGE_COLUMNS
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.validation import rules
from tests.helpers.factories import SMALL, make_register


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture
def register():
    return make_register(SMALL)


def test_link_counts_flag_assessed_activities_and_count_links(register, taxonomy):
    links = register.links[register.links["activity_code"] != "S-4"]

    frame = rules.activity_link_counts({"activities": register.activities, "links": links}, taxonomy)

    counts = dict(zip(frame["activity_code"], frame["n_links"]))
    assert counts == {"S-1": 2, "S-2": 1, "S-3": 2, "S-4": 0, "S-5": 1, "S-6": 2}
    assessed = dict(zip(frame["activity_code"], frame["assessed"]))
    assert not assessed["S-5"]  # withdrawn
    assert all(assessed[code] for code in ("S-1", "S-2", "S-3", "S-4", "S-6"))
    row = frame.set_index("activity_code").loc["S-4"]
    assert (row["source_file"], row["source_sheet"], row["source_row"]) == ("ASOEN.xlsx", "Tool1", 10)


def test_link_activities_flags_links_to_unknown_activities(register, taxonomy):
    links = register.links.copy()
    links.loc[0, "activity_code"] = "NOPE-1"

    frame = rules.link_activities({"activities": register.activities, "links": links}, taxonomy)

    assert frame.loc[~frame["activity_known"], "activity_code"].tolist() == ["NOPE-1"]
    assert frame["activity_known"].sum() == len(links) - 1
    assert (frame.loc[0, "source_file"], frame.loc[0, "source_row"]) == ("SOMHD.xlsx", 7)


def test_body_workbooks_lists_each_body_and_file_pair_once(register, taxonomy):
    activities = register.activities.copy()
    activities.loc[activities["activity_code"] == "S-2", "source_file"] = "SOMHD (copy).xlsx"

    frame = rules.body_workbooks({"activities": activities}, taxonomy)

    pairs = sorted(zip(frame["sectoral_body"], frame["source_file"]))
    assert pairs == [("ACDM", "ACDM.xlsx"), ("ASOEN", "ASOEN.xlsx"), ("SOMHD", "SOMHD (copy).xlsx"),
                     ("SOMHD", "SOMHD.xlsx")]
    assert list(frame.columns) == ["sectoral_body", *LINEAGE_COLUMNS]


def test_kpi_unit_directions_count_primary_values_with_csv_lineage(taxonomy):
    framework = load("kpi_framework")
    framework.attrs["source_file"] = "kpi/kpi_framework.csv"
    observations = load("kpi_observations")

    frame = rules.kpi_unit_directions({"kpi_framework": framework, "kpi_observations": observations}, taxonomy)

    assert len(frame) == int(framework["is_unit"].sum())
    first_unit = framework[framework["is_unit"]].iloc[0]
    row = frame.iloc[0]
    assert row["kpi_id"] == first_unit["kpi_id"]
    assert row["source_file"] == "kpi/kpi_framework.csv"
    assert row["source_row"] == framework.index[framework["kpi_id"] == row["kpi_id"]][0] + 2
    expected = ((observations["kpi_id"] == "2") & (observations["role"] == "primary")).sum()
    assert frame.set_index("kpi_id").loc["2", "n_primary"] == expected


def test_kpi_kra_characteristics_joins_the_taxonomy(taxonomy):
    framework = pd.DataFrame({"kpi_id": ["1", "2", "3"], "kra_code": ["A.1", "C.2", None],
                              "characteristic": ["A", "B", "D"]}).astype("string")

    frame = rules.kpi_kra_characteristics({"kpi_framework": framework}, taxonomy)

    assert frame["kpi_id"].tolist() == ["1", "2"]
    assert frame["kra_characteristic"].tolist() == ["A", "C"]


def test_column_dtypes_reads_table_column_dtype(register, taxonomy):
    activities = register.activities.astype({"start_year": "float64"})

    frame = rules.column_dtypes({"activities": activities, "not_a_contract": pd.DataFrame({"x": [1]})}, taxonomy)

    assert "activities.start_year: float64" in set(frame["column_dtype"])
    assert "activities.activity_code: string" in set(frame["column_dtype"])
    assert not frame["column_dtype"].str.startswith("not_a_contract").any()
    assert "activities.start_year: Int64" in rules.contract_dtypes()


def test_derive_skips_rules_whose_inputs_are_missing(register, taxonomy):
    derived = rules.derive({"activities": register.activities}, taxonomy)

    assert set(derived) == {"body_workbooks", "column_dtypes"}

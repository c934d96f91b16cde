import math

import pandas as pd
import pytest

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.data.taxonomy import load_taxonomy
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()


@pytest.fixture
def register():
    return make_register(SMALL)


def test_funnel_counts_planned_withdrawn_assessed(register):
    assert metrics.activity_funnel(register.activities, TAXONOMY) == {"planned": 6, "withdrawn": 1, "assessed": 5}


def test_rates_are_shares_of_assessed_activities(register):
    assert metrics.implementation_rate(register.activities, TAXONOMY) == pytest.approx(60.0)
    assert metrics.completion_rate(register.activities, TAXONOMY) == pytest.approx(20.0)


def test_rates_of_an_empty_register_are_nan(register):
    empty = register.activities.iloc[0:0]
    assert math.isnan(metrics.implementation_rate(empty, TAXONOMY))


def test_type_shares_cover_every_type_and_sum_to_100(register):
    shares = metrics.type_shares(register.activities, TAXONOMY)
    assert list(shares.index) == TAXONOMY.activity_type_codes
    assert shares["public_outreach"] == pytest.approx(40.0)
    assert shares["groundwork"] == 0  # the only groundwork activity was withdrawn
    assert shares.sum() == pytest.approx(100.0)


def test_linked_activities_count_once_and_exclude_withdrawn(register):
    linked = metrics.linked_activities(register, "A", TAXONOMY)
    assert sorted(linked["activity_code"]) == ["S-1", "S-2", "S-3", "S-6"]
    assert list(metrics.linked_activities(register, "D", TAXONOMY)["activity_code"]) == ["S-6"]


def test_body_shares_largest_first(register):
    table = metrics.body_shares(metrics.linked_activities(register, "A", TAXONOMY))
    assert table["sectoral_body"].tolist() == ["SOMHD", "ACDM", "ASOEN"]
    assert table["share"].iloc[0] == pytest.approx(50.0)


def test_characteristic_summary(register):
    summary = metrics.characteristic_summary(register, TAXONOMY)
    assert list(summary.index) == list("ABCDE")
    a = summary.loc["A"]
    assert (a["activities"], a["implemented"], a["completed"], a["bodies"]) == (4, 3, 1, 3)
    assert a["implementation_rate"] == pytest.approx(75.0)
    assert a["largest_body"] == "SOMHD" and a["top_type"] == "public_outreach"
    assert summary.loc["E", "activities"] == 0 and pd.isna(summary.loc["E", "largest_body"])


def test_status_by_body_is_figure_one(register):
    table = metrics.status_by_body(register.activities, TAXONOMY)
    assert list(table.columns) == TAXONOMY.status_codes
    assert table.loc["ACDM", "withdrawn"] == 1 and table.loc["SOMHD", "completed"] == 1


def test_reference_bodies_and_single_body_measures(register):
    matrix = metrics.reference_bodies(register, "A", TAXONOMY, level="sm_code")
    assert matrix.loc["A.1.1"].to_dict() == {"ASOEN": 1, "SOMHD": 1}
    assert metrics.single_body_references(matrix) == ["A.1.2"]
    kras = metrics.reference_bodies(register, "C", TAXONOMY)
    assert kras.loc["C.1", "ASOEN"] == 2


def test_activity_status_counts_in_taxonomy_order_with_zeros(register):
    counts = metrics.activity_status_counts(register.activities, TAXONOMY)
    assert counts.index.tolist() == TAXONOMY.status_codes
    assert counts.sum() == len(register.activities) and (counts >= 0).all()
    assert metrics.activity_status_counts(register.activities.iloc[0:0], TAXONOMY).sum() == 0


def test_funding_shares(register):
    table = metrics.funding_shares(register.activities, TAXONOMY)
    assert table["funding_source"].tolist() == TAXONOMY.funding_source_codes
    assert table.set_index("funding_source").at["asean_funds", "share"] == pytest.approx(100.0)

import pytest

from ascc_analysis.analysis import gaps
from ascc_analysis.data.taxonomy import load_taxonomy
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()


def test_body_implementation_lowest_first():
    table = gaps.body_implementation(make_register(SMALL).activities, TAXONOMY)
    assert table["sectoral_body"].tolist() == ["ACDM", "ASOEN", "SOMHD"]
    acdm = table.iloc[0]
    assert (acdm["assessed"], acdm["implemented"], acdm["upcoming"]) == (1, 0, 1)
    assert table.iloc[-1]["implementation_rate"] == pytest.approx(100.0)


def test_lowest_and_most_upcoming():
    activities = make_register(SMALL).activities
    assert gaps.lowest_implementation(activities, TAXONOMY, n=1)["sectoral_body"].tolist() == ["ACDM"]
    assert gaps.most_upcoming(activities, TAXONOMY, n=2)["sectoral_body"].tolist() == ["ACDM", "ASOEN"]

from ascc_analysis.analysis import network
from ascc_analysis.data.taxonomy import load_taxonomy
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()


def test_bodies_per_reference_most_shared_first():
    table = network.bodies_per_reference(make_register(SMALL), TAXONOMY)
    first = table.iloc[0]
    assert (first["kra_code"], first["bodies"], first["body_list"]) == ("A.1", 2, "ASOEN; SOMHD")
    assert "D.1" in set(table["kra_code"])  # S-6 is upcoming (assessed); S-5 withdrawn does not count twice


def test_shared_pairs_count_common_references():
    pairs = network.shared_reference_pairs(make_register(SMALL), TAXONOMY)
    assert pairs.iloc[0][["body_a", "body_b", "shared", "references"]].tolist() == ["ASOEN", "SOMHD", 1, "A.1"]


def test_withdrawn_activities_do_not_make_links():
    rows = [("W-1", "ACW", "withdrawn", "groundwork", ["A.1"]), ("W-2", "SOMHD", "ongoing", "groundwork", ["A.1"])]
    assert network.shared_reference_pairs(make_register(rows), TAXONOMY).empty

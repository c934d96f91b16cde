"""Published versus computed figures (ascc_analysis.analysis.reconcile)."""

import pandas as pd
import pytest

from ascc_analysis.analysis import reconcile
from ascc_analysis.data.datasets import load

PUBLISHED, NOTES = load("published_figures"), load("reconciliation_notes")


@pytest.mark.parametrize("printed, computed, status", [
    ("964", 964, "exact"),
    ("964", 963, "mismatch"),
    ("71.8", 71.78423, "within_rounding"),
    ("71.8", 71.74, "mismatch"),
    ("25", 24.88, "within_rounding"),
    ("21.0", 20.95, "within_rounding"),
    ("44.19", 44.186, "within_rounding"),
    ("44.19", 44.2, "mismatch"),
    ("2020-05-21", "2020-05-21", "exact"),
    ("2020-05-21", "2020-05-22", "mismatch"),
    ("964", None, "missing"),
    ("71.8", float("nan"), "missing"),
])
def test_compare_uses_the_printed_precision(printed, computed, status):
    assert reconcile.compare(printed, computed) == status


def test_printed_decimals():
    assert reconcile.printed_decimals("21.0") == 1
    assert reconcile.printed_decimals("25") == 0
    assert reconcile.printed_decimals("44.19") == 2


def test_published_values_keep_their_printed_text():
    published = PUBLISHED.set_index("figure_id")
    assert published.at["type_share_public_outreach", "value"] == "21.0"
    assert len(published) == 66


def test_recorded_reasons_explain_known_inconsistencies_only_when_values_differ():
    table = reconcile.reconcile({"B_implemented": 315, "A_implementation_rate": 76.74, "planned_activities": 977},
                                PUBLISHED, NOTES)
    rows = table.set_index("figure_id")
    assert rows.at["B_implemented", "status"] == "source_inconsistency"
    assert "315" in rows.at["B_implemented", "reason"]
    assert rows.at["A_implementation_rate", "status"] == "source_inconsistency"
    assert rows.at["planned_activities", "status"] == "exact"
    assert rows.at["withdrawn_activities", "status"] == "missing"


def test_an_unexplained_difference_stays_a_mismatch():
    rows = reconcile.reconcile({"planned_activities": 976}, PUBLISHED, NOTES).set_index("figure_id")
    assert rows.at["planned_activities", "status"] == "mismatch"
    assert rows.at["planned_activities", "reason"] == ""


def test_display_table_and_summary_sentence():
    table = reconcile.reconcile({"planned_activities": 977, "implementation_rate": 71.78423}, PUBLISHED, NOTES)
    shown = reconcile.display_table(table).set_index("Figure")
    assert shown.at["implementation_rate", "Computed"] == "71.78"
    assert shown.at["planned_activities", "Status"] == "Exact"
    sentence = reconcile.summary_sentence(table)
    assert sentence.startswith("Of 66 published figures: 1 exact; 1 within printed rounding")


def test_round_half_up_rounds_like_printed_tables():
    assert str(reconcile.round_half_up(20.95, 1)) == "21.0"
    assert str(reconcile.round_half_up(76.744, 1)) == "76.7"
    assert str(reconcile.round_half_up(24.5, 0)) == "25"


def test_empty_cells_of_the_reference_files_read_as_empty_text():
    published = pd.DataFrame({"figure_id": ["a", "b"], "section": ["3.1", "3.1"], "table": [pd.NA, "Table 1"],
                              "metric": ["m", "n"], "value": ["5", "6"]}, dtype="string")
    notes = pd.DataFrame({"figure_id": ["b"], "status": ["not_reproducible"], "reason": ["no data"]}, dtype="string")

    rows = reconcile.reconcile({"a": 5}, published, notes).set_index("figure_id")

    assert rows.at["a", "table"] == "" and rows.at["a", "reason"] == ""
    assert (rows.at["b", "status"], rows.at["b", "reason"]) == ("not_reproducible", "no data")


TAXONOMY = load("taxonomy")


@pytest.mark.parametrize("rows, kind, reads", [
    ({"public_statistics": 38}, "independent", "independent check: recomputed from public statistics"),
    ({"reported": 977}, "independent", "independent check: recomputed from the Tool 1 export"),
    ({"reconstructed": 977}, "by_construction", "holds by construction: the rows were reconstructed"),
    ({"published": 1}, "by_construction", "holds by construction: the value was copied from the published figure"),
    ({"public_statistics": 700, "published": 20, "reconstructed": 60}, "by_construction",
     "holds by construction: the rows were reconstructed"),
    ({}, "unknown", "no row with a provenance"),
])
def test_check_kind_follows_the_provenance_of_the_rows(rows, kind, reads):
    found, text = reconcile.check_kind(rows, TAXONOMY)
    assert found == kind and text.startswith(reads)


def test_the_reconciliation_splits_independent_checks_from_matches_by_construction():
    computed = {"planned_activities": 977, "implementation_rate": 71.78423, "declarations_since_2016": 35}
    provenance = {"planned_activities": {"reconstructed": 977}, "implementation_rate": {"reported": 977},
                  "declarations_since_2016": {"public_statistics": 38}}
    table = reconcile.reconcile(computed, PUBLISHED, NOTES, provenance, TAXONOMY)
    rows = table.set_index("figure_id")
    assert rows.at["planned_activities", "check"] == "by_construction"
    assert rows.at["implementation_rate", "check"] == "independent"
    assert rows.at["withdrawn_activities", "check"] == ""
    assert reconcile.check_summary(table)["exact"] == {"by_construction": 1}
    sentence = reconcile.summary_sentence(table)
    assert "1 exact (1 by construction); 1 within printed rounding (1 independent check)" in sentence
    assert "1 not reproducible from available data (1 independent check)" in sentence
    assert reconcile.display_table(table).set_index("Figure").at["planned_activities", "Kind of check"].startswith(
        "Holds by construction")


def test_without_provenance_the_reconciliation_makes_no_claim_on_the_kind_of_check():
    table = reconcile.reconcile({"planned_activities": 977}, PUBLISHED, NOTES)
    assert (table["check"] == "").all()
    assert "Kind of check" not in reconcile.display_table(table).columns
    assert reconcile.summary_sentence(table).startswith("Of 66 published figures: 1 exact; ")


def test_shown_value_gives_a_whole_float_beside_a_printed_count_as_a_count():
    assert reconcile.shown_value("36", 35.0) == "35"
    assert reconcile.shown_value("71.8", 72.0) == "72.00"
    assert reconcile.shown_value("72", 71.84) == "71.84"

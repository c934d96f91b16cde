"""Means of implementation, institutions and resources: tiny frames, then the shipped data."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import institutions, network
from ascc_analysis.chapters import resources
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.basis import Basis
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
COUNTED = "counted: made or adopted by the Leaders"
CHAIR = "not counted: a Chair's press statement"


def declarations_frame(rows):
    """Declarations of (year, characteristic, counted, note) tuples, every one a guess."""
    frame = pd.DataFrame(rows, columns=["year", "characteristic", "counted_in_mtr", "counting_note"])
    frame["year"] = frame["year"].astype("Int64")
    frame["counted_in_mtr"] = frame["counted_in_mtr"].astype("boolean")
    frame["characteristic_is_guess"] = pd.array([True] * len(frame), dtype="boolean")
    frame["provenance"] = "public_statistics"
    return frame


TINY_DECLARATIONS = [(2016, "B", True, COUNTED), (2016, "B", True, COUNTED), (2017, "cross-pillar", True, COUNTED),
                     (2017, "D", False, CHAIR), (2018, "A", True, COUNTED)]


def forms_frame():
    return pd.DataFrame({
        "sectoral_body": ["SOMHD", "ASOEN", "ACDM"], "name": ["Health", "Environment", "Disasters"],
        "form": ["has_centre", "has_centre", "runs_through_som"],
        "centres": ["ACAI;ABVC", "ACB", None],
        "centre_links": ["ACAI: link inferred; ABVC: link given", "ACB: link given", None],
        "not_counted": [None, "RKC-MPD: not an ASEAN-owned centre", None],
        "provenance": ["public_statistics", "public_statistics", "reconstructed"],
        "note": ["given", "given", "inferred from absence"],
    }).astype("string")


def reported(register):
    """The same register as a user's own Tool 1 export (provenance ``reported``)."""
    register.activities["provenance"] = "reported"
    register.links["provenance"] = "reported"
    return register


CAUTION = "Caution: 100.0% of the rows behind these numbers are reconstructed."


# ---- declarations -------------------------------------------------------------------------------------
def test_declarations_by_year_counts_counted_instruments_by_characteristic():
    table = resources.declarations_by_year(declarations_frame(TINY_DECLARATIONS), TAXONOMY)
    assert list(table.columns) == [*"ABCDE", "cross-pillar", "counted", "not_counted"]
    assert table.index.tolist() == [2016, 2017, 2018]
    assert table.loc[2016, "B"] == 2 and table.loc[2016, "counted"] == 2
    assert table.loc[2017, "cross-pillar"] == 1 and table.loc[2017, "D"] == 0 and table.loc[2017, "not_counted"] == 1
    shown = resources.declarations_display(table)
    assert shown.columns[0] == "Year" and "Characteristic B" in shown.columns and "Not counted" in shown.columns
    assert shown["Year"].tolist() == ["2016", "2017", "2018"]  # text, so no thousands separator is printed


def test_counting_rule_table_reads_the_notes():
    table = resources.counting_rule_table(declarations_frame(TINY_DECLARATIONS))
    assert table.to_dict("records") == [
        {"Counted": "yes", "Reason": "made or adopted by the Leaders", "Instruments": 4},
        {"Counted": "no", "Reason": "a Chair's press statement", "Instruments": 1},
    ]


def test_rule_comparison_table_uses_readable_names():
    table = resources.rule_comparison_table({"all_listed": 5, "leaders_instruments": 4, "other_rule": 3}, TAXONOMY)
    assert table["Counting rule"].tolist() == ["Every instrument listed",
                                               "Made or adopted by the Leaders (the rule used)", "other_rule"]
    assert table["Instruments"].tolist() == [5, 4, 3]


def test_every_candidate_counting_rule_has_a_name():
    rules = institutions.declaration_counts(load("declarations"))
    assert set(rules) <= set(TAXONOMY.counting_rules["code"])


def test_declarations_sentence_gives_the_reason_when_not_reproduced():
    frame = declarations_frame(TINY_DECLARATIONS)
    check = {"published": "7", "computed": 4, "status": "not_reproducible", "reason": "The list lacks three."}
    text = resources.declarations_sentence(frame, check)
    assert "holds 5 declarations and statements dated 2016 to 2018" in text and "keeps 4" in text
    assert "The MTR prints 7 (Table 7)" in text and text.endswith("Why: The list lacks three.")
    same = resources.declarations_sentence(frame, {"published": "4", "computed": 4, "status": "exact", "reason": ""})
    assert same.endswith("which the rule reproduces.")
    assert "MTR" not in resources.declarations_sentence(frame, {"published": None, "status": "not_published"})


def test_guess_sentence_counts_the_flagged_rows():
    assert "of 5 of the 5 instruments is the list compiler's guess" in resources.guess_sentence(
        declarations_frame(TINY_DECLARATIONS))


# ---- funding ------------------------------------------------------------------------------------------
def _funded_register():
    register = make_register(SMALL)
    register.activities.loc[register.activities["activity_code"] == "S-1", "funding_source"] = "private_sector"
    return register


def test_funding_by_body_gives_shares_of_assessed_activities():
    table = resources.funding_by_body(_funded_register().activities, TAXONOMY)
    assert table["sectoral_body"].tolist() == ["ASOEN", "SOMHD", "ACDM"]  # most activities first, ties by acronym
    somhd = table.set_index("sectoral_body").loc["SOMHD"]
    assert somhd["activities"] == 2 and somhd["private_sector"] == pytest.approx(50.0)
    assert table.set_index("sectoral_body").loc["ACDM", "activities"] == 1  # the withdrawn S-5 is not counted
    named = resources.funding_display(table, Basis.from_code("reported", 5), TAXONOMY)
    assert named.columns[:2].tolist() == ["Sectoral Body (most assessed activities first)", "Assessed activities"]
    assert named.iloc[:, 0].tolist() == ["ASOEN", "SOMHD", "ACDM"]
    assert TAXONOMY.label("funding_sources", "asean_funds") in named.columns
    withheld = resources.funding_display(table, Basis.from_code("reconstructed", 5), TAXONOMY)
    assert withheld.iloc[:, 0].tolist() == ["the first-ranked body", "the second-ranked body", "the third-ranked body"]
    assert withheld.iloc[:, 1:].equals(named.iloc[:, 1:])


def test_funding_sentence_largest_first_keeps_acronyms_and_its_caveat():
    text = resources.funding_sentence(_funded_register().activities, TAXONOMY)
    assert text.startswith("The 5 assessed activities are funded by ASEAN funds (80.0%), private sector (20.0%)")
    assert text.endswith("cannot confirm or refute the MTR's findings.") and CAUTION in text
    text = resources.funding_sentence(reported(_funded_register()).activities, TAXONOMY)
    assert "Caution" not in text and text.endswith("government budget (0.0%).")


# ---- institutional forms ------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, shown", [
    ("ACAI: link inferred; ABVC: link given", "ACAI (link inferred); ABVC"),
    ("ARCs: link given; year of establishment not found", "ARCs (year not found)"),
    ("AUN: link given", "AUN"),
    (None, ""),
    (pd.NA, ""),
])
def test_centre_list_marks_inferred_links_and_unknown_years(cell, shown):
    assert resources.centre_list(cell) == shown


def test_forms_table_and_sentence():
    forms = forms_frame()
    table = resources.forms_table(forms, TAXONOMY)
    assert table["Form"].tolist() == ["Served by a centre"] * 2 + ["Runs through its senior officials' meeting"]
    assert table["Centres serving it"].tolist() == ["ACAI (link inferred); ABVC", "ACB", ""]
    assert not table["Provenance"].str.contains("_").any()  # labels, never the provenance codes
    text = resources.forms_sentence(forms, TAXONOMY)
    assert text.startswith("Of the 3 implementing Sectoral Bodies, 2 are served by a centre (0 of them reconstructed) "
                           "and 1 runs through its senior officials' meeting (1 of them reconstructed).")
    assert "1 centre link is inferred" in text


def test_implementation_by_form_pools_the_bodies_of_each_form():
    table = resources.implementation_by_form(make_register(SMALL).activities, forms_frame(), TAXONOMY)
    centre = table.set_index("form").loc["has_centre"]
    assert (centre["bodies"], centre["assessed"], centre["implemented"]) == (2, 4, 3)
    assert centre["implementation_rate"] == pytest.approx(75.0)
    assert table.set_index("form").loc["runs_through_som", "implementation_rate"] == pytest.approx(0.0)
    text = resources.form_rates_sentence(make_register(SMALL).activities, forms_frame(), TAXONOMY)
    assert "75.0% of the 4 assessed activities of the 2 bodies served by a centre" in text
    assert "0.0% of the 1 assessed activities of the 1 bodies running through their SOMs" in text
    assert CAUTION in text
    assert "Caution" not in resources.form_rates_sentence(reported(make_register(SMALL)).activities, forms_frame(),
                                                          TAXONOMY)  # the forms' caveat is in forms_sentence
    shown = resources.implementation_by_form_display(table, TAXONOMY)
    assert shown["Institutional form"].tolist() == TAXONOMY.institutional_forms["label"].tolist()


# ---- bodies sharing KRAs ------------------------------------------------------------------------------
def test_shared_kra_matrix_is_symmetric_with_own_kras_on_the_diagonal():
    matrix = resources.shared_kra_matrix(make_register(SMALL), TAXONOMY)
    assert list(matrix.index) == ["ACDM", "ASOEN", "SOMHD"]  # taxonomy order
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.at["ASOEN", "SOMHD"] == 1  # A.1
    assert matrix.at["ACDM", "SOMHD"] == 0
    assert matrix.at["ASOEN", "ASOEN"] == 3 and matrix.at["SOMHD", "SOMHD"] == 2 and matrix.at["ACDM", "ACDM"] == 2


def test_network_summary_and_sentence():
    summary = resources.network_summary(resources.shared_kra_matrix(make_register(SMALL), TAXONOMY))
    assert summary == {"bodies": 3, "pairs": 3, "pairs_sharing": 1, "median_shared": 0.0, "most_shared": 1,
                       "strongest": ["ASOEN-SOMHD"]}
    lonely = resources.network_summary(pd.DataFrame([[2]], index=["ACW"], columns=["ACW"]))
    assert (lonely["pairs"], lonely["strongest"]) == (0, [])


def test_network_sentence_names_pairs_and_kras_only_from_rows_that_may_name_them():
    named = resources.network_sentence(reported(make_register(SMALL)), TAXONOMY)
    assert "Of the 3 possible pairs of the 3 Sectoral Bodies" in named and "1 work on at least one KRA" in named
    assert "the most, 1, are shared by ASOEN-SOMHD." in named
    assert named.endswith("1 of the 6 KRAs with linked activities are served by more than one Sectoral Body, "
                          "0 by every one of these bodies.")  # only A.1 (SOMHD and ASOEN)
    withheld = resources.network_sentence(make_register(SMALL), TAXONOMY)
    assert "ASOEN" not in withheld and "SOMHD" not in withheld
    assert "the most, 1, are shared by 1 pair (not named here)" in withheld
    assert "Names are withheld: 100.0% of the rows behind this ranking are reconstructed" in withheld
    assert CAUTION in withheld
    one_body = make_register([row for row in SMALL if row[1] == "SOMHD"])
    assert resources.network_sentence(one_body, TAXONOMY) == (
        "Fewer than two Sectoral Bodies serve a KRA: there is no pair to compare.")


def test_network_sentence_names_the_kras_every_body_serves_when_it_may():
    rows = [("X-1", "SOMHD", "ongoing", "public_outreach", ["A.1", "B.1"]),
            ("X-2", "ASOEN", "ongoing", "public_outreach", ["A.1", "B.1", "C.1"])]
    assert "2 by every one of these bodies (A.1 and B.1)." in resources.network_sentence(
        reported(make_register(rows)), TAXONOMY)
    assert "2 by every one of these bodies (not named here)." in resources.network_sentence(
        make_register(rows), TAXONOMY)


def test_kras_served_display_is_the_distribution_unless_the_rows_may_name_kras():
    served = network.bodies_per_reference(make_register(SMALL), TAXONOMY)
    distribution = resources.kras_served_display(served, Basis.from_code("reconstructed", 5), TAXONOMY)
    assert distribution.to_dict("list") == {"Sectoral Bodies serving the KRA": [2, 1], "KRAs": [1, 5]}
    named = resources.kras_served_display(served, Basis.from_code("reported", 5), TAXONOMY)
    assert named.equals(resources.kras_served_table(served, TAXONOMY))


def test_kras_served_table_marks_unverified_titles():
    served = network.bodies_per_reference(make_register(SMALL), TAXONOMY)
    table = resources.kras_served_table(served, TAXONOMY)
    assert table.columns.tolist() == ["KRA", "Title", "Sectoral Bodies", "Which"]
    unverified = TAXONOMY.kras.loc[~TAXONOMY.kras["verified"].astype(bool), "kra_code"]
    rows = pd.DataFrame({"kra_code": [unverified.iloc[0], "A.1"], "bodies": [1, 1], "body_list": ["X", "Y"]})
    titles = resources.kras_served_table(rows, TAXONOMY)["Title"].tolist()
    assert titles[0].endswith("(title unverified)") and not titles[1].endswith("(title unverified)")


# ---- sidecar figures ----------------------------------------------------------------------------------
def test_chapter_figures_on_a_small_register():
    declarations = declarations_frame(TINY_DECLARATIONS)
    values = resources.chapter_figures(_funded_register(), TAXONOMY, declarations, forms_frame())
    assert values["declarations_listed"] == 5
    assert (values["declarations_counted_2016"], values["declarations_counted_2017"]) == (2, 1)
    assert values["funding_share_private_sector"] == pytest.approx(20.0)
    assert (values["sbs_with_centre"], values["sbs_through_som"]) == (2, 1)
    assert (values["sb_pairs"], values["sb_pairs_sharing_kra"], values["kras_served_by_all_sbs"]) == (3, 1, 0)


# ---- the shipped data ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    return {"register": load("tool1_register"), "declarations": load("declarations"),
            "forms": load("institutional_forms"), "published": load("published_figures"),
            "notes": load("reconciliation_notes")}


def test_shipped_counts_agree_with_the_institutional_figures(shipped):
    declarations = shipped["declarations"]
    by_year = resources.declarations_by_year(declarations, TAXONOMY)
    assert by_year["counted"].sum() == institutions.figures(declarations, TAXONOMY)["declarations_since_2016"]
    assert by_year["counted"].sum() + by_year["not_counted"].sum() == len(declarations)
    forms = shipped["forms"]
    values = resources.chapter_figures(shipped["register"], TAXONOMY, declarations, forms)
    assert values["sbs_with_centre"] + values["sbs_through_som"] == len(forms) == len(TAXONOMY.implementing_bodies)
    shares = [v for k, v in values.items() if k.startswith("funding_share_")]
    assert sum(shares) == pytest.approx(100.0)


def test_shipped_declaration_check_reads_the_recorded_reason(shipped):
    computed = institutions.figures(shipped["declarations"], TAXONOMY)["declarations_since_2016"]
    check = resources.figure_check("declarations_since_2016", computed, shipped["published"], shipped["notes"])
    notes = shipped["notes"].set_index("figure_id")
    published = shipped["published"].set_index("figure_id").at["declarations_since_2016", "value"]
    assert check["published"] == published
    if str(computed) != published:
        assert check["status"] == notes.at["declarations_since_2016", "status"]
        assert resources.declarations_sentence(shipped["declarations"], check).endswith(
            notes.at["declarations_since_2016", "reason"])
    check = resources.figure_check("not_a_figure", 1, shipped["published"], shipped["notes"])
    assert check["status"] == "not_published"


def test_shipped_matrix_covers_every_body_with_assessed_activities(shipped):
    register = shipped["register"]
    matrix = resources.shared_kra_matrix(register, TAXONOMY)
    assessed = metrics.assessed_activities(register.activities, TAXONOMY)
    assert set(matrix.index) == set(assessed["sectoral_body"])
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    pairs = network.shared_reference_pairs(register, TAXONOMY)
    assert resources.network_summary(matrix)["pairs_sharing"] == len(pairs)

"""Tables 7 and 8 of the MTR beside what the data gives: tiny frames, then the shipped findings."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.chapters import resources_findings as findings
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.basis import Basis
from tests.chapters.test_resources import TINY_DECLARATIONS, declarations_frame, forms_frame, reported
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
PUBLIC, BUILT = Basis.from_code("public_statistics", 3), Basis.from_code("reconstructed", 3)


def tiny_declarations():
    frame = declarations_frame(TINY_DECLARATIONS)
    frame["leaders_instrument"] = frame["counted_in_mtr"]
    return frame


def test_finding_rows_are_the_printed_bullets_in_the_shape_of_mtr_tables():
    table = pd.DataFrame({"finding_id": ["T7-a-1", "T7-a-2", "T8-b-1"], "table": ["Table 7", "Table 7", "Table 8"],
                          "dimension_label": ["Alpha", "Alpha", "Beta"], "bullet": [1, 2, 1],
                          "finding": ["first", "second", "national"], "provenance": ["published"] * 3})
    rows = findings.finding_rows(table, "Table 7")
    assert rows["row_id"].tolist() == ["T7-a-1", "T7-a-2"] and rows["text"].tolist() == ["first", "second"]
    assert rows["column"].tolist() == ["Alpha", "Alpha"] and rows["row_label"].isna().all()
    assert set(rows["provenance"]) == {"published"}


@pytest.mark.parametrize("consistent, basis, agreement, why", [
    (True, PUBLIC, "agrees", "independent check"),
    (False, PUBLIC, "differs", "independent check"),
    (True, BUILT, "agrees", "holds by construction"),
    (False, BUILT, "not comparable", "can neither confirm nor refute it"),
])
def test_judged_never_reads_reconstructed_rows_as_a_difference(consistent, basis, agreement, why):
    said, reason = findings.judged(consistent, basis, TAXONOMY, why="timeliness is not checked")
    assert said == agreement and why in reason and reason.startswith("timeliness is not checked; ")


def test_table7_computed_speaks_to_the_leaders_bodies_and_funding_bullets():
    computed = findings.table7_computed(make_register(SMALL), tiny_declarations(), TAXONOMY)
    leaders = computed["T7-implementation_means-1"]
    assert leaders.text == ("4 of the 5 instruments listed (2016-2018) were made or adopted by the Leaders at a "
                            "Summit, in 3 of its 3 years")
    assert leaders.agreement == "agrees" and leaders.basis == Basis.from_code("public_statistics", 5)
    together = computed["T7-institutional_mechanisms_at_sectoral_level_cross_cutting_issues-2"]
    assert together.text.startswith("2 of the 3 Sectoral Bodies with assessed activities share at least one KRA")
    assert together.agreement == "not comparable"  # ACDM shares none, on reconstructed rows
    funding = computed["T7-resources-2"]
    assert funding.text == "5 assessed activities funded by ASEAN funds 100.0%"
    assert funding.agreement == "not comparable" and "not amounts" in funding.why


def test_table7_computed_agrees_or_differs_on_reported_rows():
    register = reported(make_register(SMALL))
    register.activities.loc[register.activities["activity_code"] == "S-1", "funding_source"] = "private_sector"
    computed = findings.table7_computed(register, tiny_declarations(), TAXONOMY)
    assert computed["T7-resources-2"].agreement == "agrees"
    assert computed["T7-institutional_mechanisms_at_sectoral_level_cross_cutting_issues-2"].agreement == "differs"


def test_table8_computed_on_forms_and_rates():
    prefix = "T8-institutional_mechanisms_at_sectoral_level_cross_cutting_issues"
    computed = findings.table8_computed(reported(make_register(SMALL)), forms_frame(), TAXONOMY)
    assert computed["T8-activities_implementation-1"].text == (
        "60.0% of the 5 assessed activities of the 3 Sectoral Bodies are completed or ongoing")
    assert computed["T8-activities_implementation-1"].agreement == "agrees"
    forms = computed[f"{prefix}-2"]
    assert forms.text == ("Of the 3 implementing Sectoral Bodies: 2 bodies served by a centre, "
                          "1 bodies running through their SOMs")
    assert forms.agreement == "agrees" and forms.basis == Basis.of(forms_frame())
    centres = computed[f"{prefix}-3"]
    assert centres.text == ("Completed or ongoing: 75.0% for the bodies served by a centre; "
                            "0.0% for the bodies running through their SOMs")
    assert centres.agreement == "agrees" and "holds by construction" in centres.why  # a form row is reconstructed


def test_centre_finding_agrees_or_differs_only_on_rows_that_check_independently():
    prefix = "T8-institutional_mechanisms_at_sectoral_level_cross_cutting_issues"
    forms = forms_frame()
    forms["provenance"] = "public_statistics"
    register = reported(make_register(SMALL))
    assert findings.table8_computed(register, forms, TAXONOMY)[f"{prefix}-3"].agreement == "agrees"
    forms["form"] = ["runs_through_som", "runs_through_som", "has_centre"]
    assert findings.table8_computed(register, forms, TAXONOMY)[f"{prefix}-3"].agreement == "differs"


def test_every_computed_bullet_is_a_printed_finding():
    shipped = load("assessment_findings")
    ids = set(shipped["finding_id"])
    register, declarations, forms = load("tool1_register"), load("declarations"), load("institutional_forms")
    computed = {**findings.table7_computed(register, declarations, TAXONOMY),
                **findings.table8_computed(register, forms, TAXONOMY)}
    assert set(computed) <= ids
    assert all(value.basis.total for value in computed.values())
    assert set(findings.ANCHORS) == set(shipped["table"])

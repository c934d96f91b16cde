"""Computed figures keyed by the published ids (ascc_analysis.analysis.figures), reconciled on the shipped data."""

import pytest

from ascc_analysis.analysis import figures, reconcile
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
KNOWN_INCONSISTENCIES = {"A_implementation_rate", "B_implemented"}


def test_regional_figures_of_a_small_register():
    values = figures.regional_activity_figures(make_register(SMALL), TAXONOMY)
    assert (values["planned_activities"], values["withdrawn_activities"], values["assessed_activities"]) == (6, 1, 5)
    assert values["sectoral_bodies"] == 3 and values["status_as_of"] == "2020-05-21"
    assert values["implementation_rate"] == pytest.approx(60.0)
    shares = {k for k in values if k.startswith("type_share_")}
    assert shares == {f"type_share_{c}" for c in TAXONOMY.activity_type_codes}


def test_characteristic_figures_are_prefixed_by_the_letter():
    values = figures.characteristic_figures(make_register(SMALL), "A", TAXONOMY)
    assert values["A_activities"] == 4 and values["A_implemented"] == 3
    assert values["A_largest_sb_name"] == "SOMHD" and values["A_largest_sb"] == pytest.approx(50.0)
    assert values["A_strategic_measures"] == 2 and values["A_sbs"] == 3


def reconciled(computed):
    return reconcile.reconcile(computed, load("published_figures"), load("reconciliation_notes"))


def every_figure(register):
    return figures.all_figures(register, TAXONOMY, load("kpi_framework"), load("kpi_observations"),
                               load("declarations"))


@pytest.fixture(scope="module")
def shipped():
    register = load("tool1_register")
    table = reconciled(figures.all_activity_figures(register, TAXONOMY))
    computed = set(figures.all_activity_figures(register, TAXONOMY))
    return table[table["figure_id"].isin(computed)].set_index("figure_id")


def test_shipped_register_reproduces_every_activity_level_figure(shipped):
    assert len(shipped) >= 40
    rounded = shipped["status"].isin(["exact", "within_rounding"])
    unexplained = shipped[~rounded & ~shipped.index.isin(KNOWN_INCONSISTENCIES)]
    assert unexplained.empty, unexplained[["published", "computed", "status"]].to_string()


def test_counts_are_exact(shipped):
    for figure_id in ["planned_activities", "withdrawn_activities", "assessed_activities", "sectoral_bodies",
                      "A_activities", "B_activities", "C_activities", "D_activities", "E_activities",
                      "A_implemented", "C_implemented", "D_implemented", "C_sbs", "D_sbs", "A_strategic_measures"]:
        assert shipped.at[figure_id, "status"] == "exact", figure_id


def test_source_contradictions_are_recorded_with_their_reason_not_silenced(shipped):
    assert shipped.at["B_implemented", "status"] == "source_inconsistency"
    assert shipped.at["B_implemented", "computed"] == 315
    assert "misprint" in shipped.at["B_implemented", "reason"]
    assert shipped.at["A_implementation_rate", "status"] == "source_inconsistency"
    assert round(shipped.at["A_implementation_rate", "computed"], 2) == 76.74
    assert shipped.at["B_implementation_rate", "status"] == "within_rounding"


def test_named_bodies_match_the_published_statements():
    register = load("tool1_register")
    values = figures.all_activity_figures(register, TAXONOMY)
    assert [values[f"{c}_largest_sb_name"] for c in "ABCDE"] == ["SOMHD", "SOMHD", "ASOEN", "ASOEN", "ASOEN"]
    assert values["E_second_sb_name"] == "SOMHD" and values["C_second_sb_name"] == "COP-AATHP"


def test_every_published_figure_is_accounted_for_with_a_status_and_reason():
    table = reconciled(every_figure(load("tool1_register")))
    unexplained = table[~table["status"].isin(reconcile.EXPLAINED)]
    assert unexplained.empty, unexplained[["figure_id", "published", "computed", "status"]].to_string()
    explained = table[table["status"].isin(["source_inconsistency", "not_reproducible"])]
    assert (explained["reason"].str.len() > 20).all()
    assert len(table) == 66


def test_outcome_counts_come_out_of_the_rules():
    values = every_figure(load("tool1_register"))
    assert (values["kpis_total"], values["kpis_insufficient_data"], values["kpis_sufficient_data"],
            values["kpis_with_progress"]) == (45, 19, 26, 21)


def test_figure_provenance_counts_the_rows_behind_each_figure():
    register = load("tool1_register")
    observations = load("kpi_observations")
    behind = figures.figure_provenance(register, TAXONOMY, load("kpi_framework"), observations, load("declarations"))
    assert behind["implementation_rate"] == {"reconstructed": len(register.activities)}
    assert sum(behind["C_activities"].values()) == every_figure(register)["C_activities"]
    assert behind["E_gci_2019"] == {"published": int((observations["figure_id"] == "E_gci_2019").sum())}
    assert set(behind["kpis_with_progress"]) >= {"public_statistics", "reconstructed"}
    assert behind["declarations_since_2016"] == {"public_statistics": len(load("declarations"))}
    assert "member_states" not in behind
    assert set(behind) <= set(every_figure(register))


def test_a_reported_register_gives_reported_activity_figures():
    register = make_register(SMALL)
    register.activities["provenance"] = "reported"
    behind = figures.figure_provenance(register, TAXONOMY, load("kpi_framework"), load("kpi_observations"),
                                       load("declarations"))
    assert behind["planned_activities"] == {"reported": 6}
    assert behind["A_implementation_rate"] == {"reported": 4}

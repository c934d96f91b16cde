"""The regional overview's chapter logic (ascc_analysis.chapters.regional)."""

import pytest

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import figures, network, reconcile
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import regional
from ascc_analysis.data.datasets import load
from ascc_analysis.present import mtr_tables
from ascc_analysis.present.basis import Basis
from tests.helpers.factories import SMALL, make_register

TAXONOMY, TABLES, PUBLISHED = load("taxonomy"), load("mtr_tables"), load("published_figures")
FRAMEWORK, OBSERVATIONS = load("kpi_framework"), load("kpi_observations")


def relabelled(register, code):
    register.activities["provenance"] = code
    register.links["provenance"] = code
    return register


@pytest.fixture(scope="module")
def shipped():
    return load("tool1_register")


@pytest.fixture(scope="module")
def checked(shipped):
    args = (shipped, TAXONOMY, FRAMEWORK, OBSERVATIONS, load("declarations"))
    return reconcile.reconcile(figures.all_figures(*args), PUBLISHED, load("reconciliation_notes"),
                               figures.figure_provenance(*args), TAXONOMY)


def test_table_1_shows_every_printed_bullet_with_what_the_data_gives(shipped, checked):
    table, basis = regional.table1(shipped, TAXONOMY, TABLES, checked)
    assert table["As published"].tolist() == mtr_tables.rows_of(TABLES, "Table 1")["text"].tolist()
    assert (table["Computed here"] != "").all(), table
    assert table["Agreement"].str.startswith("agrees (holds by construction").all()
    behind = checked.set_index("figure_id")["rows"]
    once = (Basis.of(mtr_tables.rows_of(TABLES, "Table 1")) + Basis(tuple(behind["implementation_rate"].items()))
            + Basis(tuple(sorted(behind["kpis_total"].items()))) + regional.types_together(shipped, TAXONOMY).basis)
    assert basis == once


def test_table_1_reads_as_an_independent_check_on_a_reported_register():
    register = relabelled(make_register(SMALL), "reported")
    computed = regional.measures_and_kras(register, TAXONOMY)
    assert computed.basis.may_name(TAXONOMY)
    assert computed.why.startswith("independent check")
    assert computed.agreement == "differs"  # two of the nine measures have activities in the small register


def test_the_overall_judgement_is_quoted_verbatim_with_the_counts_it_rests_on():
    status = outcomes.kpi_status_table(FRAMEWORK, OBSERVATIONS)
    text = regional.overall_judgement(TABLES, status, TAXONOMY)
    printed = mtr_tables.rows_of(TABLES, "Table 1")
    quote = printed.loc[printed["column"] == "Overall Progress", "text"].iloc[0]
    assert f"> {quote}" in text
    resting = status["rests_on_reconstructed"].astype(bool)
    clean_progress = int(((status["status"] == "progress") & ~resting).sum())
    assert f"{clean_progress} show progress." in text
    assert f"{int((status['status'] == 'progress').sum())} of them show progress" in text


def test_resting_units_carry_their_id_mark_and_the_footnote_once():
    status = outcomes.kpi_status_table(FRAMEWORK, OBSERVATIONS)
    text = regional.resting_units_sentence(status, FRAMEWORK, TAXONOMY)
    mark = TAXONOMY.label("kpi_id_origins", "project", column="mark")
    assert f"KPI 8{mark}" in text
    assert text.count(TAXONOMY.label("kpi_id_origins", "project", column="footnote")) == 1


@pytest.mark.parametrize("code, named", [("reconstructed", False), ("reported", True)])
def test_kras_served_by_the_most_bodies_are_named_only_on_rows_that_may_name_them(code, named):
    register = relabelled(make_register(SMALL), code)
    served = network.bodies_per_reference(register, TAXONOMY)
    basis = Basis.of(register.activities, register.links)
    text = regional.shared_kras_sentence(served, basis, TAXONOMY)
    top = served.loc[served["bodies"] == served["bodies"].max(), "kra_code"].tolist()
    assert all(kra in text for kra in top) is named
    assert ("not named here" in text) is not named
    assert ("Names are withheld" in text) is not named


@pytest.mark.parametrize("code, named", [("reconstructed", False), ("reported", True)])
def test_the_largest_body_is_named_from_the_register_only_on_rows_that_may_name_it(code, named):
    register = relabelled(make_register(SMALL), code)
    summary = metrics.characteristic_summary(register, TAXONOMY)
    table = regional.characteristics_display(summary, Basis.of(register.activities), TAXONOMY, TABLES, PUBLISHED)
    assert ("Largest body" in table.columns) is named
    printed = table.set_index(summary.index)["Largest body as the MTR prints it"]
    assert printed["A"] == "SOMHD activities comprised the largest share (23.5%) of activities."


def test_bodies_keep_the_taxonomy_order_unless_the_rows_may_rank_them():
    register = make_register(SMALL)
    by_body = metrics.status_by_body(register.activities, TAXONOMY)
    kept = regional.bodies_in_order(by_body, Basis.of(register.activities), TAXONOMY)
    order = [body for body in TAXONOMY.implementing_bodies if body in by_body.index]
    assert list(kept.index) == order
    ranked = regional.bodies_in_order(by_body, Basis.from_code("reported", 6), TAXONOMY)
    assert list(ranked.index) == list(by_body.index)


def test_the_reconciliation_basis_counts_the_published_figures_and_each_set_of_rows_once():
    behind = {"a": {"reconstructed": 10}, "b": {"reconstructed": 10}, "c": {"public_statistics": 3}}
    basis = regional.reconciliation_basis(PUBLISHED, behind)
    assert dict(basis.rows) == {"published": len(PUBLISHED), "reconstructed": 10, "public_statistics": 3}

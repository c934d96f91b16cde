"""The MTR's tables beside the data (ascc_analysis.present.mtr_tables)."""

import pytest

from ascc_analysis.analysis import reconcile
from ascc_analysis.data.datasets import load
from ascc_analysis.present import mtr_tables
from ascc_analysis.present.basis import Basis
from tests.scripts.test_extract_mtr_tables import printed_in

TABLES, PUBLISHED, NOTES, TAXONOMY = load("mtr_tables"), load("published_figures"), load("reconciliation_notes"), \
    load("taxonomy")


def checked(values: dict, provenance: dict) -> object:
    return reconcile.reconcile(values, PUBLISHED, NOTES, provenance, TAXONOMY)


def test_every_printed_in_row_exists_and_prints_the_figure():
    findings = load("assessment_findings")  # Tables 7 and 8
    texts = {**dict(zip(TABLES["row_id"], TABLES["text"])), **dict(zip(findings["finding_id"], findings["finding"]))}
    located = mtr_tables.printed_figures(PUBLISHED)
    assert located, "no figure says where the tables print it"
    figures = PUBLISHED.fillna("").set_index("figure_id")
    for row_id, figure_ids in located.items():
        assert row_id in texts, row_id
        for figure_id in figure_ids:
            figure = figures.loc[figure_id]
            assert printed_in({"value": figure["value"], "note": figure["note"]}, texts[row_id]), (figure_id, row_id)


def test_table_1_shows_every_bullet_verbatim_in_printed_order():
    rows = mtr_tables.rows_of(TABLES, "Table 1")
    table, _ = mtr_tables.side_by_side(rows, checked({}, {}), TAXONOMY)
    assert table["As published"].tolist() == rows["text"].tolist()
    assert set(table["MTR column"]) == {"Implementation Progress", "Outcome Progress (KPIs)", "Overall Progress"}
    assert list(table.columns) == ["MTR column", "As published", "Figures stated", "Computed here", "Basis",
                                   "Agreement"]


def test_a_match_on_reconstructed_rows_holds_by_construction_and_on_reported_rows_is_independent():
    rows = mtr_tables.rows_of(TABLES, "Table 1").head(1)
    values = {"implementation_rate": 71.78, "completion_rate": 24.79}
    built, _ = mtr_tables.side_by_side(rows, checked(values, dict.fromkeys(values, {"reconstructed": 977})), TAXONOMY)
    real, basis = mtr_tables.side_by_side(rows, checked(values, dict.fromkeys(values, {"reported": 977})), TAXONOMY)
    assert built.at[0, "Figures stated"] == ("71.8% (completed or ongoing share of assessed activities); "
                                              "24.8% (completed share of assessed activities)")
    assert built.at[0, "Computed here"] == "71.78; 24.79"
    assert built.at[0, "Agreement"].startswith("agrees (holds by construction")
    assert built.at[0, "Basis"] == "Reconstructed"
    assert real.at[0, "Agreement"] == "agrees (independent check: recomputed from the Tool 1 export)"
    assert basis == Basis.from_code("published", 1) + Basis.from_code("reported", 977)


def test_a_difference_says_why_and_an_uncomputed_figure_says_so():
    rows = mtr_tables.rows_of(TABLES, "Table 1").head(1)
    table, _ = mtr_tables.side_by_side(rows, checked({"implementation_rate": 70.0},
                                                     {"implementation_rate": {"reported": 5}}), TAXONOMY)
    assert table.at[0, "Agreement"].startswith(
        "differs (completed or ongoing share of assessed activities: mismatch (unexplained)")
    missing, _ = mtr_tables.side_by_side(rows, checked({"implementation_rate": 71.78}, {}), TAXONOMY)
    assert missing.at[0, "Agreement"].startswith(
        "not computed (completed share of assessed activities: the data give no value")


def test_a_bullet_without_figure_takes_what_the_chapter_computed():
    rows = mtr_tables.rows_of(TABLES, "Table 1")
    bullet = rows.at[1, "row_id"]
    extra = {bullet: mtr_tables.Computed("12 of 18 KRAs served by several bodies", Basis.from_code("reconstructed", 9),
                                         "agrees", "holds by construction")}
    table, basis = mtr_tables.side_by_side(rows, checked({}, {}), TAXONOMY, extra=extra)
    assert table.at[1, "Computed here"] == "12 of 18 KRAs served by several bodies"
    assert table.at[1, "Agreement"] == "agrees (holds by construction)"
    assert table.at[3, "Agreement"] == "no figure stated"
    assert dict(basis.rows)["reconstructed"] == 9


@pytest.mark.parametrize("table, characteristic, first", [
    ("Table 2", "A", "T2-implementation_progress-1"), ("Table 9", "B", "T9-substantive_issue_for_characteristic_b")])
def test_rows_of_one_table_and_characteristic(table, characteristic, first):
    rows = mtr_tables.rows_of(TABLES, table, characteristic)
    assert rows.at[0, "row_id"].startswith(first)
    assert (rows["characteristic"] == characteristic).all()


def test_verbatim_names_the_issue_of_tables_9_and_10():
    shown = mtr_tables.verbatim(mtr_tables.rows_of(TABLES, "Table 10"))
    assert shown.at[0, "MTR column"] == "Harnessing Activity Attribution to the Blueprint: Recommendation"


def test_a_statement_computed_beside_printed_figures_keeps_both_verdicts():
    rows = mtr_tables.rows_of(TABLES, "Table 1").head(1)
    values = {"implementation_rate": 71.78, "completion_rate": 24.79}
    beside = mtr_tables.Computed("every measure implemented", Basis.from_code("reported", 3), "differs", "one is not")
    table, basis = mtr_tables.side_by_side(rows, checked(values, dict.fromkeys(values, {"reported": 977})), TAXONOMY,
                                           extra={rows.at[0, "row_id"]: beside})
    assert table.at[0, "Computed here"] == "71.78; 24.79; every measure implemented"
    assert table.at[0, "Agreement"] == ("figures stated: agrees (independent check: recomputed from the Tool 1 "
                                        "export); the statement: differs (one is not)")
    assert basis == Basis.from_code("published", 1) + Basis.from_code("reported", 977) + Basis.from_code("reported", 3)


def test_the_reconciliation_names_each_figure_by_its_scope_and_what_it_counts_never_its_id():
    import pandas as pd

    from ascc_analysis.analysis import reconcile

    published = pd.DataFrame({"figure_id": ["A_x", "y"], "section": ["3.2", "3.1"], "table": ["", ""],
                              "scope": ["Characteristic A", "ASEAN"], "metric": ["linked activities", "KPIs"],
                              "value": ["12", "5"], "unit": ["count", "count"], "note": ["", ""],
                              "printed_in": ["", ""]})
    checked = reconcile.reconcile({"A_x": 12, "y": 4}, published, pd.DataFrame(columns=["figure_id", "reason"]))
    table = mtr_tables.reconciliation_table(checked, published)
    assert list(table.columns[:3]) == ["Scope", "Section", "What"] and "Figure" not in table
    assert table[["Scope", "What"]].values.tolist() == [["Characteristic A", "linked activities"], ["ASEAN", "KPIs"]]
    assert "Figure" not in mtr_tables.reconciliation_table(checked)

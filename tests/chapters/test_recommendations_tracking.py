"""chapters.recommendations_tracking: Tables 9 and 10 beside evidence, KPIs and follow-up indicators; the Conclusion."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import recommendations_tracking as tracking
from ascc_analysis.chapters.recommendations_tracking import COLUMNS, Evidence, Finding
from ascc_analysis.data.datasets import load
from ascc_analysis.data.recommendations import EVIDENCE_KINDS
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present.basis import Basis

TAXONOMY = load_taxonomy()
MARK = TAXONOMY.label("kpi_id_origins", "project", column="mark")
SET = TAXONOMY.label("kpi_statuses", "progress", column="label_when_reconstructed")
SET_IN_TEXT = SET[0].lower() + SET[1:]


@pytest.mark.parametrize("rank, phrase", [(1, "the highest"), (5, "the lowest"), (2, "the 2nd highest"),
                                          (3, "the 3rd highest"), (4, "the 4th highest")])
def test_rank_phrase(rank, phrase):
    assert tracking.rank_phrase(rank, 5) == phrase


def test_every_evidence_kind_of_the_data_has_its_computation():
    assert tuple(tracking.EVIDENCE) == EVIDENCE_KINDS


def test_union_basis_counts_a_row_used_by_several_findings_once():
    rows = pd.DataFrame({"provenance": ["reconstructed", "reconstructed", "published"]})
    one = Finding("a", {"activities": rows.iloc[:2]})
    two = Finding("b", {"activities": rows.iloc[1:], "forms": rows.iloc[2:]})
    assert one.basis == Basis((("reconstructed", 2),))
    assert tracking.union_basis([one, two]) == Basis((("published", 2), ("reconstructed", 2)))
    assert Finding("nothing").basis == Basis()


# ---- the shipped data ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    framework, observations = load("kpi_framework"), load("kpi_observations")
    status = outcomes.kpi_status_table(framework, observations)
    evidence = Evidence(load("tool1_register"), TAXONOMY, status, framework, observations, load("institutional_forms"))
    return {"evidence": evidence, "mtr_tables": load("mtr_tables"), "tracking": load("recommendation_tracking"),
            "conclusion": load("mtr_conclusion")}


@pytest.fixture(scope="module")
def table(shipped):
    return tracking.tracking_table(shipped["mtr_tables"], shipped["tracking"], shipped["evidence"])


def test_each_recommendation_is_printed_verbatim_in_printed_order(shipped, table):
    frame, _ = table
    printed = shipped["mtr_tables"][shipped["mtr_tables"]["table"].isin(["Table 9", "Table 10"])]
    assert frame.columns.tolist() == COLUMNS
    assert frame["Recommendation (as published)"].tolist() == printed["text"].tolist()
    assert frame["Table"].tolist() == printed["table"].tolist()
    caption = tracking.tracking_caption(shipped["mtr_tables"])
    titles = printed.drop_duplicates("table")
    assert caption.startswith(" and ".join(f"{t} ({title})" for t, title in zip(titles["table"],
                                                                                titles["table_title"])))
    assert all(issue.startswith(label) for issue, label in zip(frame["Issue"], printed["row_label"]))
    assert (frame["Evidence computed here"].str.len() > 20).all() and (frame["Follow-up indicator"] != "").all()


def test_kpis_carry_their_mark_and_never_read_progress_when_set_to_match(shipped, table):
    frame, _ = table
    b_row = frame[frame["Issue"].str.startswith("Substantive Issue for Characteristic B")].iloc[0]
    expected = [*(f"KPI {k} ({SET_IN_TEXT})" for k in ("5a", "5b", "7b")), f"KPI 10{MARK} (regress)"]
    assert b_row["KPI"] == "; ".join(expected)
    status = shipped["evidence"].status
    resting = status.loc[status["rests_on_reconstructed"], "kpi_id"]
    assert not any(f"KPI {k} (progress)" in cell or f"KPI {k}{MARK} (progress)" in cell
                   for k in resting for cell in frame["KPI"])


def test_the_basis_of_each_row_and_of_the_table(shipped, table):
    frame, basis = table
    ev = shipped["evidence"]
    assert set(frame["Basis of the evidence"]) >= {"Reconstructed", "none: nothing computed"}
    codes = dict(basis.rows)
    assert codes["published"] >= len(frame) and codes["reconstructed"] >= len(ev.register.activities)
    upper = (len(frame) * 2 + len(ev.register.activities) + len(ev.register.links) + len(ev.observations)
             + len(ev.framework) + len(ev.forms))
    assert basis.total <= upper  # every source row counted at most once


def test_a_ranking_in_the_evidence_names_bodies_only_on_rows_not_built_by_the_project(shipped, table):
    frame, _ = table
    bodies = set(shipped["evidence"].register.activities["sectoral_body"])
    effectiveness = frame[frame["Issue"] == "Increasing Activity Implementation Effectiveness"]
    text = effectiveness["Evidence computed here"].iloc[0]
    assert "first-ranked body" in text and "Names are withheld" in text
    assert not any(body in text for body in bodies)
    register = copy.deepcopy(shipped["evidence"].register)
    register.activities["provenance"] = "reported"
    register.links["provenance"] = "reported"
    ev = Evidence(register, TAXONOMY, *(getattr(shipped["evidence"], a) for a in ("status", "framework",
                                                                                  "observations", "forms")))
    named, _ = tracking.tracking_table(shipped["mtr_tables"], shipped["tracking"], ev)
    text = named.loc[effectiveness.index[0], "Evidence computed here"]
    assert "first-ranked" not in text and sum(body in text for body in bodies) >= 3


def test_a_recommendation_without_its_tracking_row_is_an_error(shipped):
    partial = shipped["tracking"].iloc[1:]
    with pytest.raises(KeyError, match=shipped["tracking"]["row_id"].iloc[0]):
        tracking.tracking_table(shipped["mtr_tables"], partial, shipped["evidence"])


# ---- the Conclusion -----------------------------------------------------------------------------------------
def test_conclusion_quotes_are_verbatim_sentences_with_their_attribution(shipped):
    conclusion = shipped["conclusion"]
    text, basis = tracking.conclusion_quotes(conclusion, [(1, "COVID-19 pandemic."), (3, "ACRF")])
    quotes = [line[3:-1] for line in text.splitlines() if line.startswith("> “")]
    assert len(quotes) == 2 and all(quote in " ".join(conclusion["text"]) for quote in quotes)
    assert "COVID-19" in quotes[0] and "ACRF" in quotes[1]
    assert f"— {conclusion['source'].iloc[0]}, paragraph 1" in text and ", paragraph 3" in text
    assert basis == Basis((("published", 2),))
    with pytest.raises(LookupError, match="paragraph 2"):
        tracking.conclusion_quotes(conclusion, [(2, "words the MTR never printed")])

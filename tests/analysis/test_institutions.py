"""Declarations under the candidate counting rules, and the institutional figures (analysis.institutions)."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.analysis.institutions import declaration_counts, figures
from ascc_analysis.config import DataPaths
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def published() -> dict:
    return pd.read_csv(DataPaths.of().published_figures, dtype=str).set_index("figure_id")["value"].to_dict()


@pytest.fixture(scope="module")
def declarations() -> pd.DataFrame:
    return load("declarations")


def test_each_rule_counts_what_it_says():
    declarations = pd.DataFrame({
        "instrument_type": ["declaration", "Chairman's statement", "vision", "statement"],
        "leaders_instrument": [True, False, True, True],
        "cross_pillar": [False, False, True, False],
        "after_mtr_data_date": [False, False, False, True],
    }).astype({"instrument_type": "string", "leaders_instrument": "boolean", "cross_pillar": "boolean",
               "after_mtr_data_date": "boolean"})

    assert declaration_counts(declarations) == {
        "all_listed": 4, "leaders_instruments": 3, "excluding_chair_statements_only": 3,
        "up_to_mtr_data_date": 3, "leaders_up_to_mtr_data_date": 2, "excluding_cross_pillar": 3,
        "leaders_excluding_cross_pillar": 2}


def test_only_an_inconsistent_rule_gives_the_published_count(declarations, published):
    counts = declaration_counts(declarations)
    target = int(published["declarations_since_2016"])
    assert counts["leaders_instruments"] != target
    assert [rule for rule, n in counts.items() if n == target] == ["excluding_chair_statements_only"]


def test_declaration_figure_follows_the_counting_rule(declarations):
    counted = int(declarations["counted_in_mtr"].sum())
    assert figures(declarations, load_taxonomy())["declarations_since_2016"] == counted


def test_member_states_figure(declarations, published):
    taxonomy = load_taxonomy()
    member_states = figures(declarations, taxonomy)["member_states"]
    assert member_states == len(taxonomy.ams_codes) == int(published["member_states"])

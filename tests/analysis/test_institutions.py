"""Declarations under the candidate counting rules, and the institutional figures (analysis.institutions)."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis.institutions import declaration_counts, figures
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy

DECLARATIONS = load("declarations")
PUBLISHED = load("published_figures").set_index("figure_id")["value"]


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


def test_only_an_inconsistent_rule_gives_the_published_count():
    counts = declaration_counts(DECLARATIONS)
    target = int(PUBLISHED["declarations_since_2016"])
    assert counts["leaders_instruments"] != target
    assert [rule for rule, n in counts.items() if n == target] == ["excluding_chair_statements_only"]


def test_declaration_figure_follows_the_counting_rule():
    counted = int(DECLARATIONS["counted_in_mtr"].sum())
    assert figures(DECLARATIONS, load_taxonomy())["declarations_since_2016"] == counted


def test_member_states_figure():
    taxonomy = load_taxonomy()
    member_states = figures(DECLARATIONS, taxonomy)["member_states"]
    assert member_states == len(taxonomy.ams_codes) == int(PUBLISHED["member_states"])

"""Tests of the coverage of a Tool 1 submission (ascc_analysis.data.coverage)."""

from __future__ import annotations

import pytest

from ascc_analysis.data.coverage import submission_coverage
from ascc_analysis.data.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_bodies_present_and_missing_follow_the_taxonomy_order(taxonomy):
    expected = taxonomy.implementing_bodies
    sent = [expected[3], expected[0], expected[3], "SOCA", "NOT-A-BODY"]  # repeats and strangers ignored

    coverage = submission_coverage(sent, taxonomy)

    assert coverage.expected == tuple(expected)
    assert coverage.present == (expected[0], expected[3])
    assert coverage.missing == tuple(b for b in expected if b not in (expected[0], expected[3]))
    assert not coverage.complete
    assert coverage.count_text == f"2 of the {len(expected)} implementing Sectoral Bodies"


def test_summary_names_the_missing_bodies(taxonomy):
    expected = taxonomy.implementing_bodies
    names = dict(zip(taxonomy.sectoral_bodies["acronym"], taxonomy.sectoral_bodies["full_name"]))

    coverage = submission_coverage(expected[1:], taxonomy)

    assert coverage.missing_named == (f"{expected[0]} ({names[expected[0]]})",)
    assert coverage.summary() == (f"1 of the {len(expected)} implementing Sectoral Bodies sent no workbook: "
                                  f"{expected[0]} ({names[expected[0]]}); figures from the register cover "
                                  f"the {len(expected) - 1} that did.")


def test_complete_and_empty_submissions(taxonomy):
    total = len(taxonomy.implementing_bodies)
    complete = submission_coverage(taxonomy.implementing_bodies, taxonomy)
    assert complete.complete and complete.missing == ()
    assert complete.summary() == f"All {total} implementing Sectoral Bodies sent a workbook."
    empty = submission_coverage([], taxonomy)
    assert empty.present == ()
    assert empty.summary() == f"None of the {total} implementing Sectoral Bodies sent a workbook."

"""Declarations counted under candidate rules, and the published figures the institutional data give."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy


def declaration_counts(declarations: pd.DataFrame) -> dict[str, int]:
    """How many instruments each candidate counting rule keeps.

    The MTR (Table 7) counts the declarations or statements "by ASEAN Leaders at ASEAN
    Summits" since 2016. The rule used for ``counted_in_mtr`` is ``leaders_instruments``;
    the others are given so that the reconciliation can show which rule, if any, gives the
    published count.

    Parameters
    ----------
    declarations : pandas.DataFrame
        The ``declarations`` dataset.

    Returns
    -------
    dict
        Rule name -> number of instruments kept.
    """
    leaders = declarations["leaders_instrument"].fillna(False).astype(bool)
    cross = declarations["cross_pillar"].fillna(False).astype(bool)
    before = ~declarations["after_mtr_data_date"].fillna(False).astype(bool)
    chair = declarations["instrument_type"].str.lower().str.startswith("chairman").fillna(False).astype(bool)
    return {
        "all_listed": int(len(declarations)),
        "leaders_instruments": int(leaders.sum()),
        "excluding_chair_statements_only": int((~chair).sum()),
        "up_to_mtr_data_date": int(before.sum()),
        "leaders_up_to_mtr_data_date": int((leaders & before).sum()),
        "excluding_cross_pillar": int((~cross).sum()),
        "leaders_excluding_cross_pillar": int((leaders & ~cross).sum()),
    }


def figures(declarations: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, int]:
    """Published figure ids that the institutional data give.

    Parameters
    ----------
    declarations : pandas.DataFrame
        The ``declarations`` dataset.
    taxonomy : Taxonomy
        Code lists (the Member States).

    Returns
    -------
    dict
        ``declarations_since_2016``: instruments with ``counted_in_mtr`` true (this data
        gives a different number than the MTR prints, see ``data/README.md``).
        ``member_states``: the number of AMS in the taxonomy. That every one of them
        produced a national MTR report is the MTR's own statement (sections 2 and 4,
        Table 8: "all ten AMS"), not something these data show.
    """
    return {
        "declarations_since_2016": int(declarations["counted_in_mtr"].fillna(False).astype(bool).sum()),
        "member_states": len(taxonomy.ams_codes),
    }

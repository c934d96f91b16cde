"""Tables 7 and 8 of the MTR (``assessment_findings``) as published, bullet by bullet, beside what the data gives.

Table 7 is the MTR's assessment of means of implementation, institutional mechanisms and
resources; Table 8 its synthesis of the ten national MTR reports (shown once, in the
``resources`` report, which the national reports link to). :func:`finding_rows` gives their
bullets in the shape of the ``mtr_tables`` dataset, so that ``present.mtr_tables.side_by_side``
sets them beside the computed values; :func:`table7_computed` and :func:`table8_computed` say
what the data gives for the bullets it can speak to. A finding the data can neither confirm
nor refute (the rows are project-built and were not built to reproduce it) reads "not
comparable", never "differs".
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import network, reconcile
from ascc_analysis.chapters import resources
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.mtr_tables import Computed
from ascc_analysis.present.text import count, lower_first, percent

TABLE_7, TABLE_8 = "Table 7", "Table 8"
"""The ``table`` values of the two tables in ``assessment_findings``."""
ANCHORS = {TABLE_7: "table-7", TABLE_8: "table-8"}
"""The id of each table's heading in the ``resources`` report (the national reports link to ``#table-8``)."""


def finding_rows(findings: pd.DataFrame, table: str) -> pd.DataFrame:
    """The bullets of Table 7 or 8 in printed order, in the columns of the ``mtr_tables`` dataset.

    Parameters
    ----------
    findings : pandas.DataFrame
        The ``assessment_findings`` dataset.
    table : str
        ``Table 7`` or ``Table 8``.

    Returns
    -------
    pandas.DataFrame
        ``row_id`` (the finding id), ``table``, ``column`` (the assessment dimension, as
        printed), ``row_label`` (empty), ``bullet``, ``text`` (the bullet verbatim) and
        ``provenance``.
    """
    rows = findings[findings["table"] == table].reset_index(drop=True)
    return pd.DataFrame({"row_id": rows["finding_id"].astype(str), "table": rows["table"].astype(str),
                         "column": rows["dimension_label"].astype(str), "row_label": pd.NA,
                         "bullet": rows["bullet"], "text": rows["finding"].astype(str),
                         "provenance": rows["provenance"].astype(str)})


def caption(findings: pd.DataFrame, table: str) -> str:
    """``Table 7. <its printed title>: as published, beside what the data gives``."""
    titles = findings.loc[findings["table"] == table, "table_title"].dropna().astype(str)
    title = f"{table}. {titles.iloc[0]}" if len(titles) else table
    return f"{title}: as published, beside what the data gives"


def checked_figures(figures: dict, register, declarations: pd.DataFrame, published: pd.DataFrame,
                    notes: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The reconciliation of the report's figures, with the rows behind each (``analysis.reconcile``).

    Parameters
    ----------
    figures : dict
        The report's computed figures (``report.figures``).
    register : Tool1Register
        Behind the register's figures (``sectoral_bodies``).
    declarations : pandas.DataFrame
        Behind ``declarations_since_2016``.
    published, notes : pandas.DataFrame
        The ``published_figures`` and ``reconciliation_notes`` datasets.
    taxonomy : Taxonomy
        Which provenance codes check independently.
    """
    behind = {"declarations_since_2016": dict(Basis.of(declarations).rows),
              "sectoral_bodies": dict(Basis.of(register.activities).rows)}
    return reconcile.reconcile(figures, published, notes, {k: v for k, v in behind.items() if k in figures}, taxonomy)


def judged(consistent: bool, basis: Basis, taxonomy: Taxonomy, why: str = "") -> tuple[str, str]:
    """The agreement of a computed statement with a printed finding, and why.

    Parameters
    ----------
    consistent : bool
        Whether the computed values bear the finding out.
    basis : Basis
        The rows they were computed from.
    taxonomy : Taxonomy
        Which provenance codes the project built, and how each kind of check reads.
    why : str
        What the computation leaves out (e.g. "the register records no due dates"), said first.

    Returns
    -------
    (str, str)
        ``agrees`` / ``differs`` on rows that check independently; on project-built rows
        ``agrees`` (the match holds by construction) or ``not comparable`` (rows built to
        match published totals can neither confirm nor refute the finding).
    """
    reasons = [why] if why else []
    built = basis.rests_on_project_rows(taxonomy)
    if consistent or not built:
        return ("agrees" if consistent else "differs"), "; ".join(reasons + [reconcile.check_kind(
            dict(basis.rows), taxonomy)[1]])
    code = basis.code(taxonomy)
    kind = taxonomy.label("provenance", code).lower()
    meaning = lower_first(taxonomy.label("provenance", code, column="mark_meaning"))
    share = percent(basis.share(taxonomy.built_by_project))
    return "not comparable", "; ".join(reasons + [f"{share} of the rows behind it are {kind} ({meaning}), so they "
                                                  "can neither confirm nor refute it"])


def _computed(text: str, consistent: bool, basis: Basis, taxonomy: Taxonomy, why: str = "") -> Computed:
    agreement, reason = judged(consistent, basis, taxonomy, why)
    return Computed(text, basis, agreement, reason)


# ---- Table 7 ------------------------------------------------------------------------------------------
def table7_computed(register, declarations: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, Computed]:
    """What the data gives for the bullets of Table 7 that print no published figure.

    The declarations count ("36 declarations or statements") is a published figure, set
    beside its computed value by the reconciliation.

    Parameters
    ----------
    register : Tool1Register
        Activities (funding sources, KRAs served by each body).
    declarations : pandas.DataFrame
        The ``declarations`` dataset.
    taxonomy : Taxonomy
        Code lists and provenance codes.

    Returns
    -------
    dict
        Finding id -> :class:`present.mtr_tables.Computed`.
    """
    mechanisms = "T7-institutional_mechanisms_at_sectoral_level_cross_cutting_issues"
    return {"T7-implementation_means-1": _leaders_instruments(declarations, taxonomy),
            f"{mechanisms}-2": _bodies_together(register, taxonomy),
            "T7-resources-2": _funding_sources(register.activities, taxonomy)}


def _leaders_instruments(declarations: pd.DataFrame, taxonomy: Taxonomy) -> Computed:
    """Instruments made or adopted by the Leaders at their Summits, in every year of the list?"""
    years = declarations["year"].dropna().astype(int)
    leaders = declarations[declarations["leaders_instrument"].fillna(False).astype(bool)]
    with_one = set(leaders["year"].dropna().astype(int))
    all_years = range(years.min(), years.max() + 1) if len(years) else range(0)
    text = (f"{count(len(leaders))} of the {count(len(declarations))} instruments listed "
            f"({years.min()}-{years.max()}) were made or adopted by the Leaders at a Summit, in "
            f"{count(len(with_one))} of its {count(len(all_years))} years") if len(years) else "No instrument listed."
    return _computed(text, bool(len(years)) and with_one >= set(all_years), Basis.of(declarations), taxonomy)


def _bodies_together(register, taxonomy: Taxonomy) -> Computed:
    """Does every body share a KRA with another (``resources.shared_kra_matrix``)?"""
    matrix = resources.shared_kra_matrix(register, taxonomy)
    summary = resources.network_summary(matrix)
    off_diagonal = matrix.to_numpy().copy()
    for i in range(len(matrix)):
        off_diagonal[i, i] = 0
    alone = int((off_diagonal.max(axis=1, initial=0) == 0).sum())
    served = network.bodies_per_reference(register, taxonomy)
    everyone = int((served["bodies"] == summary["bodies"]).sum())
    text = (f"{count(summary['bodies'] - alone)} of the {count(summary['bodies'])} Sectoral Bodies with assessed "
            f"activities share at least one KRA with another body ({count(summary['pairs_sharing'])} of "
            f"{count(summary['pairs'])} pairs); {count(everyone)} of {count(len(served))} KRAs are served by all "
            f"of them")
    basis = Basis.of(metrics.assessed_activities(register.activities, taxonomy))
    return _computed(text, summary["bodies"] > 1 and alone == 0, basis, taxonomy)


def _funding_sources(activities: pd.DataFrame, taxonomy: Taxonomy) -> Computed:
    """The funding sources recorded for the assessed activities: various?"""
    shares = metrics.funding_shares(activities, taxonomy).sort_values(["share", "funding_source"],
                                                                      ascending=[False, True])
    used = shares[shares["activities"] > 0]
    parts = [f"{lower_first(taxonomy.label('funding_sources', code))} {percent(share)}"
             for code, share in zip(used["funding_source"], used["share"])]
    text = f"{count(int(shares['activities'].sum()))} assessed activities funded by " + ", ".join(parts)
    basis = Basis.of(metrics.assessed_activities(activities, taxonomy))
    return _computed(text, len(used) > 1, basis, taxonomy,
                     why="the register records a source per activity, not amounts: how limited funds are is not shown")


# ---- Table 8 ------------------------------------------------------------------------------------------
def table8_computed(register, forms: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, Computed]:
    """What the regional data gives for the bullets of Table 8 (the rest rests on the national reports).

    Returns
    -------
    dict
        Finding id -> :class:`present.mtr_tables.Computed`.
    """
    prefix = "T8-institutional_mechanisms_at_sectoral_level_cross_cutting_issues"
    return {"T8-activities_implementation-1": _implemented_most(register.activities, taxonomy),
            f"{prefix}-2": _forms_present(forms, taxonomy),
            f"{prefix}-3": _centres_implement_more(register.activities, forms, taxonomy)}


def _implemented_most(activities: pd.DataFrame, taxonomy: Taxonomy) -> Computed:
    """Were most activities of the bodies' work plans completed or started?"""
    assessed = metrics.assessed_activities(activities, taxonomy)
    rate = metrics.implementation_rate(activities, taxonomy)
    text = (f"{percent(rate)} of the {count(len(assessed))} assessed activities of the "
            f"{count(assessed['sectoral_body'].nunique())} Sectoral Bodies are completed or ongoing")
    return _computed(text, rate > 50, Basis.of(assessed), taxonomy,
                     why="the register records a status, not due dates: timeliness is not checked")


def _forms_present(forms: pd.DataFrame, taxonomy: Taxonomy) -> Computed:
    """Are some bodies served by a centre and others run through their SOM?"""
    by_form = forms["form"].astype(str).value_counts()
    parts = [f"{count(int(by_form.get(code, 0)))} {taxonomy.label('institutional_forms', code, 'phrase')}"
             for code in taxonomy.institutional_forms["code"]]
    text = f"Of the {count(len(forms))} implementing Sectoral Bodies: " + ", ".join(parts)
    return _computed(text, (by_form > 0).sum() > 1, Basis.of(forms), taxonomy)


def _centres_implement_more(activities: pd.DataFrame, forms: pd.DataFrame, taxonomy: Taxonomy) -> Computed:
    """Do the bodies served by a centre implement more of their activities than the others?"""
    table = resources.implementation_by_form(activities, forms, taxonomy).set_index("form")
    parts = [f"{percent(rate)} for the {taxonomy.label('institutional_forms', code, 'phrase')}"
             for code, rate in table["implementation_rate"].items()]
    text = "Completed or ongoing: " + "; ".join(parts)
    rates = table["implementation_rate"]
    centre = "has_centre"
    consistent = centre in rates.index and len(rates) > 1 and bool((rates.drop(centre) < rates[centre]).all())
    basis = Basis.of(metrics.assessed_activities(activities, taxonomy), forms)
    return _computed(text, consistent, basis, taxonomy,
                     why="implementation rates only: coordination is not measured")

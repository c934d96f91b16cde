"""Computed figures keyed by the ids of ``mtr_published_figures.csv``.

A report's sidecar JSON carries these values, and the reconciliation compares them with
the published ones. Only the id convention lives here; every value is computed from data.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import institutions
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.data.kpis import units
from ascc_analysis.data.taxonomy import Taxonomy


def regional_activity_figures(register, taxonomy: Taxonomy) -> dict[str, object]:
    """Activity-level figures of MTR section 3.1 (Figure 1 and Table 1).

    Parameters
    ----------
    register : Tool1Register
        The ingested register.
    taxonomy : Taxonomy
        Code lists.

    Returns
    -------
    dict
        ``planned_activities``, ``withdrawn_activities``, ``assessed_activities``,
        ``sectoral_bodies``, ``status_as_of``, ``implementation_rate``,
        ``completion_rate`` and ``type_share_<type code>`` for every activity type.
    """
    activities = register.activities
    funnel = metrics.activity_funnel(activities, taxonomy)
    figures: dict[str, object] = {
        "planned_activities": funnel["planned"],
        "withdrawn_activities": funnel["withdrawn"],
        "assessed_activities": funnel["assessed"],
        "sectoral_bodies": int(activities["sectoral_body"].nunique()),
        "status_as_of": register.reporting_date,
        "implementation_rate": metrics.implementation_rate(activities, taxonomy),
        "completion_rate": metrics.completion_rate(activities, taxonomy),
    }
    shares = metrics.type_shares(activities, taxonomy)
    figures.update({f"type_share_{code}": float(share) for code, share in shares.items()})
    return figures


def characteristic_figures(register, characteristic: str, taxonomy: Taxonomy) -> dict[str, object]:
    """Activity-level figures of one Characteristic (MTR Tables 2-6), ids prefixed by its letter.

    Returns
    -------
    dict
        ``<X>_activities``, ``<X>_implemented``, ``<X>_implementation_rate``,
        ``<X>_completion_rate``, ``<X>_largest_sb``, ``<X>_second_sb``, ``<X>_sbs``,
        ``<X>_largest_sb_name``, ``<X>_second_sb_name`` and ``<X>_strategic_measures``
        (measures with at least one linked activity; 0 where the taxonomy has none).
    """
    row = metrics.characteristic_summary(register, taxonomy).loc[characteristic]
    measures = metrics.reference_bodies(register, characteristic, taxonomy, level="sm_code")
    values = {
        "activities": int(row["activities"]), "implemented": int(row["implemented"]),
        "implementation_rate": float(row["implementation_rate"]),
        "completion_rate": float(row["completion_rate"]),
        "largest_sb": _float(row["largest_share"]), "second_sb": _float(row["second_share"]),
        "largest_sb_name": row["largest_body"], "second_sb_name": row["second_body"],
        "sbs": int(row["bodies"]), "strategic_measures": int(len(measures)),
    }
    return {f"{characteristic}_{key}": value for key, value in values.items()}


def all_activity_figures(register, taxonomy: Taxonomy) -> dict[str, object]:
    """Regional and every Characteristic's activity figures in one dict."""
    figures = regional_activity_figures(register, taxonomy)
    for code in taxonomy.characteristic_codes:
        figures.update(characteristic_figures(register, code, taxonomy))
    return figures


def _float(value) -> float | None:
    return None if value is None else float(value)


def all_figures(register, taxonomy: Taxonomy, framework: pd.DataFrame, observations: pd.DataFrame,
                declarations: pd.DataFrame, cutoff_year: int | None = None) -> dict[str, object]:
    """Every figure the data can give: activities, KPI outcomes and institutions.

    Parameters
    ----------
    register : Tool1Register
        The ingested register.
    taxonomy : Taxonomy
        Code lists.
    framework, observations, declarations : pandas.DataFrame
        The ``kpi_framework``, ``kpi_observations`` and ``declarations`` datasets.
    cutoff_year : int, optional
        Cut-off year of the outcome rules (their default when None).

    Returns
    -------
    dict
        Figure id -> value, ids as in ``mtr_published_figures.csv``.
    """
    values = all_activity_figures(register, taxonomy)
    kwargs = {} if cutoff_year is None else {"cutoff_year": cutoff_year}
    values.update(outcomes.figures(framework, observations, **kwargs))
    values.update(institutions.figures(declarations, taxonomy))
    return values


def figure_provenance(register, taxonomy: Taxonomy, framework: pd.DataFrame, observations: pd.DataFrame,
                      declarations: pd.DataFrame, cutoff_year: int | None = None) -> dict[str, dict[str, int]]:
    """The provenance of the rows behind each figure of :func:`all_figures`.

    Activity figures rest on the register's activities (a Characteristic's on its linked
    activities); the KPI counts on the framework's units and the observations up to the
    cut-off; a published value carried by observation rows on those rows; the declaration
    count on the declarations. A figure no row with a provenance stands behind (the number
    of Member States, a taxonomy count) is absent.

    Parameters
    ----------
    register, taxonomy, framework, observations, declarations, cutoff_year
        As for :func:`all_figures`.

    Returns
    -------
    dict
        Figure id -> {provenance code: rows}, codes sorted.
    """
    kwargs = {} if cutoff_year is None else {"cutoff_year": cutoff_year}
    cutoff = kwargs.get("cutoff_year", outcomes.DEFAULT_CUTOFF_YEAR)
    copied = outcomes.published_values(observations)
    kpi_rows = pd.concat([units(framework)[["provenance"]],
                          observations.loc[observations["year"] <= cutoff, ["provenance"]]])
    groups = [(regional_activity_figures(register, taxonomy), register.activities)]
    groups += [(characteristic_figures(register, code, taxonomy), metrics.linked_activities(register, code, taxonomy))
               for code in taxonomy.characteristic_codes]
    groups.append(({key: None for key in outcomes.figures(framework, observations, **kwargs) if key not in copied},
                   kpi_rows))
    groups += [({figure_id: None}, observations[observations["figure_id"] == figure_id]) for figure_id in copied]
    groups.append(({"declarations_since_2016": None}, declarations))
    return {figure_id: _provenance_counts(rows) for values, rows in groups for figure_id in values}


def _provenance_counts(rows: pd.DataFrame) -> dict[str, int]:
    return {str(code): int(n) for code, n in sorted(rows["provenance"].astype(str).value_counts().items())}

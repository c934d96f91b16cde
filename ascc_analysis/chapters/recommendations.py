"""The recommendations chapter (MTR section 5): KPI units lacking data, KPIs off track, implementation gaps.

Groups the KPI units that lack data by collection category, counts the units that regress or
show no change in each Characteristic (a status that rests on a reconstructed direction is
counted apart, "set to match the MTR's count", never as progress) and describes the
implementation gaps of the Sectoral Bodies, naming them only when no row behind the ranking
was built by the project. Tables 9 and 10 with their evidence are in
``recommendations_tracking``; the KPI register and data coverage annexes in
``recommendations_annexes``. Every sentence is generated from the frames passed in.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import gaps
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.analysis.activities import assessed_activities
from ascc_analysis.data.kpis import COLLECTION_CATEGORIES, units
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present import charts
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.judgement import ranked_names, withheld_note
from ascc_analysis.present.kpi_ids import kpi_name
from ascc_analysis.present.tables import kpi_status_label
from ascc_analysis.present.text import agree, count, join, lower_first, percent, value

NO_CATEGORY = "none"
"""Collection category of units the framework gives none (KPIs the MTR does not describe)."""
NOT_STATED = "Not stated"
"""Row label of units whose Characteristic the MTR does not give."""
SET_TO_MATCH = "set_to_match"
"""Column of :func:`status_by_characteristic` counting the units whose status rests on reconstructed rows."""
PUBLISHED_IDS = (*outcomes.COUNT_KEYS, "B_recommendation_kpis")
"""Published figure ids this chapter records (values from ``outcomes.figures``)."""
KPI_SOURCE = "KPI framework and observations (data/kpi), outcome rules with data up to {cutoff_year}"
"""Source line of the KPI charts (``format(cutoff_year=...)``)."""
CITED_BY = {"B": "B_recommendation", "E": "E_recommendation"}
"""Characteristic -> ``table9_reference`` of the units its Table 9 recommendation cites."""
OFF_TRACK = ("regress", "no_change")
"""The statuses of the units Table 9 asks to act on."""


def kpi_names(ids, framework: pd.DataFrame, taxonomy: Taxonomy) -> list[str]:
    """``KPI 26a``, ``KPI 14†``: each id as readers see it (``kpi_ids.kpi_name``)."""
    return [kpi_name(kpi_id, framework, taxonomy) for kpi_id in ids]


def status_rows(observations: pd.DataFrame, kpi_ids) -> pd.DataFrame:
    """The rows the status rule reads for each of some units (``outcomes.status_rows``), original index kept."""
    frames = [outcomes.status_rows(observations, str(kpi_id)) for kpi_id in kpi_ids]
    return pd.concat(frames) if frames else observations.iloc[0:0]


def status_basis(observations: pd.DataFrame, kpi_ids) -> Basis:
    """The basis of the statuses of some units: the rows the status rule reads for each."""
    return Basis.of(status_rows(observations, kpi_ids))


def status_text(status: str, rests_on_reconstructed: bool, taxonomy: Taxonomy) -> str:
    """A unit's status inside a sentence: ``regress``, ``set to match the MTR's count``."""
    return lower_first(kpi_status_label(status, bool(rests_on_reconstructed), taxonomy))


# ---- KPI units without sufficient data ----------------------------------------------------------------
def _with_framework(status: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    columns = ["kpi_id", "text", "unit", "collection_category", "table9_reference"]
    merged = status.merge(units(framework).reindex(columns=columns), on="kpi_id", how="left")
    merged["collection_category"] = merged["collection_category"].fillna(NO_CATEGORY).astype(str)
    return merged


def insufficient_by_category(status: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    """Units lacking sufficient data, grouped by the framework's collection category.

    Parameters
    ----------
    status : pandas.DataFrame
        From ``outcomes.kpi_status_table``.
    framework : pandas.DataFrame
        The KPI framework (``collection_category``, ``table9_reference``).

    Returns
    -------
    pandas.DataFrame
        One row per category that has such units, in Table 9 order then ``none``:
        ``collection_category``, ``units``, ``kpi_ids`` and ``table9_examples`` (the
        units Table 9 names as examples), ids ", "-joined in framework order.
    """
    lacking = _with_framework(status, framework)
    lacking = lacking[lacking["status"] == "insufficient_data"]
    rows = []
    for category in (*COLLECTION_CATEGORIES, NO_CATEGORY):
        group = lacking[lacking["collection_category"] == category]
        if len(group):
            examples = group.loc[group["table9_reference"] == "unavailable_example", "kpi_id"]
            rows.append({"collection_category": category, "units": len(group),
                         "kpi_ids": ", ".join(group["kpi_id"]), "table9_examples": ", ".join(examples)})
    return pd.DataFrame(rows, columns=["collection_category", "units", "kpi_ids", "table9_examples"])


def _split_ids(text: str) -> list[str]:
    return [part for part in str(text).split(", ") if part]


def category_display(groups: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """:func:`insufficient_by_category` with readable names (``collection_categories.csv``, ``kpi_name``)."""
    return pd.DataFrame({
        "Collection category": [taxonomy.label("collection_categories", c) for c in groups["collection_category"]],
        "KPI units": groups["units"].astype("int64").to_numpy(),
        "Which": [", ".join(kpi_names(_split_ids(ids), framework, taxonomy)) for ids in groups["kpi_ids"]],
        "Named in Table 9 as examples": [", ".join(kpi_names(_split_ids(ids), framework, taxonomy))
                                         for ids in groups["table9_examples"]],
    })


def category_rows(status: pd.DataFrame, framework: pd.DataFrame, observations: pd.DataFrame) -> dict:
    """The rows behind the grouping: ``framework`` (the units lacking data, with their category) and
    ``observations`` (the rows their statuses read)."""
    lacking = status.loc[status["status"] == "insufficient_data", "kpi_id"]
    return {"framework": units(framework)[units(framework)["kpi_id"].isin(lacking)],
            "observations": status_rows(observations, lacking)}


def category_basis(status: pd.DataFrame, framework: pd.DataFrame, observations: pd.DataFrame) -> Basis:
    """The basis of the grouping (:func:`category_rows`)."""
    return Basis.of(*category_rows(status, framework, observations).values())


def insufficient_sentence(groups: pd.DataFrame, total_units: int, taxonomy: Taxonomy) -> str:
    """``N of M KPI units lack sufficient data: a are data a Sectoral Body should record, ...``.

    The words of each category are Table 9's (the ``phrase`` of ``collection_categories.csv``).
    """
    lacking = int(groups["units"].sum()) if len(groups) else 0
    if not lacking:
        return f"Every one of the {count(total_units)} KPI units has sufficient data against the baseline."
    parts = [f"{count(n)} {taxonomy.label('collection_categories', c, 'phrase')}"
             for c, n in zip(groups["collection_category"], groups["units"])]
    categories = int((groups["collection_category"] != NO_CATEGORY).sum())
    return (f"{count(lacking)} of the {count(total_units)} KPI units lack sufficient data against the baseline: "
            + "; ".join(parts) + f". The units with a category fall into {count(categories)} collection "
            f"categor{'ies' if categories != 1 else 'y'}.")


# ---- KPIs by Characteristic ---------------------------------------------------------------------------
def _characteristic_labels(status: pd.DataFrame) -> pd.Series:
    return status["characteristic"].astype("string").fillna(NOT_STATED).astype(str)


def _set_to_match(status: pd.DataFrame) -> pd.Series:
    """Units with data whose status rests on reconstructed rows."""
    return status["rests_on_reconstructed"].fillna(False).astype(bool) & (status["status"] != "insufficient_data")


def status_by_characteristic(status: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Units per Characteristic and status; a status resting on reconstructed rows is counted apart.

    Returns
    -------
    pandas.DataFrame
        Index: Characteristic letters then ``Not stated`` (when any unit lacks one).
        Columns: the statuses of ``outcomes.STATUSES`` (units whose status rests on no
        reconstructed row), ``set_to_match`` (units whose status rests on reconstructed rows,
        set so that the MTR's counts are reproduced) and ``units``.
    """
    labels = _characteristic_labels(status)
    matched = _set_to_match(status)
    table = pd.crosstab(labels[~matched], status.loc[~matched, "status"].astype(str))
    order = [*taxonomy.characteristic_codes, *([NOT_STATED] if NOT_STATED in set(labels) else [])]
    table = table.reindex(index=order, columns=list(outcomes.STATUSES), fill_value=0)
    table[SET_TO_MATCH] = matched.groupby(labels).sum().reindex(order, fill_value=0)
    table["units"] = labels.value_counts().reindex(order, fill_value=0)
    return table.astype("int64").rename_axis(index="characteristic", columns=None)


def status_display(table: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """:func:`status_by_characteristic` with readable names."""
    names = dict(zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]))
    columns = {**{s: kpi_status_label(s, False, taxonomy) for s in outcomes.STATUSES},
               SET_TO_MATCH: kpi_status_label("progress", True, taxonomy), "units": "KPI units"}
    shown = table.rename(columns=columns)
    shown.insert(0, "Characteristic", [f"{c}: {names[c]}" if c in names else c for c in table.index])
    return shown.reset_index(drop=True)


def status_chart(table: pd.DataFrame, taxonomy: Taxonomy, cutoff_year: int):
    """The stacked bars of :func:`status_by_characteristic` (``charts.kpi_status_chart``)."""
    return charts.kpi_status_chart(table, taxonomy, KPI_SOURCE.format(cutoff_year=cutoff_year),
                                   set_to_match=SET_TO_MATCH)


def off_track(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Units that regress or show no change, readable, with the Table 9 citation if any.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI, Characteristic, Indicator, Status, Change, Cited in Table 9. A status
        resting on reconstructed rows reads "Set to match the MTR's count" and shows no change
        value (the rows are direction markers, not measurements).
    """
    merged = _with_framework(status, framework)
    rows = merged[merged["status"].isin(OFF_TRACK)]
    marker = rows["rests_on_reconstructed"].astype(bool)
    return pd.DataFrame({
        "KPI": kpi_names(rows["kpi_id"], framework, taxonomy),
        "Characteristic": _characteristic_labels(rows).to_numpy(),
        "Indicator": rows["text"].fillna("").astype(str).to_numpy(),
        "Status": [kpi_status_label(s, m, taxonomy) for s, m in zip(rows["status"], marker)],
        "Change": ["" if m else value(c, u, signed=True) for c, u, m in zip(rows["change"], rows["unit"], marker)],
        "Cited in Table 9": [_citation(r) for r in rows["table9_reference"]],
    })


def _citation(reference) -> str:
    if reference is None or pd.isna(reference):
        return ""
    code = str(reference).split("_")[0]
    return f"Characteristic {code} recommendation" if len(code) == 1 else "example of a KPI lacking data"


def _ids(status: pd.DataFrame, value: str) -> list[str]:
    return status.loc[status["status"] == value, "kpi_id"].astype(str).tolist()


def off_track_lines(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """One Markdown bullet per Characteristic: units regressing, with no change, and set to match, named."""
    names = dict(zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]))
    labels = _characteristic_labels(status)
    lines = []
    for code in [*taxonomy.characteristic_codes, NOT_STATED]:
        mine = status[labels == code]
        if mine.empty:
            continue
        scope = f"Characteristic {code} ({names[code]})" if code in names else "Characteristic not stated"
        lines.append(f"- {scope}: " + _off_track_phrase(mine, framework, taxonomy))
    return "\n".join(lines)


def _off_track_phrase(mine: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    measured, matched = mine[~_set_to_match(mine)], mine[_set_to_match(mine) & mine["status"].isin(OFF_TRACK)]
    regress, flat = _ids(measured, "regress"), _ids(measured, "no_change")
    text = (f"of {count(len(mine))} KPI units, {agree(len(regress), 'regresses', 'regress')}"
            f"{_named(regress, framework, taxonomy)} and {agree(len(flat), 'shows', 'show')} no change"
            f"{_named(flat, framework, taxonomy)}")
    if len(matched):
        label = status_text("no_change", True, taxonomy)
        text += (f"; {label} where the MTR's count needs a regress or no change: {count(len(matched))}"
                 f"{_named(matched['kpi_id'].astype(str).tolist(), framework, taxonomy)}")
    return text + "."


def _named(ids: list[str], framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    return f" ({', '.join(kpi_names(ids, framework, taxonomy))})" if ids else ""


def cited_sentence(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy, characteristic: str) -> str:
    """What the units cited by a Characteristic's Table 9 recommendation show."""
    reference = CITED_BY.get(characteristic)
    merged = _with_framework(status, framework)
    cited = merged[merged["table9_reference"] == reference] if reference else merged.iloc[0:0]
    if cited.empty:
        return f"Table 9's recommendation for Characteristic {characteristic} cites no KPI unit of the framework."
    with_data = cited[cited["status"] != "insufficient_data"]
    parts = [f"{name} ({status_text(s, r, taxonomy)})" for name, s, r in
             zip(kpi_names(cited["kpi_id"], framework, taxonomy), cited["status"], cited["rests_on_reconstructed"])]
    text = (f"Table 9's recommendation for Characteristic {characteristic} cites {count(len(cited))} KPI units, "
            f"{count(len(with_data))} of them with data: " + ", ".join(parts) + ".")
    resting = int(_set_to_match(cited).sum())
    if resting:
        text += (f" The status of {count(resting)} of them rests on reconstructed rows: direction markers set so "
                 "that the MTR's counts are reproduced, not evidence of a change.")
    return text


def reconstructed_sentence(status: pd.DataFrame, framework: pd.DataFrame | None = None,
                           taxonomy: Taxonomy | None = None) -> str:
    """How many units with data have a status that rests on reconstructed rows, named.

    With the framework and taxonomy the units are named as readers see them (``KPI 14†``),
    else by their bare ids.
    """
    resting = outcomes.units_resting_on_reconstructed(status)
    with_data = int((status["status"] != "insufficient_data").sum())
    if not resting:
        return f"The status of every one of the {count(with_data)} units with data rests on published or public rows."
    shown = resting if framework is None or taxonomy is None else kpi_names(resting, framework, taxonomy)
    return (f"The status of {count(len(resting))} of the {count(with_data)} units with data rests on reconstructed "
            f"rows ({', '.join(shown)}): direction markers made by this project where the MTR prints no values, "
            "so these statuses reproduce the published counts rather than confirm them.")


# ---- implementation gaps ------------------------------------------------------------------------------
def gap_basis(activities: pd.DataFrame, taxonomy: Taxonomy) -> Basis:
    """The basis of the implementation gaps: the assessed activities."""
    return Basis.of(assessed_activities(activities, taxonomy))


def gap_sentence(bodies: pd.DataFrame, upcoming: pd.DataFrame, basis: Basis, taxonomy: Taxonomy,
                 lowest: int = 3) -> str:
    """The lowest implementation rates and the most upcoming activities, bodies named only when they may be.

    Parameters
    ----------
    bodies : pandas.DataFrame
        ``gaps.body_implementation`` (lowest rate first).
    upcoming : pandas.DataFrame
        ``gaps.most_upcoming``.
    basis : Basis
        The rows behind both rankings.
    taxonomy : Taxonomy
        Which provenance codes the project built.
    lowest : int, default 3
        How many of the lowest rates to give.

    Returns
    -------
    str
        On rows built by the project the bodies are their rank by rate (``judgement.ranked_names``),
        in both sentences, and the text ends with why (``judgement.withheld_note``).
    """
    if bodies.empty:
        return "No Sectoral Body has assessed activities."
    shown = dict(zip(bodies["sectoral_body"], ranked_names(list(bodies["sectoral_body"]), basis, taxonomy)))
    first = bodies.head(lowest)
    low = join(f"{shown[b]} ({percent(r)} of {count(n)})" for b, r, n in
               zip(first["sectoral_body"], first["implementation_rate"], first["assessed"]))
    many = join(f"{shown[b]} ({count(n)})" for b, n in zip(upcoming["sectoral_body"], upcoming["upcoming"]))
    if basis.may_name(taxonomy):
        return (f"The lowest implementation rates (completed or ongoing share of assessed activities) are those "
                f"of {low}. The most activities not yet started (upcoming) are with {many}.")
    return (f"Ranked from the lowest implementation rate (completed or ongoing share of assessed activities), "
            f"the lowest rates are those of {low}. The most activities not yet started (upcoming) are with {many} "
            f"(ranks by rate, as above). {withheld_note(basis, taxonomy)}")


def body_gap_display(bodies: pd.DataFrame, basis: Basis, taxonomy: Taxonomy) -> pd.DataFrame:
    """``gaps.body_implementation`` with readable names, lowest rate first; rank words when bodies may not be named."""
    return pd.DataFrame({
        "Sectoral Body (lowest rate first)": ranked_names(list(bodies["sectoral_body"]), basis, taxonomy),
        "Assessed activities": bodies["assessed"].astype("int64").to_numpy(),
        "Completed or ongoing": bodies["implemented"].astype("int64").to_numpy(),
        "Upcoming": bodies["upcoming"].astype("int64").to_numpy(),
        "Implementation rate": bodies["implementation_rate"].to_numpy(),
    })


def gap_chart(bodies: pd.DataFrame, lowest: int, overall: float, source: str, basis: Basis, taxonomy: Taxonomy):
    """The implementation rate of each body (``charts.implementation_gap_chart``).

    The ``lowest`` bodies are highlighted and every bar named only when ``basis`` may name them;
    otherwise the bars carry rank words and nothing is singled out: the distribution without names.
    """
    naming = basis.may_name(taxonomy)
    return charts.implementation_gap_chart(
        bodies, lowest if naming else 0, overall, source, taxonomy,
        labels=ranked_names(list(bodies["sectoral_body"]), basis, taxonomy),
        axis_label="Sectoral Body" if naming else "Sectoral Body, ranked from the lowest rate (names withheld)")


# ---- sidecar figures ----------------------------------------------------------------------------------
def published_figures(framework: pd.DataFrame, observations: pd.DataFrame,
                      cutoff_year: int = outcomes.DEFAULT_CUTOFF_YEAR) -> dict:
    """The published figure ids this chapter recomputes (``PUBLISHED_IDS``, from ``outcomes.figures``)."""
    values = outcomes.figures(framework, observations, cutoff_year)
    return {key: values[key] for key in PUBLISHED_IDS if key in values}


def chapter_figures(status: pd.DataFrame, framework: pd.DataFrame, activities: pd.DataFrame,
                    taxonomy: Taxonomy) -> dict:
    """The chapter's own computed figures (ids not among the published ones).

    Returns
    -------
    dict
        ``kpis_regress``, ``kpis_no_change``, ``kpis_resting_on_reconstructed``,
        ``kpis_insufficient_<category>`` (``none`` for units without one),
        ``lowest_implementation_sb`` and ``_rate``, ``most_upcoming_sb`` and ``_activities``.
    """
    groups = insufficient_by_category(status, framework)
    bodies = gaps.body_implementation(activities, taxonomy)
    upcoming = gaps.most_upcoming(activities, taxonomy, n=1)
    values = {"kpis_regress": len(_ids(status, "regress")), "kpis_no_change": len(_ids(status, "no_change")),
              "kpis_resting_on_reconstructed": len(outcomes.units_resting_on_reconstructed(status))}
    values.update({f"kpis_insufficient_{c}": int(n) for c, n in zip(groups["collection_category"], groups["units"])})
    if len(bodies):
        values.update(lowest_implementation_sb=str(bodies["sectoral_body"].iloc[0]),
                      lowest_implementation_rate=float(bodies["implementation_rate"].iloc[0]),
                      most_upcoming_sb=str(upcoming["sectoral_body"].iloc[0]),
                      most_upcoming_activities=int(upcoming["upcoming"].iloc[0]))
    return values

"""The evidence behind the recommendations (MTR section 5, Tables 9 and 10).

Groups the KPI units that lack data by collection category, counts the units that regress
or show no change in each Characteristic, names the implementation gaps, and pairs each
issue of Tables 9 and 10 with the evidence computed here. Every sentence is generated
from the frames passed in; the issue names of Tables 9-10 are the only typed text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import gaps
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.analysis.kpi_views import kpi_status_counts
from ascc_analysis.chapters import resources
from ascc_analysis.data.kpis import COLLECTION_CATEGORIES, units
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.sentences import implementation_sentence, kpi_status_sentence
from ascc_analysis.present.text import count, number, ordinal, percent

NO_CATEGORY = "none"
"""Collection category of units the framework gives none (KPIs the MTR does not describe)."""
NOT_STATED = "Not stated"
"""Row label of units whose Characteristic the MTR does not give."""
PUBLISHED_IDS = (*outcomes.COUNT_KEYS, "B_recommendation_kpis")
"""Published figure ids this chapter records (values from ``outcomes.figures``)."""
KPI_SOURCE = "KPI framework and observations (data/kpi), outcome rules with data up to {cutoff_year}"
"""Source line of the KPI charts (``format(cutoff_year=...)``)."""
CITED_BY = {"B": "B_recommendation", "E": "E_recommendation"}
"""Characteristic -> ``table9_reference`` of the units its Table 9 recommendation cites."""


# ---- KPI units without sufficient data ----------------------------------------------------------------
def _with_framework(status: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    columns = ["kpi_id", "text", "collection_category", "table9_reference"]
    merged = status.merge(units(framework)[columns], on="kpi_id", how="left")
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


def category_display(groups: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """:func:`insufficient_by_category` with readable names (``collection_categories.csv``)."""
    return pd.DataFrame({
        "Collection category": [taxonomy.label("collection_categories", c) for c in groups["collection_category"]],
        "KPI units": groups["units"].astype("int64").to_numpy(),
        "Which": groups["kpi_ids"].to_numpy(),
        "Named in Table 9 as examples": groups["table9_examples"].to_numpy(),
    })


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


def status_by_characteristic(status: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Units per Characteristic and status, with how many rest on reconstructed rows.

    Returns
    -------
    pandas.DataFrame
        Index: Characteristic letters then ``Not stated`` (when any unit lacks one).
        Columns: the statuses of ``outcomes.STATUSES``, ``units`` and ``reconstructed``.
    """
    labels = _characteristic_labels(status)
    table = pd.crosstab(labels, status["status"].astype(str))
    order = [*taxonomy.characteristic_codes, *([NOT_STATED] if NOT_STATED in table.index else [])]
    table = table.reindex(index=order, columns=list(outcomes.STATUSES), fill_value=0)
    table["units"] = table.sum(axis=1)
    table["reconstructed"] = status["rests_on_reconstructed"].groupby(labels).sum().reindex(order, fill_value=0)
    return table.astype("int64").rename_axis(index="characteristic", columns=None)


def status_display(table: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """:func:`status_by_characteristic` with readable names."""
    names = dict(zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]))
    columns = {**{s: taxonomy.label("kpi_statuses", s) for s in outcomes.STATUSES}, "units": "KPI units",
               "reconstructed": "Resting on reconstructed rows"}
    shown = table.rename(columns=columns)
    shown.insert(0, "Characteristic", [f"{c}: {names[c]}" if c in names else c for c in table.index])
    return shown.reset_index(drop=True)


def off_track(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Units that regress or show no change, readable, with the Table 9 citation if any.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI, Characteristic, Indicator, Status, Change, Rests on reconstructed
        data, Cited in Table 9. Reconstructed direction markers show no change value.
    """
    merged = _with_framework(status, framework)
    rows = merged[merged["status"].isin(["regress", "no_change"])]
    marker = rows["rests_on_reconstructed"].astype(bool)
    return pd.DataFrame({
        "KPI": rows["kpi_id"].astype(str).to_numpy(),
        "Characteristic": _characteristic_labels(rows).to_numpy(),
        "Indicator": rows["text"].fillna("").astype(str).to_numpy(),
        "Status": [taxonomy.label("kpi_statuses", s) for s in rows["status"]],
        "Change": ["" if m else number(c, 2) for c, m in zip(rows["change"], marker)],
        "Rests on reconstructed data": ["yes" if m else "" for m in marker],
        "Cited in Table 9": [_citation(r) for r in rows["table9_reference"]],
    })


def _citation(reference) -> str:
    if reference is None or pd.isna(reference):
        return ""
    code = str(reference).split("_")[0]
    return f"Characteristic {code} recommendation" if len(code) == 1 else "example of a KPI lacking data"


def _ids(status: pd.DataFrame, value: str) -> list[str]:
    return status.loc[status["status"] == value, "kpi_id"].astype(str).tolist()


def off_track_lines(status: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """One Markdown bullet per Characteristic: units regressing and with no change, named."""
    names = dict(zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]))
    labels = _characteristic_labels(status)
    lines = []
    for code in [*taxonomy.characteristic_codes, NOT_STATED]:
        mine = status[labels == code]
        if mine.empty:
            continue
        scope = f"Characteristic {code} ({names[code]})" if code in names else "Characteristic not stated"
        lines.append(f"- {scope}: " + _off_track_phrase(mine))
    return "\n".join(lines)


def _off_track_phrase(mine: pd.DataFrame) -> str:
    regress, flat = _ids(mine, "regress"), _ids(mine, "no_change")
    text = (f"of {count(len(mine))} KPI units, regressing {count(len(regress))}{_named(regress)}, "
            f"with no change {count(len(flat))}{_named(flat)}")
    resting = int(mine.loc[mine["status"].isin(["regress", "no_change"]), "rests_on_reconstructed"].sum())
    if resting:
        text += f"; the status of {count(resting)} of these rests on reconstructed rows"
    return text + "."


def _named(ids: list[str]) -> str:
    return f" ({', '.join(ids)})" if ids else ""


def cited_sentence(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy, characteristic: str) -> str:
    """What the units cited by a Characteristic's Table 9 recommendation show."""
    reference = CITED_BY.get(characteristic)
    merged = _with_framework(status, framework)
    cited = merged[merged["table9_reference"] == reference] if reference else merged.iloc[0:0]
    if cited.empty:
        return f"Table 9's recommendation for Characteristic {characteristic} cites no KPI unit of the framework."
    with_data = cited[cited["status"] != "insufficient_data"]
    parts = [f"{k} {taxonomy.label('kpi_statuses', s).lower()}" for k, s in zip(cited["kpi_id"], cited["status"])]
    text = (f"Table 9's recommendation for Characteristic {characteristic} cites {count(len(cited))} KPI units, "
            f"{count(len(with_data))} of them with data: " + ", ".join(parts) + ".")
    resting = int(cited["rests_on_reconstructed"].sum())
    if resting:
        text += f" The status of {count(resting)} of them rests on reconstructed rows."
    return text


def reconstructed_sentence(status: pd.DataFrame) -> str:
    """How many units with data have a status that rests on reconstructed rows, named."""
    resting = outcomes.units_resting_on_reconstructed(status)
    with_data = int((status["status"] != "insufficient_data").sum())
    if not resting:
        return f"The status of every one of the {count(with_data)} units with data rests on published or public rows."
    return (f"The status of {count(len(resting))} of the {count(with_data)} units with data rests on reconstructed "
            f"rows ({', '.join(resting)}): direction markers made by this project where the MTR prints no values, "
            "so these statuses reproduce the published counts rather than confirm them.")


# ---- implementation gaps ------------------------------------------------------------------------------
def gap_sentence(lowest: pd.DataFrame, upcoming: pd.DataFrame) -> str:
    """The bodies with the lowest implementation rates and the most upcoming activities (``gaps``)."""
    if lowest.empty:
        return "No Sectoral Body has assessed activities."
    low = ", ".join(f"{b} ({percent(r)} of {count(n)})" for b, r, n in
                    zip(lowest["sectoral_body"], lowest["implementation_rate"], lowest["assessed"]))
    many = ", ".join(f"{b} ({count(n)})" for b, n in zip(upcoming["sectoral_body"], upcoming["upcoming"]))
    return (f"The lowest implementation rates (completed or ongoing share of assessed activities) are those of {low}. "
            f"The most activities not yet started (upcoming) are with {many}.")


def body_gap_display(bodies: pd.DataFrame) -> pd.DataFrame:
    """``gaps.body_implementation`` with readable names, lowest rate first."""
    return pd.DataFrame({
        "Sectoral Body": bodies["sectoral_body"].to_numpy(),
        "Assessed activities": bodies["assessed"].astype("int64").to_numpy(),
        "Completed or ongoing": bodies["implemented"].astype("int64").to_numpy(),
        "Upcoming": bodies["upcoming"].astype("int64").to_numpy(),
        "Implementation rate": bodies["implementation_rate"].to_numpy(),
    })


# ---- issues of Tables 9 and 10 with their evidence ---------------------------------------------------
def rank_phrase(rank: int, total: int) -> str:
    """``the highest``, ``the lowest`` or ``the 3rd highest`` (rank 1 is the highest)."""
    if rank == 1:
        return "the highest"
    if rank == total:
        return "the lowest"
    return f"the {ordinal(rank, words=False)} highest"


@dataclass
class Evidence:
    """What the evidence of every issue is computed from.

    Attributes
    ----------
    register : Tool1Register
        The ingested register.
    taxonomy : Taxonomy
        Code lists.
    status, framework : pandas.DataFrame
        ``outcomes.kpi_status_table`` and the KPI framework.
    forms : pandas.DataFrame
        ``institutions.load_institutional_forms``.
    """

    register: object
    taxonomy: Taxonomy
    status: pd.DataFrame
    framework: pd.DataFrame
    forms: pd.DataFrame


def _kpi_data_evidence(ev: Evidence) -> str:
    return insufficient_sentence(insufficient_by_category(ev.status, ev.framework), len(ev.status), ev.taxonomy)


def _characteristic_evidence(ev: Evidence, code: str) -> str:
    summary = metrics.characteristic_summary(ev.register, ev.taxonomy)
    row = summary.loc[code]
    scope = f"Characteristic {code}"
    mine = ev.status[ev.status["characteristic"] == code]
    text = (implementation_sentence(scope, int(row["activities"]), int(row["implemented"]), int(row["completed"]))
            + _rank_sentence(summary["implementation_rate"], code) + " "
            + kpi_status_sentence(scope, kpi_status_counts(mine), int(mine["rests_on_reconstructed"].sum())))
    if code in CITED_BY:
        text += " " + cited_sentence(ev.status, ev.framework, ev.taxonomy, code)
    return text


def _rank_sentence(rates: pd.Series, code: str) -> str:
    ranks = rates.dropna().rank(ascending=False, method="min")
    if code not in ranks.index:
        return ""
    return (f" Its implementation rate is {rank_phrase(int(ranks[code]), len(ranks))} of the {count(len(ranks))}"
            " Characteristics with linked activities.")


def _attribution_evidence(ev: Evidence) -> str:
    activities, links = ev.register.activities, ev.register.links
    unlinked = int((~activities["activity_code"].isin(links["activity_code"])).sum())
    issues = getattr(ev.register, "issues", ())
    errors = sum(getattr(i, "severity", "") == "error" for i in issues)
    files = len(getattr(ev.register, "files", ()) or activities["source_file"].unique())
    mix = ", ".join(f"{count(n)} {p}" for p, n in activities["provenance"].value_counts().sort_index().items())
    return (f"The register holds {count(len(activities))} activity rows from {count(files)} Tool 1 workbooks "
            f"({mix}), with {count(len(links))} links to KRAs or strategic measures "
            f"({len(links) / max(len(activities), 1):.2f} an activity); {count(unlinked)} activities reference none. "
            f"Reading the workbooks raised {count(errors)} errors and {count(len(issues) - errors)} warnings.")


def _effectiveness_evidence(ev: Evidence) -> str:
    activities = ev.register.activities
    lowest = gaps.lowest_implementation(activities, ev.taxonomy)
    return gap_sentence(lowest, gaps.most_upcoming(activities, ev.taxonomy))


def _mechanisms_evidence(ev: Evidence) -> str:
    return resources.network_sentence(ev.register, ev.taxonomy)


def _means_evidence(ev: Evidence) -> str:
    rates = resources.form_rates_sentence(ev.register.activities, ev.forms, ev.taxonomy)
    return resources.forms_sentence(ev.forms, ev.taxonomy) + " " + rates


def _resources_evidence(ev: Evidence) -> str:
    return resources.funding_sentence(ev.register.activities, ev.taxonomy)


def _national_evidence(ev: Evidence) -> str:
    return "None computed here: the issue rests on the national MTR reports, which are not public."


TABLE10_ISSUES = (
    ("Harnessing Activity Attribution to the Blueprint", _attribution_evidence),
    ("Mainstreaming the Blueprint into national priorities (untitled in Table 10)", _national_evidence),
    ("Increasing Activity Implementation Effectiveness", _effectiveness_evidence),
    ("Harnessing Institutional Mechanisms", _mechanisms_evidence),
    ("Improving Implementation Means", _means_evidence),
    ("Financial and Human Resources", _resources_evidence),
)
"""Issues of Table 10 (operational recommendations) and the function giving their evidence."""


def issues(taxonomy: Taxonomy) -> list[tuple[str, str, object]]:
    """(table, issue, evidence function) for every issue of Tables 9 and 10, in printed order."""
    rows = [("Table 9", "Unavailable Outcome Indicators (KPI)", _kpi_data_evidence)]
    for code, name in zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]):
        rows.append(("Table 9", f"Substantive Issue for Characteristic {code} ({name})",
                     lambda ev, code=code: _characteristic_evidence(ev, code)))
    rows += [("Table 10", issue, builder) for issue, builder in TABLE10_ISSUES]
    return rows


def evidence_table(evidence: Evidence) -> pd.DataFrame:
    """Each issue of Tables 9 and 10 beside the evidence computed in this chapter.

    Returns
    -------
    pandas.DataFrame
        Columns ``Table``, ``Issue``, ``Evidence computed here``.
    """
    rows = [(table, issue, builder(evidence)) for table, issue, builder in issues(evidence.taxonomy)]
    return pd.DataFrame(rows, columns=["Table", "Issue", "Evidence computed here"])


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

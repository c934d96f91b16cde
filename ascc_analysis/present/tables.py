"""Readable tables: KPI statuses, implementation by Characteristic, the national profile, gaps, caveats, findings."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis.national import split_caveats
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.kpi_ids import kpi_name, mark_ids
from ascc_analysis.present.text import (
    exact,
    number,
    out_of,
    primary_source,
    primary_sources,
    unit_label,
    value,
    with_year,
)

RECONSTRUCTED_NOTE = "no values printed in the MTR: status rests on a reconstructed direction marker"
"""What the KPI table says instead of values for a unit whose status rests on a reconstructed marker."""


def _known_label(taxonomy: Taxonomy, table: str, code) -> str:
    """The label of ``code`` in a taxonomy table, empty for a missing or unknown code."""
    codes = getattr(taxonomy, table)["code"]
    return taxonomy.label(table, str(code)) if str(code) in set(codes) else ""


# ---- KPI status -----------------------------------------------------------------------------------
def kpi_status_label(status: str, rests_on_reconstructed: bool, taxonomy: Taxonomy) -> str:
    """A KPI unit's status as readers see it: never "Progress" when it rests on a reconstructed direction or value.

    Parameters
    ----------
    status : str
        A code of ``kpi_statuses.csv`` (``outcomes.STATUSES``).
    rests_on_reconstructed : bool
        Whether the rows the status used include rows the project built (the status table's column).
    taxonomy : Taxonomy
        The labels: ``label``, or ``label_when_reconstructed`` ("Set to match the MTR's count").
    """
    column = "label_when_reconstructed" if rests_on_reconstructed else None
    return taxonomy.label("kpi_statuses", str(status), column=column)


def kpi_table(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy,
              characteristic: str | None = None) -> pd.DataFrame:
    """Readable KPI status table, one row per measurable unit.

    Parameters
    ----------
    status : pandas.DataFrame
        From ``outcomes.kpi_status_table``.
    framework : pandas.DataFrame
        The KPI framework (for the indicator text and whether the MTR prints the id).
    taxonomy : Taxonomy
        Labels of KPI statuses, directions and status bases; the mark of project-assigned ids.
    characteristic : str, optional
        Keep only this Characteristic's units.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI, Indicator, Baseline, Latest, Change, Desired direction, Status,
        Basis, Rests on reconstructed data, Why.
    """
    rows = status if characteristic is None else status[status["characteristic"] == characteristic]
    text = framework.set_index("kpi_id")["text"]
    unit = framework.set_index("kpi_id")["unit"] if "unit" in framework.columns else pd.Series(dtype=object)
    marker = rows["rests_on_reconstructed"].fillna(False).astype(bool).to_numpy()
    table = pd.DataFrame({
        "KPI": [kpi_name(k, framework, taxonomy) for k in rows["kpi_id"]],
        "Indicator": [mark_ids(text.get(k, ""), framework, taxonomy) for k in rows["kpi_id"]],
        "Baseline": [with_year(v, y, unit=unit.get(k)) for v, y, k in zip(rows["baseline"], rows["baseline_year"],
                                                                          rows["kpi_id"])],
        "Latest": [with_year(v, y, unit=unit.get(k)) for v, y, k in zip(rows["latest"], rows["latest_year"],
                                                                      rows["kpi_id"])],
        "Change": [value(v, unit.get(k), signed=True) for v, k in zip(rows["change"], rows["kpi_id"])],
        "Desired direction": [_known_label(taxonomy, "kpi_directions", d) for d in rows["desired_direction"]],
        "Status": [kpi_status_label(s, r, taxonomy) for s, r in zip(rows["status"], marker)],
        "Basis": [_known_label(taxonomy, "status_bases", b) for b in rows["basis"]],
        "Rests on reconstructed data": ["yes" if r else "" for r in rows["rests_on_reconstructed"]],
        "Why": [("" if pd.isna(r) else str(r)) for r in rows["reason"]],
    })
    # Reconstructed rows are direction markers (0 -> 1), not measurements: never show them as values.
    table.loc[marker, ["Baseline", "Latest", "Change"]] = ""
    table.loc[marker, "Why"] = RECONSTRUCTED_NOTE
    return table


# ---- implementation by Characteristic -------------------------------------------------------------
def characteristic_table(summary: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """``characteristic_summary`` with readable column names, for display."""
    names = dict(zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]))
    return pd.DataFrame({
        "Characteristic": [f"{code}: {names[code]}" for code in summary.index],
        "Linked activities": summary["activities"].astype("Int64").to_numpy(),
        "Completed or ongoing": summary["implemented"].astype("Int64").to_numpy(),
        "Implementation rate": summary["implementation_rate"].to_numpy(),
        "Completion rate": summary["completion_rate"].to_numpy(),
        "Sectoral Bodies": summary["bodies"].astype("Int64").to_numpy(),
        "Largest body": summary["largest_body"].to_numpy(),
        "Largest body share": summary["largest_share"].astype(float).to_numpy(),
    })



# ---- the national profile -------------------------------------------------------------------------
def panel_text(panel, n, member_states: int) -> str:
    """A constant panel in words: ``6 of 10: IDN, MYS, PHL, SGP, THA, VNM``; empty for an empty panel.

    Parameters
    ----------
    panel : str
        The panel's ISO3 codes, space-separated (``country_profile``'s ``asean_panel``).
    n : int
        Its size.
    member_states : int
        The number of AMS.
    """
    if panel is None or pd.isna(panel) or pd.isna(n) or not int(n):
        return ""
    return f"{out_of(n, member_states)}: {', '.join(str(panel).split())}"


def panel_change(first, first_year, last, last_year, trend, unit=None) -> str:
    """The panel's average from the first to the last year compared, by its unit (:func:`text.value`):
    ``14.7 (2016) to 14.5 (2019), improving`` for a share."""
    if pd.isna(first) or pd.isna(first_year):
        return ""
    if pd.isna(last_year) or int(last_year) == int(first_year):
        return with_year(first, first_year, unit=unit)
    direction = "" if trend is None or pd.isna(trend) else f", {trend}"
    return f"{with_year(first, first_year, unit=unit)} to {with_year(last, last_year, unit=unit)}{direction}"


COUNTRY_COLUMNS = ["KPI", "Indicator", "Unit", "Baseline", "Latest", "Change", "Trend", "ASEAN average, latest year",
                   "Rank among AMS"]
"""The columns of :func:`profile_table` about the country itself (the national report's first table; its caveats
have their own table, ``caveats_table``)."""
PANEL_COLUMNS = ["KPI", "Indicator", "ASEAN average, latest year", "ASEAN average over the panel",
                 "Constant panel (AMS averaged)", "Source"]
"""The columns that name each average's panel and each series' source (a folded table beside the first)."""


def profile_table(profile: pd.DataFrame, member_states: int, framework: pd.DataFrame, taxonomy: Taxonomy,
                  shown: pd.DataFrame, role: str = "primary") -> pd.DataFrame:
    """Readable profile rows of one role.

    Parameters
    ----------
    profile : pandas.DataFrame
        From ``national.country_profile``.
    member_states : int
        The number of AMS (for "n of 10").
    framework : pandas.DataFrame
        The KPI framework (whether the MTR prints each KPI id).
    taxonomy : Taxonomy
        The mark of project-assigned KPI ids.
    shown : pandas.DataFrame
        ``national.shown_values`` of the profile: the primary source of each value.
    role : str, default "primary"
        ``primary``, ``context`` or ``other``.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI (``kpi_ids.kpi_name``), Indicator, Unit, Baseline, Latest, Change, Trend,
        ASEAN average in the latest year, ASEAN average over the panel (first to last year compared),
        Constant panel (the AMS averaged), Rank among AMS, Source (publisher and dataset; the editions are in
        :func:`values_shown`) and
        Caveats for this country (the caveats every AMS shares are in :func:`series_notes`).
    """
    rows = profile[profile["role"] == role]
    return pd.DataFrame({
        "KPI": ["" if pd.isna(k) else kpi_name(k, framework, taxonomy) for k in rows["kpi_id"]],
        "Indicator": rows["label"].astype(str).to_numpy(),
        "Unit": [unit_label(u) for u in rows["unit"]],
        "Baseline": [with_year(v, y, unit=u) for v, y, u in zip(rows["baseline"], rows["baseline_year"], rows["unit"])],
        "Latest": [with_year(v, y, unit=u) for v, y, u in zip(rows["latest"], rows["latest_year"], rows["unit"])],
        "Change": [value(v, u, signed=True) for v, u in zip(rows["change"], rows["unit"])],
        "Trend": rows["trend"].astype(str).to_numpy(),
        "ASEAN average, latest year": [with_year(v, y, unit=u) for v, y, u in zip(rows["asean_average"],
                                                                                 rows["latest_year"], rows["unit"])],
        "ASEAN average over the panel": [panel_change(*values) for values in zip(
            rows["asean_first"], rows["asean_first_year"], rows["asean_last"], rows["asean_last_year"],
            rows["asean_trend"], rows["unit"])],
        "Constant panel (AMS averaged)": [panel_text(p, n, member_states)
                                          for p, n in zip(rows["asean_panel"], rows["asean_n"])],
        "Rank among AMS": [out_of(r, n) for r, n in zip(rows["rank"], rows["rank_of"])],
        "Source": ["; ".join(primary_sources(shown[shown["series"] == key], editions=False)) for key in rows["series"]],
        "Caveats for this country": rows["country_caveat"].fillna("").astype(str).to_numpy(),
    })


def series_notes(profile: pd.DataFrame, role: str | None = None) -> pd.DataFrame:
    """The caveats of the series shown that every AMS shares (one row per series and caveat).

    Parameters
    ----------
    profile : pandas.DataFrame
        From ``national.country_profile``.
    role : str, optional
        Keep one role (``primary``, ``context`` or ``other``).

    Returns
    -------
    pandas.DataFrame
        Columns: Indicator, Note.
    """
    rows = profile if role is None else profile[profile["role"] == role]
    records = []
    for row in rows.itertuples():
        own = set(split_caveats(row.country_caveat))
        records += [{"Indicator": row.label, "Note": piece} for piece in split_caveats(row.caveat) if piece not in own]
    return pd.DataFrame(records, columns=["Indicator", "Note"])


def values_shown(shown: pd.DataFrame) -> pd.DataFrame:
    """Every country value a profile shows, at its source's precision, with its primary source.

    Parameters
    ----------
    shown : pandas.DataFrame
        From ``national.shown_values``.

    Returns
    -------
    pandas.DataFrame
        Columns: Indicator (a label, not the series code), Year, Value, Source (publisher, dataset, edition),
        Vintage (the note on an edition released after the MTR's data date). The copies read are in
        :func:`copies_read`.
    """
    return pd.DataFrame({
        "Indicator": shown["label"].astype(str).to_numpy(),
        "Year": [str(int(y)) for y in shown["year"]],
        "Value": [exact(v) for v in shown["value"]],
        "Source": [primary_source(p, d, e, r) for p, d, e, r in
                   zip(shown["publisher"], shown["dataset"], shown["edition"], shown["release_year"])],
        "Vintage": shown["vintage_note"].fillna("").astype(str).to_numpy(),
    }, columns=["Indicator", "Year", "Value", "Source", "Vintage"])


def copies_read(shown: pd.DataFrame) -> pd.DataFrame:
    """Each primary source of the values shown with the copy (file or page) its values were read from."""
    table = pd.DataFrame({
        "Source": [primary_source(p, d, e, r) for p, d, e, r in
                   zip(shown["publisher"], shown["dataset"], shown["edition"], shown["release_year"])],
        "Copy read": shown["retrieved_from"].fillna(shown["source"]).astype(str).to_numpy(),
    }, columns=["Source", "Copy read"])
    return table.drop_duplicates(ignore_index=True)


def published_averages_table(compared: pd.DataFrame, labels: dict[str, str], member_states: int,
                             framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The MTR's published ASEAN averages beside the constant panel's, one row per KPI and year.

    Parameters
    ----------
    compared : pandas.DataFrame
        From ``national.published_averages``.
    labels : dict
        Series key -> its label (the same in every report, whether or not the country has the series).
    member_states : int
        The number of AMS.
    framework, taxonomy
        For ``kpi_ids.kpi_name``.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI, Indicator, Year, Published in the MTR (as printed), Constant-panel average,
        Constant panel (AMS averaged), Difference (panel minus published).
    """
    published = pd.to_numeric(compared["published"], errors="coerce").astype(float)
    return pd.DataFrame({
        "KPI": [kpi_name(k, framework, taxonomy) for k in compared["kpi_id"]],
        "Indicator": [labels.get(key, "") for key in compared["series"]],
        "Year": [str(int(y)) for y in compared["year"]],
        "Published in the MTR": compared["published"].fillna("").astype(str).to_numpy(),
        "Constant-panel average": [number(v, 2) for v in compared["panel_average"]],
        "Constant panel (AMS averaged)": [panel_text(p, n, member_states)
                                          for p, n in zip(compared["panel"], compared["panel_n"])],
        "Difference": [value(a - b, decimals=2, signed=True)
                       for a, b in zip(compared["panel_average"].astype(float), published)],
    }, columns=["KPI", "Indicator", "Year", "Published in the MTR", "Constant-panel average",
                "Constant panel (AMS averaged)", "Difference"])


def gaps_table(gaps: pd.DataFrame, member_states: int, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Readable gaps (``national.data_gaps``): KPI (``kpi_ids.kpi_name``), Indicator, Kind, AMS with data, Years,
    Note."""
    return pd.DataFrame({
        "KPI": ["" if pd.isna(k) else kpi_name(k, framework, taxonomy) for k in gaps["kpi_id"]],
        "Indicator": gaps["label"].astype(str).to_numpy(),
        "Kind": ["KPI series" if r == "primary" else f"{r} series" for r in gaps["role"]],
        "AMS with data": [out_of(n, member_states) for n in gaps["ams_with_data"]],
        "Years": gaps["years"].astype(str).to_numpy(),
        "Note": gaps["note"].astype(str).to_numpy(),
    }, columns=["KPI", "Indicator", "Kind", "AMS with data", "Years", "Note"])


def caveats_table(caveats: pd.DataFrame) -> pd.DataFrame:
    """Readable caveats (``national.country_caveats``): Indicator, Kind, Caveat."""
    return caveats.rename(columns={"label": "Indicator", "kind": "Kind", "caveat": "Caveat"})[
        ["Indicator", "Kind", "Caveat"]]


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Readable findings: Assessment dimension, Finding, Source."""
    return pd.DataFrame({"Assessment dimension": findings["dimension_label"].astype(str).to_numpy(),
                         "Finding": findings["finding"].astype(str).to_numpy(),
                         "Source": findings["source"].astype(str).to_numpy()})

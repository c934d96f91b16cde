"""Characteristic reports (template 02, MTR Tables 2-6): what one Characteristic's report computes beyond the package.

The MTR's own names for the largest Sectoral Bodies beside the register's ranking (named only when no
row behind it was built by the project), the KRA-by-body matrix in the same rank order, the KPI table
with the MTR's words, published values and why a status differs from the MTR's wording, the sentence
on KPI statuses that never counts a status set to match the MTR as progress, and ASEAN averages over
constant panels beside the MTR's published averages. Every number comes from the frames passed in.
"""

from __future__ import annotations

import re

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import kpi_status, kpi_views, panels
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present import mtr_tables, tables
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.judgement import ranked_names, withheld_note
from ascc_analysis.present.kpi_ids import id_origin, kpi_name, mark_ids
from ascc_analysis.present.sentences import largest_bodies_sentence
from ascc_analysis.present.text import capital, count, exact, join, lower_first, number, plural

PUBLISHED = "published"
"""Provenance code of what the MTR prints (``provenance.csv``)."""
BODY_STATEMENT = re.compile(r"^(?P<characteristic>[A-Z])_(?P<rank>\w+)_sb_name$")
"""Ids of ``mtr_activity_statements.csv`` that name a Characteristic's largest bodies (``A_largest_sb_name``);
without ``_name`` the id is that body's share in ``mtr_published_figures.csv`` (``A_largest_sb``)."""
TYPE_STATEMENT = "{characteristic}_common_types"
"""Id of the statement of a Characteristic's most common activity types (its quote holds the bullet's text)."""


# ---- Sectoral Bodies ----------------------------------------------------------------------------------
def published_bodies(statements: pd.DataFrame, published: pd.DataFrame, characteristic: str) -> pd.DataFrame:
    """The Sectoral Bodies the MTR names as the largest of a Characteristic, with their printed shares.

    Parameters
    ----------
    statements : pandas.DataFrame
        The ``mtr_activity_statements`` dataset (``statement_id``, ``kind``, ``value``, ``quote``).
    published : pandas.DataFrame
        The ``published_figures`` dataset (``figure_id``, ``value`` as printed).
    characteristic : str
        A Characteristic letter.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (e.g. "largest Sectoral Body"), ``body``, ``share`` (as printed, empty when the
        MTR prints none) and ``quote``, in the order of the statements file.
    """
    shares = dict(zip(published["figure_id"], published["value"]))
    records = []
    for row in statements.itertuples(index=False):
        match = BODY_STATEMENT.match(str(row.statement_id))
        if match and match["characteristic"] == characteristic:
            share = shares.get(str(row.statement_id).removesuffix("_name"), "")
            records.append({"kind": row.kind, "body": row.value, "share": "" if pd.isna(share) else str(share),
                            "quote": row.quote})
    return pd.DataFrame(records, columns=["kind", "body", "share", "quote"])


def published_bodies_text(bodies: pd.DataFrame) -> str:
    """What the MTR prints about a Characteristic's largest bodies: the names, the shares and the quotes.

    Returns
    -------
    str
        Markdown, e.g. ``The MTR names the largest Sectoral Body: SOMHD (23.5%). It prints: "..."``.
    """
    if bodies.empty:
        return "The MTR names no Sectoral Body for this Characteristic."
    named = [f"the {kind}: **{body}**" + (f" ({share}%)" if share else " (no share printed)")
             for kind, body, share in zip(bodies["kind"], bodies["body"], bodies["share"])]
    quotes = " ".join(f"“{quote}”" for quote in dict.fromkeys(bodies["quote"]))
    return f"The MTR names {join(named)}. It prints: {quotes}"


def ranked_bodies(linked: pd.DataFrame, taxonomy: Taxonomy) -> tuple[pd.DataFrame, Basis]:
    """Each Sectoral Body's share of a Characteristic's activities, largest first, named only when the rows may.

    Parameters
    ----------
    linked : pandas.DataFrame
        The activities linked to the Characteristic (``metrics.linked_activities``), with ``provenance``.
    taxonomy : Taxonomy
        Which provenance codes the project built.

    Returns
    -------
    tuple of (pandas.DataFrame, Basis)
        ``metrics.body_shares`` with ``sectoral_body`` replaced by rank words on project-built rows
        (``judgement.ranked_names``) and a ``rank`` column; the basis of ``linked``.
    """
    basis = Basis.of(linked)
    shares = metrics.body_shares(linked)
    shown = shares.assign(sectoral_body=ranked_names(list(shares["sectoral_body"]), basis, taxonomy))
    shown.insert(0, "rank", range(1, len(shown) + 1))
    return shown, basis


def ranked_bodies_text(ranked: pd.DataFrame, scope: str, basis: Basis, taxonomy: Taxonomy) -> str:
    """The ranking of bodies in words (``largest_bodies_sentence``), with why names are withheld where they are."""
    note = withheld_note(basis, taxonomy)
    return capital(largest_bodies_sentence(ranked, scope)) + (f" {note}" if note else "")


def ranked_bodies_table(ranked: pd.DataFrame) -> pd.DataFrame:
    """:func:`ranked_bodies` with readable columns (Rank, Sectoral Body, Activities, Share)."""
    return ranked.rename(columns={"rank": "Rank", "sectoral_body": "Sectoral Body", "activities": "Activities",
                                  "share": "Share"})


def body_matrix(register, characteristic: str, taxonomy: Taxonomy, ranked: pd.DataFrame,
                level: str = "kra_code") -> pd.DataFrame:
    """Linked activities by Sectoral Body (rows, in the rank order and words of ``ranked``) and KRA or measure.

    Parameters
    ----------
    register : Tool1Register
        The ingested register.
    characteristic : str
        A Characteristic letter.
    taxonomy : Taxonomy
        Code lists.
    ranked : pandas.DataFrame
        From :func:`ranked_bodies` of the same Characteristic: its rows give the order and the labels.
    level : {"kra_code", "sm_code"}
        Columns are KRAs or strategic measures.

    Returns
    -------
    pandas.DataFrame
        First column ``Sectoral Body`` (names or rank words), then one count column per code.
    """
    matrix = metrics.reference_bodies(register, characteristic, taxonomy, level=level)
    if matrix.empty:
        return pd.DataFrame()
    bodies = metrics.body_shares(metrics.linked_activities(register, characteristic, taxonomy))["sectoral_body"]
    by_body = matrix.T.reindex(list(bodies), fill_value=0).astype("int64")
    by_body.columns = [str(code) for code in by_body.columns]
    by_body.insert(0, "Sectoral Body", list(ranked["sectoral_body"]))
    return by_body.reset_index(drop=True)


def published_types_text(statements: pd.DataFrame, characteristic: str, taxonomy: Taxonomy) -> str:
    """The MTR's most common activity types of a Characteristic, by label, with its words."""
    rows = statements[statements["statement_id"] == TYPE_STATEMENT.format(characteristic=characteristic)]
    if rows.empty:
        return "The MTR names no common activity type for this Characteristic."
    row = rows.iloc[0]
    labels = [lower_first(taxonomy.label("activity_types", code)) for code in str(row["value"]).split(";")]
    return f"The MTR names {join(labels)} as the most common types of activity. It prints: “{row['quote']}”"


# ---- KPI statuses -------------------------------------------------------------------------------------
def kpi_status_text(scope: str, mine: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """How many KPI units of a scope show progress on measured or published values, and how many are set to match.

    A status resting on a reconstructed direction or value is never counted as progress: it is
    counted under its own label (``kpi_statuses.label_when_reconstructed``).

    Parameters
    ----------
    scope : str
        E.g. "Characteristic A (Engages and Benefits the People)".
    mine : pandas.DataFrame
        The scope's rows of ``outcomes.kpi_status_table``.
    taxonomy : Taxonomy
        Status labels.
    """
    if mine.empty:
        return f"The results framework assigns no KPI unit to {scope}."
    split = kpi_views.status_counts_by_basis(mine)
    measured, matched = split["measured"], split["set_to_match"]
    lacking = measured["insufficient_data"]
    sufficient = len(mine) - lacking
    text = (f"Of {count(len(mine))} KPI units under {scope}, {count(sufficient)} {_verb(sufficient, 'has', 'have')} "
            f"sufficient data against the baseline. On measured or published values, {count(measured['progress'])} "
            f"{_verb(measured['progress'], 'shows', 'show')} progress, {count(measured['regress'])} "
            f"{_verb(measured['regress'], 'regresses', 'regress')} and {count(measured['no_change'])} "
            f"{_verb(measured['no_change'], 'shows', 'show')} no change")
    if matched:
        label = lower_first(tables.kpi_status_label("progress", True, taxonomy))
        text += (f"; {plural(matched, 'unit')} {_verb(matched, 'is', 'are')} “{label}”: the MTR prints no values for "
                 f"{_verb(matched, 'it', 'them')}, and the status rests on a direction marker the project set so that "
                 "the MTR's counts are reproduced, not on evidence of a change")
    return text + f". {count(lacking)} {_verb(lacking, 'lacks', 'lack')} sufficient data."


def _verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


# ---- the KPI table ------------------------------------------------------------------------------------
def folded(text) -> str:
    """Text folded for matching a statement inside a bullet: single spaces, lower case, no final stop."""
    return re.sub(r"\s+", " ", str(text)).strip().rstrip(";.").lower()


def mtr_row_of(statement, mtr_rows: pd.DataFrame) -> pd.Series | None:
    """The row of the MTR's tables (``mtr_tables``) whose text prints a KPI's statement, or None."""
    if statement is None or pd.isna(statement) or not str(statement).strip():
        return None
    wanted = folded(statement)
    for _, row in mtr_rows.iterrows():
        if wanted in folded(row["text"]):
            return row
    return None


def _undated_text(rows: pd.DataFrame) -> str:
    """Published values without a year as one cell: ``60%`` or ``3 to 4``, with ``(year not stated)``."""
    values = sorted({float(v) for v in rows["value"]})
    suffix = mtr_tables.UNIT_SUFFIX.get(str(rows["unit"].iloc[0]), "")
    return " to ".join(exact(v) for v in values) + suffix + " (year not stated)"


def _progress_phrase(text: str) -> str:
    """The MTR's words before "progress" in a bullet (``Good progress``), or empty."""
    match = re.search(r"([A-Za-z][^.;,:]*?\bprogress)\b", str(text))
    return match.group(1) if match else ""


def status_note(unit: pd.Series, rows: pd.DataFrame, mtr_row: pd.Series | None) -> str:
    """Why a unit's status reads as it does where the MTR's words or values seem to say otherwise (else empty).

    Parameters
    ----------
    unit : pandas.Series
        One row of ``outcomes.kpi_status_table``.
    rows : pandas.DataFrame
        The unit's primary observation rows with a value.
    mtr_row : pandas.Series or None
        The row of the MTR's tables that prints the unit's statement (:func:`mtr_row_of`).
    """
    dated = rows[rows["year"].notna()]
    undated = rows[rows["year"].isna() & (rows["provenance"] == PUBLISHED)]
    if unit["status"] == "insufficient_data" and len(undated) and dated.empty:
        return (f"The MTR prints {_undated_text(undated).replace(' (year not stated)', '')} without a year: with no "
                f"value in the baseline year and none after it, the rules cannot measure a change.")
    phrase = _progress_phrase(mtr_row["text"]) if mtr_row is not None else ""
    if unit["status"] in ("no_change", "regress") and not unit["rests_on_reconstructed"] and phrase:
        years = dated["year"].astype(int)
        steady = dated["value"].astype(float).nunique() == 1
        level = (f"the same value ({exact(dated['value'].iloc[0])}) in every year {years.min()}-{years.max()}"
                 if steady else f"{number(unit['baseline'])} in {unit['baseline_year']} and "
                                f"{number(unit['latest'])} in {unit['latest_year']}")
        return (f"Differs from the MTR's wording (“{phrase}”, {mtr_row['table']}): the MTR prints {level}, and the "
                f"rules compare the latest value with the baseline, so the status is "
                f"{'no change' if unit['status'] == 'no_change' else 'regress'}.")
    return ""


def kpi_outcomes_table(status: pd.DataFrame, framework: pd.DataFrame, observations: pd.DataFrame,
                       mtr_rows: pd.DataFrame, taxonomy: Taxonomy, characteristic: str) -> pd.DataFrame:
    """The KPI table of a Characteristic: ids as readers see them, the MTR's words, published values, statuses.

    Parameters
    ----------
    status : pandas.DataFrame
        From ``outcomes.kpi_status_table``.
    framework, observations : pandas.DataFrame
        The ``kpi_framework`` and ``kpi_observations`` datasets.
    mtr_rows : pandas.DataFrame
        The ``mtr_tables`` dataset (the rows that print each unit's statement).
    taxonomy : Taxonomy
        Labels, marks and which provenance codes the project built.
    characteristic : str
        A Characteristic letter.

    Returns
    -------
    pandas.DataFrame
        ``tables.kpi_table`` (KPI ids through ``kpi_ids.kpi_name``, statuses through
        ``tables.kpi_status_label``; its ``Basis`` named ``Status decided on``) with ``The MTR says``
        (verbatim), ``Values from`` (the provenance of the rows the status reads) and the published values
        the MTR prints without a year in ``Latest``; ``Why`` says why a status differs from the MTR's wording.
    """
    mine = status[status["characteristic"] == characteristic].reset_index(drop=True)
    table = tables.kpi_table(mine, framework, taxonomy)
    statements = framework.set_index("kpi_id")["mtr_statement"]
    said, sources = [], []
    for position, unit in mine.iterrows():
        rows = kpi_views.unit_rows(observations, unit["kpi_id"])
        mtr_row = mtr_row_of(statements.get(unit["kpi_id"]), mtr_rows)
        said.append("" if pd.isna(statements.get(unit["kpi_id"])) else str(statements.get(unit["kpi_id"])))
        used = kpi_status.status_rows(observations, unit["kpi_id"])
        sources.append(join(taxonomy.label("provenance", code)
                            for code in sorted(set((used if len(used) else rows)["provenance"]))))
        undated = rows[rows["year"].isna() & (rows["provenance"] == PUBLISHED)]
        if unit["status"] == "insufficient_data" and len(undated):
            table.loc[position, "Latest"] = _undated_text(undated)
        note = status_note(unit, rows, mtr_row)
        if note:
            table.loc[position, "Why"] = note
    table.insert(2, "The MTR says", said)
    table.insert(table.columns.get_loc("Status") + 1, "Values from", sources)
    return table.rename(columns={"Basis": "Status decided on"})


def kpi_heading(kpi_id: str, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """``KPI 14†: <indicator>``: a KPI's heading, its id through ``kpi_ids.kpi_name``."""
    name, text = kpi_name(kpi_id, framework, taxonomy), mark_ids(framework.set_index("kpi_id").at[kpi_id, "text"],
                                                                 framework, taxonomy)
    return text if text.startswith(f"{name}:") else f"{name}: {text}"


# ---- ASEAN averages over a constant panel -------------------------------------------------------------
def panel_average(observations: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy, kpi_id: str,
                  cutoff_year: int) -> panels.PanelAverage:
    """A KPI's ASEAN average over its constant panel (``panels.kpi_average`` with the KPI's baseline year)."""
    baseline_year = framework.set_index("kpi_id").at[kpi_id, "baseline_year"]
    return panels.kpi_average(observations, taxonomy, kpi_id, int(baseline_year), cutoff_year)


def panel_rows(observations: pd.DataFrame, taxonomy: Taxonomy, kpi_id: str) -> pd.DataFrame:
    """The measured AMS rows a KPI's panel is drawn from (``panels.kpi_values``): the basis of what is said of it."""
    return panels.kpi_values(observations, taxonomy, kpi_id)


def published_series(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    """The ASEAN-level values the MTR prints for a KPI (``year``, ``value``, ``provenance``), by year."""
    rows = kpi_views.unit_rows(observations, kpi_id)
    rows = rows[(rows["geography"] == ASEAN) & (rows["provenance"] == PUBLISHED) & rows["year"].notna()]
    return rows.sort_values("year", ignore_index=True)


def panel_text(average: panels.PanelAverage, published: pd.DataFrame, unit: pd.Series, name: str) -> str:
    """The ASEAN average of a KPI over its constant panel, which AMS and how many, beside the MTR's own average.

    Parameters
    ----------
    average : panels.PanelAverage
        From :func:`panel_average`.
    published : pandas.DataFrame
        From :func:`published_series` (may be empty).
    unit : pandas.Series
        The KPI's row of ``outcomes.kpi_status_table`` (its status basis and number of AMS).
    name : str
        The KPI as readers see it (``kpi_ids.kpi_name``).
    """
    if len(average.years) < 2:
        return f"{name}: no AMS values in two years up to the cut-off, so no ASEAN average is compared over time."
    span = f"{average.first_year}-{average.last_year}"
    if not average.panel:
        text = (f"{name}: no AMS has a value in every year compared ({span}), so no ASEAN average is compared over "
                f"time on a constant panel.")
    else:
        text = (f"{name}: over the constant panel of the {plural(average.n, 'AMS', 'AMS')} with a value in every "
                f"year {span} ({join(average.panel)}), the average goes from "
                f"{number(average.average(average.first_year))} ({average.first_year}) to "
                f"{number(average.average(average.last_year))} ({average.last_year}).")
        if average.dropped:
            text += f" Left out, with values in only some of these years: {join(average.dropped)}."
        text += " " + panel_directions_text(average, unit["desired_direction"])
    if unit["basis"] == "country_mean_change" and not pd.isna(unit["n_countries"]):
        text += (f" The status compares each AMS with its own baseline and latest value "
                 f"({plural(int(unit['n_countries']), 'AMS', 'AMS')}).")
    if len(published):
        printed = " and ".join(f"{exact(v)} ({int(y)})" for y, v in zip(published["year"], published["value"]))
        text += (f" The MTR prints an ASEAN average of {printed} without saying which AMS it covers: another panel "
                 f"than this one, so both are shown.")
    return text


def panel_directions(average: panels.PanelAverage, direction) -> dict[str, list[str]]:
    """Direction of change (``panels.DIRECTIONS``) -> the panel's AMS that moved so, over the years compared."""
    key = "kpi"
    matrix = panels.direction_matrix({key: average}, {key: None if pd.isna(direction) else str(direction)},
                                     list(average.panel))
    matrix = matrix[matrix["geography"] != ASEAN]
    return {d: matrix.loc[matrix["direction"] == d, "geography"].tolist() for d in panels.DIRECTIONS
            if (matrix["direction"] == d).any()}


def panel_directions_text(average: panels.PanelAverage, direction) -> str:
    """``Over these years the value improves in 4 AMS (IDN, ...) and worsens in 2 (...).``"""
    moved = panel_directions(average, direction)
    if not moved:
        return ""
    parts = [f"{d} in {plural(len(ams), 'AMS', 'AMS')} ({', '.join(ams)})"
             for d, ams in moved.items()]
    return f"From {average.first_year} to {average.last_year} the value is, by AMS of the panel: {join(parts)}."


def panel_check(average: panels.PanelAverage, published: pd.DataFrame, direction) -> tuple[str, bool | None]:
    """An independent check of the MTR's published ASEAN average against the constant panel of public values.

    Returns
    -------
    tuple of (str, bool or None)
        The check in words and whether the panel moves the way the published average does (None when
        there is no panel over two years, or the MTR prints fewer than two values).
    """
    if len(published) < 2 or len(average.years) < 2 or not average.panel:
        return "", None
    printed_change = float(published["value"].iloc[-1]) - float(published["value"].iloc[0])
    same = (printed_change > 0) == (average.change > 0) and (printed_change < 0) == (average.change < 0)
    text = (f"independent check on public statistics: over the constant panel of {plural(average.n, 'AMS', 'AMS')} "
            f"({', '.join(average.panel)}) the average goes from {number(average.average(average.first_year))} "
            f"({average.first_year}) to {number(average.average(average.last_year))} ({average.last_year}), "
            f"{'the same direction as' if same else 'not the direction of'} the MTR's average; "
            + lower_first(panel_directions_text(average, direction)))
    return text, same


def panel_table(average: panels.PanelAverage, published: pd.DataFrame) -> pd.DataFrame:
    """Year by year: the MTR's published ASEAN average beside the average over the constant panel.

    Returns
    -------
    pandas.DataFrame
        Columns Year, ``The MTR's average (published; panel not stated)``,
        ``Average over the constant panel`` and ``AMS in the panel`` (``n of 10``-style count and codes).
    """
    printed = dict(zip(published["year"].astype(int), published["value"]))
    years = sorted(set(average.years) | set(printed))
    return pd.DataFrame({
        "Year": [str(year) for year in years],
        "The MTR's average (published; panel not stated)": [exact(printed[y]) if y in printed else "" for y in years],
        "Average over the constant panel": [number(average.average(y)) if y in average.years else "" for y in years],
        "AMS in the panel": [f"{average.n}: {', '.join(average.panel)}" if y in average.years else ""
                             for y in years],
    })


def kpi_observation_rows(observations: pd.DataFrame, framework: pd.DataFrame, mine: pd.DataFrame) -> pd.DataFrame:
    """The observation rows of some KPI units and of the KPIs they belong to (e.g. a survey's respondents)."""
    parents = framework.loc[framework["kpi_id"].isin(mine["kpi_id"]), "parent_kpi"].dropna()
    return observations[observations["kpi_id"].isin(set(mine["kpi_id"]) | set(parents))]


def shows_project_ids(mine: pd.DataFrame, framework: pd.DataFrame) -> bool:
    """Whether any of these units has an id the project assigned (the report then shows the footnote once)."""
    return any(id_origin(kpi_id, framework) == "project" for kpi_id in mine["kpi_id"])

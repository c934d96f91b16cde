"""A Characteristic's MTR table (Tables 2-6) beside the data: what the data give for each bullet, and how it compares.

``present.mtr_tables.side_by_side`` compares the figures a bullet prints; this module adds what it cannot
read from the figures: the common activity types, the status of the KPI units an outcome bullet reports
(with why it differs from the MTR's wording, and an independent check of a published ASEAN average on the
constant panel of public values) and the numbers beside the overall paragraph.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import figures, kpi_status, kpi_views, reconcile
from ascc_analysis.chapters.characteristic import (
    PUBLISHED,
    TYPE_STATEMENT,
    folded,
    panel_average,
    panel_check,
    published_series,
    status_note,
)
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present import mtr_tables, tables
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.kpi_ids import kpi_name
from ascc_analysis.present.text import count, lower_first, number, percent

OUTCOME_COLUMN = "Outcome Progress (KPIs)"
OVERALL_COLUMN = "Overall Progress"
"""The ``column`` values of ``mtr_tables.csv`` whose bullets the KPI statuses and the overall numbers stand beside."""


def table_rows(mtr_table_rows: pd.DataFrame, characteristic: str, taxonomy: Taxonomy) -> pd.DataFrame:
    """The bullets of a Characteristic's own MTR table (Tables 2-6: its section, ``characteristics.mtr_section``)."""
    section = taxonomy.label("characteristics", characteristic, column="mtr_section")
    rows = mtr_table_rows[(mtr_table_rows["section"] == section) & (mtr_table_rows["characteristic"] == characteristic)]
    return rows.reset_index(drop=True)


def table_caption(rows: pd.DataFrame) -> str:
    """``Table 2: MTR Summary on Characteristic A (...), as published, beside the data``."""
    first = rows.iloc[0]
    return f"{first['table']}: {first['table_title']}, as published, beside the data"


def figure_rows(register, taxonomy: Taxonomy, framework: pd.DataFrame, observations: pd.DataFrame,
                cutoff_year: int) -> dict[str, dict[str, int]]:
    """The provenance of the rows behind each figure (``figures.figure_provenance``) without the declarations,
    which no Characteristic report reads (the declaration count is the resources chapter's)."""
    no_declarations = pd.DataFrame({"provenance": pd.Series(dtype="string")})
    return figures.figure_provenance(register, taxonomy, framework, observations, no_declarations, cutoff_year)


def units_printed_in(text, framework: pd.DataFrame) -> list[str]:
    """The KPI units whose MTR statement a bullet of the MTR's tables prints (framework order)."""
    bullet = folded(text)
    rows = framework[framework["is_unit"].fillna(False).astype(bool) & framework["mtr_statement"].notna()]
    return [str(k) for k, statement in zip(rows["kpi_id"], rows["mtr_statement"])
            if folded(statement) and folded(statement) in bullet]


def _unit_verdict(unit: pd.Series, stated, rows: pd.DataFrame, note: str, taxonomy: Taxonomy) -> tuple[str, str]:
    """(agreement, why) of one unit's status against the MTR's words (``note``: :func:`status_note`)."""
    kind = reconcile.check_kind(dict(Basis.of(rows).rows), taxonomy)[1] if len(rows) else ""
    if unit["status"] == "insufficient_data":
        return ("not comparable", note) if note else ("not computed", "the rules find no baseline and later value")
    if note:
        return "differs", note
    if unit["rests_on_reconstructed"]:
        return "agrees", kind
    expected = {"increase": 1, "decrease": -1}.get("" if pd.isna(stated) else str(stated))
    if expected is None:
        return "not comparable", "the MTR states no direction of change"
    moved = int(unit["change"] > 0) - int(unit["change"] < 0)
    return ("agrees" if moved == expected else "differs"), kind


def _unit_text(unit: pd.Series, name: str, taxonomy: Taxonomy) -> str:
    label = tables.kpi_status_label(unit["status"], bool(unit["rests_on_reconstructed"]), taxonomy)
    if unit["status"] == "insufficient_data" or unit["rests_on_reconstructed"]:
        return f"{name}: {label}"
    return (f"{name}: {label} ({number(unit['baseline'])} in {unit['baseline_year']}, "
            f"{number(unit['latest'])} in {unit['latest_year']})")


def outcome_evidence(mtr_row: pd.Series, status: pd.DataFrame, framework: pd.DataFrame, observations: pd.DataFrame,
                     taxonomy: Taxonomy, cutoff_year: int):
    """What the data give for an Outcome Progress bullet: the statuses of the KPI units it prints.

    Returns
    -------
    mtr_tables.Computed or None
        The units' statuses (names through ``kpi_ids.kpi_name``), the basis of their rows and whether
        each agrees with the change the MTR states for it; None when the bullet prints no unit's statement.
    """
    ids = units_printed_in(mtr_row["text"], framework)
    if not ids:
        return None
    by_id, stated = status.set_index("kpi_id"), framework.set_index("kpi_id")["mtr_stated_change"]
    parts, verdicts, whys, basis = [], [], [], Basis()
    for kpi_id in ids:
        unit, rows = by_id.loc[kpi_id], kpi_status.status_rows(observations, kpi_id)
        name = kpi_name(kpi_id, framework, taxonomy)
        parts.append(_unit_text(unit, name, taxonomy))
        note = status_note(unit, kpi_views.unit_rows(observations, kpi_id), mtr_row)
        verdict, why = _unit_verdict(unit, stated.get(kpi_id), rows, note, taxonomy)
        average = panel_average(observations, framework, taxonomy, kpi_id, cutoff_year)
        check, same = panel_check(average, published_series(observations, kpi_id), unit["desired_direction"])
        if check:
            verdict, why = ("differs" if same is False else verdict), f"{why}; {check}"
            basis = basis + Basis.of(average.rows)
        verdicts.append(verdict)
        whys.append(f"{name}: {why.rstrip('.')}")
        basis = basis + Basis.of(rows)
    order = ("differs", "agrees", "not comparable", "not computed")
    agreement = next(v for v in order if v in verdicts)
    return mtr_tables.Computed("; ".join(parts), basis, agreement, "; ".join(dict.fromkeys(whys)))


def _types_quote(statements: pd.DataFrame, characteristic: str) -> str:
    rows = statements[statements["statement_id"] == TYPE_STATEMENT.format(characteristic=characteristic)]
    return str(rows["quote"].iloc[0]) if len(rows) else ""


def types_evidence(linked: pd.DataFrame, statements: pd.DataFrame, characteristic: str, taxonomy: Taxonomy):
    """What the data give for the "Common activities" bullet: the two most common types and their shares."""
    ranking = metrics.type_ranking(linked)
    basis = Basis.of(linked)
    top = list(ranking["activity_type"][:2])
    text = ", ".join(f"{lower_first(taxonomy.label('activity_types', code))} ({percent(share)})"
                     for code, share in zip(top, ranking["share"][:2]))
    rows = statements[statements["statement_id"] == TYPE_STATEMENT.format(characteristic=characteristic)]
    printed = set(str(rows["value"].iloc[0]).split(";")) if len(rows) else set()
    agreement = "agrees" if printed == set(top) else "differs"
    return mtr_tables.Computed(f"most common: {text}", basis, agreement,
                               reconcile.check_kind(dict(basis.rows), taxonomy)[1])


def overall_evidence(linked: pd.DataFrame, mine: pd.DataFrame, kpi_rows: pd.DataFrame, taxonomy: Taxonomy):
    """What the data give beside the MTR's Overall Progress paragraph: the rate and the KPI statuses."""
    implemented = int(linked["status"].isin(taxonomy.statuses_where("implemented")).sum())
    split = kpi_views.status_counts_by_basis(mine)
    measured = split["measured"]
    label = lower_first(tables.kpi_status_label("progress", True, taxonomy))
    text = (f"{percent(100 * implemented / len(linked)) if len(linked) else 'no'} of the linked activities "
            f"completed or ongoing; of {count(len(mine))} KPI units: {count(measured['progress'])} with progress, "
            f"{count(measured['regress'])} regressing and {count(measured['no_change'])} with no change on measured or "
            f"published values, {count(split['set_to_match'])} “{label}”, {count(measured['insufficient_data'])} "
            f"without sufficient data")
    return mtr_tables.Computed(text, Basis.of(linked, kpi_rows), "not comparable",
                               "the MTR's overall judgement is qualitative; the numbers it rests on are beside it")


def table_evidence(mtr_rows: pd.DataFrame, linked: pd.DataFrame, statements: pd.DataFrame, status: pd.DataFrame,
                   framework: pd.DataFrame, observations: pd.DataFrame, taxonomy: Taxonomy, characteristic: str,
                   cutoff_year: int) -> dict:
    """Row id -> what the data give (``mtr_tables.Computed``) for the bullets of a Characteristic's MTR table.

    Figures the bullets print are compared by ``mtr_tables.side_by_side`` itself; this adds the common
    activity types, the KPI units of each outcome bullet and the numbers beside the overall paragraph.
    """
    mine = status[status["characteristic"] == characteristic]
    kpi_rows = observations[observations["kpi_id"].isin(mine["kpi_id"])]
    extra = {}
    for _, row in mtr_rows.iterrows():
        if row["column"] == OUTCOME_COLUMN:
            evidence = outcome_evidence(row, status, framework, observations, taxonomy, cutoff_year)
        elif row["column"] == OVERALL_COLUMN:
            evidence = overall_evidence(linked, mine, kpi_rows, taxonomy)
        elif folded(row["text"]) in folded(_types_quote(statements, characteristic)):
            evidence = types_evidence(linked, statements, characteristic, taxonomy)
        else:
            evidence = None
        if evidence is not None:
            extra[row["row_id"]] = evidence
    return extra


def text_figures(checked: pd.DataFrame, characteristic: str) -> tuple[pd.DataFrame, Basis]:
    """The Characteristic's published figures that no table prints (the section's text), beside the data.

    Parameters
    ----------
    checked : pandas.DataFrame
        ``reconcile.reconcile`` with provenance (its ``rows`` column), as for ``mtr_tables.side_by_side``.
    characteristic : str
        A Characteristic letter: its figures are the ids ``figures.characteristic_figures`` prefixes with it.

    Returns
    -------
    tuple of (pandas.DataFrame, Basis)
        ``mtr_tables.reconciliation_table`` of those figures (empty when there are none) and the basis: the
        published figures and the rows behind each computed value.
    """
    mine = checked[checked["figure_id"].str.startswith(f"{characteristic}_")
                   & (checked["printed_in"].fillna("").astype(str) == "")]
    basis = Basis.from_code(PUBLISHED, len(mine)) if len(mine) else Basis()
    for rows in {tuple(sorted(dict(behind).items())) for behind in mine["rows"]}:
        basis = basis + Basis(rows)
    return mtr_tables.reconciliation_table(mine.reset_index(drop=True)), basis

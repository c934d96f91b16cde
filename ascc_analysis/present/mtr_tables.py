"""The MTR's tables as published, bullet by bullet, beside what the data gives (for every chapter).

How a chapter uses it (Tables 1-6, 9, 10 of ``mtr_tables``; Tables 7-8 are ``assessment_findings``)::

    from ascc_analysis.analysis import figures, reconcile
    from ascc_analysis.present import mtr_tables

    rows = mtr_tables.rows_of(report.load("mtr_tables"), "Table 2")          # printed order
    checked = reconcile.reconcile(report.figures, report.load("published_figures"),
                                  report.load("reconciliation_notes"),
                                  figures.figure_provenance(...), taxonomy)    # rows + check columns
    extra = {"T2-implementation_progress-3": mtr_tables.Computed(
        "public outreach, capacity building (most common types)", Basis.of(linked), "agrees")}
    table, basis = mtr_tables.side_by_side(rows, checked, taxonomy, extra=extra)
    report.show_table(table, "mtr-table-2", basis, caption="Table 2 as published, beside the data")

``side_by_side`` gives one row per printed bullet or paragraph: ``MTR column`` (Implementation
Progress, Outcome Progress (KPIs), Overall Progress, or Recommendation), ``As published``
(the text verbatim), ``Figures stated`` (each figure the bullet prints, with what it counts: the ``metric`` of
``mtr_published_figures.csv``, matched through its ``printed_in`` column), ``Computed here``,
``Basis`` (the provenance of the rows behind the computed values), ``Agreement`` (agrees /
differs / not computed / no figure stated, and why: an independent check or a match that
holds by construction, or the recorded reason of a difference). ``extra`` adds what the data
gives for a bullet that prints no figure (a :class:`Computed`). The returned basis is the
table's: the published rows plus each distinct set of rows behind a computed value (the same rows
behind several bullets count once).
``verbatim(rows)`` is the published table alone (``MTR column``, ``As published``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ascc_analysis.analysis.reconcile import STATUS_LABELS, display_table, shown_value
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis, mark_text

AGREES = {"exact", "within_rounding"}
"""Reconciliation statuses read as agreement."""
NOT_COMPUTED = {"missing"}
"""Statuses read as "not computed" (every other status differs)."""
UNIT_SUFFIX = {"percent": "%"}
"""How a published figure's unit follows its value in the ``Figures stated`` column (else nothing)."""


@dataclass(frozen=True)
class Computed:
    """What the data gives for a bullet that prints no published figure.

    Attributes
    ----------
    text : str
        The computed statement, e.g. "12 of 18 KRAs served by more than one body".
    basis : Basis
        The provenance of the rows it was computed from.
    agreement : str
        ``agrees``, ``differs`` or ``not comparable``.
    why : str
        Why it agrees or differs (optional).
    """

    text: str
    basis: Basis
    agreement: str
    why: str = ""


def rows_of(mtr_tables: pd.DataFrame, table: str, characteristic: str | None = None) -> pd.DataFrame:
    """The printed rows of one MTR table (optionally of one Characteristic), in printed order."""
    rows = mtr_tables[mtr_tables["table"] == table]
    if characteristic is not None:
        rows = rows[rows["characteristic"] == characteristic]
    return rows.reset_index(drop=True)


def printed_figures(published: pd.DataFrame) -> dict[str, list[str]]:
    """``mtr_tables`` row id -> the ids of the published figures its bullet prints (``printed_in``)."""
    found: dict[str, list[str]] = {}
    for figure_id, printed_in in zip(published["figure_id"], published["printed_in"].fillna("")):
        for row_id in str(printed_in).split():
            found.setdefault(row_id, []).append(str(figure_id))
    return found


def verbatim(mtr_rows: pd.DataFrame) -> pd.DataFrame:
    """The table as published: ``MTR column`` (or the row's issue, for Tables 9 and 10) and ``As published``."""
    return pd.DataFrame({"MTR column": _column_names(mtr_rows), "As published": mtr_rows["text"].astype(str).tolist()})


def side_by_side(mtr_rows: pd.DataFrame, reconciliation: pd.DataFrame, taxonomy: Taxonomy,
                 extra: dict[str, Computed] | None = None) -> tuple[pd.DataFrame, Basis]:
    """The published table beside the regenerated values, bullet by bullet.

    Parameters
    ----------
    mtr_rows : pandas.DataFrame
        Rows of the ``mtr_tables`` dataset (:func:`rows_of`), in printed order.
    reconciliation : pandas.DataFrame
        ``analysis.reconcile.reconcile`` over the report's figures, with ``provenance`` and
        ``taxonomy`` given (its ``rows``, ``check`` and ``check_reason`` columns) and the
        ``published_figures`` columns; it must hold every figure the rows print.
    taxonomy : Taxonomy
        Provenance labels.
    extra : dict, optional
        Row id -> :class:`Computed`: what the data give for a bullet that prints no published figure,
        or, beside the figures of one that does, what they give for its statement (e.g. the status of
        the KPI whose values it prints).

    Returns
    -------
    (pandas.DataFrame, Basis)
        The table (columns in the module docstring) and its basis.
    """
    extra = extra or {}
    by_id = reconciliation.set_index("figure_id")
    printed = printed_figures(_published_columns(reconciliation))
    basis, seen = Basis.of(mtr_rows), set()
    records = []
    for row in mtr_rows.itertuples(index=False):
        figure_ids = [fid for fid in printed.get(row.row_id, []) if fid in by_id.index]
        record = {"MTR column": None, "As published": str(row.text)}
        if figure_ids:
            checks = [by_id.loc[fid] for fid in figure_ids]
            row_basis = _figure_basis(checks)
            for check in checks:
                basis = _add_once(basis, Basis(tuple(sorted(check["rows"].items()))), seen)
            record.update(_figure_cells(figure_ids, checks, row_basis, taxonomy))
            if row.row_id in extra:
                record.update(_beside_figures(record, extra[row.row_id], row_basis, taxonomy))
                basis = _add_once(basis, extra[row.row_id].basis, seen)
        elif row.row_id in extra:
            computed = extra[row.row_id]
            basis = _add_once(basis, computed.basis, seen)
            record.update({"Figures stated": "", "Computed here": computed.text,
                           "Basis": mark_text(computed.basis, taxonomy),
                           "Agreement": _agreement_text(computed.agreement, [computed.why] if computed.why else [])})
        else:
            record.update({"Figures stated": "", "Computed here": "", "Basis": "",
                           "Agreement": "no figure stated"})
        records.append(record)
    table = pd.DataFrame(records, columns=["MTR column", "As published", "Figures stated", "Computed here", "Basis",
                                           "Agreement"])
    table["MTR column"] = _column_names(mtr_rows)
    return table, basis


def reconciliation_table(checked: pd.DataFrame, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reconciliation as reviewers read it: each figure named by its scope and what it counts, never its id.

    Parameters
    ----------
    checked : pandas.DataFrame
        ``analysis.reconcile.reconcile`` (``figure_id``, ``metric``, the check columns).
    published : pandas.DataFrame, optional
        The ``published_figures`` dataset: a first column gives each figure's ``scope`` (ASEAN or a
        Characteristic); None when every figure has the same scope (one Characteristic's).
    """
    table = display_table(checked)
    if published is None:
        return table.drop(columns="Figure")
    scope = checked["figure_id"].map(published.set_index("figure_id")["scope"]).fillna("").to_numpy()
    return table.drop(columns="Figure").assign(Scope=scope)[
        ["Scope", *[column for column in table.columns if column != "Figure"]]]


def _beside_figures(record: dict, computed: Computed, row_basis: Basis, taxonomy: Taxonomy) -> dict:
    """The cells of a bullet that prints figures and also gets a computed statement: both, each with its verdict."""
    verdict = _agreement_text(computed.agreement, [computed.why] if computed.why else [])
    return {"Computed here": f"{record['Computed here']}; {computed.text}",
            "Basis": mark_text(row_basis + computed.basis, taxonomy),
            "Agreement": f"figures stated: {record['Agreement']}; the statement: {verdict}"}


def _add_once(basis: Basis, more: Basis, seen: set) -> Basis:
    """``basis + more`` unless the same rows were added already (several bullets resting on one frame)."""
    if more.rows in seen:
        return basis
    seen.add(more.rows)
    return basis + more


def _published_columns(reconciliation: pd.DataFrame) -> pd.DataFrame:
    if "printed_in" in reconciliation.columns:
        return reconciliation
    raise KeyError("the reconciliation lacks printed_in: reconcile against the published_figures dataset")


def _column_names(mtr_rows: pd.DataFrame) -> list[str]:
    """The printed column; for tables whose rows are issues (9, 10), the issue and the column."""
    labels = mtr_rows["row_label"].fillna("").astype(str)
    return [f"{label}: {column}" if label else str(column) for label, column in zip(labels, mtr_rows["column"])]


def _figure_basis(checks: list[pd.Series]) -> Basis:
    basis = Basis()
    for rows in {tuple(sorted(check["rows"].items())) for check in checks}:
        basis = basis + Basis(rows)
    return basis


def _figure_cells(figure_ids: list[str], checks: list[pd.Series], basis: Basis, taxonomy: Taxonomy) -> dict:
    names = [str(check.get("metric", fid)) for fid, check in zip(figure_ids, checks)]
    stated = [f"{check['published']}{UNIT_SUFFIX.get(str(check.get('unit', '')), '')} ({name})"
              for name, check in zip(names, checks)]
    computed = [shown_value(str(check["published"]), check["computed"]) or "not computed" for check in checks]
    statuses = [str(check["status"]) for check in checks]
    if any(status not in AGREES | NOT_COMPUTED for status in statuses):
        agreement = "differs"
        why = [f"{name}: {STATUS_LABELS.get(status, status).lower()}"
               + (f": {check['reason']}" if check["reason"] else "")
               for name, status, check in zip(names, statuses, checks) if status not in AGREES]
    elif any(status in NOT_COMPUTED for status in statuses):
        agreement = "not computed"
        why = [f"{name}: the data give no value" for name, status in zip(names, statuses) if status in NOT_COMPUTED]
    else:
        agreement = "agrees"
        why = []
    why += list(dict.fromkeys(str(check["check_reason"]) for check in checks if check["check_reason"]))
    return {"Figures stated": "; ".join(stated), "Computed here": "; ".join(computed),
            "Basis": mark_text(basis, taxonomy), "Agreement": _agreement_text(agreement, why)}


def _agreement_text(agreement: str, why: list[str]) -> str:
    return agreement + (" (" + "; ".join(why) + ")" if why else "")

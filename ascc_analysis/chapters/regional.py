"""The regional overview (template 01): Table 1 beside the data, the Characteristics and KRAs without named rankings."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present import mtr_tables, tables
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.judgement import ranked_names, withheld_note
from ascc_analysis.present.kpi_ids import footnote, kpi_name
from ascc_analysis.present.text import count, join, plural

TABLE = "Table 1"
"""The MTR table this chapter sets beside the data."""
MEASURES_BULLET = "T1-implementation_progress-2"
"""Table 1's bullet on Strategic Measures and KRAs delivered by several bodies (it prints no figure)."""
TYPES_TOGETHER_BULLET = "T1-implementation_progress-4"
"""Table 1's bullet on types of activity implemented together (it prints no figure)."""
OVERALL_COLUMN = "Overall Progress"


def table1(register, taxonomy: Taxonomy, rows: pd.DataFrame, reconciliation: pd.DataFrame
           ) -> tuple[pd.DataFrame, Basis]:
    """Table 1 as published beside what the register and the KPI rules give (``mtr_tables.side_by_side``).

    Parameters
    ----------
    register : Tool1Register
        The ingested register.
    taxonomy : Taxonomy
        Code lists.
    rows : pandas.DataFrame
        The ``mtr_tables`` dataset (all tables).
    reconciliation : pandas.DataFrame
        ``reconcile.reconcile`` of the report's figures with their provenance.

    Returns
    -------
    (pandas.DataFrame, Basis)
        The side-by-side table and its basis.
    """
    extra = {MEASURES_BULLET: measures_and_kras(register, taxonomy),
             TYPES_TOGETHER_BULLET: types_together(register, taxonomy)}
    return mtr_tables.side_by_side(mtr_tables.rows_of(rows, TABLE), reconciliation, taxonomy, extra=extra)


def measures_and_kras(register, taxonomy: Taxonomy) -> mtr_tables.Computed:
    """What the register says of "each Strategic Measure was implemented; KRAs delivered by several bodies"."""
    assessed = metrics.assessed_activities(register.activities, taxonomy)
    implemented = assessed[assessed["status"].isin(taxonomy.statuses_where("implemented"))]
    links = register.links[register.links["activity_code"].isin(assessed["activity_code"])]
    measures = set(taxonomy.strategic_measures["sm_code"])
    done = set(register.links.loc[register.links["activity_code"].isin(implemented["activity_code"]), "sm_code"])
    bodies = links.merge(assessed[["activity_code", "sectoral_body"]], on="activity_code")
    per_kra = bodies.groupby("kra_code")["sectoral_body"].nunique()
    several = int((per_kra > 1).sum())
    text = (f"{count(len(measures & done))} of the {count(len(measures))} Strategic Measures the taxonomy lists "
            f"have completed or ongoing activities; {count(several)} of the {count(len(per_kra))} KRAs with "
            f"activities are served by more than one Sectoral Body")
    agrees = measures <= done and several == len(per_kra)
    basis = Basis.of(assessed, links)
    return mtr_tables.Computed(text, basis, "agrees" if agrees else "differs", _kind_of_check(basis, taxonomy))


def types_together(register, taxonomy: Taxonomy) -> mtr_tables.Computed:
    """What the register says of "any type of activity was implemented in conjunction with other types"."""
    assessed = metrics.assessed_activities(register.activities, taxonomy)
    links = register.links[register.links["activity_code"].isin(assessed["activity_code"])]
    typed = links.merge(assessed[["activity_code", "activity_type"]], on="activity_code")
    per_kra = typed.groupby("kra_code")["activity_type"].nunique()
    mixed = int((per_kra > 1).sum())
    text = (f"{count(mixed)} of the {count(len(per_kra))} KRAs with activities are served by activities of more "
            f"than one type (the register records one type per activity)")
    basis = Basis.of(assessed, links)
    agreement = "agrees" if mixed == len(per_kra) else "differs"
    return mtr_tables.Computed(text, basis, agreement, _kind_of_check(basis, taxonomy))


def _kind_of_check(basis: Basis, taxonomy: Taxonomy) -> str:
    """How a comparison on these rows reads (the ``reconciliation_check`` of its provenance code)."""
    code = basis.code(taxonomy)
    return taxonomy.label("provenance", code, column="reconciliation_check") if code else ""


def overall_judgement(rows: pd.DataFrame, status: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """Table 1's overall judgement verbatim, and the counts computed here that it rests on.

    Parameters
    ----------
    rows : pandas.DataFrame
        The ``mtr_tables`` dataset.
    status : pandas.DataFrame
        ``kpi_status.kpi_status_table`` (its ``status`` and ``rests_on_reconstructed``).
    taxonomy : Taxonomy
        Unused labels aside, kept for the provenance wording.

    Returns
    -------
    str
        Markdown: the quote, then the counts with and without the units resting on reconstructed rows.
    """
    printed = mtr_tables.rows_of(rows, TABLE)
    quote = " ".join(printed.loc[printed["column"] == OVERALL_COLUMN, "text"].astype(str))
    with_data = status["status"] != "insufficient_data"
    progress = status["status"] == "progress"
    clean = ~status["rests_on_reconstructed"].astype(bool)
    label = taxonomy.label("provenance", taxonomy.built_by_project[0]).lower() if taxonomy.built_by_project else ""
    return (f"> {quote}\n>\n> (MTR, {TABLE}, {OVERALL_COLUMN})\n\n"
            f"Computed here: of {plural(len(status), 'KPI unit')}, {count(int(with_data.sum()))} have sufficient data "
            f"and {count(int(progress.sum()))} of them show progress. Leaving out the units whose status rests on "
            f"{label} rows, {count(int((with_data & clean).sum()))} have sufficient data and "
            f"{count(int((progress & clean).sum()))} show progress.")


def resting_units_sentence(status: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """Which units with data have a status resting on project-built rows, each id named with its origin mark."""
    resting = outcomes.units_resting_on_reconstructed(status)
    with_data = int((status["status"] != "insufficient_data").sum())
    if not resting:
        return f"The status of every one of the {count(with_data)} units with data rests on published or public rows."
    names = [kpi_name(kpi_id, framework, taxonomy) for kpi_id in resting]
    note = f"\n\n{footnote(taxonomy)}" if any(name != f"KPI {kpi_id}" for name, kpi_id in zip(names, resting)) else ""
    return (f"The status of {count(len(resting))} of the {count(with_data)} units with data rests on reconstructed "
            f"rows ({join(names)}): direction markers made by this project where the MTR prints no values, so these "
            f"statuses reproduce the published counts rather than confirm them.{note}")


def bodies_in_order(by_body: pd.DataFrame, basis: Basis, taxonomy: Taxonomy) -> pd.DataFrame:
    """Activities by body and status, largest first when the rows may name a ranking, else in taxonomy order."""
    if basis.may_name(taxonomy):
        return by_body
    order = [body for body in taxonomy.implementing_bodies if body in by_body.index]
    return by_body.reindex(order + sorted(set(by_body.index) - set(order)))


def characteristics_display(summary: pd.DataFrame, basis: Basis, taxonomy: Taxonomy, rows: pd.DataFrame,
                            published: pd.DataFrame) -> pd.DataFrame:
    """The five Characteristics side by side; the largest body is named from the register only on rows that may
    name it, and always as the MTR prints it (its Tables 2-6 bullet, verbatim).

    Parameters
    ----------
    summary : pandas.DataFrame
        ``activities.characteristic_summary``.
    basis : Basis
        The rows behind the summary.
    taxonomy : Taxonomy
        Code lists.
    rows, published : pandas.DataFrame
        The ``mtr_tables`` and ``published_figures`` datasets (the bullet printing ``<X>_largest_sb``).
    """
    table = tables.characteristic_table(summary, taxonomy)
    if not basis.may_name(taxonomy):
        table = table.drop(columns=["Largest body"])
    where = {figure: row_id for row_id, figures in mtr_tables.printed_figures(published).items() for figure in figures}
    texts = dict(zip(rows["row_id"], rows["text"].astype(str)))
    table["Largest body as the MTR prints it"] = [texts.get(where.get(f"{code}_largest_sb", ""), "")
                                                  for code in summary.index]
    return table


def largest_body_rows(rows: pd.DataFrame, published: pd.DataFrame, codes) -> pd.DataFrame:
    """The ``mtr_tables`` rows that print each Characteristic's largest body (the published part of the basis)."""
    where = mtr_tables.printed_figures(published)
    wanted = {row_id for row_id, figures in where.items() if any(f"{code}_largest_sb" in figures for code in codes)}
    return rows[rows["row_id"].isin(wanted)]


def shared_kras_sentence(served: pd.DataFrame, basis: Basis, taxonomy: Taxonomy) -> str:
    """How many KRAs are served by more than one body; the KRA served by the most named only on rows that may name it.

    Parameters
    ----------
    served : pandas.DataFrame
        ``network.bodies_per_reference`` at KRA level, most bodies first.
    basis : Basis
        The rows it was computed from.
    taxonomy : Taxonomy
        Which provenance codes the project built.
    """
    if len(served) == 0:
        return "No KRA has linked activities."
    several = int((served["bodies"] > 1).sum())
    most = int(served["bodies"].iloc[0])
    top = served.loc[served["bodies"] == most, "kra_code"].astype(str).tolist()
    named = ranked_names(top, basis, taxonomy, kind="KRA")
    text = (f"{count(several)} of the {count(len(served))} KRAs with linked activities are served by more than one "
            f"Sectoral Body; at most {count(most)} bodies serve one KRA")
    text += f" ({join(named)})." if basis.may_name(taxonomy) else f" ({plural(len(top), 'KRA')}, not named here)."
    note = withheld_note(basis, taxonomy)
    return text + (f" {note}" if note else "")



PUBLISHED_CODE = "published"
"""The provenance of the MTR's printed figures (``published_figures`` carries no provenance column)."""


def figure_basis(behind: dict[str, dict[str, int]], figure_ids) -> Basis:
    """The rows behind these figures (``figures.figure_provenance``), each distinct set of rows counted once."""
    basis = Basis()
    for rows in dict.fromkeys(tuple(sorted(behind.get(figure_id, {}).items())) for figure_id in figure_ids):
        basis = basis + Basis(rows)
    return basis


def overall_basis(rows: pd.DataFrame) -> Basis:
    """The published rows of Table 1's overall judgement."""
    printed = mtr_tables.rows_of(rows, TABLE)
    return Basis.of(printed[printed["column"] == OVERALL_COLUMN])


def reconciliation_basis(published: pd.DataFrame, behind: dict[str, dict[str, int]]) -> Basis:
    """The published figures and the rows behind every computed one (each distinct set once)."""
    return Basis.from_code(PUBLISHED_CODE, len(published)) + figure_basis(behind, list(behind))

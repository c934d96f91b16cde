"""Tables 9 and 10 as published, each recommendation beside its evidence, KPIs and a follow-up indicator.

The recommendations are the MTR's words (``mtr_tables``, verbatim); which evidence bears on
each, the KPI units it concerns and a follow-up indicator the data could track are a judgement
of this project kept as data (``recommendation_tracking``, provenance reconstructed). The
evidence is computed here from the register, the KPI statuses and the institutional forms,
each with the basis of the rows it rests on; the sentences reused from the resources chapter
carry their own caution. The Conclusion (section 6) is quoted with its attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import gaps
from ascc_analysis.chapters import recommendations, resources
from ascc_analysis.chapters.characteristic import kpi_status_text
from ascc_analysis.data.kpis import units
from ascc_analysis.data.recommendations import kpi_id_list
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis, mark_text
from ascc_analysis.present.mtr_tables import rows_of
from ascc_analysis.present.sentences import implementation_sentence, type_mix_sentence
from ascc_analysis.present.text import count, ordinal

RECOMMENDATION_TABLES = ("Table 9", "Table 10")
"""The MTR's tables of recommendations (``mtr_tables.table``)."""
NOT_COMPUTED = "None computed here: the data of this review do not record it."
NATIONAL = "None computed here: it rests on the national MTR reports and plans, which are not public."
COLUMNS = ["Table", "Issue", "Recommendation (as published)", "Evidence computed here", "KPI", "Follow-up indicator",
           "Basis of the evidence"]
"""Columns of :func:`tracking_table`."""


@dataclass(frozen=True)
class Finding:
    """Evidence in words and the rows it was computed from.

    Attributes
    ----------
    text : str
        The evidence.
    rows : dict
        Source table (``activities``, ``links``, ``observations``, ``framework``, ``forms``) -> the
        rows used, with the source's index (so that rows used by several findings count once).
    """

    text: str
    rows: dict = field(default_factory=dict)

    @property
    def basis(self) -> Basis:
        """The provenance of the rows used."""
        return Basis.of(*self.rows.values())


def union_basis(findings) -> Basis:
    """The basis of the rows used by any of some findings, each row of a source table counted once."""
    frames: dict[str, list] = {}
    for finding in findings:
        for name, rows in finding.rows.items():
            frames.setdefault(name, []).append(rows[["provenance"]])
    merged = [pd.concat(parts) for parts in frames.values()]
    return Basis.of(*[rows[~rows.index.duplicated()] for rows in merged])


@dataclass
class Evidence:
    """What the evidence of every recommendation is computed from.

    Attributes
    ----------
    register : Tool1Register
        The ingested register.
    taxonomy : Taxonomy
        Code lists.
    status, framework, observations : pandas.DataFrame
        ``outcomes.kpi_status_table``, the KPI framework and the observations (for the basis).
    forms : pandas.DataFrame
        The institutional forms.
    """

    register: object
    taxonomy: Taxonomy
    status: pd.DataFrame
    framework: pd.DataFrame
    observations: pd.DataFrame
    forms: pd.DataFrame

    @property
    def assessed(self) -> pd.DataFrame:
        """The assessed activities (the rows behind implementation, funding and network numbers)."""
        return metrics.assessed_activities(self.register.activities, self.taxonomy)


def rank_phrase(rank: int, total: int) -> str:
    """``the highest``, ``the lowest`` or ``the 3rd highest`` (rank 1 is the highest)."""
    if rank == 1:
        return "the highest"
    if rank == total:
        return "the lowest"
    return f"the {ordinal(rank, words=False)} highest"


# ---- evidence, one function per kind of ``recommendation_tracking.evidence`` ---------------------------------
def _kpi_data(ev: Evidence, mtr_row, tracked) -> Finding:
    groups = recommendations.insufficient_by_category(ev.status, ev.framework)
    return Finding(recommendations.insufficient_sentence(groups, len(ev.status), ev.taxonomy),
                   recommendations.category_rows(ev.status, ev.framework, ev.observations))


def _kpi_category(ev: Evidence, mtr_row, tracked) -> Finding:
    category = str(tracked["collection_category"])
    framework = units(ev.framework)
    mine = framework.loc[framework["collection_category"] == category, "kpi_id"].astype(str)
    status = ev.status[ev.status["kpi_id"].isin(mine)]
    lacking = status.loc[status["status"] == "insufficient_data", "kpi_id"].astype(str).tolist()
    label = ev.taxonomy.label("collection_categories", category)
    text = (f"{count(len(lacking))} of the {count(len(mine))} KPI units of the category “{label}” lack sufficient "
            f"data against the baseline")
    text += f": {', '.join(recommendations.kpi_names(lacking, ev.framework, ev.taxonomy))}." if lacking else "."
    return Finding(text, {"framework": framework[framework["kpi_id"].isin(mine)],
                          "observations": recommendations.status_rows(ev.observations, mine)})


def _characteristic(ev: Evidence, mtr_row, tracked) -> Finding:
    code = str(mtr_row["characteristic"])
    summary = metrics.characteristic_summary(ev.register, ev.taxonomy)
    scope = f"Characteristic {code}"
    mine = ev.status[ev.status["characteristic"] == code]
    linked = metrics.linked_activities(ev.register, code, ev.taxonomy)
    text = kpi_status_text(scope, mine, ev.taxonomy)
    if code in summary.index:
        row = summary.loc[code]
        text = (implementation_sentence(scope, int(row["activities"]), int(row["implemented"]),
                                        int(row["completed"])) + _rank_sentence(summary["implementation_rate"], code)
                + " " + text)
    if code in recommendations.CITED_BY:
        text += " " + recommendations.cited_sentence(ev.status, ev.framework, ev.taxonomy, code)
    return Finding(text, {"activities": linked,
                          "observations": recommendations.status_rows(ev.observations, mine["kpi_id"])})


def _rank_sentence(rates: pd.Series, code: str) -> str:
    ranks = rates.dropna().rank(ascending=False, method="min")
    if code not in ranks.index:
        return ""
    return (f" Its implementation rate is {rank_phrase(int(ranks[code]), len(ranks))} of the {count(len(ranks))}"
            " Characteristics with linked activities.")


def _attribution(ev: Evidence, mtr_row, tracked) -> Finding:
    activities, links = ev.register.activities, ev.register.links
    unlinked = int((~activities["activity_code"].isin(links["activity_code"])).sum())
    issues = getattr(ev.register, "issues", ())
    errors = sum(getattr(i, "severity", "") == "error" for i in issues)
    files = len(getattr(ev.register, "files", ()) or activities["source_file"].unique())
    mix = ", ".join(f"{count(n)} {p}" for p, n in activities["provenance"].value_counts().sort_index().items())
    text = (f"The register holds {count(len(activities))} activity rows from {count(files)} Tool 1 workbooks "
            f"({mix}), with {count(len(links))} links to KRAs or strategic measures "
            f"({len(links) / max(len(activities), 1):.2f} an activity); {count(unlinked)} activities reference none. "
            f"Reading the workbooks raised {count(errors)} errors and {count(len(issues) - errors)} warnings.")
    return Finding(text, {"activities": activities, "links": links})


def _national(ev: Evidence, mtr_row, tracked) -> Finding:
    return Finding(NATIONAL)


def _none(ev: Evidence, mtr_row, tracked) -> Finding:
    return Finding(NOT_COMPUTED)


def _effectiveness(ev: Evidence, mtr_row, tracked) -> Finding:
    activities = ev.register.activities
    text = recommendations.gap_sentence(gaps.body_implementation(activities, ev.taxonomy),
                                        gaps.most_upcoming(activities, ev.taxonomy), Basis.of(ev.assessed), ev.taxonomy)
    return Finding(text, {"activities": ev.assessed})


def _mechanisms(ev: Evidence, mtr_row, tracked) -> Finding:
    return Finding(resources.network_sentence(ev.register, ev.taxonomy), {"activities": ev.assessed})


def _means(ev: Evidence, mtr_row, tracked) -> Finding:
    rates = resources.form_rates_sentence(ev.register.activities, ev.forms, ev.taxonomy)
    return Finding(resources.forms_sentence(ev.forms, ev.taxonomy) + " " + rates,
                   {"forms": ev.forms, "activities": ev.assessed})


def _funding(ev: Evidence, mtr_row, tracked) -> Finding:
    return Finding(resources.funding_sentence(ev.register.activities, ev.taxonomy), {"activities": ev.assessed})


def _activity_types(ev: Evidence, mtr_row, tracked) -> Finding:
    shares = metrics.type_shares(ev.register.activities, ev.taxonomy)
    return Finding(type_mix_sentence(shares.to_dict(), ev.taxonomy), {"activities": ev.assessed})


EVIDENCE = {"kpi_data": _kpi_data, "kpi_category": _kpi_category, "characteristic": _characteristic,
            "attribution": _attribution, "national": _national, "effectiveness": _effectiveness,
            "mechanisms": _mechanisms, "means": _means, "funding": _funding, "activity_types": _activity_types,
            "none": _none}
"""Evidence kind (``data.recommendations.EVIDENCE_KINDS``) -> the function computing it."""


def evidence_of(ev: Evidence, mtr_row: pd.Series, tracked: pd.Series) -> Finding:
    """The evidence of one recommendation (a row of ``mtr_tables`` and its row of ``recommendation_tracking``)."""
    return EVIDENCE[str(tracked["evidence"])](ev, mtr_row, tracked)


# ---- the tracking table -------------------------------------------------------------------------------------
def recommendation_rows(mtr_tables: pd.DataFrame) -> pd.DataFrame:
    """The rows of Tables 9 and 10 as printed (``present.mtr_tables.rows_of``), Table 9 first."""
    return pd.concat([rows_of(mtr_tables, table) for table in RECOMMENDATION_TABLES], ignore_index=True)


def tracking_caption(mtr_tables: pd.DataFrame) -> str:
    """``Table 9 (Strategic Recommendations) and Table 10 (...) as published: ...``, the titles as printed."""
    rows = recommendation_rows(mtr_tables).drop_duplicates("table")
    tables = " and ".join(f"{table} ({title})" for table, title in zip(rows["table"], rows["table_title"]))
    return f"{tables} as published: each recommendation beside the evidence computed here, its KPIs and a follow-up " \
        "indicator"


def _kpi_cell(kpi_ids, ev: Evidence) -> str:
    """``KPI 26a (progress); KPI 30† (set to match the MTR's count)``: each unit with its status."""
    status = ev.status.set_index("kpi_id")
    parts = []
    for kpi_id, name in zip(kpi_ids, recommendations.kpi_names(kpi_ids, ev.framework, ev.taxonomy)):
        row = status.loc[kpi_id]
        shown = recommendations.status_text(row["status"], row["rests_on_reconstructed"], ev.taxonomy)
        parts.append(f"{name} ({shown})")
    return "; ".join(parts)


def _issue(mtr_row: pd.Series) -> str:
    note = mtr_row["note"]
    return str(mtr_row["row_label"]) + (f" ({note})" if isinstance(note, str) and note else "")


def tracking_table(mtr_tables: pd.DataFrame, tracking: pd.DataFrame, ev: Evidence) -> tuple[pd.DataFrame, Basis]:
    """Each recommendation of Tables 9 and 10, verbatim, beside its evidence, KPIs and a follow-up indicator.

    Parameters
    ----------
    mtr_tables : pandas.DataFrame
        The ``mtr_tables`` dataset (the recommendations as printed).
    tracking : pandas.DataFrame
        The ``recommendation_tracking`` dataset (one row per recommendation).
    ev : Evidence
        What the evidence is computed from.

    Returns
    -------
    (pandas.DataFrame, Basis)
        One row per recommendation in printed order, columns ``COLUMNS``; the table's basis: the
        printed rows, the tracking rows and the rows behind every piece of evidence.

    Raises
    ------
    KeyError
        For a printed recommendation that the tracking table lacks.
    """
    printed = recommendation_rows(mtr_tables)
    tracked = tracking.set_index("row_id")
    missing = sorted(set(printed["row_id"]) - set(tracked.index))
    if missing:
        raise KeyError(f"recommendation_tracking lacks the recommendations {', '.join(missing)}")
    findings, records = [], []
    for _, row in printed.iterrows():
        mine = tracked.loc[row["row_id"]]
        finding = evidence_of(ev, row, mine)
        findings.append(finding)
        records.append([str(row["table"]), _issue(row), str(row["text"]), finding.text,
                        _kpi_cell(kpi_id_list(mine["kpi_ids"]), ev), str(mine["follow_up_indicator"]),
                        mark_text(finding.basis, ev.taxonomy) or "none: nothing computed"])
    basis = Basis.of(printed, tracking[tracking["row_id"].isin(printed["row_id"])]) + union_basis(findings)
    return pd.DataFrame(records, columns=COLUMNS), basis


# ---- the Conclusion -----------------------------------------------------------------------------------------
def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", str(text)) if part.strip()]


def conclusion_quotes(conclusion: pd.DataFrame, anchors: list[tuple[int, str]]) -> tuple[str, Basis]:
    """Sentences of the MTR's Conclusion quoted verbatim, each with its attribution.

    Parameters
    ----------
    conclusion : pandas.DataFrame
        The ``mtr_conclusion`` dataset.
    anchors : list of (int, str)
        (paragraph, words it contains): the sentence of that paragraph holding those words is quoted.

    Returns
    -------
    (str, Basis)
        Markdown, one block quote per sentence followed by its source and paragraph; the basis of
        the paragraphs quoted.

    Raises
    ------
    LookupError
        For words that no sentence of the paragraph holds (the quote would not be verbatim).
    """
    paragraphs = conclusion.set_index("paragraph")
    parts, used = [], []
    for number, words in anchors:
        row = paragraphs.loc[number]
        found = [sentence for sentence in _sentences(row["text"]) if words in sentence]
        if not found:
            raise LookupError(f"no sentence of Conclusion paragraph {number} holds {words!r}")
        parts.append(f"> “{found[0]}”\n>\n> — {row['source']}, paragraph {number}")
        used.append(number)
    return "\n\n".join(parts), Basis.of(conclusion[conclusion["paragraph"].isin(used)])

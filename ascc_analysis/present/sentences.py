"""Sentences built from computed values: the reports' text says what the data says."""

from __future__ import annotations

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.text import agree, count, percent


def funnel_sentence(funnel: dict[str, int], bodies: int) -> str:
    """The opening of MTR 3.1, from the register's funnel.

    Parameters
    ----------
    funnel : dict
        ``planned``, ``withdrawn``, ``assessed`` (from ``metrics.activity_funnel``).
    bodies : int
        Number of Sectoral Bodies with activities.
    """
    return (f"The work plans of {count(bodies)} Sectoral Bodies hold {count(funnel['planned'])} "
            f"activities. {count(funnel['withdrawn'])} were withdrawn; the remaining "
            f"{count(funnel['assessed'])} are classified as completed, ongoing or upcoming.")


def implementation_sentence(scope: str, linked: int, implemented: int, completed: int) -> str:
    """``Of N activities linked to <scope>, M (x%) are completed or ongoing, including c% completed.``"""
    if not linked:
        return f"No assessed activity is linked to {scope}."
    return (f"Of {count(linked)} activities linked to {scope}, {count(implemented)} "
            f"({percent(100 * implemented / linked)}) are completed or ongoing, including "
            f"{count(completed)} ({percent(100 * completed / linked)}) completed.")


def type_mix_sentence(shares: dict[str, float], taxonomy: Taxonomy) -> str:
    """The type mix in descending order: ``capacity building (29.5%), ...``."""
    ordered = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{taxonomy.label('activity_types', code).lower()} ({percent(share)})" for code, share in ordered]
    return "Activities comprise " + ", ".join(parts) + "."


def provenance_sentence(mix: dict[str, int], taxonomy: Taxonomy) -> str:
    """Plain-language note on how much of a report rests on which kind of data.

    Parameters
    ----------
    mix : dict
        Rows per provenance code (``report.provenance``).
    taxonomy : Taxonomy
        Which provenance codes are rows the project built (a note explains them).
    """
    total = sum(mix.values())
    if not total:
        return "This report used no data rows."
    parts = [f"{count(n)} {code.replace('_', ' ')} ({percent(100 * n / total)})" for code, n in sorted(mix.items())]
    note = ("Reconstructed rows were made by this project to match the published aggregates, "
            "because the Secretariat's activity-level records are not public; they reproduce the "
            "published totals, not the real activities.")
    if not any(mix.get(code) for code in taxonomy.built_by_project):
        note = ""
    return f"Of the {count(total)} data rows behind this report: " + "; ".join(parts) + ". " + note


def top_types_sentence(ranking, taxonomy: Taxonomy) -> str:
    """The two most common types of a ranking (``metrics.type_ranking``)."""
    if len(ranking) == 0:
        return "No activity type is recorded."
    names = [f"{taxonomy.label('activity_types', code).lower()} ({percent(share)})"
             for code, share in zip(ranking["activity_type"][:2], ranking["share"][:2])]
    rest = len(ranking) - len(names)
    tail = f", alongside {rest} other type{'s' if rest != 1 else ''}" if rest > 0 else ""
    return "The most common activities are " + " and ".join(names) + tail + "."


def largest_bodies_sentence(shares, scope: str) -> str:
    """``<body> holds the largest share (x%) of the N activities linked to <scope>, followed by ...``."""
    if len(shares) == 0:
        return f"No Sectoral Body has activities linked to {scope}."
    first = shares.iloc[0]
    text = (f"{first['sectoral_body']} holds the largest share ({percent(first['share'])}) of the "
            f"{count(int(shares['activities'].sum()))} activities linked to {scope}")
    if len(shares) > 1:
        second = shares.iloc[1]
        text += f", followed by {second['sectoral_body']} ({percent(second['share'])})"
    return text + f"; {count(len(shares))} Sectoral Bodies contribute."


def cross_sectoral_sentence(matrix, kind: str) -> str:
    """Whether every KRA or measure of a matrix (rows x bodies) is served by more than one body."""
    if matrix.empty:
        return f"No {kind} has linked activities."
    singles = [str(code) for code, row in matrix.iterrows() if int((row > 0).sum()) == 1]
    if not singles:
        return (f"Each of the {count(len(matrix))} {kind}s with linked activities is served by more than one "
                f"Sectoral Body: no {kind} was implemented by a single body working alone.")
    return (f"{count(len(matrix) - len(singles))} of {count(len(matrix))} {kind}s are served by more than one "
            f"Sectoral Body; served by one body alone: {', '.join(singles)}.")


def kpi_status_sentence(scope: str, counts: dict[str, int], reconstructed: int) -> str:
    """How many KPI units of a scope show progress, regress, no change or lack data."""
    total = sum(counts.values())
    if not total:
        return f"The results framework assigns no KPI unit to {scope}."
    sufficient = total - counts.get("insufficient_data", 0)
    text = (f"Of {count(total)} KPI units under {scope}, {agree(sufficient, 'has', 'have')} sufficient data against "
            f"the baseline: {agree(counts.get('progress', 0), 'shows', 'show')} progress, "
            f"{agree(counts.get('regress', 0), 'regresses', 'regress')} and "
            f"{agree(counts.get('no_change', 0), 'shows', 'show')} no change; "
            f"{agree(counts.get('insufficient_data', 0), 'lacks', 'lack')} sufficient data.")
    if reconstructed:
        text += (f" The status of {count(reconstructed)} unit{'s' if reconstructed != 1 else ''} rests on "
                 "reconstructed rows (the MTR prints no values for them; see the KPI table).")
    return text


def overall_sentence(implementation_rate: float, counts: dict[str, int]) -> str:
    """Table 1's overall column, from the numbers: implementation and outcome progress.

    Parameters
    ----------
    implementation_rate : float
        Completed-or-ongoing share of the assessed activities (percent).
    counts : dict
        ``kpis_total``, ``kpis_sufficient_data``, ``kpis_with_progress`` (``outcomes.outcome_counts``).
    """
    sufficient, progress = counts["kpis_sufficient_data"], counts["kpis_with_progress"]
    share = 100 * progress / sufficient if sufficient else float("nan")
    half = "more than half" if sufficient and progress * 2 > sufficient else "half or fewer"
    return (f"{percent(implementation_rate)} of assessed activities are completed or ongoing. Of "
            f"{count(counts['kpis_total'])} KPI units, {agree(sufficient, 'has', 'have')} sufficient data against the "
            f"baseline; of these, {agree(progress, 'shows', 'show')} realised progress ({percent(share)}, {half}).")


def shared_kras_sentence(served) -> str:
    """How many KRAs are served by more than one body (``network.bodies_per_reference``)."""
    if len(served) == 0:
        return "No KRA has linked activities."
    several = int((served["bodies"] > 1).sum())
    most = served.iloc[0]
    return (f"{count(several)} of the {count(len(served))} KRAs with linked activities are served by more than one "
            f"Sectoral Body; {most.iloc[0]} by the most ({count(most['bodies'])} bodies).")


def reconstructed_caveat(table, taxonomy: Taxonomy) -> str:
    """A warning for numbers computed from reconstructed rows (empty when there are none).

    Parameters
    ----------
    table : pandas.DataFrame
        Rows with a ``provenance`` column.
    taxonomy : Taxonomy
        Which provenance codes are rows the project built.
    """
    share = float(table["provenance"].isin(taxonomy.built_by_project).mean()) if len(table) else 0.0
    if not share:
        return ""
    return (f"Caution: {percent(100 * share)} of the rows behind these numbers are reconstructed. They describe "
            "the reconstructed register, not the Secretariat's records, and cannot confirm or refute the MTR's "
            "findings.")

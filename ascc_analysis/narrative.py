"""Sentences built from computed values: the reports' text says what the data says."""

from __future__ import annotations

from .taxonomy import Taxonomy


def percent(value: float, decimals: int = 1) -> str:
    """A share as the MTR prints it: ``71.8%``."""
    return f"{value:.{decimals}f}%"


def count(value: int) -> str:
    """A count with thousands separators: ``2,035``."""
    return f"{int(value):,}"


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


def provenance_sentence(mix: dict[str, int]) -> str:
    """Plain-language note on how much of a report rests on which kind of data."""
    total = sum(mix.values())
    if not total:
        return "This report used no data rows."
    parts = [f"{count(n)} {code.replace('_', ' ')} ({percent(100 * n / total)})" for code, n in sorted(mix.items())]
    note = ("Reconstructed rows were made by this project to match the published aggregates, "
            "because the Secretariat's activity-level records are not public; they reproduce the "
            "published totals, not the real activities.") if mix.get("reconstructed") else ""
    return f"Of the {count(total)} data rows behind this report: " + "; ".join(parts) + ". " + note

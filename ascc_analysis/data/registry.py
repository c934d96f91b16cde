"""The report registry: every report id, its template, parameters and the datasets it reads.

One registry serves ``run_all.py`` (what to render, what each report depends on), the
templates (which id they are rendering, which datasets they may load) and the index page.
Standard library only: reading it never imports pandas.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ascc_analysis.config import DATA_DIR, NOTEBOOKS_DIR, TAXONOMY_SUBDIR
from ascc_analysis.data.datasets import input_globs

TEMPLATES = {
    "regional": "01_regional_overview.ipynb",
    "characteristic": "02_characteristic.ipynb",
    "resources": "03_means_institutions_resources.ipynb",
    "national": "04_national.ipynb",
    "recommendations": "05_recommendations.ipynb",
}
"""Chapter name -> template notebook file in ``notebooks/``."""

TEMPLATE_PARAMETER = {"characteristic": "characteristic", "national": "ams"}
"""The parameter that a chapter renders once per value of (the others render once)."""

CHAPTER_DATASETS = {
    "regional": ("taxonomy", "tool1_register", "kpi_framework", "kpi_observations", "declarations",
                 "published_figures", "reconciliation_notes", "mtr_tables"),
    "characteristic": ("taxonomy", "tool1_register", "kpi_framework", "kpi_observations", "published_figures",
                       "reconciliation_notes", "mtr_tables", "mtr_activity_statements"),
    "resources": ("taxonomy", "tool1_register", "declarations", "institutional_forms", "assessment_findings",
                  "published_figures", "reconciliation_notes"),
    "national": ("taxonomy", "kpi_framework", "kpi_observations", "country_indicators", "indicator_map",
                 "assessment_findings", "published_figures"),
    "recommendations": ("taxonomy", "tool1_register", "kpi_framework", "kpi_observations", "institutional_forms",
                        "mtr_tables", "mtr_conclusion", "published_figures", "recommendation_tracking"),
}
"""Chapter -> the names (``datasets.DATASETS``) of the datasets its reports read; a template can load no other."""

CHAPTER_TITLES = {
    "regional": "Regional overview of Blueprint implementation",
    "characteristic": "Characteristic {value}: {name}",
    "resources": "Means of implementation, institutional mechanisms and resources",
    "national": "National progress: {name}",
    "recommendations": "Recommendations",
}


@dataclass(frozen=True)
class Report:
    """One rendered report: an id, its chapter template and the parameters it runs with.

    Neither importing this module nor listing the reports imports pandas, so the pipeline
    can use ``Report`` on a run with nothing to do.
    """

    report_id: str
    chapter: str
    parameters: dict = field(default_factory=dict)
    title: str = ""
    template_path: Path | None = None
    """The template notebook when not the chapter's (the pipeline's tests render fixture templates)."""
    input_patterns: tuple[str, ...] | None = None
    """The input globs when not the chapter's (the pipeline's fixture reports)."""

    @property
    def template(self) -> Path:
        """Path of the report's template notebook (the chapter's, unless ``template_path`` is given)."""
        return self.template_path or NOTEBOOKS_DIR / TEMPLATES[self.chapter]

    @property
    def datasets(self) -> tuple[str, ...]:
        """Names of the datasets this report reads (``CHAPTER_DATASETS``); a template can load no other."""
        return CHAPTER_DATASETS[self.chapter]

    @property
    def inputs(self) -> list[str]:
        """Glob patterns, relative to the data folder, of the files this report reads (those of its datasets)."""
        return input_globs(self.datasets) if self.input_patterns is None else list(self.input_patterns)


def _code_names(table: str) -> dict[str, str]:
    """Code -> name of a shipped taxonomy table (its first column -> ``name``), read without pandas."""
    with open(DATA_DIR / TAXONOMY_SUBDIR / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return {next(iter(row.values())): row["name"] for row in csv.DictReader(handle)}


def all_reports() -> list[Report]:
    """Every report of the review, in reading order.

    Returns
    -------
    list of Report
        ``regional``, ``characteristic-A`` .. ``-E``, ``resources``,
        ``national-<ISO3>`` for each Member State, ``recommendations``.
    """
    reports = [Report("regional", "regional", title=CHAPTER_TITLES["regional"])]
    for code, name in _code_names("characteristics").items():
        title = CHAPTER_TITLES["characteristic"].format(value=code, name=name)
        reports.append(Report(f"characteristic-{code}", "characteristic", {"characteristic": code}, title))
    reports.append(Report("resources", "resources", title=CHAPTER_TITLES["resources"]))
    for iso3, name in _code_names("member_states").items():
        title = CHAPTER_TITLES["national"].format(value=iso3, name=name)
        reports.append(Report(f"national-{iso3}", "national", {"ams": iso3}, title))
    reports.append(Report("recommendations", "recommendations", title=CHAPTER_TITLES["recommendations"]))
    return reports


def report_id_for(chapter: str, **parameters: str) -> str:
    """The report id of a chapter run with these parameters (what a template calls).

    Parameters
    ----------
    chapter : str
        A key of ``TEMPLATES`` (``regional``, ``characteristic``, ...).
    **parameters
        The template's own parameters; only the chapter's fan-out parameter is used.

    Returns
    -------
    str
        E.g. ``report_id_for("national", ams="VNM") == "national-VNM"``.
    """
    if chapter not in TEMPLATES:
        raise KeyError(f"unknown chapter {chapter!r}; valid chapters: {', '.join(TEMPLATES)}")
    key = TEMPLATE_PARAMETER.get(chapter)
    return f"{chapter}-{parameters[key]}" if key else chapter


class ParameterError(ValueError):
    """A report parameter that is not in the taxonomy (raised before any kernel starts)."""


def check_parameters(chapter: str, parameters: dict) -> None:
    """Check a chapter's fan-out parameter against the taxonomy.

    Parameters
    ----------
    chapter : str
        A key of ``TEMPLATES``.
    parameters : dict
        The template parameters (``characteristic`` for 02, ``ams`` for 04).

    Raises
    ------
    ParameterError
        With the valid values listed, e.g. ``unknown AMS 'XYZ'; valid codes: BRN, KHM, ...``.
    """
    if chapter not in TEMPLATES:
        raise ParameterError(f"unknown chapter {chapter!r}; valid chapters: {', '.join(TEMPLATES)}")
    valid = {"characteristic": list(_code_names("characteristics")), "ams": list(_code_names("member_states"))}
    labels = {"characteristic": "Characteristic", "ams": "AMS"}
    key = TEMPLATE_PARAMETER.get(chapter)
    if key is None:
        return
    value = parameters.get(key)
    if value not in valid[key]:
        raise ParameterError(f"unknown {labels[key]} {value!r}; valid codes: {', '.join(valid[key])}")

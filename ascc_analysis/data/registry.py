"""The report registry: every report id, its template, parameters and input files.

One registry serves ``run_all.py`` (what to render, what each report depends on), the
templates (which id they are rendering, for the sidecar's name) and the index page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ascc_analysis.config import NOTEBOOKS_DIR, PUBLISHED_FIGURES_FILE, REFERENCE_SUBDIR, TAXONOMY_SUBDIR, TOOL1_SUBDIR

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

TOOL1 = str(TOOL1_SUBDIR / "*.xlsx")
TAXONOMY = str(TAXONOMY_SUBDIR / "**" / "*.csv")
PUBLISHED = str(PUBLISHED_FIGURES_FILE)
KPI = "kpi/*.csv"
INSTITUTIONS = "institutions/*.csv"
REFERENCE = str(REFERENCE_SUBDIR / "*.csv")

CHAPTER_INPUTS = {
    "regional": [TOOL1, TAXONOMY, REFERENCE, KPI],
    "characteristic": [TOOL1, TAXONOMY, REFERENCE, KPI],
    "resources": [TOOL1, TAXONOMY, REFERENCE, INSTITUTIONS],
    "national": [TAXONOMY, REFERENCE, KPI, INSTITUTIONS],
    "recommendations": [TOOL1, TAXONOMY, REFERENCE, KPI, INSTITUTIONS],
}
"""Chapter -> glob patterns (relative to the data folder) of the files its reports read."""

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

    Importing this module does not import pandas (the taxonomy is read when the reports are
    listed), so the pipeline can use ``Report`` on a run with nothing to do.
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
    def inputs(self) -> list[str]:
        """Glob patterns, relative to the data folder, of the files this report reads."""
        return list(CHAPTER_INPUTS[self.chapter] if self.input_patterns is None else self.input_patterns)


def _reports() -> list[Report]:
    from ascc_analysis.data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    names = dict(zip(taxonomy.characteristics["code"], taxonomy.characteristics["name"]))
    states = dict(zip(taxonomy.member_states["iso3"], taxonomy.member_states["name"]))
    reports = [Report("regional", "regional", title=CHAPTER_TITLES["regional"])]
    for code, name in names.items():
        title = CHAPTER_TITLES["characteristic"].format(value=code, name=name)
        reports.append(Report(f"characteristic-{code}", "characteristic", {"characteristic": code}, title))
    reports.append(Report("resources", "resources", title=CHAPTER_TITLES["resources"]))
    for iso3, name in states.items():
        title = CHAPTER_TITLES["national"].format(value=iso3, name=name)
        reports.append(Report(f"national-{iso3}", "national", {"ams": iso3}, title))
    reports.append(Report("recommendations", "recommendations", title=CHAPTER_TITLES["recommendations"]))
    return reports


def all_reports() -> list[Report]:
    """Every report of the review, in reading order.

    Returns
    -------
    list of Report
        ``regional``, ``characteristic-A`` .. ``-E``, ``resources``,
        ``national-<ISO3>`` for each Member State, ``recommendations``.
    """
    return _reports()


def get_report(report_id: str) -> Report:
    """The report with this id; a KeyError lists the valid ids."""
    reports = {report.report_id: report for report in _reports()}
    if report_id not in reports:
        raise KeyError(f"unknown report id {report_id!r}; valid ids: {', '.join(reports)}")
    return reports[report_id]


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
    from ascc_analysis.data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    valid = {"characteristic": taxonomy.characteristic_codes, "ams": taxonomy.ams_codes}
    labels = {"characteristic": "Characteristic", "ams": "AMS"}
    key = TEMPLATE_PARAMETER.get(chapter)
    if key is None:
        return
    value = parameters.get(key)
    if value not in valid[key]:
        raise ParameterError(f"unknown {labels[key]} {value!r}; valid codes: {', '.join(valid[key])}")

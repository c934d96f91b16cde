"""Which reports a run renders: the registry (cached), the selection flags, their checks.

``--chapter``, ``--ams`` and ``--characteristic`` combine as a union; none selects every
report. Values are checked against the registry, which is built from the taxonomy, before
anything starts; a bad value lists the valid codes.

Building the registry imports pandas (the taxonomy is read with it), which costs seconds on
a slow machine. The registry is a function of the package source and the shipped taxonomy
and reference tables, so it is cached under ``<output_dir>/.state/registry.json`` keyed by
their hashes: a run with nothing to do never imports pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ascc_analysis.pipeline.fingerprint import Hasher, digest, load_state, package_files, resolve_inputs, save_state
from ascc_analysis.config import DATA_DIR, PROJECT_ROOT

FLAG_PARAMETERS = {"ams": ("ams", "AMS"), "characteristic": ("characteristic", "Characteristic")}
"""Selection flag -> (the report parameter it matches, its label in messages)."""

REGISTRY_SOURCES = ("taxonomy/**/*", "reference/*")
"""Shipped data the registry is built from (besides the package source)."""


class SelectionError(ValueError):
    """A selection flag's value is not in the registry (a usage error, exit 2)."""


@dataclass(frozen=True)
class ReportSpec:
    """What the orchestrator needs of a report; ``registry.Report`` has the same attributes.

    Tests build these directly with fixture templates.
    """

    report_id: str
    chapter: str
    parameters: dict = field(default_factory=dict)
    title: str = ""
    template: Path = Path()
    inputs: tuple = ()

    @classmethod
    def of(cls, report) -> ReportSpec:
        """A spec with the attributes of any Report-like object."""
        return cls(report.report_id, report.chapter, dict(report.parameters), report.title,
                   Path(report.template), tuple(report.inputs))

    def to_json(self) -> dict:
        """JSON-ready form (template relative to the project when inside it)."""
        template = Path(self.template)
        if template.is_relative_to(PROJECT_ROOT):
            template = template.relative_to(PROJECT_ROOT)
        return {"report_id": self.report_id, "chapter": self.chapter, "parameters": self.parameters,
                "title": self.title, "template": template.as_posix(), "inputs": list(self.inputs)}

    @classmethod
    def from_json(cls, data: dict) -> ReportSpec:
        """Inverse of ``to_json``."""
        return cls(data["report_id"], data["chapter"], dict(data["parameters"]), data["title"],
                   PROJECT_ROOT / data["template"], tuple(data["inputs"]))


def registry_key(hasher: Hasher) -> str:
    """Hash of everything the registry is computed from."""
    return digest({"package": hasher.files(package_files()),
                   "data": hasher.files(resolve_inputs(REGISTRY_SOURCES, DATA_DIR))})


def load_registry(output_dir: Path, hasher: Hasher) -> list[ReportSpec]:
    """Every report of the registry, from the cache when its sources are unchanged.

    Parameters
    ----------
    output_dir : Path
        The cache lives in its ``.state/`` folder.
    hasher : Hasher
        Shared file hasher.

    Returns
    -------
    list of ReportSpec
        In reading order, like ``registry.all_reports()``.
    """
    key, cached = registry_key(hasher), load_state(output_dir, "registry")
    if cached and cached.get("key") == key:
        return [ReportSpec.from_json(item) for item in cached["reports"]]
    from ascc_analysis.data.registry import all_reports

    reports = [ReportSpec.of(report) for report in all_reports()]
    try:
        save_state(output_dir, "registry", {"key": key, "reports": [r.to_json() for r in reports]})
    except OSError:
        pass
    return reports


def valid_values(reports) -> dict[str, list[str]]:
    """Valid values of each selection flag: ``chapter``, ``ams``, ``characteristic``."""
    values = {"chapter": list(dict.fromkeys(report.chapter for report in reports))}
    for flag, (parameter, _) in FLAG_PARAMETERS.items():
        values[flag] = list(dict.fromkeys(r.parameters[parameter] for r in reports if parameter in r.parameters))
    return values


def check_selection(reports, chapters=(), ams=(), characteristics=()) -> None:
    """Check every selection value against the registry.

    Raises
    ------
    SelectionError
        E.g. ``unknown AMS 'XYZ'; valid codes: BRN, KHM, ...``.
    """
    valid = valid_values(reports)
    for value in chapters:
        if value not in valid["chapter"]:
            raise SelectionError(f"unknown chapter {value!r}; valid chapters: {', '.join(valid['chapter'])}")
    for flag, values in (("ams", ams), ("characteristic", characteristics)):
        label = FLAG_PARAMETERS[flag][1]
        for value in values:
            if value not in valid[flag]:
                raise SelectionError(f"unknown {label} {value!r}; valid codes: {', '.join(valid[flag]) or '(none)'}")


def select(reports, chapters=(), ams=(), characteristics=()) -> list:
    """The reports picked by the flags (a union), in registry order; all when no flag is given.

    Parameters
    ----------
    reports : list of Report-like
        The registry.
    chapters, ams, characteristics : iterable of str
        Values of ``--chapter``, ``--ams``, ``--characteristic`` (checked beforehand).

    Returns
    -------
    list
        The selected reports.
    """
    chapters, wanted = set(chapters), {"ams": set(ams), "characteristic": set(characteristics)}
    if not chapters and not any(wanted.values()):
        return list(reports)

    def picked(report) -> bool:
        by_parameter = any(report.parameters.get(FLAG_PARAMETERS[flag][0]) in values
                           for flag, values in wanted.items())
        return report.chapter in chapters or by_parameter

    return [report for report in reports if picked(report)]


def selection_flags(reports) -> list[str]:
    """Flags (``["--ams", "VNM", "--chapter", "regional"]``) that select these reports, for a re-run command.

    A report with an ``ams`` or ``characteristic`` parameter is picked by that flag, any
    other by its chapter.
    """
    pairs = []
    for report in reports:
        pair = next((("--" + flag, report.parameters[parameter]) for flag, (parameter, _) in FLAG_PARAMETERS.items()
                     if parameter in report.parameters), ("--chapter", report.chapter))
        if pair not in pairs:
            pairs.append(pair)
    return [token for pair in pairs for token in pair]

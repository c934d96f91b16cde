"""Which reports a run renders: the selection flags over the registry, and their checks.

``--chapter``, ``--ams`` and ``--characteristic`` combine as a union; none selects every
report. Values are checked against the registry (``data.registry``, read without pandas)
before anything starts; a bad value lists the valid codes.
"""

from __future__ import annotations

from ascc_analysis.data.registry import Report

FLAG_PARAMETERS = {"ams": ("ams", "AMS"), "characteristic": ("characteristic", "Characteristic")}
"""Selection flag -> (the report parameter it matches, its label in messages)."""


class SelectionError(ValueError):
    """A selection flag's value is not in the registry (a usage error, exit 2)."""


def valid_values(reports: list[Report]) -> dict[str, list[str]]:
    """Valid values of each selection flag: ``chapter``, ``ams``, ``characteristic``."""
    values = {"chapter": list(dict.fromkeys(report.chapter for report in reports))}
    for flag, (parameter, _) in FLAG_PARAMETERS.items():
        values[flag] = list(dict.fromkeys(r.parameters[parameter] for r in reports if parameter in r.parameters))
    return values


def check_selection(reports: list[Report], chapters=(), ams=(), characteristics=()) -> None:
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


def select(reports: list[Report], chapters=(), ams=(), characteristics=()) -> list[Report]:
    """The reports picked by the flags (a union), in registry order; all when no flag is given.

    Parameters
    ----------
    reports : list of Report
        The registry.
    chapters, ams, characteristics : iterable of str
        Values of ``--chapter``, ``--ams``, ``--characteristic`` (checked beforehand).

    Returns
    -------
    list of Report
        The selected reports.
    """
    chapters, wanted = set(chapters), {"ams": set(ams), "characteristic": set(characteristics)}
    if not chapters and not any(wanted.values()):
        return list(reports)

    def picked(report: Report) -> bool:
        by_parameter = any(report.parameters.get(FLAG_PARAMETERS[flag][0]) in values
                           for flag, values in wanted.items())
        return report.chapter in chapters or by_parameter

    return [report for report in reports if picked(report)]


def selection_flags(reports: list[Report]) -> list[str]:
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

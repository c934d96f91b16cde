"""Which reports a run renders: the selection flags over the registry, and their checks.

The values of one flag combine as a union (``--ams VNM --ams THA``: either); different flags
narrow each other. ``--chapter`` picks chapters; ``--ams`` and ``--characteristic`` narrow the
chapters whose reports take that parameter (national, characteristic) and leave the others
whole. Without ``--chapter``, ``--ams`` alone picks national reports and ``--characteristic``
alone Characteristic reports (both: the union of the two). No flag selects every report.
Values are checked against the registry (``data.registry``, read without pandas) before
anything starts; a bad value lists the valid codes, and a parameter flag that no chosen
chapter takes (``--chapter regional --ams VNM``) is a usage error saying why.
"""

from __future__ import annotations

from ascc_analysis.data.registry import Report

FLAG_PARAMETERS = {"ams": ("ams", "AMS"), "characteristic": ("characteristic", "Characteristic")}
"""Selection flag -> (the report parameter it matches, its label in messages)."""


class SelectionError(ValueError):
    """A selection flag's value is not in the registry, or narrows no chosen chapter (a usage error, exit 2)."""


def valid_values(reports: list[Report]) -> dict[str, list[str]]:
    """Valid values of each selection flag: ``chapter``, ``ams``, ``characteristic``."""
    values = {"chapter": list(dict.fromkeys(report.chapter for report in reports))}
    for flag, (parameter, _) in FLAG_PARAMETERS.items():
        values[flag] = list(dict.fromkeys(r.parameters[parameter] for r in reports if parameter in r.parameters))
    return values


def _chapters_taking(reports: list[Report], parameter: str) -> list[str]:
    """The chapters whose reports take ``parameter``, in registry order."""
    return list(dict.fromkeys(report.chapter for report in reports if parameter in report.parameters))


def narrowing(reports: list[Report], chapters=(), ams=(), characteristics=()) -> dict[str, dict[str, set]]:
    """The chosen chapters, each with the parameter values that narrow it.

    Parameters
    ----------
    reports : list of Report
        The registry.
    chapters, ams, characteristics : iterable of str
        Values of ``--chapter``, ``--ams``, ``--characteristic``.

    Returns
    -------
    dict
        Chapter (registry order) -> {parameter: allowed values}; an empty dict of
        parameters keeps the whole chapter.

    Raises
    ------
    SelectionError
        When ``--chapter`` is given and a parameter flag narrows none of its chapters.
    """
    given = {"ams": list(ams), "characteristic": list(characteristics)}
    filters = {FLAG_PARAMETERS[flag][0]: (flag, set(values)) for flag, values in given.items() if values}
    taking = {parameter: _chapters_taking(reports, parameter) for parameter in filters}
    every = valid_values(reports)["chapter"]
    if chapters:
        chosen = [chapter for chapter in every if chapter in set(chapters)]
    elif filters:
        chosen = [chapter for chapter in every if any(chapter in taking[p] for p in filters)]
    else:
        chosen = every
    for parameter, (flag, _) in filters.items():
        takers = taking[parameter]
        if not set(takers) & set(chosen):
            add = f"add --chapter {takers[0]} or " if takers else ""
            raise SelectionError(f"--{flag} narrows the {' and '.join(takers) or 'no'} reports, which "
                                 f"--chapter {', '.join(chosen)} leaves out; {add}leave out --chapter")
    return {chapter: {p: values for p, (_, values) in filters.items() if chapter in taking[p]} for chapter in chosen}


def check_selection(reports: list[Report], chapters=(), ams=(), characteristics=()) -> None:
    """Check every selection value against the registry, and that each flag narrows a chosen chapter.

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
    narrowing(reports, chapters, ams, characteristics)


def select(reports: list[Report], chapters=(), ams=(), characteristics=()) -> list[Report]:
    """The reports picked by the flags, in registry order; all when no flag is given.

    Values of one flag are a union; different flags narrow each other (see the module
    docstring and :func:`narrowing`).

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
    chosen = narrowing(reports, chapters, ams, characteristics)
    return [report for report in reports if report.chapter in chosen
            and all(report.parameters.get(p) in values for p, values in chosen[report.chapter].items())]


def describe(reports: list[Report], chapters=(), ams=(), characteristics=()) -> str:
    """The selection in words: ``every report``, or each chosen chapter with what narrows it.

    E.g. ``chapter national (AMS THA or VNM)``, ``chapters national (AMS VNM), characteristic
    (Characteristic A)``.
    """
    if not (chapters or ams or characteristics):
        return "every report"
    labels = dict(FLAG_PARAMETERS.values())
    parts = []
    for chapter, filters in narrowing(reports, chapters, ams, characteristics).items():
        narrowed = "; ".join(f"{labels[p]} {' or '.join(sorted(values))}" for p, values in filters.items())
        parts.append(f"{chapter} ({narrowed})" if narrowed else chapter)
    return f"chapter{'s' if len(parts) > 1 else ''} {', '.join(parts)}"


def selection_flags(reports: list[Report]) -> list[str]:
    """Flags (``["--chapter", "regional", "--chapter", "national", "--ams", "VNM"]``) that select exactly these reports.

    A report with an ``ams`` or ``characteristic`` parameter is picked by that flag, any
    other by its chapter; when some are picked by chapter, the chapters of the others are
    named too (a parameter flag narrows only the chapters given).
    """
    chapters, narrowed = [], []
    for report in reports:
        pair = next((("--" + flag, report.parameters[parameter]) for flag, (parameter, _) in FLAG_PARAMETERS.items()
                     if parameter in report.parameters), None)
        if pair is None:
            chapters.append(report.chapter)
        else:
            narrowed.append((report.chapter, pair))
    if chapters:
        chapters += [chapter for chapter, _ in narrowed]
    pairs = [("--chapter", chapter) for chapter in dict.fromkeys(chapters)]
    pairs += list(dict.fromkeys(pair for _, pair in narrowed))
    return [token for pair in pairs for token in pair]

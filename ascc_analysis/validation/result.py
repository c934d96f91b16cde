"""The gate's verdict: one result type (with its failures and checks), cheap to import (standard library only).

The suites runner (``validation.suites``) makes a ``GateResult``; the pipeline stores a
passing one and reads it back on the next run without importing pandas or Great
Expectations (``cached=True``); the summary page and the index page read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

INGEST_SUITE = "ingest"
"""The suite that counts the files read (Tool 1 workbooks and CSV tables) and their ingestion errors."""

CACHED_NOTE = " (cached: data and suites unchanged since the last passing run)"


@dataclass(frozen=True)
class Failure:
    """One failed expectation (or ingestion error), with values and where they came from.

    Attributes
    ----------
    suite : str
        The suite (dataset or rule) name; ``ingest`` for a Tool 1 workbook error, the
        dataset name for a CSV table that could not be read.
    expectation : str
        The GX expectation type, or ``ingest``.
    column : str or None
        The column (``a, b`` for a pair or a compound key).
    unexpected : tuple of str
        A few unexpected values.
    where : tuple of str
        Their lineage: ``file sheet 'x' row n`` (``file row n`` for a CSV table).
    message : str
        What is wrong, in words.
    count : int or None
        How many rows failed, when known.
    """

    suite: str
    expectation: str
    column: str | None
    unexpected: tuple
    where: tuple
    message: str = ""
    count: int | None = None

    def __str__(self) -> str:
        column = f", column {self.column!r}" if self.column else ""
        message = self.message or f"{self.expectation} failed"
        count = f" ({self.count} row{'' if self.count == 1 else 's'})" if self.count else ""
        values = f": unexpected {list(self.unexpected)}" if self.unexpected else ""
        where = f" at {'; '.join(self.where)}" if self.where else ""
        tag = f" [{self.expectation}]" if self.expectation != INGEST_SUITE else ""
        return f"{self.suite}{column}: {message}{count}{values}{where}{tag}"


@dataclass(frozen=True)
class Check:
    """One evaluated expectation, for the summary page."""

    suite: str
    expectation: str
    column: str | None
    description: str
    success: bool


@dataclass(frozen=True)
class GateResult:
    """Outcome of the gate: per-suite counts, every failure, skipped suites, ingest warnings, Tool 1 files.

    Failures are errors: any makes the data invalid. Warnings (a Sectoral Body that sent no
    workbook, a formula without a stored value, an unknown column) are listed but do not.
    ``files`` says what became of each name of the Tool 1 folder, as ``(file, outcome,
    rows, detail)`` tuples (``data.tool1.FileOutcome``: outcome ``read``, ``skipped`` or
    ``error``); ``coverage`` is the sentence on the implementing Sectoral Bodies covered.
    ``cached`` says the stored result of an earlier passing run was reused (it then carries
    the suite counts, skipped suites, warnings, files and coverage, not the checks).
    """

    success: bool
    suites: dict = field(default_factory=dict)
    failures: tuple = ()
    skipped: tuple = ()
    checks: tuple = ()
    warnings: tuple = ()
    docs_index: Path | None = None
    cached: bool = False
    files: tuple = ()
    coverage: str | None = None

    def to_dict(self) -> dict:
        """``{"success", "suites": {name: {"passed", "failed"}}, "failures": [str], "warnings": [str]}`` (JSON)."""
        suites = {name: {"passed": int(c["passed"]), "failed": int(c["failed"])} for name, c in self.suites.items()}
        return {"success": bool(self.success), "suites": suites, "failures": [str(f) for f in self.failures],
                "warnings": [str(w) for w in self.warnings]}

    def verdict(self) -> str:
        """``Validation passed`` or ``Validation FAILED``, with the counts of suites, errors and warnings."""
        warned = f", {_count(len(self.warnings), 'warning')}" if self.warnings else ""
        if self.success:
            return f"Validation passed: {len(self.suites)} suites{warned}"
        failed = sum(1 for counts in self.suites.values() if counts["failed"])
        return (f"Validation FAILED: {failed} of {len(self.suites)} suites, "
                f"{_count(len(self.failures), 'error')}{warned}")

    def summary(self, max_failures: int = 40, max_warnings: int = 20) -> str:
        """A short text: verdict, one line per suite, the Tool 1 files, then the errors and the warnings.

        Errors are listed first (at most ``max_failures``), under ``Errors (n): the data is
        invalid``; warnings after them (at most ``max_warnings``), under ``Warnings (n): ...``.
        """
        lines = [self.verdict() + (CACHED_NOTE if self.cached else "")]
        lines += [_suite_line(name, counts) for name, counts in self.suites.items()]
        lines += [f"  {name}: skipped ({reason})" for name, reason in self.skipped]
        lines += _files_lines(self.files, self.coverage)
        if self.failures:
            lines.append(f"Errors ({len(self.failures)}): the data is invalid")
            lines += _listed([str(failure) for failure in self.failures], max_failures)
        if self.warnings:
            lines.append(f"Warnings ({len(self.warnings)}): the data passes with them, but read them")
            lines += _listed(list(self.warnings), max_warnings)
        return "\n".join(lines)


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _listed(items: list[str], limit: int) -> list[str]:
    lines = [f"  - {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more (see the validation summary page)")
    return lines


def _files_lines(files: tuple, coverage: str | None) -> list[str]:
    """The Tool 1 folder in two lines: files by outcome (those not read named), and the coverage."""
    lines = []
    if files:
        by_outcome: dict[str, list] = {}
        for name, outcome, _rows, _detail in files:
            by_outcome.setdefault(outcome, []).append(name)
        rows = sum(rows for _name, outcome, rows, _detail in files if outcome == "read")
        parts = [f"{_count(len(by_outcome.get('read', [])), 'file')} read ({_count(rows, 'activity row')})"]
        parts += [f"{len(names)} {outcome} ({', '.join(names)})" for outcome, names in by_outcome.items()
                  if outcome != "read"]
        lines.append(f"  Tool 1 files: {'; '.join(parts)}")
    if coverage:
        lines.append(f"  Coverage: {coverage}")
    return lines


def _suite_line(name: str, counts: dict) -> str:
    if name == INGEST_SUITE:
        return f"  {name}: {counts['passed']} files read cleanly, {counts['failed']} with errors"
    return f"  {name}: {counts['passed']} passed, {counts['failed']} failed"

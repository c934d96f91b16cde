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
    """Outcome of the gate: per-suite counts, every failure, skipped suites, ingest warnings.

    ``cached`` says the stored result of an earlier passing run was reused (it then carries
    the suite counts and skipped suites, not the checks).
    """

    success: bool
    suites: dict = field(default_factory=dict)
    failures: tuple = ()
    skipped: tuple = ()
    checks: tuple = ()
    warnings: tuple = ()
    docs_index: Path | None = None
    cached: bool = False

    def to_dict(self) -> dict:
        """``{"success", "suites": {name: {"passed", "failed"}}, "failures": [str]}`` (JSON-ready)."""
        suites = {name: {"passed": int(c["passed"]), "failed": int(c["failed"])} for name, c in self.suites.items()}
        return {"success": bool(self.success), "suites": suites, "failures": [str(f) for f in self.failures]}

    def summary(self, max_failures: int = 40) -> str:
        """A short text: verdict, one line per suite, then up to ``max_failures`` failures."""
        failed = sum(1 for counts in self.suites.values() if counts["failed"])
        head = (f"Validation passed: {len(self.suites)} suites" if self.success else
                f"Validation FAILED: {failed} of {len(self.suites)} suites, {len(self.failures)} failures")
        lines = [head + (CACHED_NOTE if self.cached else "")]
        lines += [_suite_line(name, counts) for name, counts in self.suites.items()]
        lines += [f"  {name}: skipped ({reason})" for name, reason in self.skipped]
        lines += [f"  - {failure}" for failure in self.failures[:max_failures]]
        if len(self.failures) > max_failures:
            lines.append(f"  ... and {len(self.failures) - max_failures} more (see the validation summary page)")
        return "\n".join(lines)


def _suite_line(name: str, counts: dict) -> str:
    if name == INGEST_SUITE:
        return f"  {name}: {counts['passed']} files read cleanly, {counts['failed']} with errors"
    return f"  {name}: {counts['passed']} passed, {counts['failed']} failed"

"""What a run prints: one progress display over all reports, and the closing table.

On a terminal a status line (done / total, the reports running) is redrawn in place under
the event lines; when stdout is not a terminal (a CI log) every event is one plain line and
nothing is redrawn.
"""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

from ascc_analysis.config import PROJECT_ROOT


def shown_path(path: str | Path) -> str:
    """A path as messages show it: relative to the project when inside it."""
    path = Path(path)
    return str(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path)


def error_text(error: dict | None) -> str:
    """``cell [5] KeyError: 'x'`` from an outcome's error (cell, ename, evalue)."""
    if not error:
        return ""
    cell = f"cell [{error['cell']}] " if error.get("cell") is not None else ""
    value = f": {error['evalue']}" if error.get("evalue") else ""
    return f"{cell}{error.get('ename', 'Error')}{value}"


class Progress:
    """Progress over ``total`` reports.

    Parameters
    ----------
    total : int
        Reports to render.
    stream : file, optional
        Defaults to ``sys.stdout``.
    tty : bool, optional
        Redraw a status line; defaults to ``stream.isatty()``.
    """

    def __init__(self, total: int, stream=None, tty: bool | None = None):
        self.total, self.done, self.running, self._shown = total, 0, {}, ""
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty

    def _status(self) -> str:
        now = time.monotonic()
        running = ", ".join(f"{name} {now - start:.0f}s" for name, start in self.running.items())
        return f"[{self.done}/{self.total}] running: {running or '-'}"

    def line(self, text: str) -> None:
        """Print one event line (above the status line on a terminal)."""
        if self.tty:
            self._shown = self._status()
            self.stream.write(f"\r\033[K{text}\n{self._shown}")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def tick(self) -> None:
        """Redraw the status line when it changed (a no-op when not on a terminal)."""
        if self.tty and self.total and self._status() != self._shown:
            self._shown = self._status()
            self.stream.write(f"\r\033[K{self._shown}")
            self.stream.flush()

    def started(self, report_id: str, why: str) -> None:
        """A report began rendering."""
        self.running[report_id] = time.monotonic()
        self.line(f"[{self.done}/{self.total}] start   {report_id} ({why})")

    def finished(self, outcome) -> None:
        """A report rendered, failed or was killed."""
        self.running.pop(outcome.report_id, None)
        self.done += 1
        seconds = f" in {outcome.seconds:.1f} s" if outcome.seconds is not None else ""
        detail = f": {error_text(outcome.error)}" if outcome.error else ""
        self.line(f"[{self.done}/{self.total}] {outcome.status:<7} {outcome.report_id}{seconds}{detail}")

    def close(self) -> None:
        """Clear the status line."""
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def closing_table(outcomes) -> str:
    """Report, status, seconds and why it ran or was skipped, one row per report."""
    header = ("report", "status", "seconds", "why")
    rows = [(o.report_id, o.status, "-" if o.seconds is None else f"{o.seconds:.1f}", o.why) for o in outcomes]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}".rstrip())
    counts = {status: sum(o.status == status for o in outcomes) for status in dict.fromkeys(o.status for o in outcomes)}
    lines.append(f"{len(outcomes)} reports: " + ", ".join(f"{n} {status}" for status, n in counts.items()) + ".")
    return "\n".join(lines)


def failure_lines(outcomes, output_dir) -> list[str]:
    """One line per failed report: the cell and the error, and where its notebook and HTML are."""
    lines = []
    for outcome in outcomes:
        if outcome.status == "failed":
            lines.append(f"  {outcome.report_id}: {error_text(outcome.error)}")
            kept = [p for p in (f"failed/{outcome.report_id}.html", f"failed/{outcome.report_id}.ipynb")
                    if (output_dir / p).is_file()]
            if kept:
                lines.append(f"    see {', '.join(str(output_dir / p) for p in kept)}")
    return lines


def rerun_command(selection_flags: list[str], other_flags: list[str], program: str = "python run_all.py") -> str:
    """A copy-paste command that re-runs just these reports with the same options."""
    return " ".join([program, *(shlex.quote(flag) for flag in selection_flags + other_flags)])

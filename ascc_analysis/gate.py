"""The validation gate, once per run and cached: ingest Tool 1, run the Great Expectations suites.

The gate runs in the orchestrating process, in a thread, so that it can overlap the first
renders (nothing is published before it has passed). A passing result is stored in
``<output_dir>/.state/gate.json`` under a hash of the data files, the suites, the package
source and the locked environment; while these are unchanged the stored result is reused
and neither pandas nor Great Expectations is imported.
"""

from __future__ import annotations

import contextlib
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import (ENVIRONMENT_FILES, PACKAGE_DIR, Hasher, digest, load_state, package_files, resolve_inputs,
                          save_state)
from .paths import EXPECTATIONS_DIR

GATE_INPUTS = ("raw/tool1/*.xlsx", "taxonomy/**/*", "reference/*")
"""Data files the gate reads (Tool 1 workbooks, taxonomy and alias tables, reference files)."""


@dataclass(frozen=True)
class GateOutcome:
    """The gate's verdict; duck-types ``validation.GateResult`` (``success``, ``suites``, ``failures``, ``summary()``).

    ``text`` is the printed summary; ``cached`` says the stored result of an earlier run
    was reused.
    """

    success: bool
    text: str
    suites: dict = field(default_factory=dict)
    failures: tuple = ()
    cached: bool = False

    def summary(self) -> str:
        """The printed summary (``Validation passed`` / ``FAILED`` and one line per suite)."""
        return self.text + (" (cached: data and suites unchanged since the last passing run)" if self.cached else "")


def run_validation(data_dir: Path) -> GateOutcome:
    """Ingest the Tool 1 workbooks of ``data_dir`` and run the suites of ``expectations/``.

    Imports pandas, openpyxl and Great Expectations; call it only when the cache misses.

    Returns
    -------
    GateOutcome
        Not successful when a workbook has errors (every problem listed) or an expectation fails.
    """
    from .taxonomy import load_taxonomy
    from .tool1 import ingest_tool1
    from .validation import run_gate

    taxonomy = load_taxonomy(data_dir)
    register = ingest_tool1(data_dir, taxonomy=taxonomy)
    if register.errors:
        lines = [f"Invalid data: {len(register.errors)} errors in the Tool 1 workbooks:"]
        lines += [f"  - {issue}" for issue in register.errors]
        return GateOutcome(False, "\n".join(lines), failures=tuple(str(issue) for issue in register.errors))
    with contextlib.redirect_stderr(io.StringIO()):  # Great Expectations' metric progress bars
        result = run_gate({"activities": register.activities, "links": register.links}, taxonomy)
    return GateOutcome(result.success, result.summary(), dict(result.suites), tuple(str(f) for f in result.failures))


def gate_key(data_dir: Path, hasher: Hasher, expectations_dir: Path = EXPECTATIONS_DIR,
             package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of everything the gate's verdict depends on (data, suites, package source, environment)."""
    return digest({"data": hasher.files(resolve_inputs(GATE_INPUTS, data_dir)),
                   "suites": hasher.files({p.name: p for p in sorted(Path(expectations_dir).glob("*.json"))}),
                   "package": hasher.files(package_files(package_dir)),
                   "environment": hasher.files({p.name: p for p in ENVIRONMENT_FILES})})


def cached_outcome(output_dir: Path, key: str) -> GateOutcome | None:
    """The stored passing outcome for ``key``, or None."""
    state = load_state(output_dir, "gate")
    if not state or state.get("key") != key or not state.get("success"):
        return None
    return GateOutcome(True, state["text"], state.get("suites", {}), (), cached=True)


class GateRun:
    """The gate of one run: the cached outcome, or a thread computing it.

    Parameters
    ----------
    check : callable
        ``check(data_dir) -> GateOutcome`` (``run_validation``; tests pass a fake).
    data_dir, output_dir : Path
        The data folder, and the output folder whose ``.state/`` keeps the cache.
    key : str
        ``gate_key`` of the data folder.
    use_cache : bool
        False with ``--force``.
    """

    def __init__(self, check, data_dir: Path, output_dir: Path, key: str, use_cache: bool = True):
        self.check, self.data_dir, self.output_dir, self.key = check, data_dir, output_dir, key
        self.outcome = cached_outcome(output_dir, key) if use_cache else None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> "GateRun":
        """Start the check in a daemon thread unless the cached outcome is reused."""
        if self.outcome is None:
            self._thread = threading.Thread(target=self._run, name="validation-gate", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.outcome = self.check(self.data_dir)
        except BaseException as error:  # reported by the orchestrator as an internal error
            self.error = error

    @property
    def done(self) -> bool:
        """True when the outcome (or an error) is known."""
        return self._thread is None or not self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the check has finished (or ``timeout``)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def store(self) -> None:
        """Keep a freshly computed passing outcome for the next runs."""
        if self.outcome and self.outcome.success and not self.outcome.cached:
            save_state(self.output_dir, "gate", {"key": self.key, "success": True, "text": self.outcome.text,
                                                 "suites": self.outcome.suites})

"""The validation gate, once per run and cached: ingest the data, run the Great Expectations suites.

The gate runs in the orchestrating process, in a thread, so that it can overlap the first
renders (nothing is published before it has passed). Its Data Docs and summary page are
written into the staging folder and published as ``<output_dir>/validation/``. A passing
result is stored in ``<output_dir>/.state/gate.json`` under a hash of the data files, the
suites, the package source and the locked environment; while these are unchanged (and the
published ``validation/`` folder is there) the stored result is reused and neither pandas
nor Great Expectations is imported.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ascc_analysis.config import EXPECTATIONS_DIR
from ascc_analysis.pipeline.fingerprint import (
    ENVIRONMENT_FILES,
    PACKAGE_DIR,
    Hasher,
    digest,
    load_state,
    package_files,
    resolve_inputs,
    save_state,
)
from ascc_analysis.validation.result import GateResult

GATE_INPUTS = ("raw/tool1/*", "taxonomy/**/*", "reference/**/*", "kpi/**/*", "institutions/**/*")
"""Data files the gate reads: every file of the Tool 1 folder (whatever its type: an added ``.xls`` is refused,
a lock file listed as skipped), taxonomy and alias tables, reference, KPI and institution tables."""

VALIDATION_DIR = "validation"
"""The gate's Data Docs and summary page, relative to the output folder."""


def run_validation(data_dir: Path, docs_dir: Path | None = None) -> GateResult:
    """Ingest every table of ``data_dir`` and run the suites of ``expectations/``.

    Imports pandas, openpyxl and Great Expectations; call it only when the cache misses.

    Parameters
    ----------
    data_dir : Path
        The data folder.
    docs_dir : Path, optional
        Where ``validation.suites.validate_data_dir`` writes Data Docs and ``summary.html``.

    Returns
    -------
    GateResult
        Not successful when a workbook or table cannot be ingested (every problem listed)
        or an expectation fails.
    """
    from ascc_analysis.validation.suites import validate_data_dir

    return validate_data_dir(data_dir, docs_dir=docs_dir)


def gate_key(data_dir: Path, hasher: Hasher, expectations_dir: Path = EXPECTATIONS_DIR,
             package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of everything the gate's verdict depends on (data, suites, package source, environment)."""
    return digest({"data": hasher.files(resolve_inputs(GATE_INPUTS, data_dir)),
                   "suites": hasher.files({p.name: p for p in sorted(Path(expectations_dir).glob("*.json"))}),
                   "package": hasher.files(package_files(package_dir)),
                   "environment": hasher.files({p.name: p for p in ENVIRONMENT_FILES})})


def stored_result(output_dir: Path, key: str | None = None) -> GateResult | None:
    """The passing result an earlier run stored (under ``key`` when given), or None; read without GX."""
    state = load_state(output_dir, "gate")
    if not state or not state.get("success") or (key is not None and state.get("key") != key):
        return None
    skipped = tuple(tuple(pair) for pair in state.get("skipped", []))
    return GateResult(True, dict(state.get("suites", [])), skipped=skipped, cached=True,
                      warnings=tuple(state.get("warnings", [])), files=tuple(tuple(f) for f in state.get("files", [])),
                      coverage=state.get("coverage"))


def cached_result(output_dir: Path, key: str) -> GateResult | None:
    """The stored passing result for ``key`` when its published ``validation/`` is there, else None."""
    return stored_result(output_dir, key) if (Path(output_dir) / VALIDATION_DIR).is_dir() else None


class GateRun:
    """The gate of one run: the cached result, or a thread computing it.

    Parameters
    ----------
    check : callable
        ``check(data_dir, docs_dir) -> GateResult`` (``run_validation``; tests pass a fake).
    data_dir, output_dir : Path
        The data folder, and the output folder whose ``.state/`` keeps the cache.
    key : str
        ``gate_key`` of the data folder.
    use_cache : bool
        False with ``--force``.
    docs_dir : Path, optional
        Where the check writes its Data Docs (in the staging folder).
    """

    def __init__(self, check, data_dir: Path, output_dir: Path, key: str, use_cache: bool = True,
                 docs_dir: Path | None = None):
        self.check, self.data_dir, self.output_dir, self.key = check, data_dir, output_dir, key
        self.docs_dir = docs_dir
        self.result = cached_result(output_dir, key) if use_cache else None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> GateRun:
        """Start the check in a daemon thread unless the cached result is reused."""
        if self.result is None:
            self._thread = threading.Thread(target=self._run, name="validation-gate", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.result = self.check(self.data_dir, self.docs_dir)
        except BaseException as error:  # re-raised by the orchestrator: exit 1
            self.error = error

    @property
    def done(self) -> bool:
        """True when the result (or an error) is known."""
        return self._thread is None or not self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the check has finished (or ``timeout``)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def store(self) -> None:
        """Keep a freshly computed passing result for the next runs: its counts, skipped suites, warnings,
        Tool 1 files and coverage (not its checks)."""
        result = self.result
        if result and result.success and not result.cached:
            suites = list(result.to_dict()["suites"].items())  # a list: the state's JSON sorts keys
            save_state(self.output_dir, "gate", {"key": self.key, "success": True, "suites": suites,
                                                 "skipped": [list(pair) for pair in result.skipped],
                                                 "warnings": [str(w) for w in result.warnings],
                                                 "files": [list(f) for f in result.files],
                                                 "coverage": result.coverage})

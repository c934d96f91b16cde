"""The validation gate, once per run and cached: ingest the data, run the Great Expectations suites.

The gate runs in the orchestrating process, in a thread, so that it can overlap the first
renders (nothing is published before it has passed). Its Data Docs and summary page are
written into the staging folder and published as ``<output_dir>/validation/``. A passing
verdict is kept by content, under a hash of the data files, the suites, the package source
and the locked environment (:func:`gate_key`): in ``<output_dir>/.state/gate.json`` for that
output folder, and in :data:`GATE_CACHE_DIR` (with its ``validation/`` pages) for every
output folder. While these are unchanged the verdict is reused, its pages copied into the
new output folder, and neither pandas nor Great Expectations is imported: ``--force
--output-dir NEW`` on validated data re-renders the reports, not the gate. Only
``--validate-only --force`` runs the gate again whatever is cached.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from ascc_analysis.config import EXPECTATIONS_DIR, SCRATCH_DIR
from ascc_analysis.data.io import read_json, write_json
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

GATE_CACHE_DIR = SCRATCH_DIR / "gate-cache"
"""Passing verdicts of :func:`run_validation` with their ``validation/`` pages, one folder per :func:`gate_key`
(``scratch/`` is git-ignored); shared by every output folder."""

GATE_CACHE_ENV = "ASCC_GATE_CACHE"
"""Environment variable naming another folder for the shared verdicts (the bench gives each run a fresh one)."""

GATE_CACHE_ENTRIES = 8
"""Verdicts kept in :data:`GATE_CACHE_DIR`; the least recently used beyond these are deleted."""

RESULT_FILE = "result.json"


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
    return _result(load_state(output_dir, "gate"), key)


def cached_result(output_dir: Path, key: str) -> GateResult | None:
    """The stored passing result for ``key`` when its published ``validation/`` is there, else None."""
    return stored_result(output_dir, key) if (Path(output_dir) / VALIDATION_DIR).is_dir() else None


def _result(state: dict | None, key: str | None) -> GateResult | None:
    """The passing result of a stored state (``key`` matching when given), or None."""
    if not state or not state.get("success") or (key is not None and state.get("key") != key):
        return None
    skipped = tuple(tuple(pair) for pair in state.get("skipped", []))
    return GateResult(True, dict(state.get("suites", [])), skipped=skipped, cached=True,
                      warnings=tuple(state.get("warnings", [])), files=tuple(tuple(f) for f in state.get("files", [])),
                      coverage=state.get("coverage"))


def _state(key: str, result: GateResult) -> dict:
    """What is kept of a passing result: its counts, skipped suites, warnings, Tool 1 files and coverage
    (not its checks)."""
    suites = list(result.to_dict()["suites"].items())  # a list: the state's JSON sorts keys
    return {"key": key, "success": True, "suites": suites, "skipped": [list(pair) for pair in result.skipped],
            "warnings": [str(w) for w in result.warnings], "files": [list(f) for f in result.files],
            "coverage": result.coverage}


def shared_result(cache_dir: Path, key: str, docs_dir: Path | None = None) -> GateResult | None:
    """The passing verdict kept in ``cache_dir`` for ``key``, its pages copied into ``docs_dir``; or None.

    Read without pandas or GX. An entry without its pages, when ``docs_dir`` is given, is no hit.
    """
    entry = Path(cache_dir) / key
    result = _result(read_json(entry / RESULT_FILE), key)  # None when missing or damaged: the gate runs
    if result is None:
        return None
    if docs_dir is not None:
        if not (entry / VALIDATION_DIR).is_dir():
            return None
        shutil.rmtree(docs_dir, ignore_errors=True)
        shutil.copytree(entry / VALIDATION_DIR, docs_dir)
    os.utime(entry)  # recently used: kept by prune
    return result


def keep_shared(cache_dir: Path, key: str, result: GateResult, pages: Path | None,
                entries: int = GATE_CACHE_ENTRIES) -> Path | None:
    """Keep a fresh passing verdict and a copy of its ``pages`` (the published ``validation/``) in ``cache_dir``.

    Written into a temporary folder and renamed into place, so that a concurrent run sees a
    whole entry or none; then the least recently used entries beyond ``entries`` are deleted.
    Returns the entry, or None when the result is not a passing one or could not be kept.
    """
    if not (result and result.success) or result.cached:
        return None
    entry = Path(cache_dir) / key
    partial = Path(cache_dir) / f".{key}.{os.getpid()}.{threading.get_ident()}"
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        if pages is not None and Path(pages).is_dir():
            shutil.copytree(pages, partial / VALIDATION_DIR)
        write_json(partial / RESULT_FILE, _state(key, result))
        shutil.rmtree(entry, ignore_errors=True)
        os.replace(partial, entry)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        return None
    _prune(Path(cache_dir), entries)
    return entry


def _prune(cache_dir: Path, entries: int) -> None:
    kept = sorted((path for path in cache_dir.iterdir() if not path.name.startswith(".")),
                  key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in kept[entries:]:
        shutil.rmtree(stale, ignore_errors=True)


class GateRun:
    """The gate of one run: a verdict kept by content, or a thread computing it.

    Parameters
    ----------
    check : callable
        ``check(data_dir, docs_dir) -> GateResult`` (``run_validation``; tests pass a fake).
    data_dir, output_dir : Path
        The data folder, and the output folder whose ``.state/`` keeps its last verdict.
    key : str
        ``gate_key`` of the data folder.
    use_cache : bool
        False with ``--force``: the output folder's verdict is not reused (the shared one is,
        unless ``revalidate``).
    docs_dir : Path, optional
        Where the check writes its Data Docs (in the staging folder); a shared verdict's
        pages are copied there.
    cache_dir : Path, optional
        The verdicts shared by every output folder: :data:`GATE_CACHE_DIR` (or the folder
        :data:`GATE_CACHE_ENV` names) when ``check`` is :func:`run_validation`, none for
        another check (a test's fake is never mixed with real verdicts).
    revalidate : bool
        True to run the check whatever is cached (``--validate-only --force``).
    """

    def __init__(self, check, data_dir: Path, output_dir: Path, key: str, use_cache: bool = True,
                 docs_dir: Path | None = None, *, cache_dir: Path | None = None, revalidate: bool = False):
        self.check, self.data_dir, self.output_dir, self.key = check, data_dir, output_dir, key
        self.docs_dir, self.from_folder = docs_dir, False
        if cache_dir is None and check is run_validation:
            cache_dir = Path(os.environ.get(GATE_CACHE_ENV) or GATE_CACHE_DIR)
        self.cache_dir = cache_dir
        self.result = None if revalidate else self._kept(use_cache)
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def _kept(self, use_cache: bool) -> GateResult | None:
        """The output folder's verdict for the key, else the shared one (its pages copied), else None."""
        self.from_folder = use_cache and cached_result(self.output_dir, self.key) is not None
        if self.from_folder:
            return cached_result(self.output_dir, self.key)
        if self.cache_dir is None:
            return None
        return shared_result(self.cache_dir, self.key, self.docs_dir)

    def start(self) -> GateRun:
        """Start the check in a daemon thread unless a kept verdict is reused."""
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
        """Keep a passing verdict for the next runs, once its pages are published: for this output folder
        (unless it came from there) and, when fresh, in the shared cache with a copy of the pages."""
        result = self.result
        if not (result and result.success) or self.from_folder:
            return
        save_state(self.output_dir, "gate", _state(self.key, result))
        if self.cache_dir is not None and not result.cached:
            keep_shared(self.cache_dir, self.key, result, Path(self.output_dir) / VALIDATION_DIR)

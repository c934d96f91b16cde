"""Content fingerprints of what a report depends on, and why it must re-render.

A report depends on its template, its parameters, the data files its registry entry
reads (``Report.inputs``: the globs of its declared datasets, relative to the data folder),
the package source its kernel can import (every file under ``ascc_analysis/`` except
``pipeline/`` and ``validation/``, which only the orchestrating process imports) and the
locked environment (``requirements.lock``).
Each is hashed (sha256 of the bytes, never timestamps); the fingerprint of the last run is
kept in ``<output_dir>/.state/<report id>.json`` and compared with the current one.

Standard library only: a run with nothing to do must stay fast.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ascc_analysis.config import PROJECT_ROOT, TOOL1_SUBDIR, DataPaths
from ascc_analysis.data.io import read_json, sha256_file, write_json

PACKAGE_DIR = PROJECT_ROOT / "ascc_analysis"
ENVIRONMENT_FILES = (PROJECT_ROOT / "requirements.lock",)
STATE_DIR = ".state"
NOT_IN_KERNELS = ("pipeline", "validation")
"""Subpackages only the orchestrating process imports (never a template): editing them re-renders nothing."""
GLOB_CHARACTERS = set("*?[")


class Hasher:
    """sha256 of files, each file read at most once per run."""

    def __init__(self):
        self._memo: dict[Path, str] = {}

    def file(self, path: Path) -> str | None:
        """Hex sha256 of a file's bytes (None when it does not exist)."""
        path = Path(path)
        if path not in self._memo:
            try:
                self._memo[path] = sha256_file(path)
            except (FileNotFoundError, IsADirectoryError):
                return None
        return self._memo[path]

    def files(self, named: dict[str, Path]) -> dict[str, str]:
        """Name -> sha256 for a mapping of names to paths."""
        return {name: self.file(path) for name, path in sorted(named.items())}


def digest(payload: object) -> str:
    """sha256 of a JSON-serialisable value (sorted keys)."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def package_files(package_dir: Path = PACKAGE_DIR, *, skip: tuple[str, ...] = ()) -> dict[str, Path]:
    """Every source file of the package (``.py``, templates, ...), keyed by project-relative path.

    Parameters
    ----------
    package_dir : Path
        The package folder.
    skip : tuple of str
        Top-level subpackages left out (e.g. ``NOT_IN_KERNELS``).
    """
    found = {}
    for path in sorted(package_dir.rglob("*")):
        relative = path.relative_to(package_dir)
        hidden = any(part.startswith((".", "__pycache__")) for part in relative.parts)
        if path.is_file() and path.suffix != ".pyc" and not hidden and relative.parts[0] not in skip:
            found[f"{package_dir.name}/{relative.as_posix()}"] = path
    return found


def kernel_files(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """The package files a report's kernel can import: all but the subpackages of ``NOT_IN_KERNELS``."""
    return package_files(package_dir, skip=NOT_IN_KERNELS)


def _split(pattern: str) -> tuple[Path, str]:
    parts = Path(pattern).parts
    cut = next((i for i, part in enumerate(parts) if GLOB_CHARACTERS & set(part)), len(parts))
    return Path(*parts[:cut]) if cut else Path(), "/".join(parts[cut:])


def resolve_inputs(patterns, data_dir: Path) -> dict[str, Path]:
    """The files matched by a report's input globs, keyed by their path relative to the data root.

    Resolution follows ``paths.DataPaths``: ``raw/tool1/`` may be the data folder itself,
    and a part of the layout the data folder lacks comes from the shipped ``data/``.

    Parameters
    ----------
    patterns : iterable of str
        Globs relative to the data folder, e.g. ``raw/tool1/*.xlsx``.
    data_dir : Path
        The data folder.

    Returns
    -------
    dict
        E.g. ``{"raw/tool1/SOMHD.xlsx": Path(".../SOMHD.xlsx")}``, sorted by key.
    """
    paths, found = DataPaths.of(data_dir), {}
    for pattern in patterns:
        prefix, rest = _split(pattern)
        base = paths.tool1_dir if prefix == TOOL1_SUBDIR else paths.resolve(prefix)
        matches = sorted(base.glob(rest)) if rest else [base]
        for path in matches:
            if path.is_file():
                found[(prefix / path.relative_to(base)).as_posix() if rest else prefix.as_posix()] = path
    return dict(sorted(found.items()))


def fingerprint(report, data_dir: Path, hasher: Hasher, options: dict, package_dir: Path = PACKAGE_DIR) -> dict:
    """The content fingerprint of one report's dependencies.

    Parameters
    ----------
    report : Report-like
        Has ``template`` (Path), ``parameters`` (dict) and ``inputs`` (globs).
    data_dir : Path
        The data folder the report reads. Only its files' contents count, not where it
        is: the same data in another folder gives the same fingerprint.
    hasher : Hasher
        Shared by all reports of a run, so each file is read once.
    options : dict
        Rendering options that change the output (``show_code``, kernel).
    package_dir : Path
        The package whose source counts (tests pass a frozen copy); only :func:`kernel_files`.

    Returns
    -------
    dict
        ``template``, ``parameters``, ``options``, ``data``, ``package``, ``environment``.
    """
    return {
        "template": hasher.file(report.template),
        "parameters": dict(report.parameters),
        "options": dict(options),
        "data": hasher.files(resolve_inputs(report.inputs, data_dir)),
        "package": hasher.files(kernel_files(package_dir)),
        "environment": hasher.files({path.name: path for path in ENVIRONMENT_FILES}),
    }


def _file_changes(noun: str, old: dict, new: dict) -> list[str]:
    groups = {"changed": [k for k in new if k in old and old[k] != new[k]],
              "added": [k for k in new if k not in old], "removed": [k for k in old if k not in new]}
    reasons = []
    for verb, names in groups.items():
        if len(names) == 1:
            reasons.append(f"{noun} {names[0]} {verb}")
        elif names:
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            reasons.append(f"{len(names)} {noun}s {verb} ({shown})")
    return reasons


def why_render(previous: dict | None, current: dict, *, force: bool = False, published: bool = True) -> str | None:
    """Why a report must render, or None when its published output is up to date.

    Parameters
    ----------
    previous : dict or None
        The report's state from the last run (``status``, ``fingerprint``).
    current : dict
        Its fingerprint now.
    force : bool
        ``--force`` was given.
    published : bool
        Whether its published HTML and notebook are in the output folder.

    Returns
    -------
    str or None
        E.g. ``"forced"``, ``"no previous output"``, ``"previous run failed"``,
        ``"template changed"``, ``"data file raw/tool1/SOMHD.xlsx changed"``.
    """
    if force:
        return "forced"
    if not previous or not published or "fingerprint" not in previous:
        return "no previous output"
    if previous.get("status") != "ok":
        return "previous run failed"
    old = previous["fingerprint"]
    reasons = [f"{key} changed" for key in ("template", "parameters", "options") if old.get(key) != current[key]]
    for key, noun in (("data", "data file"), ("package", "package file"), ("environment", "environment file")):
        reasons += _file_changes(noun, old.get(key) or {}, current[key])
    return "; ".join(reasons) or None


def state_path(output_dir: Path, name: str) -> Path:
    """``<output_dir>/.state/<name>.json``."""
    return Path(output_dir) / STATE_DIR / f"{name}.json"


def load_state(output_dir: Path, name: str) -> dict | None:
    """The stored state ``name`` (a report id, ``gate``, ``index``), or None."""
    return read_json(state_path(output_dir, name))


def save_state(output_dir: Path, name: str, state: dict) -> Path:
    """Store a state atomically."""
    return write_json(state_path(output_dir, name), state)

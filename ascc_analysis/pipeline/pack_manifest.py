"""The review pack's ``MANIFEST.json``: every file's sha256 and size, the data checksums and what made the pack.

Everything in the manifest follows from the inputs (the rendered outputs, the data folder,
the commit, the environment, the run's parameters) except one key, ``RENDER_TIME_KEY``,
which holds the times the pages were rendered and the pack was written: two packs of the
same inputs differ in that key only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ascc_analysis.data.io import json_text
from ascc_analysis.pipeline.fingerprint import Hasher, resolve_inputs
from ascc_analysis.pipeline.gate import GATE_INPUTS

MANIFEST = "MANIFEST.json"
RENDER_TIME_KEY = "render_time (varies)"
"""The one key whose value changes from pack to pack of the same inputs."""
FORMAT = 1
PACK_PACKAGES = ("pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "great-expectations", "openpyxl",
                 "playwright")


def file_entry(data: bytes) -> dict:
    """``{"sha256": ..., "size": ...}`` of a file's bytes."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def data_checksums(data_dir: Path, hasher: Hasher | None = None) -> dict[str, str]:
    """sha256 of every data file the validation gate reads (``gate.GATE_INPUTS``), keyed by its data-relative path."""
    return (hasher or Hasher()).files(resolve_inputs(GATE_INPUTS, Path(data_dir)))


def build_manifest(members: dict[str, bytes], *, reporting_date: str, reports: list[dict], data_dir: Path,
                   parameters: dict, pdfs: str, render_times: dict, git_commit: str | None,
                   packages: dict[str, str]) -> dict:
    """The manifest of a pack holding ``members`` (path -> bytes; the manifest itself excluded).

    Parameters
    ----------
    members : dict
        Pack path -> file bytes.
    reporting_date : str
        The reports' reporting date.
    reports : list of dict
        One entry per packed report (id, title, its files).
    data_dir : Path
        The data folder the reports were rendered from (its checksums are recorded).
    parameters : dict
        The run's parameters (selection, rendering options).
    pdfs : str
        Whether PDFs are included, and if not why.
    render_times : dict
        Page -> the time it was rendered, and ``"pack"`` -> now; kept under ``RENDER_TIME_KEY``.
    git_commit : str or None
    packages : dict
        Distribution -> version.

    Returns
    -------
    dict
    """
    return {
        "format": FORMAT,
        "reporting_date": reporting_date,
        "reports": reports,
        "pdfs": pdfs,
        "parameters": parameters,
        "git_commit": git_commit or "not recorded (not a git checkout)",
        "packages": packages,
        "data": data_checksums(data_dir),
        "files": {path: file_entry(members[path]) for path in sorted(members)},
        RENDER_TIME_KEY: render_times,
    }


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as the project's JSON (sorted keys, indented, final newline)."""
    return json_text(manifest).encode("utf-8")

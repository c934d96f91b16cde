"""The review pack: one zip of the rendered reports, their PDFs, CSVs and sidecars, with its manifest.

``write_pack`` reads a published output folder (never ``failed/``) and writes
``ascc-mtr-review-<reporting date>.zip`` into it: the landing page as ``index.html``, each
packed report's HTML and sidecar, ``pdf/<id>.pdf``, ``csv/<id>/<table>.csv``, the glossary,
the validation summary, the register (page and CSV) when there is one, and ``MANIFEST.json``.
Pages are made to travel (``pack_pages``); the archive has fixed timestamps and sorted
members, so the same inputs give the same bytes apart from the manifest's render-time key.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ascc_analysis.data.io import read_json
from ascc_analysis.pipeline import pack_pdf
from ascc_analysis.pipeline.pack_manifest import (
    MANIFEST,
    PACK_PACKAGES,
    RENDER_TIME_KEY,
    build_manifest,
    manifest_bytes,
)
from ascc_analysis.pipeline.pack_pages import add_pack_section, move_render_times, rewrite_links, table_csvs

PACK_PREFIX = "ascc-mtr-review-"
SHARED_PAGES = ("index.html", "glossary.html", "validation/summary.html", "register.html", "register.csv")
"""Files of the output folder packed as they are named when present (besides the reports)."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's timestamp: the earliest a zip can hold."""
TIME_NOTE = f"recorded in {MANIFEST} ({RENDER_TIME_KEY})"


@dataclass(frozen=True)
class PackedReport:
    """A report to pack: its id and title (the registry's)."""

    report_id: str
    title: str


@dataclass(frozen=True)
class PackResult:
    """What ``write_pack`` wrote: the zip, its member count, and the note on PDFs (empty when printed)."""

    path: Path
    files: int
    pdf_note: str
    dropped_links: tuple[str, ...]


def pack_name(reporting_date: str) -> str:
    """``ascc-mtr-review-<reporting date>.zip`` (characters other than letters, digits, ``.``, ``_``, ``-``: ``-``)."""
    return f"{PACK_PREFIX}{re.sub(r'[^A-Za-z0-9._-]+', '-', reporting_date).strip('-') or 'undated'}.zip"


def reporting_date_of(output_dir: Path, report_ids: list[str]) -> str:
    """The reporting date the packed reports' sidecars give (the latest when they differ; ``undated`` when none)."""
    dates = {str((read_json(Path(output_dir) / f"{rid}.json") or {}).get("reporting_date") or "") for rid in report_ids}
    dates.discard("")
    return max(dates) if dates else "undated"


def _chromium_version() -> str:
    try:
        result = subprocess.run([pack_pdf.chromium_executable(), "--version"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def _contents_note(pdfs_missing: str | None) -> str:
    pdfs = f"No PDFs ({pdfs_missing})." if pdfs_missing else "Each report printed as a PDF (below)."
    return (f"{pdfs} Each report's tables as CSV files in csv/<report id>/; each report's figures as JSON "
            f"(<report id>.json); {MANIFEST} lists every file with its checksum (python run_all.py --verify-pack "
            f"checks the pack against it and against a data folder).")


def _collect(output_dir: Path, reports: list[PackedReport]) -> tuple[dict[str, bytes], list[dict]]:
    members: dict[str, bytes] = {}
    entries = []
    for report in reports:
        rid = report.report_id
        members[f"{rid}.html"] = (output_dir / f"{rid}.html").read_bytes()
        entry = {"report_id": rid, "title": report.title, "html": f"{rid}.html", "csv": []}
        sidecar = output_dir / f"{rid}.json"
        if sidecar.is_file():
            members[f"{rid}.json"] = sidecar.read_bytes()
            entry["sidecar"] = f"{rid}.json"
        for name, data in table_csvs(members[f"{rid}.html"].decode("utf-8")):
            members[f"csv/{rid}/{name}"] = data
            entry["csv"].append(f"csv/{rid}/{name}")
        entries.append(entry)
    for name in SHARED_PAGES:
        if (output_dir / name).is_file():
            members[name] = (output_dir / name).read_bytes()
    return members, entries


def _travel(members: dict[str, bytes], pdf_names: set[str]) -> tuple[dict[str, str], list[str]]:
    """Rewrite the HTML members in place; return page -> render times and the links dropped (``page -> target``)."""
    names = set(members) | pdf_names | {MANIFEST}
    times, dropped = {}, []
    for name in sorted(members):
        if not name.endswith(".html"):
            continue
        text, shown = move_render_times(members[name].decode("utf-8"), TIME_NOTE)
        text, lost = rewrite_links(text, name, names)
        members[name] = text.encode("utf-8")
        if shown:
            times[name] = shown[0] if len(shown) == 1 else shown
        dropped += [f"{name} -> {target}" for target in lost]
    return times, dropped


def _print(members: dict[str, bytes], reports: list[PackedReport], work: Path) -> dict[str, bytes]:
    """The PDFs of the reports, printed from copies of the travelling pages whose local links are all removed
    (chromium would otherwise write this machine's file paths into the PDFs)."""
    pages = []
    for report in reports:
        html_name = f"{report.report_id}.html"
        text, _ = rewrite_links(members[html_name].decode("utf-8"), html_name, frozenset())
        source = work / "print" / html_name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(text, encoding="utf-8")
        pages.append((source, work / "pdf" / f"{report.report_id}.pdf"))
    pack_pdf.print_pdfs(pages, work / "profile")
    return {f"pdf/{pdf.name}": pdf.read_bytes() for _, pdf in pages}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """Write ``members`` (path -> bytes) to the zip ``path`` with fixed timestamps and modes, sorted; atomically."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in sorted(members):
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                archive.writestr(info, members[name], compresslevel=9)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_pack(output_dir: Path, data_dir: Path, reports: list[PackedReport], parameters: dict, *,
               now: str | None = None, print_pdfs: bool = True, destination: Path | None = None) -> PackResult:
    """Pack the published reports of ``output_dir`` into ``<output_dir>/ascc-mtr-review-<date>.zip``.

    Parameters
    ----------
    output_dir : Path
        A published output folder; each report of ``reports`` must have its HTML there.
    data_dir : Path
        The data folder the reports were rendered from (checksums go into the manifest).
    reports : list of PackedReport
        The reports to pack, in reading order.
    parameters : dict
        The run's parameters, recorded in the manifest.
    now : str, optional
        The pack's time (ISO 8601) for the render-time key; now when None.
    print_pdfs : bool
        False leaves PDFs out (the manifest says so); without chromium they are left out anyway.
    destination : Path, optional
        The folder the zip goes into; ``output_dir`` when None.

    Returns
    -------
    PackResult
    """
    from ascc_analysis.present.html_export import git_commit, now_iso, package_versions

    output_dir = Path(output_dir)
    members, entries = _collect(output_dir, reports)
    missing = pack_pdf.chromium_missing() if print_pdfs else "not asked for"
    pdf_names = set() if missing else {f"pdf/{r.report_id}.pdf" for r in reports}
    if "index.html" in members:
        listed = [(r.title, None if missing else f"pdf/{r.report_id}.pdf") for r in reports]
        members["index.html"] = add_pack_section(members["index.html"].decode("utf-8"), listed,
                                                 _contents_note(missing)).encode("utf-8")
    times, dropped = _travel(members, pdf_names)
    if missing:
        pdf_note = f"no PDFs in this pack: {missing}"
    else:
        with tempfile.TemporaryDirectory(prefix="ascc-pack-") as work:
            members.update(_print(members, reports, Path(work)))
        pdf_note = f"one PDF per report, printed with the print stylesheet by {_chromium_version()}"
        for entry in entries:
            entry["pdf"] = f"pdf/{entry['report_id']}.pdf"
    date = reporting_date_of(output_dir, [r.report_id for r in reports])
    versions = package_versions(PACK_PACKAGES)
    manifest = build_manifest(members, reporting_date=date, reports=entries, data_dir=data_dir,
                              parameters=parameters, pdfs=pdf_note, render_times={"pack": now or now_iso(), **times},
                              git_commit=git_commit(), packages=versions)
    path = write_zip(Path(destination or output_dir) / pack_name(date), {**members, MANIFEST: manifest_bytes(manifest)})
    return PackResult(path, len(members) + 1, "" if not missing else pdf_note, tuple(dropped))

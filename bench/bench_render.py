#!/usr/bin/env python
"""Benchmark ``run_all.py`` against a naive serial baseline (by hand: ``make bench``; not in CI).

In one invocation, on a copy of ``data/`` in a temporary folder (``outputs/`` is never
touched):

(a) cold: a full render into an empty output folder (validation gate included);
(b) no change: the same command again (target: under 1.5 s, no kernel);
(c) one Sectoral Body's workbook edited (one cell, with openpyxl), run with ``--data-dir``
    (target: re-renders exactly the reports whose declared inputs include that workbook);
naive: for each report, ``papermill`` then ``jupyter nbconvert --to html --no-input``,
serially, one process each (target for (a): at most 0.30 of it on 2 cores).

Reports whose template does not exist yet are skipped (and listed). Prints the median of
``--repeat`` runs of each and the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ascc_analysis.config import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT
from ascc_analysis.data.registry import all_reports
from ascc_analysis.pipeline.fingerprint import resolve_inputs

ROOT = PROJECT_ROOT
from ascc_analysis.pipeline.render import KERNEL_NAME  # noqa: E402
from ascc_analysis.pipeline.selection import selection_flags  # noqa: E402

BIN = Path(sys.executable).parent
EDITED = "raw/tool1/SOMHD.xlsx"
"""The workbook (c) edits, relative to the data folder."""


def parse_args(argv=None) -> argparse.Namespace:
    """The benchmark's options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement (median reported)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for run_all.py (default: its own)")
    parser.add_argument("--skip-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    return parser.parse_args(argv)


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command; return (wall seconds, completed process). Fails loudly on a non-zero exit."""
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False, **kwargs)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stdout}\n{process.stderr}")
    return seconds, process


def run_all(data: Path, out: Path, flags: list[str], jobs: int | None) -> tuple[float, str]:
    """Time one ``run_all.py`` invocation; return (seconds, its stdout)."""
    command = [sys.executable, str(ROOT / "run_all.py"), "--data-dir", str(data), "--output-dir", str(out), *flags]
    seconds, process = timed(command + (["--jobs", str(jobs)] if jobs else []))
    return seconds, process.stdout


def rendered(stdout: str) -> set[str]:
    """Report ids with status ``ok`` in run_all's closing table (not its progress lines)."""
    rows = [line.split() for line in stdout.splitlines() if line[:1] not in ("[", " ", "")]
    return {row[0] for row in rows if len(row) > 2 and row[1] == "ok"}


def naive(reports, data: Path, work: Path) -> float:
    """papermill then nbconvert, one process each, report after report; total seconds."""
    started = time.perf_counter()
    for report in reports:
        notebook = work / f"{report.report_id}.ipynb"
        values = {"data_dir": str(data), "output_dir": str(work), **report.parameters}
        parameters = [part for key, value in values.items() for part in ("-p", key, str(value))]
        timed([str(BIN / "papermill"), str(report.template), str(notebook), *parameters, "-k", KERNEL_NAME,
               "--cwd", str(NOTEBOOKS_DIR), "--no-progress-bar"])
        timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(notebook)])
    return time.perf_counter() - started


def edit_workbook(path: Path, text: str) -> None:
    """Change one Comments cell of a Tool 1 workbook (the first activity row)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header = next(row for row in sheet.iter_rows(min_row=1, max_row=30) if any(c.value == "Comments" for c in row))
    column = next(cell.column for cell in header if cell.value == "Comments")
    sheet.cell(row=header[0].row + 1, column=column, value=text)
    workbook.save(path)


def readers_of(reports, data: Path, relative: str) -> set[str]:
    """Report ids whose declared inputs include ``relative``."""
    return {r.report_id for r in reports if relative in resolve_inputs(r.inputs, data)}


def measure(args, reports, flags, tmp: Path) -> dict[str, list[float]]:
    """Run (a), (b), (c) and the naive baseline ``args.repeat`` times each."""
    times = {"cold": [], "no change": [], "one workbook": [], "naive": []}
    data = tmp / "data"
    expected = readers_of(reports, data, EDITED)
    for attempt in range(args.repeat):
        out = tmp / f"out-{attempt}"
        seconds, _ = run_all(data, out, flags, args.jobs)
        times["cold"].append(seconds)
        seconds, stdout = run_all(data, out, flags, args.jobs)
        times["no change"].append(seconds)
        assert not rendered(stdout), f"a no-change run rendered {sorted(rendered(stdout))}"
        edit_workbook(data / EDITED, f"bench edit {attempt}")
        seconds, stdout = run_all(data, out, flags, args.jobs)
        times["one workbook"].append(seconds)
        print(f"  (c) rendered {sorted(rendered(stdout))}; expected {sorted(expected)}: "
              f"{'exact' if rendered(stdout) == expected else 'NOT EXACT'}")
        if not args.skip_naive:
            work = tmp / f"naive-{attempt}"
            work.mkdir()
            times["naive"].append(naive(reports, data, work))
    return times


def report_times(times: dict[str, list[float]], count: int) -> None:
    """Print medians and the ratios against the targets."""
    median = {name: statistics.median(values) for name, values in times.items() if values}
    for name, value in median.items():
        print(f"  {name:<13} {value:8.2f} s  (runs: {', '.join(f'{v:.2f}' for v in times[name])})")
    if "naive" in median:
        ratio = median["cold"] / median["naive"]
        print(f"  (a) cold / naive = {ratio:.2f} (target <= 0.30; {count} reports)")
    print(f"  (b) no change = {median['no change']:.2f} s (target < 1.5 s)")


def main(argv=None) -> int:
    """Run the benchmark; see the module docstring."""
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="ascc-bench-"))
    try:
        shutil.copytree(DATA_DIR, tmp / "data")
        registry = all_reports()
        reports = [r for r in registry if Path(r.template).is_file()]
        missing = sorted({Path(r.template).name for r in registry if not Path(r.template).is_file()})
        if missing:
            print(f"Skipping {len(registry) - len(reports)} reports whose template does not exist yet: "
                  f"{', '.join(missing)}")
        flags = selection_flags(reports) if missing else []
        print(f"Benchmarking {len(reports)} reports ({', '.join(r.report_id for r in reports)}), "
              f"{args.repeat} run(s) each, in {tmp}")
        report_times(measure(args, reports, flags, tmp), len(reports))
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

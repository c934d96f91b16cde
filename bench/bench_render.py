#!/usr/bin/env python
"""Benchmark ``run_all.py`` against its peers (by hand: ``make bench``; not in CI).

In one invocation, each tool on its own fresh copy of ``data/`` in a temporary folder
(``outputs/`` is never touched), in interleaved rounds (the order rotates each round):

naive
    for each report, the ``papermill`` CLI then ``jupyter nbconvert --to html --no-input``,
    serially, one process each.
jupyter-cache
    its ``local-parallel`` executor over the reports' notebooks (parameterised by papermill
    without executing, not timed), then an in-process HTML export; installed into a
    throwaway environment (``bench/.cache/``) when missing (``bench/peers.py``). Then its own
    no-op (execute again) and, after the workbook edit below, whether it re-executes anything.
run_all
    ``run_all.py --force`` into an empty output folder (cold: validation gate included, any
    cache folder named by ``--cache-env`` pointed at an empty folder); the same command again
    without ``--force`` (no-op); then one cell of ``raw/tool1/SOMHD.xlsx`` edited with openpyxl
    and the command again (one-workbook edit: which reports re-render, against the register's
    readers, the reports whose declared inputs include that workbook).

Prints a table (median cold seconds of the rounds, ratio to naive, no-op seconds, fresh kernel
per report, data-aware cache) and whether each of issue 15's targets is met: cold at most
0.15 x naive and faster than jupyter-cache; no-op at most 0.25 s; the one-workbook edit
re-renders only (and all of) the register's readers. ``--quick`` checks that the bench works
(3 reports, one round): its figures say nothing about the targets. ``--committed`` benches the
committed tree from a temporary copy, so that edits made to the working tree while it runs
(which change the reports' fingerprints) do not count.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import peers

from ascc_analysis.config import DATA_DIR, PROJECT_ROOT
from ascc_analysis.data.registry import all_reports
from ascc_analysis.pipeline.fingerprint import resolve_inputs
from ascc_analysis.pipeline.selection import selection_flags

EDITED = "raw/tool1/SOMHD.xlsx"
"""The workbook the one-workbook edit changes, relative to the data folder."""
QUICK = ("regional", "characteristic-A", "national-VNM")
"""The reports of ``--quick``: two readers of the register and one report that does not read it."""
CACHE_ENV = ("ASCC_GATE_CACHE", "XDG_CACHE_HOME")
"""Environment variables pointed at an empty folder for run_all's cold run (``--cache-env`` adds more).

``ASCC_GATE_CACHE`` holds the gate's verdicts shared by every output folder (reused even with
``--force``). The tidy-table cache (``scratch/table-cache``) needs nothing: its key includes the
data folder's path, and every tool gets a new copy of the data each round.
"""
TARGET_COLD_RATIO = 0.15
TARGET_NO_OP = 0.25
TOOLS = ("naive", "jupyter-cache", "run_all")


def parse_args(argv=None) -> argparse.Namespace:
    """The benchmark's options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", "--repeat", type=int, default=None,
                        help="interleaved rounds, medians reported (default 2; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"check the bench works: {', '.join(QUICK)} only, one round")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for run_all.py (default: its own)")
    parser.add_argument("--skip-naive", action="store_true", help="skip the naive loop (no ratios)")
    parser.add_argument("--skip-jupyter-cache", action="store_true", help="skip jupyter-cache")
    parser.add_argument("--cache-env", action="append", default=[], metavar="NAME",
                        help="an environment variable naming a cache folder of run_all.py, pointed at an empty "
                             f"folder for its cold run (repeatable; always: {', '.join(CACHE_ENV)})")
    parser.add_argument("--uv", default=None, help="how to call uv to make the jupyter-cache environment "
                                                   "(default: uv on PATH, else 'python3 -m uv')")
    parser.add_argument("--committed", action="store_true",
                        help="bench the committed tree (git archive HEAD, run from a temporary folder) instead of "
                             "the working tree, so that edits made while it runs change nothing")
    parser.add_argument("--peer-env", type=Path, default=peers.PEER_ENV,
                        help="the jupyter-cache environment (default: bench/.cache/jupyter-cache-venv)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 1 if args.quick else 2
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


@dataclass
class Results:
    """What the rounds measured, per tool."""

    cold: dict[str, list[float]] = field(default_factory=lambda: {tool: [] for tool in TOOLS})
    no_op: dict[str, list[float]] = field(default_factory=lambda: {"jupyter-cache": [], "run_all": []})
    edit: list[float] = field(default_factory=list)
    no_op_rendered: list[dict[str, str]] = field(default_factory=list)
    edit_rendered: list[dict[str, str]] = field(default_factory=list)
    edit_jupyter_cache: list[int] = field(default_factory=list)
    prepare: list[float] = field(default_factory=list)


def run_all(data: Path, out: Path, flags: list[str], jobs: int | None, env: dict) -> tuple[float, str]:
    """Time one ``run_all.py`` invocation; return (seconds, its stdout)."""
    command = [sys.executable, str(PROJECT_ROOT / "run_all.py"), "--data-dir", str(data), "--output-dir", str(out),
               *flags, *(["--jobs", str(jobs)] if jobs else [])]
    seconds, process = peers.timed(command, env=env)
    return seconds, process.stdout


def rendered(stdout: str) -> dict[str, str]:
    """Report id -> why it ran, for each report with status ``ok`` in run_all's closing table."""
    rows = [line.split(maxsplit=3) for line in stdout.splitlines() if line[:1] not in ("[", " ", "")]
    return {row[0]: row[3] if len(row) > 3 else "" for row in rows if len(row) > 2 and row[1] == "ok"}


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


def fresh_data(folder: Path) -> Path:
    """A new copy of ``data/`` in ``folder``; its path."""
    folder.mkdir(parents=True)
    return Path(shutil.copytree(DATA_DIR, folder / "data"))


def round_naive(args, reports, folder: Path, results: Results) -> None:
    """One cold run of the naive loop."""
    data = fresh_data(folder)
    results.cold["naive"].append(peers.naive(reports, data, folder / "work"))


def round_jupyter_cache(args, reports, folder: Path, results: Results, python: Path) -> None:
    """jupyter-cache cold (execute + export), its no-op, and its run after the workbook edit."""
    data = fresh_data(folder)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat's MissingIDFieldWarning on the templates' cells
        notebooks = peers.prepare_notebooks(reports, data, folder / "notebooks")
    results.prepare.append(time.perf_counter() - started)
    cache, out = folder / "cache", folder / "html"
    seconds, summary = peers.jupyter_cache(python, cache, out, notebooks)
    if summary["executed"] != len(reports) or summary.get("exported") != len(reports):
        sys.exit(f"jupyter-cache executed {summary['executed']} and exported {summary.get('exported')} "
                 f"of {len(reports)} notebooks: {summary}")
    results.cold["jupyter-cache"].append(seconds)
    seconds, _ = peers.jupyter_cache(python, cache, out, notebooks, export=False)
    results.no_op["jupyter-cache"].append(seconds)
    edit_workbook(data / EDITED, "bench edit")
    _, summary = peers.jupyter_cache(python, cache, out, notebooks, export=False)
    results.edit_jupyter_cache.append(summary["executed"])


def round_run_all(args, reports, folder: Path, results: Results, flags: list[str]) -> None:
    """run_all cold (--force, empty output and cache folders), no-op, and after the workbook edit."""
    data = fresh_data(folder)
    cache = folder / "cache"
    cache.mkdir()
    env = dict(os.environ, MPLCONFIGDIR=matplotlib_dir())
    env.update({name: str(cache) for name in (*CACHE_ENV, *args.cache_env)})
    out = folder / "out"
    seconds, stdout = run_all(data, out, [*flags, "--force"], args.jobs, env)
    if set(rendered(stdout)) != {r.report_id for r in reports}:
        sys.exit(f"run_all's cold run rendered {sorted(rendered(stdout))}:\n{stdout}")
    results.cold["run_all"].append(seconds)
    seconds, stdout = run_all(data, out, flags, args.jobs, env)
    results.no_op["run_all"].append(seconds)
    results.no_op_rendered.append(rendered(stdout))
    edit_workbook(data / EDITED, "bench edit")
    seconds, stdout = run_all(data, out, flags, args.jobs, env)
    results.edit.append(seconds)
    results.edit_rendered.append(rendered(stdout))


def matplotlib_dir() -> str:
    """matplotlib's folder as the user has it (its font cache is warm for every tool, not rebuilt in the cold run).

    Named explicitly because the cold run points ``XDG_CACHE_HOME``, where matplotlib would
    otherwise look, at an empty folder.
    """
    if os.environ.get("MPLCONFIGDIR"):
        return os.environ["MPLCONFIGDIR"]
    import matplotlib

    return matplotlib.get_cachedir()


def measure(args, reports, flags, tmp: Path) -> Results:
    """``args.rounds`` rounds; each runs every tool once, the order rotated by one each round."""
    results = Results()
    tools = [tool for tool in TOOLS if not (tool == "naive" and args.skip_naive)
             and not (tool == "jupyter-cache" and args.skip_jupyter_cache)]
    python = None if args.skip_jupyter_cache else peers.ensure_peer_env(args.peer_env, uv=args.uv)
    for number in range(args.rounds):
        order = tools[number % len(tools):] + tools[:number % len(tools)]
        for tool in order:
            print(f"  round {number + 1}/{args.rounds}: {tool} ...", flush=True)
            folder = tmp / f"round-{number + 1}" / tool
            started = time.perf_counter()
            if tool == "naive":
                round_naive(args, reports, folder, results)
            elif tool == "jupyter-cache":
                round_jupyter_cache(args, reports, folder, results, python)
            else:
                round_run_all(args, reports, folder, results, flags)
            print(f"    done in {time.perf_counter() - started:.1f} s (cold {results.cold[tool][-1]:.1f} s)",
                  flush=True)
            shutil.rmtree(folder / "data", ignore_errors=True)
    return results


def seconds_text(values: list[float], digits: int = 1) -> str:
    """``43.5 (41.2, 45.8)``: the median and, when more than one, the runs."""
    median = f"{statistics.median(values):.{digits}f}"
    return median if len(values) == 1 else f"{median} ({', '.join(f'{v:.{digits}f}' for v in values)})"


def table(results: Results, reports, readers: set[str]) -> list[str]:
    """The comparison table's rows, Markdown (tool, cold s, x naive, no-op s, fresh kernel, data-aware cache)."""
    median = {tool: statistics.median(values) for tool, values in results.cold.items() if values}
    lines = ["| tool | cold s | x naive | no-op s | fresh kernel per report | data-aware cache |",
             "|---|---|---|---|---|---|"]
    for tool in TOOLS:
        if tool in median:
            name, no_op, kernel, aware = row(tool, results, len(reports), readers)
            ratio = f"{median[tool] / median['naive']:.2f}" if "naive" in median else "—"
            lines.append(f"| {name} | {seconds_text(results.cold[tool])} | {ratio} | {no_op} | {kernel} | {aware} |")
    return lines


def row(tool: str, results: Results, count: int, readers: set[str]) -> tuple[str, str, str, str]:
    """One tool's name, no-op seconds, whether each report gets a fresh kernel, and whether its cache sees data."""
    if tool == "naive":
        return ("naive: `papermill` CLI + `jupyter nbconvert --to html --no-input`, serial",
                "—", "yes (a papermill process and kernel each)", "no cache: re-runs everything")
    if tool == "jupyter-cache":
        after = results.edit_jupyter_cache
        return ("jupyter-cache 1.0.1 `local-parallel` + one in-process nbconvert export",
                seconds_text(results.no_op[tool], 2), "yes (nbclient starts one per notebook)",
                f"{'yes' if any(after) else 'no'}: the workbook edit re-executed "
                f"{'/'.join(map(str, sorted(set(after))))} of {count}")
    exact = all(set(done) == readers for done in results.edit_rendered)
    counts = "/".join(str(n) for n in sorted({len(done) for done in results.edit_rendered}))
    return ("this project, `run_all.py --force`", seconds_text(results.no_op[tool], 2), "yes (one kernel per report)",
            f"{'yes' if exact else 'NOT EXACT'}: the workbook edit re-rendered {counts} of {count} "
            f"(its readers: {len(readers)})")


def targets(results: Results, readers: set[str]) -> list[str]:
    """Issue 15's targets, each ``met`` or ``MISSED`` with the figures."""
    median = {tool: statistics.median(values) for tool, values in results.cold.items() if values}
    cold, no_op = median["run_all"], statistics.median(results.no_op["run_all"])
    lines = []
    if "naive" in median:
        ratio = cold / median["naive"]
        verdict = "met" if ratio <= TARGET_COLD_RATIO else f"MISSED by {ratio - TARGET_COLD_RATIO:.2f} x naive " \
                  f"({cold - TARGET_COLD_RATIO * median['naive']:.1f} s)"
        lines.append(f"cold <= {TARGET_COLD_RATIO} x naive: {ratio:.2f} x ({cold:.1f} / {median['naive']:.1f} s): "
                     f"{verdict}")
    if "jupyter-cache" in median:
        peer = median["jupyter-cache"]
        verdict = "met" if cold < peer else f"MISSED by {cold - peer:.1f} s ({cold / peer:.2f} x jupyter-cache)"
        lines.append(f"cold faster than jupyter-cache: {cold:.1f} s against {peer:.1f} s: {verdict}")
    verdict = "met" if no_op <= TARGET_NO_OP else f"MISSED by {no_op - TARGET_NO_OP:.2f} s"
    if any(results.no_op_rendered):
        verdict = "MISSED (not a no-op)"
    lines.append(f"no-op <= {TARGET_NO_OP} s: {seconds_text(results.no_op['run_all'], 2)} s: {verdict}"
                 + unexpected(results.no_op_rendered, set(), "the no-op"))
    wrong = [set(done) for done in results.edit_rendered if set(done) != readers]
    lacking = sorted(readers - set.intersection(*wrong)) if wrong else []
    verdict = "met" if not wrong else "MISSED" + (f": not re-rendered {lacking}" if lacking else "")
    lines.append(f"one-workbook edit ({EDITED}) re-renders only the register's {len(readers)} readers "
                 f"in {seconds_text(results.edit)} s: {verdict}" + unexpected(results.edit_rendered, readers, "it"))
    return lines


def unexpected(runs: list[dict[str, str]], expected: set[str], what: str) -> str:
    """``; NOT A NO-OP: the no-op rendered ... (why ...)`` for reports rendered beyond ``expected``, else ``""``."""
    extra = {report: why for done in runs for report, why in done.items() if report not in expected}
    if not extra:
        return ""
    whys = "; ".join(sorted(set(extra.values())))
    return (f"; but {what} also rendered {len(extra)} other report(s) {sorted(extra)}, because: {whys} "
            "(source edited while the bench ran?)")


def machine() -> str:
    """Date, cores, Python and the load average (the figures are wall times on a possibly shared machine)."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, load average {load}")


def run_committed(argv: list[str], peer_env: Path) -> int:
    """Run this bench from a copy of the committed tree (``git archive HEAD``); its exit status."""
    source = Path(tempfile.mkdtemp(prefix="ascc-bench-source-"))
    try:
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        print(f"Benching the committed tree ({commit}) from {source}", flush=True)
        # PYTHONPATH puts the copy's package before the editable install; workers and kernels inherit it.
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")])))
        rest = [arg for arg in argv if arg != "--committed"]
        command = [sys.executable, str(source / "bench" / "bench_render.py"), "--peer-env", str(peer_env), *rest]
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        shutil.rmtree(source, ignore_errors=True)


def main(argv=None) -> int:
    """Run the benchmark; see the module docstring."""
    args = parse_args(argv)
    if args.committed:
        return run_committed(sys.argv[1:] if argv is None else list(argv), args.peer_env.resolve())
    tmp = Path(tempfile.mkdtemp(prefix="ascc-bench-"))
    try:
        registry = all_reports()
        reports = [r for r in registry if Path(r.template).is_file() and (not args.quick or r.report_id in QUICK)]
        flags = selection_flags(reports) if len(reports) < len(registry) else []
        readers = readers_of(reports, DATA_DIR, EDITED)
        print(f"Benchmarking {len(reports)} reports, {args.rounds} round(s), in {tmp}\n  at start: {machine()}",
              flush=True)
        results = measure(args, reports, flags, tmp)
        print(f"\n  at end: {machine()}\n")
        print("\n".join(table(results, reports, readers)))
        if results.prepare:
            print(f"\n(jupyter-cache's input, the {len(reports)} notebooks parameterised by papermill without "
                  f"executing, took {seconds_text(results.prepare)} s more, not counted above.)")
        print(f"\nTargets{' (--quick: a subset of the reports, so not a verdict)' if args.quick else ''}:")
        print("\n".join(f"  {line}" for line in targets(results, readers)))
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Benchmark a Tool 1 register 100 times the shipped one beside the shipped one (run by hand, not in CI).

Builds, in a temporary folder, two data folders: a copy of ``data/`` and the same with every
Tool 1 workbook's activity rows repeated ``--scale`` times under new activity codes
(``<code>-R001`` ...; about 97,700 activities for 100), never committed. On each it measures,
with ``run_all.py`` as a user runs it:

- the gate alone: ``run_all.py --validate-only --force --data-dir D`` (wall seconds, the CPU
  seconds of its processes, which a machine shared with other work inflates less, and the
  peak memory of that process);
- a full render of every report: ``run_all.py --force --data-dir D --output-dir O`` (wall
  seconds), sampling the process tree with psutil: the peak memory of each render worker
  together with the Jupyter kernel it runs, and of the orchestrating process (which runs the
  gate); the largest single process's peak, exact, from ``getrusage`` of the children.

Prints the two side by side with the targets of issue "Real exports": gate at most 10 s on
the larger register, full render at most 3 times the shipped time, every worker under
1.5 GiB. Each command must succeed (exit 0), else the bench stops and shows its output.

Usage::

    nice .venv/bin/python bench/bench_scale.py [--scale 100] [--jobs N] [--skip-render] [--keep]
        [--root DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from ascc_analysis.config import DATA_DIR, PROJECT_ROOT, TOOL1_SUBDIR
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.data.tool1_cells import cell, is_blank, is_total_row, map_header
from ascc_analysis.data.tool1_files import first_table
from ascc_analysis.data.tool1_workbook import TOTAL_CELLS
from ascc_analysis.pipeline.gate import GATE_CACHE_ENV

GIB = 1024 ** 3
TARGETS = {"gate": 10.0, "render_ratio": 3.0, "worker_gib": 1.5}
"""Targets: gate seconds on the larger register, render time against the shipped one, worker peak (GiB)."""

SAMPLE_SECONDS = 0.1
"""How often the process tree is sampled for memory."""


def scale_workbooks(source: Path, target: Path, factor: int) -> int:
    """Copy each workbook of ``source`` into ``target`` with its activity rows repeated ``factor`` times.

    Each workbook is opened and saved with openpyxl, as Excel would keep it (shared
    strings, the sheet's dimension, its formatting and drop-down lists): its header block and
    header row stay, repeat ``k`` > 0 of the activity rows renames their codes
    ``<code>-R<k>`` and numbers the rows on; blank and total rows are left out.

    Returns
    -------
    int
        The activity rows written in all.
    """
    aliases = load_taxonomy().column_aliases
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in sorted(source.glob("*.xlsx")):
        title, rows, header = first_table(path, aliases)
        columns, _, _ = map_header(rows[header], aliases)
        code, number = columns["activity_code"], columns.get("row_number")
        activities = [list(row) for row in rows[header + 1:] if not is_blank(cell(row, code))
                      and not is_total_row(*(cell(row, columns[c]) if c in columns else None for c in TOTAL_CELLS))]
        book = load_workbook(path)
        sheet = book[title]
        sheet.delete_rows(header + 2, sheet.max_row)
        for repeat in range(factor):
            for row in activities:
                copy = list(row)
                copy[code] = f"{row[code]}-R{repeat:03d}" if repeat else row[code]
                written += 1
                if number is not None:
                    copy[number] = written
                sheet.append(copy)
        book.save(target / path.name)
    return written


def make_data_dirs(root: Path, factor: int) -> dict[str, tuple[Path, int]]:
    """``{"shipped": (data folder, activities), "x<factor>": (...)}``: a copy of ``data/`` and its scaled twin."""
    shipped, scaled = root / "shipped" / "data", root / f"x{factor}" / "data"
    if (scaled / ".complete").is_file() and shipped.is_dir():
        print(f"reusing the data folders of {root}", flush=True)
        return {"shipped": (shipped, _count(shipped)), f"x{factor}": (scaled, _count(scaled))}
    shutil.rmtree(root / "shipped", ignore_errors=True)
    shutil.rmtree(root / f"x{factor}", ignore_errors=True)
    shutil.copytree(DATA_DIR, shipped)
    shutil.copytree(DATA_DIR, scaled, ignore=lambda folder, names: [n for n in names if n.endswith(".xlsx")])
    started = time.perf_counter()
    activities = scale_workbooks(DATA_DIR / TOOL1_SUBDIR, scaled / TOOL1_SUBDIR, factor)
    (scaled / ".complete").write_text("")
    print(f"wrote the x{factor} register ({activities:,} activities) in {time.perf_counter() - started:.0f} s",
          flush=True)
    return {"shipped": (shipped, _count(shipped)), f"x{factor}": (scaled, activities)}


def _count(data_dir: Path) -> int:
    """Activity rows of a data folder's register (ingested)."""
    from ascc_analysis.data.tool1 import ingest_tool1

    return len(ingest_tool1(data_dir).activities)


@dataclass
class Tree:
    """Peak resident memory of every process below a root, sampled, with each process's parent and command."""

    root: int
    peaks: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)

    def sample(self) -> None:
        import psutil

        try:
            processes = [psutil.Process(self.root), *psutil.Process(self.root).children(recursive=True)]
        except psutil.Error:
            return
        rss = {}
        for process in processes:
            try:
                rss[process.pid] = process.memory_info().rss
                if process.pid not in self.parents:
                    self.parents[process.pid] = process.ppid()
                    self.kinds[process.pid] = _kind(process.cmdline(), process.pid == self.root)
            except psutil.Error:
                continue
            self.peaks[process.pid] = max(self.peaks.get(process.pid, 0), rss[process.pid])
        for pid in rss:
            # A warm kernel is forked by its worker's fork server and keeps the server's command line.
            if self.kinds.get(self.parents.get(pid)) == "forkserver":
                self.kinds[pid] = "kernel"
        for pid, kind in self.kinds.items():
            if kind == "worker" and pid in rss:
                # Every process below the worker (its fork server and kernels); resident sizes are added, so pages
                # the forked kernels share with their server count twice: an upper bound.
                together = rss[pid] + sum(r for child, r in rss.items() if self._below(child, pid))
                self.pairs[pid] = max(self.pairs.get(pid, 0), together)

    def _below(self, pid: int, ancestor: int) -> bool:
        seen = set()
        while pid in self.parents and pid not in seen:
            seen.add(pid)
            pid = self.parents[pid]
            if pid == ancestor:
                return True
        return False

    def peak(self, kind: str) -> int:
        """The largest peak of the processes of ``kind`` (``orchestrator``, ``worker``, ``kernel``)."""
        return max((peak for pid, peak in self.peaks.items() if self.kinds.get(pid) == kind), default=0)


def _kind(cmdline: list[str], is_root: bool) -> str:
    text = " ".join(cmdline)
    if is_root:
        return "orchestrator"
    if "ascc_analysis.pipeline.render" in text:
        return "worker"
    if "ascc_analysis.pipeline.forkserver" in text:
        return "forkserver"
    return "kernel" if "ipykernel" in text else "other"


@dataclass
class Run:
    """One timed command: wall seconds, sampled process tree, exact peak of its largest process, its output."""

    seconds: float
    tree: Tree
    max_single: int
    output: str
    cpu: float = 0.0


def run(command: list[str], gate_cache: Path | None = None) -> Run:
    """Run ``command`` from the project root, sampling its process tree; stop the bench if it fails.

    The command is reaped with ``os.wait4``, whose ``ru_maxrss`` is the peak of the largest
    process of its tree (the command or a descendant it waited for), exactly. ``gate_cache``
    (a fresh folder) keeps the gate from reusing a verdict an earlier run kept: a cold run.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env=os.environ | {"GX_ANALYTICS_ENABLED": "false"}
                                   | ({GATE_CACHE_ENV: str(gate_cache)} if gate_cache else {}))
        tree = Tree(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree.sample()
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-4000:]}")
    return Run(seconds, tree, usage.ru_maxrss * 1024, output, usage.ru_utime + usage.ru_stime)


def run_all(*arguments: str) -> list[str]:
    return [sys.executable, str(PROJECT_ROOT / "run_all.py"), *arguments]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="register size factor (default 100)")
    parser.add_argument("--jobs", type=int, help="--jobs of run_all.py (default: its own, the number of cores)")
    parser.add_argument("--skip-render", action="store_true", help="measure the gate only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    parser.add_argument("--root", type=Path, help="work in this folder, kept: its data folders are made once and "
                                                  "reused by the next runs given the same --root")
    parser.add_argument("--repeat", type=int, default=1, help="gate runs on each register; the fastest is shown")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    root = Path(args.root) if args.root else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    try:
        folders = make_data_dirs(root, args.scale)
        gates, renders = {}, {}
        for name, (data_dir, _) in folders.items():
            for _attempt in range(args.repeat):
                gate = run(run_all("--validate-only", "--force", "--data-dir", str(data_dir),
                                   "--output-dir", str(root / name / "gate-out")), _fresh(root / name / "gate-cache"))
                print(f"{name}: gate {gate.seconds:.1f} s (CPU {gate.cpu:.1f} s)", flush=True)
                gates[name] = min(gates.get(name, gate), gate, key=lambda measured: measured.seconds)
            if not args.skip_render:
                renders[name] = run(run_all("--force", "--data-dir", str(data_dir), "--output-dir",
                                            str(root / name / "out"), *jobs), _fresh(root / name / "gate-cache"))
                print(f"{name}: full render {renders[name].seconds:.1f} s", flush=True)
        print_table(folders, gates, renders, args.scale)
    finally:
        if args.keep or args.root:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def _gib(size: int) -> str:
    return f"{size / GIB:.2f} GiB"


def print_table(folders: dict, gates: dict, renders: dict, scale: int) -> None:
    """The measurements side by side, each with its target and whether it is met."""
    big = f"x{scale}"
    names = list(folders)
    rows = [("activities", *(f"{folders[n][1]:,}" for n in names), ""),
            ("gate: run_all.py --validate-only --force", *(f"{gates[n].seconds:.1f} s" for n in names),
             _verdict(gates[big].seconds <= TARGETS["gate"], f"<= {TARGETS['gate']:g} s on {big}")),
            ("  CPU seconds of the gate (its processes, user + system)", *(f"{gates[n].cpu:.1f} s" for n in names),
             "wall time is CPU time when the cores are free"),
            ("  peak memory of the gate's process", *(_gib(gates[n].max_single) for n in names), "")]
    if renders:
        ratio = renders[big].seconds / renders["shipped"].seconds
        worker = {n: max(renders[n].tree.pairs.values(), default=0) for n in names}
        rows += [("full render, every report (--force)", *(f"{renders[n].seconds:.1f} s" for n in names),
                  _verdict(ratio <= TARGETS["render_ratio"], f"<= {TARGETS['render_ratio']:g}x shipped "
                           f"(here {ratio:.2f}x)")),
                 ("  peak of a worker with its kernel (sampled)", *(_gib(worker[n]) for n in names),
                  _verdict(worker[big] < TARGETS["worker_gib"] * GIB, f"< {TARGETS['worker_gib']:g} GiB")),
                 ("  peak of a kernel alone (sampled)", *(_gib(renders[n].tree.peak("kernel")) for n in names), ""),
                 ("  peak of the orchestrator, gate included (sampled)",
                  *(_gib(renders[n].tree.peak("orchestrator")) for n in names), ""),
                 ("  largest single process (exact, wait4)", *(_gib(renders[n].max_single) for n in names), "")]
    header = ("measurement", *names, "target")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
    load = os.getloadavg()
    print(f"{datetime.date.today().isoformat()}, {platform.node()}: {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


def _verdict(met: bool, target: str) -> str:
    return f"{target}: {'met' if met else 'MISSED'}"


if __name__ == "__main__":
    sys.exit(main())

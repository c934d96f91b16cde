"""Command line: build, write, recount and print the calibration summary."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ascc_analysis.config import DataPaths
from ascc_analysis.data.taxonomy import load_taxonomy

from .build import Register, build_register
from .judgement import SEED
from .recount import Check, calibration_checks, read_register
from .targets import load_targets
from .workbooks import write_workbooks

DESCRIPTION = "Generate the reconstructed M&E Tool 1 register: one workbook per Sectoral Body."


def generate(out_dir: str | Path, seed: int = SEED, data_dir: str | Path | None = None
             ) -> tuple[Register, list[Check]]:
    """Build, write, read back and check the register.

    Parameters
    ----------
    out_dir : str or Path
        Folder the workbooks are written to.
    seed : int
        Seed of the construction.
    data_dir : str or Path, optional
        Data folder with taxonomy and reference files.

    Returns
    -------
    Register
        The register as built.
    list of Check
        The calibration checks recounted from the written files.
    """
    register = build_register(seed, data_dir)
    write_workbooks(register, out_dir, seed, data_dir)
    tax = load_taxonomy(data_dir)
    targets = load_targets(DataPaths.of(data_dir), tax)
    return register, calibration_checks(read_register(out_dir, tax), targets, tax)


def design_notes(register: Register) -> list[str]:
    """Facts of the design worth printing: exclusions, body sizes, search effort.

    Parameters
    ----------
    register : Register
        The register as built.

    Returns
    -------
    list of str
        Indented summary lines.
    """
    chars = list(next(iter(register.matrix.values())))
    lines = [f"  no activities linked to {c}: " + ", ".join(b for b, row in register.matrix.items() if row[c] == 0)
             for c in chars if any(row[c] == 0 for row in register.matrix.values())]
    lines.append("  assessed activities per body: " + ", ".join(f"{b} {n}" for b, n in register.sizes.items()))
    lines.append(f"  local search: {register.search_steps} steps; strategic-measure repairs: {register.repairs}")
    return lines


def _summary(checks: list[Check], out_dir: Path, seconds: float, notes: list[str]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"Reconstructed Tool 1 register -> {out_dir} ({seconds:.1f} s)"] + notes
    lines += [f"  {'ok ' if c.ok else 'MISS'} {c.name:<{width}}  target {c.expected}  got {c.achieved}" for c in checks]
    missed = sum(not c.ok for c in checks)
    lines.append(f"{len(checks) - missed}/{len(checks)} checks met" + ("" if not missed else f"; {missed} MISSED"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m scripts.tool1_register [--out DIR]``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when every target is met, 1 when any is missed.
    """
    parser = argparse.ArgumentParser(prog="python -m scripts.tool1_register", description=DESCRIPTION)
    parser.add_argument("--out", type=Path, default=DataPaths.of().tool1_dir,
                        help="folder for the workbooks (default: data/raw/tool1/)")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    register, checks = generate(args.out, args.seed)
    print(_summary(checks, args.out, time.perf_counter() - started, design_notes(register)))
    return 0 if all(c.ok for c in checks) else 1


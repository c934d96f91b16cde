"""Run the construction stages in order and hold the register they produce."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ascc_analysis.config import DataPaths
from ascc_analysis.data.taxonomy import load_taxonomy

from .design import Activity, body_sizes, design_matrix, make_activities
from .fields import fill_fields, withdrawn_activities
from .judgement import SEED
from .references import Codes, assign_references, repair_measures
from .search import Search
from .targets import load_targets


@dataclass
class Register:
    """The generated register and the design it was built from."""

    activities: list[Activity]
    matrix: dict[str, dict[str, int]]
    sizes: dict[str, int]
    search_steps: int
    repairs: int
    reporting_date: date


def build_register(seed: int = SEED, data_dir: str | Path | None = None) -> Register:
    """Build the reconstructed register in memory.

    Parameters
    ----------
    seed : int
        Seed of the single random generator.
    data_dir : str or Path, optional
        Data folder holding the taxonomy and reference files (the shipped ``data/``).

    Returns
    -------
    Register
        All activities (assessed and withdrawn) with every field filled.
    """
    rng = random.Random(seed)
    paths = DataPaths.of(data_dir)
    tax = load_taxonomy(data_dir)
    targets = load_targets(paths, tax)
    codes = tax.characteristic_codes
    bodies = tax.implementing_bodies
    matrix = design_matrix(targets, bodies)
    sizes = body_sizes(matrix, targets.assessed)
    acts = make_activities(rng, matrix, sizes, codes)
    search = Search(rng, acts, targets, codes)
    steps = search.run()
    search.apply()
    withdrawn = withdrawn_activities(rng, matrix, sizes, targets.withdrawn, codes)
    lookup = Codes.of(tax)
    assign_references(rng, acts, lookup, codes, targets.d1_kra)
    assign_references(rng, withdrawn, lookup, codes, targets.d1_kra)
    repairs = sum(repair_measures(rng, acts, lookup) for _ in range(3))
    acts += withdrawn
    fill_fields(rng, acts, tax, lookup, targets.reporting_date.year)
    return Register(acts, matrix, sizes, steps, repairs, targets.reporting_date)

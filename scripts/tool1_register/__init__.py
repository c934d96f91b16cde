"""Generate the reconstructed M&E Tool 1 register: one workbook per Sectoral Body.

The ASEAN Secretariat's activity-level Tool 1 records are not public. This package makes a
deterministic stand-in whose aggregates reproduce the figures the Mid-Term Review (MTR)
prints: activity counts, statuses, activity-type shares and, per Characteristic, the
linked activities, implementation and completion rates, the largest Sectoral Bodies and
the most common activity types. Every target is read at run time from
``data/reference/mtr_published_figures.csv`` and ``mtr_activity_statements.csv``; the
package itself holds only judgement (which sector works on what), never a published number.

Construction, one module per stage
----------------------------------
1. ``targets``: counts are derived from printed shares ("the closest whole count whose share
   rounds to the printed value at its printed decimals").
2. ``design``: a body x Characteristic matrix (the named cells are exact, the rest is
   apportioned by sector affinity under the "strictly below the largest / second" caps) and
   activities per body with Characteristic memberships matching it.
3. ``search``: a seeded hill-climb over status swaps, type swaps and within-body membership
   moves until the status x Characteristic counts are exact and the common activity types
   rank as printed.
4. ``references`` and ``fields``: KRA and strategic-measure codes, then years, funding, codes,
   titles and notes; ``build`` runs stages 1-4 in order.
5. ``workbooks``: untidy workbooks written byte-reproducibly.
6. ``recount``: every target is re-counted from the written workbooks; ``cli`` exits non-zero
   on any miss.

``judgement`` holds the relative weights all stages draw on. Run
``python -m scripts.tool1_register [--out DIR]`` from the project root.
"""

from .build import Register, build_register
from .cli import generate, main
from .judgement import SEED
from .recount import Check, calibration_checks, read_register
from .targets import Targets, load_targets
from .workbooks import write_workbooks

__all__ = ["SEED", "Check", "Register", "Targets", "build_register", "calibration_checks", "generate",
           "load_targets", "main", "read_register", "write_workbooks"]

"""Where things live: the one place that knows the project's folder layout.

Everything else asks this module for a path. A user's own data folder (``--data-dir``)
may hold only a Tool 1 export; any part of the layout it lacks (taxonomy, alias tables,
reference files) is taken from the project's shipped ``data/`` folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
SCRATCH_DIR = PROJECT_ROOT / "scratch"
"""Where a template writes when it is run by hand with its defaults (git-ignored)."""

TOOL1_SUBDIR = Path("raw") / "tool1"
TOOL1_READ_SUFFIXES = (".xlsx", ".csv")
"""File types read from the Tool 1 folder (a workbook, or a CSV export of its sheet); others are skipped or refused."""
TAXONOMY_SUBDIR = Path("taxonomy")
REFERENCE_SUBDIR = Path("reference")
PUBLISHED_FIGURES_FILE = REFERENCE_SUBDIR / "mtr_published_figures.csv"
KRAS_FILE = REFERENCE_SUBDIR / "blueprint_kras.csv"
SECTORAL_BODIES_FILE = REFERENCE_SUBDIR / "sectoral_bodies.csv"
"""The two reference tables of the taxonomy (besides ``taxonomy/``): KRAs and Sectoral Bodies."""

MIN_RANKED_AMS = 5
"""A Member State is ranked on a series only among at least this many AMS with data ("first of 4" says little)."""


@dataclass(frozen=True)
class DataPaths:
    """Resolve the files of one data folder.

    Parameters
    ----------
    data_dir : Path
        A folder laid out like the project's ``data/``, or a folder that holds only
        Tool 1 files (:data:`TOOL1_READ_SUFFIXES`) directly.
    """

    data_dir: Path

    @classmethod
    def of(cls, data_dir: str | Path | None = None) -> DataPaths:
        """Return the paths of ``data_dir`` (the shipped ``data/`` when None)."""
        return cls(Path(data_dir).resolve() if data_dir else DATA_DIR)

    @property
    def tool1_dir(self) -> Path:
        """Folder of Tool 1 workbooks: ``raw/tool1/`` or the data folder itself."""
        nested = self.data_dir / TOOL1_SUBDIR
        return nested if nested.is_dir() else self.data_dir

    def resolve(self, relative: str | Path) -> Path:
        """Return ``relative`` inside the data folder, else inside the shipped data."""
        own = self.data_dir / relative
        return own if own.exists() else DATA_DIR / relative

    @property
    def taxonomy_dir(self) -> Path:
        """Folder of the taxonomy tables and their alias tables."""
        return self.resolve(TAXONOMY_SUBDIR)

    @property
    def reference_dir(self) -> Path:
        """Folder of the reference files (published figures, public statistics)."""
        return self.resolve(REFERENCE_SUBDIR)

    @property
    def published_figures(self) -> Path:
        """The MTR's published figures, one row per figure id."""
        return self.resolve(PUBLISHED_FIGURES_FILE)

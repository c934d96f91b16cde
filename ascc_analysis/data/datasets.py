"""Every input a report reads, declared once: its files, loader, column dtypes and validation suite.

``DATASETS`` is the one list of the reports' inputs. The registry declares, per chapter,
the datasets its reports read (so the fingerprint hashes exactly their files); a template
loads them through ``report.load(name)``, which refuses any other; the validation gate
validates every table they give against its suite in ``expectations/``. Files resolve
through ``config.DataPaths``: what a user's data folder lacks comes from the shipped ``data/``.

Standard library only: the registry reads this table without importing pandas; a loader is
imported when it is called.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ascc_analysis.config import (
    KRAS_FILE,
    PUBLISHED_FIGURES_FILE,
    REFERENCE_SUBDIR,
    SECTORAL_BODIES_FILE,
    TAXONOMY_SUBDIR,
    TOOL1_READ_SUFFIXES,
    TOOL1_SUBDIR,
    DataPaths,
)
from ascc_analysis.data import schema


@dataclass(frozen=True)
class Table:
    """A tidy table that a dataset gives: its column contract and the suite that validates it.

    Attributes
    ----------
    dtypes : dict
        Column -> pandas dtype (a contract of ``schema``).
    suite : str
        The Great Expectations suite, ``expectations/<suite>.json``.
    """

    dtypes: dict
    suite: str


@dataclass(frozen=True)
class Dataset:
    """One input of the reports.

    Attributes
    ----------
    name : str
        What the registry and ``report.load`` call it.
    files : tuple of str
        Globs relative to the data folder (what the fingerprint hashes).
    tables : dict
        Table name -> :class:`Table`, the tidy tables the gate validates; a one-table
        dataset's table carries the dataset's name. Empty for the taxonomy, whose code
        lists fill the suites' placeholders instead.
    loader : str
        ``module:function`` of ``ascc_analysis.data``, called with the data folder; empty
        for a one-table CSV file, read with its dtypes by ``typed_csv.read_typed``.
    description : str
        What it holds, in words.
    """

    name: str
    files: tuple[str, ...]
    tables: dict = field(default_factory=dict)
    loader: str = ""
    description: str = ""

    @property
    def dtypes(self) -> dict[str, str]:
        """Column dtypes of a one-table dataset."""
        return self.tables[self.name].dtypes

    def path(self, data_dir: str | Path | None = None) -> Path:
        """The file of a one-file dataset in ``data_dir``, else the shipped one."""
        return DataPaths.of(data_dir).resolve(self.files[0])

    def load(self, data_dir: str | Path | None = None):
        """Load the dataset from a data folder (the shipped ``data/`` when None).

        Returns
        -------
        object
            A typed DataFrame for a CSV table, a ``Tool1Register`` or a ``Taxonomy``.
        """
        if not self.loader:
            from ascc_analysis.data.typed_csv import read_typed

            return read_typed(self.path(data_dir), self.dtypes)
        module, _, function = self.loader.partition(":")
        return getattr(importlib.import_module(f"ascc_analysis.data.{module}"), function)(data_dir)

    def frames(self, loaded) -> dict:
        """Table name -> frame of a loaded dataset: itself, or its attributes (a register's ``activities``)."""
        if list(self.tables) == [self.name]:
            return {self.name: loaded}
        return {name: getattr(loaded, name) for name in self.tables}


def _csv(name: str, file: str | Path, dtypes: dict[str, str], description: str) -> Dataset:
    """A dataset of one CSV file whose one table is validated by the suite of the same name."""
    return Dataset(name, (str(file),), {name: Table(dtypes, name)}, description=description)


DATASETS: dict[str, Dataset] = {dataset.name: dataset for dataset in (
    Dataset("taxonomy", (str(TAXONOMY_SUBDIR / "**" / "*.csv"), str(KRAS_FILE), str(SECTORAL_BODIES_FILE)),
            loader="taxonomy:load_taxonomy",
            description="Code lists of the Blueprint and the Tool 1 alias tables (every report reads it)"),
    Dataset("tool1_register", tuple(str(TOOL1_SUBDIR / f"*{suffix}") for suffix in TOOL1_READ_SUFFIXES),
            {"activities": Table(schema.ACTIVITY_DTYPES, "activities"), "links": Table(schema.LINK_DTYPES, "links")},
            loader="tool1:load_register",
            description="The Tool 1 register: activities and their Blueprint links, ingested from the workbooks"),
    _csv("kpi_framework", "kpi/kpi_framework.csv", schema.FRAMEWORK_DTYPES, "The KPI results framework"),
    _csv("kpi_observations", "kpi/kpi_observations.csv", schema.OBSERVATION_DTYPES, "KPI observations, long form"),
    _csv("indicator_map", "kpi/indicator_map.csv", schema.INDICATOR_MAP_DTYPES,
         "Which source series feeds which KPI, in which role"),
    _csv("country_indicators", REFERENCE_SUBDIR / "country_indicators.csv", schema.COUNTRY_INDICATOR_DTYPES,
         "Public country statistics with their sources"),
    _csv("declarations", "institutions/declarations.csv", schema.DECLARATION_DTYPES,
         "Leaders' declarations and statements of 2016 to June 2020"),
    _csv("assessment_findings", "institutions/assessment_findings.csv", schema.FINDING_DTYPES,
         "The findings of Tables 7 and 8 of the executive summary"),
    _csv("institutional_forms", "institutions/institutional_forms.csv", schema.FORM_DTYPES,
         "The institutional form of each implementing Sectoral Body"),
    _csv("published_figures", PUBLISHED_FIGURES_FILE, schema.PUBLISHED_FIGURE_DTYPES,
         "The MTR's published figures, values as printed"),
    _csv("reconciliation_notes", REFERENCE_SUBDIR / "reconciliation_notes.csv", schema.RECONCILIATION_NOTE_DTYPES,
         "Recorded reasons for published figures the data cannot reproduce"),
    _csv("mtr_tables", REFERENCE_SUBDIR / "mtr_tables.csv", schema.MTR_TABLE_DTYPES,
         "The MTR's Tables 1-6, 9 and 10 as printed, one row per cell bullet or paragraph"),
    _csv("mtr_conclusion", REFERENCE_SUBDIR / "mtr_conclusion.csv", schema.MTR_CONCLUSION_DTYPES,
         "The MTR's Conclusion as printed, one row per paragraph"),
    _csv("mtr_activity_statements", REFERENCE_SUBDIR / "mtr_activity_statements.csv",
         schema.MTR_ACTIVITY_STATEMENT_DTYPES,
         "The MTR's statements about activities that name bodies or types (largest bodies, common types), quoted"),
    _csv("recommendation_tracking", "kpi/recommendation_tracking.csv", schema.RECOMMENDATION_TRACKING_DTYPES,
         "Per recommendation of Tables 9 and 10: its evidence, KPIs and a follow-up indicator (project judgement)"),
)}
"""Dataset name -> :class:`Dataset`: every input a report reads."""


def load(name: str, data_dir: str | Path | None = None):
    """Load the dataset ``name`` of a data folder (see :meth:`Dataset.load`).

    Raises
    ------
    KeyError
        For a name not in ``DATASETS``, listing the valid names.
    """
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; datasets: {', '.join(DATASETS)}")
    return DATASETS[name].load(data_dir)


def input_globs(names) -> list[str]:
    """The file globs of these datasets, in order and without repeats."""
    return list(dict.fromkeys(pattern for name in names for pattern in DATASETS[name].files))

"""The report runtime: what a template calls first (start), for its data (load) and last (finish)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from ascc_analysis.chapters.sidecar import coverage_record, provenance_mix, write_sidecar
from ascc_analysis.config import DATA_DIR, SCRATCH_DIR
from ascc_analysis.data.datasets import DATASETS
from ascc_analysis.data.registry import CHAPTER_DATASETS, check_parameters, report_id_for
from ascc_analysis.data.table_cache import cached_load, data_key
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present import basis as basis_marks
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.charts.finish import figure_html
from ascc_analysis.present.style import apply_house_style, format_table


class UndeclaredDatasetError(LookupError):
    """A template loaded a dataset that the registry does not declare for its report."""


@dataclass
class ReportContext:
    """The state of one report while its notebook runs.

    Attributes
    ----------
    report_id : str
        E.g. ``characteristic-A``.
    parameters : dict
        The chapter's own parameters (``characteristic`` or ``ams``; empty otherwise).
    data_dir, output_dir : Path
        Where data is read from and where the sidecar is written.
    datasets : tuple of str
        The datasets the registry declares for this report: the only ones :meth:`load` gives.
    figures : dict
        Figure id -> computed value, filled by ``record``.
    figure_provenance : dict
        Figure id -> {provenance code: rows} behind it, filled by ``record_provenance``.
    """

    report_id: str
    parameters: dict
    data_dir: Path
    output_dir: Path
    datasets: tuple[str, ...]
    figures: dict = field(default_factory=dict)
    figure_provenance: dict = field(default_factory=dict)
    reporting_date: str | None = None
    sidecar_path: Path | None = None
    _tables: list = field(default_factory=list)
    _loaded: dict = field(default_factory=dict)
    _bases: list = field(default_factory=list)
    _data_key: str | None = None

    def load(self, name: str):
        """A dataset of ``datasets.DATASETS`` read from the data folder, loaded once and then kept.

        Datasets of tidy tables come from ``data.table_cache`` when the data and the loading code
        are unchanged since they were last parsed (the taxonomy, cached by its loader, is read as it is).

        Parameters
        ----------
        name : str
            A dataset the registry declares for this report (``registry.CHAPTER_DATASETS``).

        Returns
        -------
        object
            A typed DataFrame, the ``Tool1Register`` or the ``Taxonomy``.

        Raises
        ------
        UndeclaredDatasetError
            For a dataset the registry does not declare for this report (its files would
            escape the report's fingerprint), naming it, the report and the declared ones.
        """
        if name not in self.datasets:
            raise UndeclaredDatasetError(
                f"report {self.report_id!r} loads dataset {name!r}, which the registry does not declare for it; "
                f"declared: {', '.join(self.datasets)} (declare it in registry.CHAPTER_DATASETS)")
        if name not in self._loaded:
            self._loaded[name] = self._read(name)
        return self._loaded[name]

    def _read(self, name: str):
        dataset = DATASETS[name]
        if not dataset.tables:
            return dataset.load(self.data_dir)
        if self._data_key is None:
            self._data_key = data_key(self.data_dir)
        return cached_load(name, lambda: dataset.load(self.data_dir), self._data_key)

    @property
    def taxonomy(self) -> Taxonomy:
        """Code lists of the data folder (the ``taxonomy`` dataset)."""
        return self.load("taxonomy")

    def record(self, figures: dict) -> None:
        """Add computed figures (id -> value) to the sidecar."""
        self.figures.update(figures)

    def record_provenance(self, provenance: dict) -> None:
        """Add what the computed figures rest on (id -> {provenance code: rows}, ``figures.figure_provenance``)."""
        self.figure_provenance.update(provenance)

    def use(self, *tables: pd.DataFrame) -> None:
        """Count these tables' rows in the report's provenance mix."""
        self._tables.extend(tables)

    @property
    def provenance(self) -> dict[str, int]:
        """Rows per provenance value over the tables used so far."""
        return provenance_mix(*self._tables)

    def _marked(self, body: str, basis: Basis) -> str:
        """``body`` preceded by the basis mark of the rows it was computed from; the basis is counted."""
        self._bases.append(basis)
        return basis_marks.mark_html(basis, self.taxonomy) + body

    def show_table(self, frame: pd.DataFrame, name: str, basis: Basis, details: str | None = None,
                   **options) -> None:
        """Display a table in house style under its basis mark.

        Parameters
        ----------
        frame : pandas.DataFrame
            The table as readers see it (labels, not codes).
        name : str
            Its stable name (id and CSV file name).
        basis : Basis
            The provenance of the rows it was computed from (``Basis.of(rows)``).
        details : str, optional
            Collapse the table (an HTML ``details`` element) under this summary line; the mark stays visible.
        **options
            ``percent_columns``, ``caption``: see :func:`present.style.format_table`.
        """
        from IPython.display import HTML, display

        body = format_table(frame, name, **options)
        if details is not None:
            body = f"<details><summary>{escape(details)}</summary>{body}</details>"
        display(HTML(self._marked(body, basis)))

    def show_chart(self, fig, alt: str, basis: Basis, details: str | None = None) -> None:
        """Display a figure as an inline image with alt text, under its basis mark (collapsed under ``details``)."""
        from IPython.display import HTML, display

        body = figure_html(fig, alt)
        if details is not None:
            body = f"<details><summary>{escape(details)}</summary>{body}</details>"
        display(HTML(self._marked(body, basis)))

    def say(self, markdown: str, basis: Basis) -> None:
        """Display generated sentences (Markdown) under the basis mark of the rows they were computed from."""
        from IPython.display import HTML, Markdown, display

        display(HTML(self._marked("", basis)))
        display(Markdown(markdown))

    @property
    def coverage(self):
        """The register's coverage of the implementing Sectoral Bodies (``data.coverage``); None until it is loaded."""
        return getattr(self._loaded.get("tool1_register"), "coverage", None)

    @property
    def basis(self) -> dict:
        """What the report's marks rest on so far (see :func:`present.basis.summary`)."""
        return basis_marks.summary(self._bases, self.taxonomy)

    def finish(self) -> None:
        """Write ``<output_dir>/<report_id>.json`` (its path is kept in ``sidecar_path``).

        Returns None so that the last cell of a template shows nothing in the report.
        """
        parameters = {"data_dir": str(self.data_dir), "output_dir": str(self.output_dir), **self.parameters}
        self.sidecar_path = write_sidecar(self.output_dir, self.report_id, parameters, self.figures,
                                          self.provenance, reporting_date=self.reporting_date,
                                          basis=self.basis if self._bases else None,
                                          coverage=coverage_record(self.coverage),
                                          figure_provenance=self.figure_provenance or None)


def start_report(chapter: str, data_dir: str | None = None, output_dir: str | None = None,
                 **parameters: str) -> ReportContext:
    """Check a template's parameters and set up its report.

    Parameters
    ----------
    chapter : str
        ``regional``, ``characteristic``, ``resources``, ``national`` or ``recommendations``.
    data_dir : str, optional
        Data folder; the shipped ``data/`` when None.
    output_dir : str, optional
        Where the sidecar goes; ``scratch/<report id>/`` when None, so that a template run
        by hand never writes over published outputs.
    **parameters
        ``characteristic`` (A-E) for 02, ``ams`` (ISO3) for 04.

    Returns
    -------
    ReportContext
        Its taxonomy already loaded.

    Raises
    ------
    ParameterError
        For a value outside the taxonomy, listing the valid codes.
    """
    check_parameters(chapter, parameters)
    report_id = report_id_for(chapter, **parameters)
    data = Path(data_dir).resolve() if data_dir else DATA_DIR
    output = Path(output_dir).resolve() if output_dir else SCRATCH_DIR / report_id
    output.mkdir(parents=True, exist_ok=True)
    apply_house_style()
    report = ReportContext(report_id, dict(parameters), data, output, CHAPTER_DATASETS[chapter])
    report.load("taxonomy")
    return report

"""Execute one report's template with papermill and export it to HTML.

papermill and nbconvert are imported inside the functions: importing this module is
cheap, and a run that renders nothing never pays for them.
"""

from __future__ import annotations

from pathlib import Path

from .registry import Report

KERNEL_NAME = "ascc-mtr"
"""The named Jupyter kernel of the project's environment (``make kernel`` installs it)."""


def execute_report(report: Report, data_dir: Path, output_dir: Path, notebook_path: Path,
                   kernel_name: str = KERNEL_NAME, timeout: int | None = None) -> Path:
    """Run a report's template through papermill.

    Parameters
    ----------
    report : Report
        The registry entry.
    data_dir, output_dir : Path
        Passed to the template as ``data_dir`` and ``output_dir``.
    notebook_path : Path
        Where the executed notebook is written.
    kernel_name : str
        Jupyter kernel to run it on.
    timeout : int, optional
        Seconds a single cell may run.

    Returns
    -------
    Path
        ``notebook_path``.
    """
    import papermill

    parameters = {"data_dir": str(data_dir), "output_dir": str(output_dir), **report.parameters}
    notebook_path.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(report.template), str(notebook_path), parameters=parameters,
                               kernel_name=kernel_name, execution_timeout=timeout, progress_bar=False,
                               cwd=str(report.template.parent))
    return notebook_path


def export_html(notebook_path: Path, html_path: Path, show_code: bool = False) -> Path:
    """Export an executed notebook to HTML, code hidden unless ``show_code``."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=not show_code,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_path, as_version=4))
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path

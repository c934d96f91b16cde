"""Render reports in a worker process: papermill executes, nbconvert exports HTML.

``python -m ascc_analysis.pipeline.render`` is a worker (see ``ascc_analysis.pipeline.pool``): it imports
papermill and nbconvert once, says ``{"event": "ready"}`` on stdout, then reads tasks on
stdin (one JSON object a line) and answers ``{"event": "started", ...}`` and
``{"event": "done", ...}`` for each. Everything papermill, the kernel and nbconvert print
goes to the report's log file, never into the event stream. A worker whose parent dies
(``kill -9`` of the run) kills its kernel and exits.

Each report runs in a kernel process of its own, forked from the worker's fork server
(``warm_kernels``, ``forkserver``) so that it starts with pandas, matplotlib, seaborn and the
package already imported; a kernel spec the server cannot stand in for starts the ordinary way.

Importing this module is cheap: papermill, nbconvert and jupyter_client are imported inside the functions.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, fields
from pathlib import Path

from ascc_analysis.data.io import write_json
from ascc_analysis.data.registry import Report

KERNEL_NAME = "ascc-mtr"
"""The named Jupyter kernel of the project's environment (``make kernel`` installs it)."""


def report_to_json(report: Report) -> dict:
    """A report's fields as JSON values (a task crosses to its worker as JSON)."""
    data = {}
    for item in fields(report):
        value = getattr(report, item.name)
        data[item.name] = str(value) if isinstance(value, Path) else list(value) if isinstance(value, tuple) else value
    return data


def report_from_json(data: dict) -> Report:
    """Inverse of ``report_to_json``."""
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in data.items()}
    if values.get("template_path") is not None:
        values["template_path"] = Path(values["template_path"])
    return Report(**values)


@dataclass(frozen=True)
class Task:
    """One report for a worker to render, and how.

    Attributes
    ----------
    report : Report
        What to render.
    data_dir : Path
        The data folder (the template's ``data_dir``).
    output_dir : Path
        The published output folder (what the sidecar's ``output_dir`` says).
    staging : Path
        Where the worker writes (the template's ``output_dir``).
    timeout : int
        Seconds a single cell may run.
    show_code : bool
        Keep the code in the HTML.
    kernel_name : str
        Jupyter kernel to run the template on.
    input_files : tuple of str
        The data files the report reads (for the HTML footer's checksums).
    """

    report: Report
    data_dir: Path
    output_dir: Path
    staging: Path
    timeout: int
    show_code: bool
    kernel_name: str = KERNEL_NAME
    input_files: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The JSON object a worker reads on its stdin."""
        return {"report": report_to_json(self.report), "data_dir": str(self.data_dir),
                "output_dir": str(self.output_dir), "staging": str(self.staging), "timeout": self.timeout,
                "show_code": self.show_code, "kernel_name": self.kernel_name, "input_files": list(self.input_files)}

    @classmethod
    def from_json(cls, data: dict) -> Task:
        """Inverse of ``to_json``."""
        return cls(report_from_json(data["report"]), Path(data["data_dir"]), Path(data["output_dir"]),
                   Path(data["staging"]), data["timeout"], data["show_code"], data["kernel_name"],
                   tuple(data["input_files"]))


def execute_report(report: Report, data_dir: Path, output_dir: Path, notebook_path: Path,
                   kernel_name: str = KERNEL_NAME, timeout: int | None = None, log_output: bool = False,
                   kernel_manager_class: type | None = None, engine_name: str | None = None) -> Path:
    """Run a report's template through papermill (in this process).

    Parameters
    ----------
    report : Report
        Its ``template`` runs with its ``parameters``.
    data_dir, output_dir : Path
        Passed to the template as ``data_dir`` and ``output_dir``.
    notebook_path : Path
        Where the executed notebook is written.
    kernel_name : str
        Jupyter kernel to run it on.
    timeout : int, optional
        Seconds a single cell may run.
    log_output : bool
        Log each cell's outputs (the workers do, into the report's log).
    kernel_manager_class : type, optional
        nbclient's kernel manager (the workers' ``warm_kernels.WarmKernelManager``); papermill's default when None.
    engine_name : str, optional
        papermill engine (the workers' ``notebook_engine``); papermill's default when None.

    Returns
    -------
    Path
        ``notebook_path``.

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell raises; the executed notebook (with papermill's error banner) is written first.
    """
    import papermill

    parameters = {"data_dir": str(data_dir), "output_dir": str(output_dir), **report.parameters}
    notebook_path.parent.mkdir(parents=True, exist_ok=True)
    manager = {"kernel_manager_class": kernel_manager_class} if kernel_manager_class is not None else {}
    if engine_name is not None:
        manager["engine_name"] = engine_name
    papermill.execute_notebook(str(report.template), str(notebook_path), parameters=parameters,
                               kernel_name=kernel_name, execution_timeout=timeout, progress_bar=False,
                               log_output=log_output, cwd=str(Path(report.template).parent), **manager)
    return notebook_path


def export_report_html(notebook_path: Path, html_path: Path, task: Task, reporting_date: str | None,
                       sidecar: dict | None = None) -> Path:
    """Export an executed notebook to the reviewer HTML page (title, parameters, reporting date, footer).

    With the report's ``sidecar``, the page opens with its banner (``present.banner``: the share of its
    numbers resting on reconstructed rows, the register's coverage when partial, the legend of the marks).
    """
    from ascc_analysis.present import html_export

    footer = html_export.collect_footer([Path(p) for p in task.input_files], task.data_dir)
    return html_export.export_html(notebook_path, html_path, title=task.report.title,
                                   parameters=task.report.parameters, reporting_date=reporting_date, footer=footer,
                                   show_code=task.show_code, banner=_banner(sidecar, task.data_dir))


def _banner(sidecar: dict | None, data_dir: Path) -> str:
    if sidecar is None:
        return ""
    from ascc_analysis.data.taxonomy import load_taxonomy
    from ascc_analysis.present.banner import banner_html

    return banner_html(sidecar, load_taxonomy(data_dir))


def _finish_sidecar(path: Path, output_dir: str) -> dict | None:
    """Point the staged sidecar's ``output_dir`` at the published folder; return the sidecar (None without one)."""
    if not path.is_file():
        return None
    sidecar = json.loads(path.read_text(encoding="utf-8"))
    if "output_dir" in sidecar.get("parameters", {}):
        sidecar["parameters"]["output_dir"] = output_dir
        write_json(path, sidecar)
    return sidecar


def running_cell(notebook_path: Path) -> int | None:
    """Execution count (else the 1-based code-cell number) of the last cell papermill started."""
    try:
        cells = json.loads(notebook_path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None
    code = [cell for cell in cells if cell.get("cell_type") == "code"]
    started = [(number, cell) for number, cell in enumerate(code, start=1)
               if (cell.get("metadata", {}).get("papermill") or {}).get("start_time")]
    if not started:
        return None
    number, cell = started[-1]
    return cell.get("execution_count") or number


def describe_error(error: BaseException, notebook_path: Path) -> dict:
    """``cell``, ``ename``, ``evalue`` of a failed render (papermill's, or the exception's)."""
    if hasattr(error, "exec_count") and hasattr(error, "ename"):
        return {"cell": error.exec_count, "ename": error.ename, "evalue": str(error.evalue)}
    text = str(error).strip().splitlines()
    return {"cell": running_cell(notebook_path), "ename": type(error).__name__, "evalue": text[0] if text else ""}


def _failed(task: Task, notebook_path: Path, error: BaseException) -> dict:
    staging, report_id = task.staging, task.report.report_id
    traceback.print_exception(error)
    described = describe_error(error, notebook_path)
    for leftover in (staging / f"{report_id}.json", staging / f"{report_id}.html"):
        leftover.unlink(missing_ok=True)
    if notebook_path.is_file():
        failed = staging / "failed" / f"{report_id}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(notebook_path, failed)
        try:
            export_report_html(failed, failed.with_suffix(".html"), task, None)
        except Exception as export_error:  # the notebook is still kept; say why there is no HTML
            traceback.print_exception(export_error)
    return {"status": "failed", "error": described}


def render_task(task: Task) -> dict:
    """Execute one report into the staging folder and export its HTML.

    Returns
    -------
    dict
        ``{"status": "ok", "reporting_date": ...}`` or ``{"status": "failed", "error": {cell, ename, evalue}}``.
        A failed report's notebook and HTML are left in ``<staging>/failed/``.
    """
    from ascc_analysis.pipeline import notebook_engine, warm_kernels

    report_id = task.report.report_id
    notebook = task.staging / "notebooks" / f"{report_id}.ipynb"
    try:
        execute_report(task.report, task.data_dir, task.staging, notebook, kernel_name=task.kernel_name,
                       timeout=task.timeout, log_output=True, kernel_manager_class=warm_kernels.manager_class(),
                       engine_name=notebook_engine.register())
        sidecar = _finish_sidecar(task.staging / f"{report_id}.json", str(task.output_dir))
        reporting_date = sidecar.get("reporting_date") if sidecar else None
        export_report_html(notebook, task.staging / f"{report_id}.html", task, reporting_date, sidecar)
    except Exception as error:
        return _failed(task, notebook, error)
    return {"status": "ok", "reporting_date": reporting_date}


@contextlib.contextmanager
def _output_to(log_path: Path):
    """Send this process's stdout and stderr (fds 1 and 2, inherited by the kernel) to a log file."""
    sys.stdout.flush(), sys.stderr.flush()
    saved = os.dup(2)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        os.dup2(log.fileno(), 1), os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(saved, 1), os.dup2(saved, 2)
            os.close(saved)


def _watch_parent(parent: int) -> None:
    """Kill this worker's kernels and exit when the orchestrating process has gone."""
    from ascc_analysis.pipeline.pool import kill_tree

    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            kill_tree(os.getpid(), include_self=False)
            os._exit(1)


def worker_main() -> int:
    """Serve render tasks from stdin until it closes (see the module docstring)."""
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    from ascc_analysis.pipeline import warm_kernels

    warm_kernels.start(KERNEL_NAME, os.getcwd())  # its imports overlap with the worker's own
    import nbconvert  # noqa: F401  (imported once per worker, not once per report)
    import papermill  # noqa: F401

    from ascc_analysis.present import html_export  # noqa: F401
    print(json.dumps({"event": "ready", "pid": os.getpid()}), file=events)
    while line := sys.stdin.readline():
        task = Task.from_json(json.loads(line))
        report_id = task.report.report_id
        print(json.dumps({"event": "started", "report_id": report_id}), file=events)
        with _output_to(task.staging / "logs" / f"{report_id}.log"):
            result = render_task(task)
        print(json.dumps({"event": "done", "report_id": report_id, **result}), file=events)
    warm_kernels.stop()
    return 0


if __name__ == "__main__":
    sys.exit(worker_main())

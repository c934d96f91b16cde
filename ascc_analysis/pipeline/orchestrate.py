"""Plan and run a render: what is out of date, parallel workers, the gate, publishing.

``plan`` says for each selected report whether it must render and why (content hashes,
``fingerprint``). ``execute`` renders the out-of-date ones in worker processes
(``pool``), runs the validation gate meanwhile (``gate``), and publishes each finished
report from the staging folder (``publish``), but only once the gate has passed. A report
over its time limit is killed with its kernel; a failed report does not stop the others.
"""

from __future__ import annotations

import math
import os
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ascc_analysis.data.registry import Report
from ascc_analysis.pipeline.fingerprint import (
    PACKAGE_DIR,
    Hasher,
    fingerprint,
    load_state,
    resolve_inputs,
    save_state,
    why_render,
)
from ascc_analysis.pipeline.gate import VALIDATION_DIR, GateRun, gate_key
from ascc_analysis.pipeline.pool import Pool
from ascc_analysis.pipeline.progress import Progress, shown_path
from ascc_analysis.pipeline.publish import Staging
from ascc_analysis.pipeline.render import KERNEL_NAME, Task, running_cell
from ascc_analysis.validation.result import GateResult

KILL_GRACE = 15.0
"""Seconds past ``--timeout`` before a report's worker and kernel are killed (the cell timeout acts first)."""


@dataclass
class RunOptions:
    """How a run renders (the CLI's options; ``package_dir`` is the package whose source is fingerprinted)."""

    data_dir: Path
    output_dir: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    show_code: bool = False
    timeout: float = 900.0
    kernel_name: str = KERNEL_NAME
    kill_grace: float = KILL_GRACE
    package_dir: Path = PACKAGE_DIR

    @property
    def render_options(self) -> dict:
        """The options that change a report's output (part of its fingerprint)."""
        return {"show_code": self.show_code, "kernel_name": self.kernel_name}


@dataclass
class Planned:
    """One selected report: why it must render (None: up to date) and what it reads."""

    report: Report
    why: str | None
    fingerprint: dict
    inputs: dict

    @property
    def template_missing(self) -> bool:
        """True when the report's template notebook does not exist."""
        return not Path(self.report.template).is_file()


@dataclass
class Outcome:
    """What happened to one report in this run."""

    report_id: str
    status: str
    seconds: float | None
    why: str
    error: dict | None = None
    reporting_date: str | None = None


@dataclass
class RunResult:
    """Outcomes in plan order, the gate's verdict (None when nothing rendered) and how the run ended."""

    outcomes: list
    gate: GateResult | None = None
    interrupted: bool = False


def _published(output_dir: Path, report_id: str) -> bool:
    return all((output_dir / name).is_file() for name in (f"{report_id}.html", f"notebooks/{report_id}.ipynb"))


def plan(reports: list[Report], options: RunOptions, hasher: Hasher) -> list[Planned]:
    """Decide for each report whether it must render, and why.

    Parameters
    ----------
    reports : list of Report
        The selected reports.
    options : RunOptions
    hasher : Hasher

    Returns
    -------
    list of Planned
        In the order given.
    """
    planned = []
    for report in reports:
        current = fingerprint(report, options.data_dir, hasher, options.render_options, options.package_dir)
        previous = load_state(options.output_dir, report.report_id)
        why = why_render(previous, current, force=options.force,
                         published=_published(options.output_dir, report.report_id))
        planned.append(Planned(report, why, current, resolve_inputs(report.inputs, options.data_dir)))
    return planned


def describe_plan(planned: list[Planned]) -> str:
    """The ``--dry-run`` text: each report, run or skip, and why."""
    width = max((len(p.report.report_id) for p in planned), default=6)
    lines = []
    for p in planned:
        action = "render" if p.why else "skip"
        why = p.why or "up to date"
        if p.why and p.template_missing:
            why += f"; template {shown_path(p.report.template)} is missing: it will fail"
        lines.append(f"  {p.report.report_id:<{width}}  {action:<6}  {why}")
    count = sum(1 for p in planned if p.why)
    return "\n".join(lines + [f"{count} to render, {len(planned) - count} up to date."])


class _Run:
    """The state of one ``execute`` call."""

    def __init__(self, planned, options: RunOptions, check, progress: Progress, hasher: Hasher):
        self.options, self.check, self.progress, self.hasher = options, check, progress, hasher
        self.planned = planned
        self.outcomes = {p.report.report_id: Outcome(p.report.report_id, "skipped", None, "up to date")
                         for p in planned if not p.why}
        self.todo = [p for p in planned if p.why]
        self.held: list = []
        self.gate: GateRun | None = None
        self.staging: Staging | None = None
        self.pool: Pool | None = None

    def result(self, interrupted: bool = False) -> RunResult:
        ordered = [self.outcomes.get(p.report.report_id) or Outcome(p.report.report_id, "not run", None, p.why)
                   for p in self.planned]
        return RunResult(ordered, self.gate.result if self.gate else None, interrupted)

    def run(self) -> RunResult:
        if not self.todo:
            return self.result()
        self.staging = Staging(self.options.output_dir)
        key = gate_key(self.options.data_dir, self.hasher, package_dir=self.options.package_dir)
        self.gate = GateRun(self.check, self.options.data_dir, self.options.output_dir, key,
                            use_cache=not self.options.force, docs_dir=self.staging.path / VALIDATION_DIR).start()
        try:
            return self._loop()
        except KeyboardInterrupt:
            self._stop_workers()
            self._discard_held("interrupted before the data was validated")
            for p in self.todo:
                if p.report.report_id not in self.outcomes:
                    self.outcomes[p.report.report_id] = Outcome(p.report.report_id, "interrupted", None, p.why)
            return self.result(interrupted=True)
        finally:
            self._stop_workers()
            self.staging.discard()

    def _stop_workers(self) -> None:
        if self.pool:
            self.pool.close(kill=True)

    def _loop(self) -> RunResult:
        runnable = deque(p for p in self.todo if not p.template_missing)
        for p in self.todo:
            if p.template_missing:
                self._template_missing(p)
        self.pool = Pool(min(self.options.jobs, len(runnable)), self.staging.path / "logs")
        announced = False
        while runnable or self.pool.busy() or self.held or not self.gate.done:
            self._dispatch(runnable)
            for worker, event in self.pool.poll(0.2):
                self._on_event(worker, event)
            self._enforce_time_limits()
            if self.gate.done:
                if not announced:
                    self._announce_gate()
                    announced = True
                if not self.gate.result.success:
                    self._stop_workers()
                    self._discard_held("the data is invalid")
                    return self.result()
                self._publish_held()
            self.progress.tick()
        self.pool.close()
        return self.result()

    def _announce_gate(self) -> None:
        if self.gate.error is not None:
            raise self.gate.error
        self.progress.line(self.gate.result.summary())
        self.staging.publish_dir(VALIDATION_DIR)
        self.gate.store()

    def _task(self, p: Planned) -> Task:
        options = self.options
        return Task(p.report, options.data_dir, options.output_dir, self.staging.path, math.ceil(options.timeout),
                    options.show_code, options.kernel_name, tuple(str(path) for path in p.inputs.values()))

    def _dispatch(self, runnable: deque) -> None:
        while runnable:
            worker = self.pool.idle()
            if worker is None:
                return
            p = runnable.popleft()
            worker.send(p, self._task(p).to_json())

    def _on_event(self, worker, event: dict) -> None:
        p = worker.job
        if event["event"] == "started" and p is not None:
            self.progress.started(p.report.report_id, p.why)
        elif event["event"] == "done" and p is not None:
            seconds = time.monotonic() - (worker.started or time.monotonic())
            worker.job = None
            status = "ok" if event["status"] == "ok" else "failed"
            self._finish(p, Outcome(p.report.report_id, status, seconds, p.why, event.get("error"),
                                    event.get("reporting_date")))
        elif event["event"] == "exit" and p is not None:
            error = {"cell": None, "ename": "WorkerExited",
                     "evalue": f"the render worker exited with status {event['returncode']}; see its log in logs/"}
            self._finish(p, Outcome(p.report.report_id, "failed", None, p.why, error))

    def _enforce_time_limits(self) -> None:
        limit = self.options.timeout + self.options.kill_grace
        for worker in self.pool.busy():
            if worker.started is not None and time.monotonic() - worker.started > limit:
                p, seconds = worker.job, time.monotonic() - worker.started
                self.pool.kill(worker)
                self._finish(p, self._killed(p, seconds))

    def _killed(self, p: Planned, seconds: float) -> Outcome:
        report_id = p.report.report_id
        notebook = self.staging.path / "notebooks" / f"{report_id}.ipynb"
        error = {"cell": running_cell(notebook), "ename": "Timeout",
                 "evalue": f"killed after {seconds:.0f} s (--timeout {self.options.timeout:g})"}
        if notebook.is_file():
            os.replace(notebook, self.staging.path / "failed" / f"{report_id}.ipynb")
        with open(self.staging.log_path(report_id), "a", encoding="utf-8") as log:
            log.write(f"\nrun_all: {error['evalue']}: worker and kernel killed\n")
        return Outcome(report_id, "failed", seconds, p.why, error)

    def _template_missing(self, p: Planned) -> None:
        message = f"template {shown_path(p.report.template)} does not exist"
        self.staging.log_path(p.report.report_id).write_text(f"run_all: {message}\n", encoding="utf-8")
        error = {"cell": None, "ename": "TemplateMissing", "evalue": message}
        self._finish(p, Outcome(p.report.report_id, "failed", None, p.why, error))

    def _finish(self, p: Planned, outcome: Outcome) -> None:
        self.outcomes[p.report.report_id] = outcome
        self.progress.finished(outcome)
        self.held.append((p, outcome))
        if self.gate.done and self.gate.result is not None and self.gate.result.success:
            self._publish_held()

    def _discard_held(self, reason: str) -> None:
        """Mark reports that finished but were never published (the gate had not passed)."""
        for _, outcome in self.held:
            outcome.status, outcome.why = "discarded", f"not published: {reason}"
        self.held.clear()

    def _publish_held(self) -> None:
        while self.held:
            p, outcome = self.held.pop(0)
            if outcome.status == "ok":
                self.staging.publish_rendered(outcome.report_id)
            else:
                self.staging.publish_failed(outcome.report_id)
            save_state(self.options.output_dir, outcome.report_id, {
                "report_id": outcome.report_id, "status": outcome.status, "why": outcome.why,
                "seconds": None if outcome.seconds is None else round(outcome.seconds, 1), "error": outcome.error,
                "reporting_date": outcome.reporting_date, "fingerprint": p.fingerprint,
                "finished": datetime.now().astimezone().isoformat(timespec="seconds")})


def execute(planned: list[Planned], options: RunOptions, check, progress: Progress, hasher: Hasher) -> RunResult:
    """Render the out-of-date reports of a plan and publish them once the gate has passed.

    Parameters
    ----------
    planned : list of Planned
        From ``plan``.
    options : RunOptions
    check : callable
        ``check(data_dir, docs_dir) -> GateResult``: ``gate.run_validation`` (tests pass a fake).
    progress : Progress
    hasher : Hasher

    Returns
    -------
    RunResult
        With ``gate`` None when nothing had to render; a failed gate publishes nothing.
    """
    return _Run(planned, options, check, progress, hasher).run()

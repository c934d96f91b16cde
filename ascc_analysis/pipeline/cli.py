"""The command line of ``run_all.py``: options, checks, and exit statuses.

Selection values are checked against the registry before anything starts; then, holding
the output folder's lock, the out-of-date reports are rendered (``orchestrate``), the
index is written (``indexing``) and a closing table is printed. With ``--pack`` the review
pack is written after the render (``pack``); ``--verify-pack`` checks one (``pack_verify``).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import time
import traceback
from pathlib import Path

from ascc_analysis import config as paths
from ascc_analysis.data.registry import Report, all_reports
from ascc_analysis.pipeline.progress import shown_path

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INVALID_DATA, EXIT_REPORT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
DEFAULT_TIMEOUT = 900.0
DEBUG_ENV = "ASCC_RUN_ALL_DEBUG"
"""When set to a file path, ``main`` writes there the modules it imported and the workers it started."""

DESCRIPTION = """\
Render the reports of the ASCC Blueprint 2025 Mid-Term Review into an output
folder.

Only reports whose template, parameters, data files, package source or locked
environment changed since their last successful render are re-rendered (content hashes);
the closing table says why each report ran or was skipped. The data is validated first
(Tool 1 ingest and Great Expectations suites); nothing is published unless it passes.
Reports render in parallel worker processes into a staging folder and are moved into
place only when complete, so an interrupted run leaves the previous outputs intact."""

EPILOG = """\
selection: each of --chapter, --ams and --characteristic may be repeated, its values a union;
  different options narrow each other. --ams narrows the national reports and
  --characteristic the Characteristic reports of the chapters chosen; other chapters stay
  whole. Without --chapter, --ams alone selects national reports, --characteristic alone
  Characteristic reports (both: the two together). With none of them every report (18)
  is selected. --list shows the selection.
  chapters: regional, characteristic, resources, national, recommendations
  report ids: regional, characteristic-A..E, resources, national-<ISO3>, recommendations

review pack: --pack renders what is out of date, then writes
  <output-dir>/ascc-mtr-review-<reporting date>.zip: the landing page (index.html), the
  selected reports with one PDF each (printed by chromium; left out, and the manifest says
  so, when chromium is missing), every table's CSV, the sidecars, the glossary, the
  validation summary, the register and MANIFEST.json (each file's sha256 and size, the data
  checksums, commit, package versions, reporting date, parameters). It is refused (exit 3)
  when the data is invalid and not written (exit 4) when a selected report failed.
  ASCC_CHROMIUM=PATH names the chromium binary (a missing path: no PDFs).
  --verify-pack FILE checks a pack against its manifest and the data folder (--data-dir):
  exit 0 when both match, 3 naming each file that differs.

exit status: 0 ok, 1 internal error (or the output folder is locked by another run),
  2 usage error, 3 invalid data, 4 a report failed, 130 interrupted
  (--verify-pack: 3 when the pack or the data does not match)

examples:
  python run_all.py                              render what is out of date
  python run_all.py --dry-run                    say what would render and why
  python run_all.py --chapter national --ams VNM --ams THA --jobs 4
                                                 two national reports
  python run_all.py --ams VNM --characteristic A  national-VNM and characteristic-A
  python run_all.py --chapter regional --chapter national --ams VNM --list
                                                 regional and national-VNM, listed
  python run_all.py --data-dir ~/tool1-export --output-dir ~/mtr-out
  python run_all.py --pack                       render, then write the review pack
  python run_all.py --verify-pack outputs/ascc-mtr-review-2020-05-21.zip
"""


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
        return value
    return parse


def build_parser(prog: str = "run_all.py") -> argparse.ArgumentParser:
    """The argument parser (``python run_all.py --help``)."""
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    pick = parser.add_argument_group("which reports")
    pick.add_argument("--chapter", action="append", default=[], metavar="NAME",
                      help="a chapter (template): regional, characteristic, resources, national, recommendations")
    pick.add_argument("--ams", action="append", default=[], metavar="ISO3",
                      help="a Member State's national report, e.g. VNM (narrows the national chapter)")
    pick.add_argument("--characteristic", action="append", default=[], metavar="CODE",
                      help="a Blueprint Characteristic's report, A to E (narrows the characteristic chapter)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="list the selected reports and exit (executes nothing)")
    mode.add_argument("--dry-run", action="store_true",
                      help="say which reports would render and why, and exit (executes nothing)")
    mode.add_argument("--validate-only", action="store_true",
                      help="run the validation gate only (exit 3 when the data is invalid)")
    mode.add_argument("--pack", action="store_true",
                      help="render what is out of date, then write the review pack "
                           "<output-dir>/ascc-mtr-review-<reporting date>.zip (see 'review pack' below)")
    mode.add_argument("--verify-pack", type=Path, metavar="FILE",
                      help="check a review pack against its MANIFEST.json and the data folder's checksums, "
                           "naming each file that differs (exit 3), and exit")
    how = parser.add_argument_group("how")
    how.add_argument("--jobs", "-j", type=_positive(int), default=default_jobs(), metavar="N",
                     help="reports rendered at once, one worker process each (default: number of cores, %(default)s)")
    how.add_argument("--force", action="store_true",
                     help="re-render even what is up to date (the gate's verdict, kept by the content of data, "
                          "suites and package, is reused; with --validate-only: validate again)")
    how.add_argument("--data-dir", type=Path, default=paths.DATA_DIR, metavar="DIR",
                     help="data folder: your Tool 1 export, or a folder laid out like data/ (default: data/)")
    how.add_argument("--output-dir", type=Path, default=paths.OUTPUTS_DIR, metavar="DIR",
                     help="output folder (default: outputs/)")
    how.add_argument("--show-code", action="store_true",
                     help="show the notebooks' code in the HTML (hidden by default)")
    how.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                     help="time limit of one report: a cell running longer fails it, and its worker and kernel "
                          "are killed 15 s later (default: %(default)g)")
    how.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                     help="how long to wait when another run holds the output folder (default: %(default)g)")
    template = parser.add_argument_group("Tool 1 reporting templates (written instead of rendering)")
    template.add_argument("--make-template", action="append", default=[], metavar="BODY",
                          help="write <output-dir>/templates/Tool1_<BODY>.xlsx, the reporting template of an "
                               "implementing Sectoral Body, and exit (repeatable; 'all' for every body)")
    template.add_argument("--from-data", type=Path, metavar="DIR",
                          help="pre-fill each template with the body's activities read from this data folder")
    template.add_argument("--send-to", metavar="TEXT",
                          help="who collects the filled templates, named on their instructions sheet")
    return parser


def _usage_error(prog: str, message: str) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _listing(reports: list[Report], description: str) -> str:
    width = max((len(r.report_id) for r in reports), default=6)
    lines = []
    for report in reports:
        template = shown_path(report.template) + ("" if report.template.is_file() else " (missing)")
        lines.append(f"  {report.report_id:<{width}}  {report.chapter:<15}  {template}  {report.title}")
    count = f"{len(reports)} report{'' if len(reports) == 1 else 's'}"
    return "\n".join(lines + [f"{count} selected: {description}."])


def _rerun_flags(args, options) -> list[str]:
    flags = []
    if options.data_dir != paths.DATA_DIR.resolve():
        flags += ["--data-dir", str(options.data_dir)]
    if options.output_dir != paths.OUTPUTS_DIR.resolve():
        flags += ["--output-dir", str(options.output_dir)]
    if args.show_code:
        flags.append("--show-code")
    if args.timeout != DEFAULT_TIMEOUT:
        flags += ["--timeout", f"{args.timeout:g}"]
    return flags


def _validate_only(options, check, hasher) -> int:
    from ascc_analysis.pipeline.gate import VALIDATION_DIR, GateRun, gate_key
    from ascc_analysis.pipeline.publish import Staging

    staging = Staging(options.output_dir)
    try:
        key = gate_key(options.data_dir, hasher, package_dir=options.package_dir)
        gate = GateRun(check, options.data_dir, options.output_dir, key, use_cache=not options.force,
                       docs_dir=staging.path / VALIDATION_DIR, revalidate=options.force).start()
        gate.wait()
        if gate.error is not None:
            raise gate.error
        docs = staging.publish_dir(VALIDATION_DIR)
    finally:
        staging.discard()
    print(gate.result.summary(), file=sys.stdout if gate.result.success else sys.stderr)
    if docs and (docs / "summary.html").is_file():
        print(f"Validation summary: {docs / 'summary.html'}")
    gate.store()
    return EXIT_OK if gate.result.success else EXIT_INVALID_DATA


def _make_templates(args, options, program) -> int:
    from ascc_analysis.data.tool1_template import make_templates

    if not args.make_template:
        return _usage_error(program, "--from-data and --send-to go with --make-template BODY")
    if args.from_data is not None and not args.from_data.is_dir():
        return _usage_error(program, f"data folder {args.from_data} does not exist")
    try:
        written = make_templates(args.make_template, options.output_dir, data_dir=options.data_dir,
                                 from_data=args.from_data, send_to=args.send_to)
    except ValueError as error:
        return _usage_error(program, str(error))
    for path, rows in written:
        print(f"Template: {path}" + (f" (pre-filled with {rows} activities)" if args.from_data else ""))
    return EXIT_OK


def _report(result, registry, selected, args, options, program) -> int:
    from ascc_analysis.pipeline.indexing import update_index
    from ascc_analysis.pipeline.progress import closing_table, failure_lines, rerun_command
    from ascc_analysis.pipeline.register_page import update_register
    from ascc_analysis.pipeline.selection import selection_flags

    print(closing_table(result.outcomes))
    if result.interrupted:
        print("Interrupted: workers and kernels stopped; the published outputs are unchanged for what did not finish.",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    if result.gate is not None and not result.gate.success:
        summary = options.output_dir / "validation" / "summary.html"
        where = f"; see {summary}" if summary.is_file() else ""
        print(f"{result.gate.summary()}\nInvalid data: no report was published{where}.", file=sys.stderr)
        return EXIT_INVALID_DATA
    outcomes = {outcome.report_id: outcome for outcome in result.outcomes}
    register = update_register(outcomes, options.output_dir, options.data_dir)
    if register:
        print(f"Register: {register}")
    index = update_index(registry, outcomes, result.gate, options.output_dir, options.data_dir)
    if index:
        print(f"Index: {index}")
    failed = [report for report in selected if outcomes[report.report_id].status == "failed"]
    if not failed:
        return EXIT_OK
    print("\nFailed reports (the last good HTML of each stays published):", file=sys.stderr)
    print("\n".join(failure_lines(result.outcomes, options.output_dir)), file=sys.stderr)
    print(f"Re-run just these:\n  {rerun_command(selection_flags(failed), _rerun_flags(args, options), program)}",
          file=sys.stderr)
    return EXIT_REPORT_FAILED


def _render(args, registry, selected, options, check, hasher, program):
    """Render the selection; return the exit status and the run's ``RunResult``."""
    from ascc_analysis.pipeline.orchestrate import execute, plan
    from ascc_analysis.pipeline.progress import Progress

    planned = plan(selected, options, hasher)
    progress = Progress(sum(1 for p in planned if p.why))
    try:
        result = execute(planned, options, check, progress, hasher)
    finally:
        progress.close()
    return _report(result, registry, selected, args, options, program), result


def _pack(code, result, registry, selected, options, check, hasher, args) -> int:
    """Write the review pack after a render that exited ``code``: only when every selected report is published
    from this run or up to date, and the data passed the gate (this run's verdict, else the stored one)."""
    from ascc_analysis.pipeline.gate import cached_result, gate_key
    from ascc_analysis.pipeline.pack import PackedReport, write_pack
    from ascc_analysis.pipeline.selection import describe

    if code == EXIT_INVALID_DATA:
        print("Review pack refused: the data is invalid.", file=sys.stderr)
        return code
    if code != EXIT_OK:
        if code == EXIT_REPORT_FAILED:
            print("Review pack not written: a selected report failed.", file=sys.stderr)
        return code
    gate = result.gate or cached_result(options.output_dir, gate_key(options.data_dir, hasher,
                                                                     package_dir=options.package_dir))
    valid = gate.success if gate is not None else _validate_only(options, check, hasher) == EXIT_OK
    if not valid:
        print("Review pack refused: the data is invalid.", file=sys.stderr)
        return EXIT_INVALID_DATA
    unpublished = [o.report_id for o in result.outcomes if o.status not in {"ok", "skipped"}]
    if unpublished:
        print(f"Review pack not written: not published in this run: {', '.join(unpublished)}", file=sys.stderr)
        return EXIT_REPORT_FAILED
    chapters, ams = [c.lower() for c in args.chapter], [a.upper() for a in args.ams]
    parameters = {"selection": describe(registry, chapters, ams, [c.upper() for c in args.characteristic]),
                  "reports": [report.report_id for report in selected], "data_dir": shown_path(options.data_dir),
                  **options.render_options}
    result = write_pack(options.output_dir, options.data_dir,
                        [PackedReport(report.report_id, report.title) for report in selected], parameters)
    print(f"Review pack: {result.path} ({result.files} files)")
    if result.pdf_note:
        print(f"  {result.pdf_note}")
    return EXIT_OK


def _verify_pack(args, options, program) -> int:
    from ascc_analysis.pipeline.pack_verify import verify_pack

    if not args.verify_pack.is_file():
        return _usage_error(program, f"review pack {args.verify_pack} does not exist")
    problems = verify_pack(args.verify_pack, options.data_dir)
    if problems:
        print(f"{args.verify_pack}: does not match ({len(problems)} difference{'s' if len(problems) > 1 else ''}):",
              file=sys.stderr)
        print("\n".join(f"  {line}" for line in problems), file=sys.stderr)
        return EXIT_INVALID_DATA
    print(f"{args.verify_pack}: intact, and the data folder {shown_path(options.data_dir)} matches its checksums.")
    return EXIT_OK


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(args, reports=None, check=None, program: str = "python run_all.py", package_dir: Path | None = None) -> int:
    """Carry out parsed arguments; returns the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        From ``build_parser``.
    reports : list of Report, optional
        The registry (tests inject fixture reports); the project's registry when None.
    check : callable, optional
        ``check(data_dir, docs_dir) -> GateResult``; ``gate.run_validation`` when None.
    program : str
        How to call the program in the printed re-run command.
    package_dir : Path, optional
        The package whose source is fingerprinted; ``ascc_analysis/`` when None (tests
        pass a frozen copy so that work in progress elsewhere does not re-render fixtures).
    """
    from ascc_analysis.pipeline.fingerprint import Hasher
    from ascc_analysis.pipeline.gate import run_validation
    from ascc_analysis.pipeline.lock import LockBusy, RunLock
    from ascc_analysis.pipeline.orchestrate import RunOptions, describe_plan, plan
    from ascc_analysis.pipeline.publish import clean_stale_staging
    from ascc_analysis.pipeline.selection import SelectionError, check_selection, describe, select

    options = RunOptions(Path(args.data_dir).resolve(), Path(args.output_dir).resolve(), args.jobs, args.force,
                         args.show_code, args.timeout)
    if package_dir is not None:
        options.package_dir = Path(package_dir)
    if not options.data_dir.is_dir():
        return _usage_error(program, f"data folder {args.data_dir} does not exist")
    if args.make_template or args.from_data or args.send_to:
        return _make_templates(args, options, program)
    if args.verify_pack is not None:
        return _verify_pack(args, options, program)
    hasher = Hasher()
    registry = list(reports) if reports is not None else all_reports()
    chapters, ams = [c.lower() for c in args.chapter], [a.upper() for a in args.ams]
    characteristics = [c.upper() for c in args.characteristic]
    try:
        check_selection(registry, chapters, ams, characteristics)
    except SelectionError as error:
        return _usage_error(program, str(error))
    selected = select(registry, chapters, ams, characteristics)
    if args.list:
        print(_listing(selected, describe(registry, chapters, ams, characteristics)))
        return EXIT_OK
    if args.dry_run:
        print(describe_plan(plan(selected, options, hasher)) + "\nNothing was executed (--dry-run).")
        return EXIT_OK
    command = getattr(args, "command", program)
    try:
        with RunLock(options.output_dir, command, wait=args.wait):
            for folder in clean_stale_staging(options.output_dir):
                print(f"Removed the staging folder {folder.name} left by an interrupted run")
            if args.validate_only:
                return _validate_only(options, check or run_validation, hasher)
            code, result = _render(args, registry, selected, options, check or run_validation, hasher, program)
            if args.pack:
                return _pack(code, result, registry, selected, options, check or run_validation, hasher, args)
            return code
    except LockBusy as busy:
        print(f"{program}: {busy}", file=sys.stderr)
        return EXIT_INTERNAL


def _write_debug(started: float) -> None:
    path = os.environ.get(DEBUG_ENV)
    if not path:
        return
    from ascc_analysis.pipeline.pool import STARTED

    Path(path).write_text(json.dumps({"modules": sorted(sys.modules), "workers_started": STARTED["workers"],
                                      "seconds": time.monotonic() - started}), encoding="utf-8")


def main(argv=None, *, reports=None, check=None, program: str = "python run_all.py",
         package_dir: Path | None = None) -> int:
    """Parse ``argv`` and run; never raises (exit statuses: see ``EPILOG``).

    Parameters
    ----------
    argv : list of str, optional
        Defaults to ``sys.argv[1:]``.
    reports, check, program, package_dir
        See ``run``.
    """
    started = time.monotonic()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(program.split()[-1]).parse_args(argv)
        args.command = " ".join([program, *(shlex.quote(str(part)) for part in argv)])
        return run(args, reports, check, program, package_dir)
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        traceback.print_exc()
        print("Internal error (exit 1): the published outputs were not changed by what failed.", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        signal.signal(signal.SIGTERM, previous)
        _write_debug(started)

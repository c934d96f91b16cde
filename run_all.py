#!/usr/bin/env python
"""Render the ASCC Blueprint MTR reports: ingest, validate, execute, export.

Walking skeleton: ingests the Tool 1 register, runs the Great Expectations gate and renders
the regional overview. Exit status: 0 ok, 1 internal error, 2 usage error, 3 invalid data,
4 a report failed, 130 interrupted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from ascc_analysis import paths, registry, tool1
from ascc_analysis.taxonomy import load_taxonomy

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INVALID_DATA, EXIT_REPORT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=paths.DATA_DIR, help="data folder (default: data/)")
    parser.add_argument("--output-dir", type=Path, default=paths.OUTPUTS_DIR, help="output folder (default: outputs/)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    taxonomy = load_taxonomy(args.data_dir)
    register = tool1.ingest_tool1(args.data_dir, taxonomy=taxonomy)
    if register.errors:
        print("\n".join(str(issue) for issue in register.errors), file=sys.stderr)
        return EXIT_INVALID_DATA
    from ascc_analysis.validation import run_gate

    gate = run_gate({"activities": register.activities, "links": register.links}, taxonomy)
    print(gate.summary())
    if not gate.success:
        return EXIT_INVALID_DATA
    from ascc_analysis.render import execute_report, export_html

    report = registry.get_report("regional")
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=args.output_dir.parent))
    try:
        notebook = execute_report(report, args.data_dir.resolve(), staging, staging / "notebooks" / f"{report.report_id}.ipynb")
        export_html(notebook, staging / f"{report.report_id}.html")
        args.output_dir.mkdir(parents=True, exist_ok=True)
        for item in sorted(staging.rglob("*")):
            if item.is_file():
                target = args.output_dir / item.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(item, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"wrote {args.output_dir / (report.report_id + '.html')}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

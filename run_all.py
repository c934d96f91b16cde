#!/usr/bin/env python
"""Render the ASCC Blueprint MTR reports: ingest, validate, execute, export.

``python run_all.py --help`` lists the options. Exit status: 0 ok, 1 internal error,
2 usage error, 3 invalid data, 4 a report failed, 130 interrupted.
"""

from __future__ import annotations

import sys

from ascc_analysis.pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``run_all.py`` on the fixture registry: ``python -m tests.helpers.run_fixture [run_all options]``.

The templates folder comes from ``FIXTURE_TEMPLATES``, the fingerprinted package source
from ``FIXTURE_PACKAGE`` (a frozen copy); the gate is ``fake_gate``. Used by
the tests that need a separate process (signals, locks, imports of a no-change run).
"""

import os
import sys
from pathlib import Path

from ascc_analysis.pipeline.cli import main
from tests.helpers.fixture_project import fake_gate, fixture_reports

if __name__ == "__main__":
    templates = Path(os.environ["FIXTURE_TEMPLATES"])
    sys.exit(main(reports=fixture_reports(templates), check=fake_gate, program="python -m tests.helpers.run_fixture",
                  package_dir=os.environ.get("FIXTURE_PACKAGE")))

"""Safe publishing: reports render into a staging folder and move into place when complete.

The staging folder (``<output_dir>/.staging-<pid>/``) sits inside the output folder, so
every move is an ``os.replace`` on one filesystem: atomic, a reader sees the old file or
the new one, never half of one. A run killed midway leaves its staging folder behind and
the published outputs untouched; the next run (holding the lock) deletes stale staging
folders. Standard library only: the orchestrator imports this on every run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_PREFIX = ".staging-"

REPORT_FILES = ("notebooks/{id}.ipynb", "{id}.json", "{id}.html")
"""A rendered report's files, relative to the staging and output folders (HTML last)."""

FAILED_FILES = ("failed/{id}.ipynb", "failed/{id}.html")
"""What a failed report leaves, relative to the staging and output folders."""

LOG_FILE = "logs/{id}.log"


def clean_stale_staging(output_dir: Path) -> list[Path]:
    """Delete staging folders left by killed runs (call only while holding the lock).

    Returns
    -------
    list of Path
        The folders removed.
    """
    stale = sorted(output_dir.glob(f"{STAGING_PREFIX}*")) if output_dir.is_dir() else []
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def _move(source: Path, target: Path) -> bool:
    if not source.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return True


class Staging:
    """One run's staging folder inside the output folder.

    Parameters
    ----------
    output_dir : Path
        The published output folder (created when missing).
    """

    def __init__(self, output_dir: Path):
        self.output_dir = Path(output_dir)
        self.path = self.output_dir / f"{STAGING_PREFIX}{os.getpid()}"
        for sub in ("notebooks", "failed", "logs"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)

    def log_path(self, report_id: str) -> Path:
        """Where the report's log is written while it renders."""
        return self.path / LOG_FILE.format(id=report_id)

    def _publish(self, report_id: str, names: tuple[str, ...]) -> list[Path]:
        moved = []
        for name in names + (LOG_FILE,):
            relative = name.format(id=report_id)
            if _move(self.path / relative, self.output_dir / relative):
                moved.append(self.output_dir / relative)
        return moved

    def publish_rendered(self, report_id: str) -> list[Path]:
        """Move a rendered report's notebook, sidecar, HTML and log into place.

        A previous failure's leftovers in ``failed/`` are removed.
        """
        moved = self._publish(report_id, REPORT_FILES)
        for name in FAILED_FILES:
            (self.output_dir / name.format(id=report_id)).unlink(missing_ok=True)
        return moved

    def publish_failed(self, report_id: str) -> list[Path]:
        """Move a failed report's notebook, HTML and log into ``failed/`` and ``logs/``.

        The report's last good HTML, sidecar and notebook stay published.
        """
        return self._publish(report_id, FAILED_FILES)

    def publish_dir(self, relative: str) -> Path | None:
        """Swap a staged folder (e.g. ``validation/``) into place; the old one is moved aside, then deleted."""
        source, target = self.path / relative, self.output_dir / relative
        if not source.is_dir():
            return None
        aside = self.path / f"{relative}.previous"
        if target.exists():
            os.replace(target, aside)
        os.replace(source, target)
        shutil.rmtree(aside, ignore_errors=True)
        return target

    def publish_file(self, relative: str) -> Path | None:
        """Move one staged file (e.g. ``index.html``) into place."""
        target = self.output_dir / relative
        return target if _move(self.path / relative, target) else None

    def discard(self) -> None:
        """Delete the staging folder and whatever is left in it."""
        shutil.rmtree(self.path, ignore_errors=True)

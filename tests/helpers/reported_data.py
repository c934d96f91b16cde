"""A copy of the shipped data whose Tool 1 workbooks are relabelled ``reported``, as a user's own export would be."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from ascc_analysis.config import DATA_DIR, TOOL1_SUBDIR
from ascc_analysis.data.taxonomy import load_taxonomy, normalise_label


def reported_copy(target: Path, source: Path = DATA_DIR) -> Path:
    """Copy ``source`` to ``target`` and mark every activity row of its Tool 1 workbooks ``reported``.

    The same activities, statuses and links: only the provenance column changes (its header
    found through the taxonomy's column aliases), so a report rendered from the copy shows
    what a real export of the same records would show.

    Returns
    -------
    Path
        ``target``.
    """
    shutil.copytree(source, target)
    aliases = load_taxonomy(target).column_aliases
    headers = {label for label, column in aliases.items() if column == "provenance"}
    for path in sorted((target / TOOL1_SUBDIR).glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            _relabel(sheet, headers)
        book.save(path)
    return target


def _relabel(sheet, headers: set[str]) -> None:
    """Set every value under the sheet's provenance header to ``reported``."""
    column = header_row = None
    for row in sheet.iter_rows():
        if column is None:
            found = [cell for cell in row[1:] if normalise_label(cell.value) in headers]
            if found:
                column, header_row = found[0].column, found[0].row
        elif row[0].row > header_row and row[column - 1].value not in (None, ""):
            row[column - 1].value = "reported"

"""Small Tool 1 workbooks and CSV exports for the ingester's tests, written into a temporary folder.

Both writers lay a file out the same way: a title line, the header block (``Sectoral
Body`` and ``Reporting date``, each left out when None), a blank line, the header row
(row 5) and the activity rows (from row 6).
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl

HEADER = ["No.", "Activity code", "Activity title", "Blueprint reference", "Type of activity",
          "Status", "Start year", "End year", "Source of funding", "Notes"]

FIRST_ROW = 6
"""The spreadsheet row of the first activity."""


def row(code, reference="A.1", status="Ongoing", start=2018, end=2020, *, title=None,
        kind="Capacity building", funding="ASEAN funds", notes=None, number=None):
    """One activity row in the order of HEADER."""
    return [number, code, title or f"Activity {code}", reference, kind, status, start, end, funding, notes]


def _lines(rows, body, date, header) -> list[list]:
    return [["Framework for Reporting on the Sectoral Work Plan"],
            ["Sectoral Body:", body] if body is not None else [],
            ["Reporting date:", date] if date is not None else [],
            [], list(header), *map(list, rows)]


def write_workbook(folder: Path, name: str, rows, *, body="SOMHD", date="21 May 2020", header=HEADER,
                   sheet="Tool1 Report", before_sheets=()) -> Path:
    """Write a workbook ``name`` into ``folder``; ``before_sheets`` adds instruction sheets before the table's."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    for title in before_sheets:
        workbook.create_sheet(title, 0).append(["Instructions: fill one row per activity"])
    first.title = sheet
    for line in _lines(rows, body, date, header):
        first.append(line)
    path = folder / name
    workbook.save(path)
    return path


def write_csv(folder: Path, name: str, rows, *, body="SOMHD", date="21 May 2020", header=HEADER,
              delimiter=",", encoding="utf-8") -> Path:
    """Write a CSV export ``name`` into ``folder`` (empty cells as empty text)."""
    path = folder / name
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for line in _lines(rows, body, date, header):
            writer.writerow(["" if value is None else value for value in line])
    return path


def store_formula_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells of the first sheet a stored text value, as Excel would on saving.

    openpyxl writes formulas without one (``<f>..</f><v/>``); ``values`` maps a cell
    (``"C6"``) to the text to store (``""`` for a formula whose result is empty text).
    """
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        members = {item: archive.read(item) for item in archive.namelist()}
    xml = members[part].decode("utf-8")
    for coordinate, text in values.items():
        pattern = re.compile(rf'(<c r="{coordinate}"[^>]*)><f>(.*?)</f><v\s*/>')
        xml, count = pattern.subn(rf'\1 t="str"><f>\2</f><v>{text}</v>', xml)
        assert count == 1, coordinate
    members[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item, data in members.items():
            archive.writestr(item, data)


def export_csv(workbook: Path, target: Path) -> Path:
    """Save the first sheet of ``workbook`` as a UTF-8 CSV export, each cell as a spreadsheet shows it
    (``tool1_cells.display``: dates as ISO text, whole numbers without ``.0``)."""
    from ascc_analysis.data.tool1_cells import display

    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    try:
        lines = [[display(value) or "" for value in line] for line in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return target

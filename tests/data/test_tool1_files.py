"""Tests of the Tool 1 folder and file readers (ascc_analysis.data.tool1_files)."""

from __future__ import annotations

import openpyxl
import pytest

from ascc_analysis.data import tool1_files
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.data.tool1_files import (
    FormulaText,
    UnreadableFile,
    csv_table,
    first_table,
    folder_entries,
    formulas_without_value,
    read_table,
)
from tests.data.tool1_books import FIRST_ROW, row, store_formula_values, write_csv, write_workbook

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.fixture(scope="module")
def aliases():
    return load_taxonomy().column_aliases


def sheet_xml(cells: str) -> bytes:
    return f'<worksheet {MAIN}><sheetData><row r="1">{cells}</row></sheetData></worksheet>'.encode()


def test_folder_entries_sort_every_name_into_read_skip_or_refuse(tmp_path):
    for name in ["b.xlsx", "A.XLSX", "c.csv", "~$b.xlsx", ".DS_Store", "notes.md", "HOWTO.txt", "old.xls",
                 "calc.ods", "brief.pdf", "LICENSE"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "dir.xlsx").mkdir()

    entries = {entry.path.name: (entry.action, entry.reason) for entry in folder_entries(tmp_path)}

    assert [entry.path.name for entry in folder_entries(tmp_path)] == sorted(entries)
    assert {name for name, (action, _) in entries.items() if action == "read"} == {"A.XLSX", "b.xlsx", "c.csv"}
    assert {name for name, (action, _) in entries.items() if action == "skip"} == {
        "~$b.xlsx", ".DS_Store", "notes.md", "HOWTO.txt", "dir.xlsx"}
    assert {name for name, (action, _) in entries.items() if action == "refuse"} == {
        "old.xls", "calc.ods", "brief.pdf", "LICENSE"}
    assert entries["~$b.xlsx"][1].startswith("Excel lock file (b.xlsx is open in Excel")
    assert entries["old.xls"][1].startswith("unsupported format: an Excel 97-2003 workbook is not read; "
                                            "save it as .xlsx (Excel Workbook) or .csv")
    assert "an OpenDocument spreadsheet" in entries["calc.ods"][1]
    assert "a '.pdf' file" in entries["brief.pdf"][1] and "without an extension" in entries["LICENSE"][1]
    assert folder_entries(tmp_path / "missing") == []


def test_first_table_skips_sheets_without_header(tmp_path, aliases):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Read me"
    workbook.active["A1"] = "Instructions"
    sheet = workbook.create_sheet("Data")
    sheet["C4"] = "Activity code"
    sheet["D4"] = "Title"
    sheet["E4"] = "Status"
    sheet["C5"] = "S-1"
    workbook.save(tmp_path / "w.xlsx")

    name, rows, header = first_table(tmp_path / "w.xlsx", aliases)

    assert (name, header) == ("Data", 3)
    assert rows[4][2] == "S-1"
    assert len(rows) == 5


def as_text(lines) -> list[tuple[str, ...]]:
    """Rows as a CSV export writes them: every cell as text, trailing empty cells dropped."""
    text = [["" if value is None else str(value) for value in line] for line in lines]
    return [tuple(line[:max((i + 1 for i, value in enumerate(line) if value), default=0)]) for line in text]


def test_a_csv_reads_like_the_workbook_it_was_exported_from(tmp_path, aliases):
    rows = [row("S-1", number=1, notes='a, "quoted"\nnote'), row("S-2", end=None)]
    _, book_rows, book_header = read_table(write_workbook(tmp_path, "S.xlsx", rows), aliases)

    sheet, csv_rows, csv_header = read_table(write_csv(tmp_path, "S.csv", rows), aliases)

    assert (sheet, csv_header) == (None, book_header)
    assert as_text(csv_rows) == as_text(book_rows)
    assert csv_rows[FIRST_ROW - 1][9] == 'a, "quoted"\nnote'  # one cell over two lines: still one row
    assert csv_rows[FIRST_ROW][1] == "S-2"


@pytest.mark.parametrize("delimiter, encoding", [(";", "utf-8"), ("\t", "utf-8"), (",", "utf-8-sig")])
def test_csv_delimiters_and_byte_order_mark(tmp_path, aliases, delimiter, encoding):
    path = write_csv(tmp_path, "S.csv", [row("S-1")], delimiter=delimiter, encoding=encoding)

    _, rows, header = csv_table(path, aliases)

    assert header == 4 and rows[0][0] == "Framework for Reporting on the Sectoral Work Plan"
    assert rows[FIRST_ROW - 1][1] == "S-1"


def test_csv_that_is_not_utf8_is_unreadable_with_its_line(tmp_path, aliases):
    path = write_csv(tmp_path, "S.csv", [row("S-1"), row("S-2", title="Formation à distance")], encoding="latin-1")

    with pytest.raises(UnreadableFile, match="not UTF-8 text \\(byte 0xe0 on line 7\\); in Excel save it as "
                                             "'CSV UTF-8") as caught:
        csv_table(path, aliases)
    assert caught.value.row == 7


def test_csv_without_a_header_row(tmp_path, aliases):
    (tmp_path / "S.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert csv_table(tmp_path / "S.csv", aliases) == (None, [("a", "b"), ("1", "2")], None)


def test_formulas_without_value_finds_only_cells_without_a_stored_value():
    xml = sheet_xml('<c r="A1"><f>SUM(1,2)</f><v/></c>'          # written by openpyxl: no value
                    '<c r="B1"><f>1+1</f></c>'                     # no <v> at all
                    '<c r="C1"><f>1+2</f><v>3</v></c>'             # stored value
                    '<c r="D1" t="str"><f>IF(1,"","x")</f><v></v></c>'  # stored empty text
                    '<c r="E1" t="s"><v>0</v></c>')                # no formula
    assert formulas_without_value(xml) == {(1, 1): "=SUM(1,2)", (1, 2): "=1+1"}


def test_shared_formulas_are_spelt_out_for_each_cell():
    xml = (f'<worksheet {MAIN}><sheetData>'
           '<row r="2"><c r="C2"><f t="shared" ref="C2:C3" si="0">A2&amp;B2</f></c></row>'
           '<row r="3"><c r="C3"><f t="shared" si="0"/></c></row></sheetData></worksheet>').encode()
    assert formulas_without_value(xml) == {(2, 3): "=A2&B2", (3, 3): "=A3&B3"}


def test_a_sheet_without_formulas_is_not_parsed():
    assert formulas_without_value(b"<worksheet><sheetData><row r='1'>") == {}  # malformed, yet no parse error


def test_first_table_gives_stored_values_and_formula_text(tmp_path, aliases):
    path = write_workbook(tmp_path, "S.xlsx", [row("S-1", title='=CONCAT("a","b")', notes="=1+1"),
                                               row("S-2", title="=UPPER(\"x\")")])
    store_formula_values(path, {"C7": "X"})

    _, rows, _ = first_table(path, aliases)

    title, notes = rows[FIRST_ROW - 1][2], rows[FIRST_ROW - 1][9]
    assert (title, notes) == ('=CONCAT("a","b")', "=1+1")
    assert isinstance(title, FormulaText) and isinstance(notes, FormulaText)
    assert rows[FIRST_ROW][2] == "X" and not isinstance(rows[FIRST_ROW][2], FormulaText)


def test_a_sheet_the_fast_reader_leaves_to_openpyxl_reads_the_same(tmp_path, aliases, monkeypatch):
    path = write_workbook(tmp_path, "S.xlsx", [row("S-1", title='=CONCAT("a","b")'), row("S-2", end=None)])
    fast = first_table(path, aliases)

    def unusual(*args):
        raise tool1_files.UnusualSheet("as if it held something unknown")

    monkeypatch.setattr(tool1_files, "sheet_rows", unusual)
    slow = first_table(path, aliases)

    assert slow == fast and isinstance(slow[1][FIRST_ROW - 1][2], FormulaText)

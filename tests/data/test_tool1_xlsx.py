"""Tests of the fast worksheet reader (ascc_analysis.data.tool1_xlsx): the values openpyxl gives, read faster."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from openpyxl.utils.datetime import WINDOWS_EPOCH
from openpyxl.worksheet._reader import WorkSheetParser

from ascc_analysis.config import DATA_DIR
from ascc_analysis.data import tool1_xlsx
from ascc_analysis.data.tool1_xlsx import FormulaText, UnusualSheet, sheet_rows

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS = ["shared zero", "shared one", "Ðà Nẵng ប្រទេស"]
DATES, DURATIONS = {3, 4}, {4}


def sheet(rows: str, root: str = f"<worksheet {MAIN}>") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}<sheetData>{rows}</sheetData></worksheet>'.encode()


def openpyxl_rows(xml: bytes) -> list:
    """What a read-only, data-only openpyxl sheet's ``iter_rows(values_only=True)`` gives for ``xml``."""
    parser = WorkSheetParser(io.BytesIO(xml), STRINGS, data_only=True, epoch=WINDOWS_EPOCH, date_formats=DATES,
                             timedelta_formats=DURATIONS)
    rows = []
    for number, cells in parser.parse():
        rows += [[]] * (number - 1 - len(rows))
        if len(rows) + 1 == number:
            values = [None] * (cells[-1]["column"] if cells else 0)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            rows.append(tuple(values))
    return rows


def fast_rows(xml: bytes) -> list:
    return sheet_rows(xml, STRINGS, DATES, DURATIONS, WINDOWS_EPOCH)


def same(fast: list, slow: list) -> bool:
    """Equal, and of the same types cell by cell (1 is not 1.0 nor True)."""
    return fast == slow and all(type(a) is type(b) for x, y in zip(fast, slow, strict=True)
                                for a, b in zip(x, y, strict=True))


CELLS = ('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b\n'
         '</t></is></c><c r="D1" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r>'
         '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c><c r="E1" t="inlineStr"><is><t/></is></c></row>'
         '<row r="3"><c r="A3"><v>2018</v></c><c r="B3" t="n"><v>2018.5</v></c><c r="C3"><v>1E3</v></c>'
         '<c r="D3" s="3"><v>43972</v></c><c r="E3" s="4"><v>0.5</v></c><c r="F3" t="b"><v>1</v></c>'
         '<c r="G3" t="e"><v>#N/A</v></c><c r="H3" t="d"><v>2020-05-21T00:00:00</v></c><c r="I3" s="2"/>'
         '<c r="J3" t="s"><v>2</v></c></row>'
         '<row r="4"/>'
         '<row r="5"><c r="B5"><f>SUM(A3:B3)</f><v>4036.5</v></c><c r="C5"><f>A3*2</f></c>'
         '<c r="D5" t="str"><f>CONCAT("a","b")</f><v></v></c><c r="E5"><f>A3+1</f><v></v></c>'
         '<c r="F5"><f t="shared" ref="F5:F6" si="0">A5+1</f></c></row>'
         '<row r="6"><c r="F6"><f t="shared" si="0"/></c><c r="G6" t="str"><f>"x"</f><v>x</v></c></row>')


def test_values_are_those_openpyxl_reads_type_for_type():
    xml = sheet(CELLS)

    rows = fast_rows(xml)

    assert rows[0] == ("shared one", None, " a & b\n", "rich text", "")
    assert rows[1] == []
    assert rows[2][:4] == (2018, 2018.5, 1000.0, datetime.datetime(2020, 5, 21))
    assert rows[2][4:] == (datetime.timedelta(hours=12), True, "#N/A", datetime.datetime(2020, 5, 21), None,
                           STRINGS[2])
    assert rows[3] == ()


def test_formulas_keep_their_stored_value_and_those_without_one_are_formula_text():
    rows = fast_rows(sheet(CELLS))

    assert rows[4] == (None, 4036.5, "=A3*2", None, "=A3+1", "=A5+1")
    assert [type(value) for value in rows[4][2:]] == [FormulaText, type(None), FormulaText, FormulaText]
    assert rows[5] == (None, None, None, None, None, "=A6+1", "x") and isinstance(rows[5][5], FormulaText)


def test_stored_values_are_those_of_openpyxl_and_the_formulas_those_the_xml_holds():
    plain = sheet(CELLS.split('<row r="5">')[0])
    assert same(fast_rows(plain), openpyxl_rows(plain))
    formulas = fast_rows(sheet(CELLS))
    stored = openpyxl_rows(sheet(CELLS))
    assert all(fast is slow or fast == slow or isinstance(fast, FormulaText) and slow is None
               for x, y in zip(formulas, stored, strict=True) for fast, slow in zip(x, y, strict=True))


def test_rows_are_read_the_same_in_small_chunks(monkeypatch):
    xml = sheet(CELLS)
    whole = fast_rows(xml)
    monkeypatch.setattr(tool1_xlsx, "CHUNK_BYTES", 10)

    assert same(fast_rows(xml), whole)


PREFIXED = (f'<x:worksheet {MAIN.replace("xmlns=", "xmlns:x=")}><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr">'
            '<x:is><x:t>text</x:t></x:is></x:c><x:c r="C2"><x:f>B2</x:f></x:c></x:row></x:sheetData></x:worksheet>')


@pytest.mark.parametrize("xml", [PREFIXED.encode(), sheet('<row r="2"><!-- a note --><c r="B2" t="inlineStr"><is>'
                                                         '<t>text</t></is></c><c r="C2"><f>B2</f></c></row>')])
def test_a_sheet_written_otherwise_is_read_event_by_event(xml):
    assert fast_rows(xml) == [[], (None, "text", "=B2")]


def test_xml_the_runs_of_rows_cannot_be_read_in_is_left_to_openpyxl():
    xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(b"<worksheet ", b"<dialogsheet ")

    with pytest.raises(UnusualSheet):
        fast_rows(xml)


@pytest.mark.parametrize("cells", ['<row><c r="A1"><v>1</v></c></row>', '<row r="1"><c><v>1</v></c></row>',
                                   '<row r="1"><c r="$A$1"><v>1</v></c></row>',
                                   '<row r="1"><c r="A1" t="inlineStr"><is><foo/></is></c></row>'])
def test_what_the_reader_does_not_know_is_left_to_openpyxl(cells):
    with pytest.raises(UnusualSheet):
        fast_rows(sheet(cells))


PLAIN = ('<row r="1" spans="1:9"><c r="A1" t="s"><v>2</v></c><c r="B1" s="1" t="inlineStr"><is>'
         '<t xml:space="preserve"> a &amp; b &#x41;&#66;\r\n</t></is></c><c r="C1" t="inlineStr"><is><t></t></is></c>'
         '<c r="D1" t="inlineStr"/><c r="E1" t="str"><v>x &lt; y</v></c><c r="F1" t="s"><v>0</v></c></row>'
         '<row r="3"><c r="A3"><v>2018</v></c><c r="B3" t="n"><v>2018.5</v></c><c r="C3"><v>1E3</v></c>'
         '<c r="D3" s="3"><v>43972</v></c><c r="E3" s="4"><v>0.5</v></c><c r="F3" t="b"><v>1</v></c>'
         '<c r="G3" t="e"><v>#N/A</v></c><c r="H3" t="d"><v>2020-05-21T00:00:00</v></c><c r="I3" s="2"/>'
         '<c r="J3" t="n"><v></v></c></row><row r="4"/>'
         '<row r="6" spans="2:3"><c r="C6" t="inlineStr"><is><t>Ðà Nẵng ប្រទេស</t></is></c></row>')


def test_a_plain_sheet_is_read_by_its_patterns_as_openpyxl_reads_it(monkeypatch):
    xml = sheet(PLAIN)
    expected = openpyxl_rows(xml)
    monkeypatch.setattr(tool1_xlsx, "_row_elements", lambda _: pytest.fail("the parser was used"))

    rows = fast_rows(xml)

    assert same(rows, expected)
    assert rows[0][:2] == (STRINGS[2], " a & b AB\n") and rows[5] == (None, None, "Ðà Nẵng ប្រទេស")


@pytest.mark.parametrize("cells", ['<row r="1"><c t="s" r="A1"><v>0</v></c></row>',
                                   '<row r="1"><c r="A1" cm="1"><v>1</v></c></row>',
                                   '<row r="1"><c r="A1"><v/></c><c r="B1"><v>2</v></c></row>',
                                   '<row r="1"><c r="A1" t="inlineStr"><is><r><t>rich</t></r></is></c></row>',
                                   '<row r="1"><c r="A1" t="n"><is><t>1</t></is></c></row>',
                                   '<row r="2" ht="20"><c r="A2" t="inlineStr"><is><t>x</t><rPh sb="0" eb="1">'
                                   '<t>y</t></rPh></is></c></row>'])
def test_a_sheet_the_patterns_do_not_cover_is_read_by_the_parser_as_openpyxl_reads_it(cells):
    xml = sheet(cells)

    assert tool1_xlsx._plain_rows(xml, tool1_xlsx._Cells(STRINGS, DATES, DURATIONS, WINDOWS_EPOCH, False)) is None
    assert same(fast_rows(xml), openpyxl_rows(xml))


def test_a_sheet_in_another_encoding_or_with_an_unknown_entity_is_not_read_by_the_patterns():
    latin = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
             f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>caf\xe9</t></is></c></row>'
             '</sheetData></worksheet>').encode("latin-1")
    assert same(fast_rows(latin), openpyxl_rows(latin)) and fast_rows(latin) == [("café",)]
    for text in ("a&nbsp;b", "a&#99999999;b"):
        with pytest.raises(UnusualSheet):  # not well-formed XML: openpyxl decides
            fast_rows(sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'))


def test_every_shipped_workbook_reads_as_openpyxl_reads_it():
    for path in sorted((DATA_DIR / "raw" / "tool1").glob("*.xlsx")):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        with zipfile.ZipFile(path) as archive:
            for worksheet in workbook.worksheets:
                xml = archive.read(worksheet._worksheet_path)
                worksheet.reset_dimensions()
                expected = list(worksheet.iter_rows(values_only=True))
                rows = sheet_rows(xml, workbook.shared_strings, workbook._date_formats,
                                  workbook._timedelta_formats, workbook.epoch)
                assert same(rows, expected), path.name
        workbook.close()

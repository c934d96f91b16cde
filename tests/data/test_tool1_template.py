"""Tests of the Tool 1 reporting template (ascc_analysis.data.tool1_template): its layout and validations read
back, and the round trip: a filled template ingested, validated by the gate and rendered."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from ascc_analysis.config import DATA_DIR, EXPECTATIONS_DIR, PROJECT_ROOT
from ascc_analysis.data.taxonomy import load_taxonomy, normalise_label
from ascc_analysis.data.tool1 import ingest_tool1
from ascc_analysis.data.tool1_cells import map_code
from ascc_analysis.data.tool1_template import (
    EMPTY_ROWS,
    ERROR_LIMIT,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    LABELLED_FIELDS,
    LISTS_SHEET,
    PROMPT_LIMIT,
    PROMPT_TITLE_LIMIT,
    REFERENCE_CHECK,
    REFERENCE_SEPARATOR,
    TABLE_SHEET,
    blueprint_years,
    make_templates,
    reference_example,
    resolve_bodies,
    template_path,
)

TAXONOMY = load_taxonomy()
REPORTING_DATE = date(2020, 6, 30)
BODY = "SOMHD"
SOFFICE = shutil.which("soffice")
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"
"""LibreOffice's CSV filter: comma, double quotes, UTF-8, from line 1, cells saved as shown (dates as formatted)."""


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The template of SOMHD, not pre-filled."""
    (path, rows), = make_templates([BODY], tmp_path_factory.mktemp("template"), reporting_date=REPORTING_DATE)
    assert rows == 0
    return path


def columns_of(sheet) -> dict[str, str]:
    """Canonical column -> column letter, from the header row as the ingester maps it."""
    aliases = TAXONOMY.column_aliases
    return {aliases[normalise_label(cell.value)]: cell.column_letter for cell in sheet[HEADER_ROW]
            if normalise_label(cell.value) in aliases}


def validation_of(sheet, cell: str):
    """The one data validation that covers ``cell``."""
    found = [validation for validation in sheet.data_validations.dataValidation if cell in validation.sqref]
    assert len(found) == 1, f"{cell}: {len(found)} validations"
    return found[0]


def named_values(workbook, name: str) -> list:
    """The values of a workbook-level name's range (on the hidden lists sheet)."""
    (title, cells), = workbook.defined_names[name].destinations
    assert title == LISTS_SHEET
    return [row[0].value for row in workbook[title][cells.replace("$", "")]]


# --------------------------------------------------------------------------------------
# The template as written
# --------------------------------------------------------------------------------------


def test_one_template_per_implementing_body(tmp_path):
    written = make_templates(["all", "somhd"], tmp_path)

    assert [path for path, _ in written] == [template_path(tmp_path, body) for body in TAXONOMY.implementing_bodies]
    assert all(path.is_file() and path.parent == tmp_path / "templates" for path, _ in written)


def test_bodies_are_resolved_once_each_and_unknown_ones_refused():
    assert resolve_bodies(["somhd", "SOMHD", "cop-aathp"], TAXONOMY) == ["SOMHD", "COP-AATHP"]
    assert resolve_bodies(["ALL"], TAXONOMY) == TAXONOMY.implementing_bodies
    with pytest.raises(ValueError, match="unknown Sectoral Body 'SOMXX'"):
        resolve_bodies(["SOMXX"], TAXONOMY)
    coordinating = TAXONOMY.coordinating_bodies[0]
    with pytest.raises(ValueError, match="coordinating body"):
        resolve_bodies([coordinating], TAXONOMY)


def test_years_are_the_span_the_gate_enforces(tmp_path):
    suite = json.loads((EXPECTATIONS_DIR / "activities.json").read_text(encoding="utf-8"))
    bounds = next(e["kwargs"] for e in suite["expectations"] if e["type"] == "expect_column_values_to_be_between"
                  and e["kwargs"]["column"] == "start_year")
    assert blueprint_years() == range(bounds["min_value"], bounds["max_value"] + 1)

    suite["expectations"] = [e for e in suite["expectations"] if e["kwargs"].get("column") != "start_year"]
    (tmp_path / "activities.json").write_text(json.dumps(suite), encoding="utf-8")
    with pytest.raises(ValueError, match="Blueprint's span is unknown"):
        blueprint_years(tmp_path)


def test_sheets_header_block_and_header_row(template):
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == [TABLE_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    sheet = workbook[TABLE_SHEET]
    labels = TAXONOMY.header_block_aliases
    block = {labels.get(normalise_label(sheet.cell(row, 1).value)): sheet.cell(row, 2).value for row in (2, 3)}
    assert block == {"sectoral_body": BODY, "reporting_date": datetime(2020, 6, 30)}
    assert sheet["A4"].value == "Reporting period:"
    assert sheet["B4"].value.startswith(f"{blueprint_years()[0]}-{blueprint_years()[-1]}")
    columns = columns_of(sheet)
    every_column = set(TAXONOMY.column_aliases.values()) - {"row_number"}
    assert set(columns) == every_column
    assert list(columns.values()) == [get_column_letter(i) for i in range(1, len(columns) + 1)]
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_every_column_has_an_input_message_and_coded_columns_a_stop_alert_on_their_list(template):
    workbook = openpyxl.load_workbook(template)
    sheet = workbook[TABLE_SHEET]
    years = list(blueprint_years())
    for field, letter in columns_of(sheet).items():
        first, last = f"{letter}{HEADER_ROW + 1}", f"{letter}{HEADER_ROW + EMPTY_ROWS}"
        validation = validation_of(sheet, first)
        assert last in validation.sqref, field
        assert validation.showInputMessage and validation.prompt and validation.promptTitle, field
        assert len(validation.prompt) <= PROMPT_LIMIT and validation.prompt.endswith("."), field
        assert len(validation.promptTitle) <= PROMPT_TITLE_LIMIT, field
        if field in LABELLED_FIELDS:
            table = LABELLED_FIELDS[field]
            assert (validation.type, validation.formula1) == ("list", table), field
            labels = named_values(workbook, table)
            codes = [map_code(label, TAXONOMY.value_aliases[field], []) for label in labels]
            assert codes == getattr(TAXONOMY, table)["code"].tolist(), field
        elif field in ("start_year", "end_year"):
            assert (validation.type, validation.formula1) == ("list", "years")
            assert named_values(workbook, "years") == years
        elif field == "blueprint_reference":
            assert validation.type == "custom" and "blueprint_references" in validation.formula1
            assert named_values(workbook, "blueprint_references") == TAXONOMY.kra_codes + TAXONOMY.sm_codes
        else:
            assert (validation.type, validation.showErrorMessage) == ("textLength", False), field
            continue
        assert (validation.errorStyle, validation.showErrorMessage) == ("stop", True), field
        assert validation.errorTitle and len(validation.errorTitle) <= PROMPT_TITLE_LIMIT, field
        assert validation.error and len(validation.error) <= ERROR_LIMIT, field
        assert validation.allow_blank, field


def test_header_block_cells_are_validated(template):
    workbook = openpyxl.load_workbook(template)
    sheet = workbook[TABLE_SHEET]
    body = validation_of(sheet, "B2")
    assert (body.type, body.formula1, body.errorStyle) == ("list", "sectoral_bodies", "stop")
    assert named_values(workbook, "sectoral_bodies") == TAXONOMY.implementing_bodies
    when = validation_of(sheet, "B3")
    first_day = f"DATE({blueprint_years()[0]},1,1)"
    assert (when.type, when.operator, when.formula1, when.errorStyle) == ("date", "greaterThanOrEqual", first_day,
                                                                         "stop")


def test_instructions_say_how_to_fill_it_the_multi_kra_convention_and_where_to_send_it(tmp_path):
    (path, _), = make_templates([BODY], tmp_path, send_to="the ASCC M&E focal point, mande@example.org")
    text = "\n".join(str(cell.value) for row in openpyxl.load_workbook(path)[INSTRUCTIONS_SHEET].iter_rows()
                     for cell in row if cell.value is not None)
    assert reference_example(TAXONOMY) in text and f"separated by '{REFERENCE_SEPARATOR.strip()}'" in text
    assert "the ASCC M&E focal point, mande@example.org" in text and f"Tool1_{BODY}.xlsx" in text
    assert all(code in text for code in TAXONOMY.kra_codes + TAXONOMY.sm_codes)


def test_run_all_make_template_writes_the_workbooks_and_refuses_an_unknown_body(tmp_path):
    made = run_all("--make-template", "somhd", "--make-template", "ACDM", "--from-data", DATA_DIR,
                   "--output-dir", tmp_path)
    unknown = run_all("--make-template", "SOMXX", "--output-dir", tmp_path)
    alone = run_all("--from-data", DATA_DIR, "--output-dir", tmp_path)

    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == f"Template: {template_path(tmp_path, 'SOMHD')} (pre-filled with " \
        f"{int((ingest_tool1().activities['sectoral_body'] == 'SOMHD').sum())} activities)"
    assert sorted(path.name for path in (tmp_path / "templates").iterdir()) == ["Tool1_ACDM.xlsx", "Tool1_SOMHD.xlsx"]
    assert unknown.returncode == 2 and "unknown Sectoral Body 'SOMXX'" in unknown.stderr
    assert alone.returncode == 2 and "--make-template" in alone.stderr
    assert not (tmp_path / "index.html").exists()


def test_a_template_prefilled_from_a_data_folder_ingests_back_to_its_rows(tmp_path):
    (path, rows), = make_templates([BODY], tmp_path / "out", from_data=DATA_DIR)
    shutil.copy(path, tmp_path)

    ingested = ingest_tool1(tmp_path).activities
    shipped = ingest_tool1().activities
    shipped = shipped[shipped["sectoral_body"] == BODY].reset_index(drop=True)
    fields = [c for c in shipped.columns if not c.startswith("source_") and c != "reporting_date"]
    assert rows == len(shipped) > 0
    pd.testing.assert_frame_equal(ingested[fields], shipped[fields])


# --------------------------------------------------------------------------------------
# The round trip: fill, ingest, gate, render
# --------------------------------------------------------------------------------------

THAI, KHMER, VIETNAMESE = ("โครงการฝึกอบรมด้านสาธารณสุขมูลฐาน", "កម្មវិធីបណ្តុះបណ្តាលសុខភាពសហគមន៍",
                           "Hội thảo khu vực về sức khỏe tâm thần")


def filled_rows(workbook) -> list[dict]:
    """Activities that use every column and every value of every list, in several scripts."""
    lists = {field: named_values(workbook, table) for field, table in LABELLED_FIELDS.items()}
    years = named_values(workbook, "years")
    references = named_values(workbook, "blueprint_references")
    titles = [THAI, KHMER, VIETNAMESE, "Regional  forum on\tcommunity health"]
    count = max(len(values) for values in [*lists.values(), years, titles])
    rows = []
    for index in range(count):
        start = years[index % len(years)]
        rows.append({
            "activity_code": f"SOMHD-RT-{index + 1:03d}",
            "title": titles[index % len(titles)],
            "blueprint_reference": REFERENCE_SEPARATOR.join(references[index:index + 1 + index % 3]),
            "end_year": None if index == 1 else years[min(len(years) - 1, years.index(start) + index % 3)],
            "start_year": start,
            "notes": f"Line one of note {index + 1}\nline two: {KHMER}" if index % 2 == 0 else None,
            **{field: values[index % len(values)] for field, values in lists.items()},
        })
    rows[1]["provenance"] = None
    return rows


def fill(template: Path, destination: Path, rows: list[dict], sheet_edits=None) -> Path:
    """Write ``rows`` into a copy of the template, column by column as its header row names them."""
    workbook = openpyxl.load_workbook(template)
    sheet = workbook[TABLE_SHEET]
    columns = columns_of(sheet)
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for field, value in row.items():
            sheet[f"{columns[field]}{number}"] = value
    for cell, value in (sheet_edits or {}).items():
        sheet[cell] = value
    destination.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(destination)
    return destination


def expected(rows: list[dict], file_name: str, sheet: str | None) -> list[dict]:
    """The activity records the ingester must give for ``rows`` (labels as codes, runs of whitespace as one space)."""
    records = []
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        codes = {field: map_code(row[field], TAXONOMY.value_aliases[field], []) if row[field] else None
                 for field in LABELLED_FIELDS}
        records.append({
            "activity_code": row["activity_code"], "sectoral_body": BODY, "title": " ".join(row["title"].split()),
            "activity_type": codes["activity_type"], "status": codes["status"], "start_year": row["start_year"],
            "end_year": row["end_year"], "funding_source": codes["funding_source"],
            "notes": " ".join(row["notes"].split()) if row["notes"] else None,
            "blueprint_reference": row["blueprint_reference"], "reporting_date": REPORTING_DATE.isoformat(),
            "provenance": codes["provenance"] or "reported", "source_file": file_name, "source_sheet": sheet,
            "source_row": number})
    return records


def ingested(activities: pd.DataFrame) -> list[dict]:
    return [{key: None if pd.isna(value) else value for key, value in record.items()}
            for record in activities.to_dict("records")]


@pytest.fixture(scope="module")
def filled(template, tmp_path_factory):
    """The template filled with :func:`filled_rows`, alone in a folder; and the rows written."""
    rows = filled_rows(openpyxl.load_workbook(template))
    folder = tmp_path_factory.mktemp("filled")
    return fill(template, folder / template.name, rows), rows


def test_a_filled_template_ingests_into_exactly_the_rows_written(filled):
    path, rows = filled
    assert {THAI, KHMER, VIETNAMESE} <= {row["title"] for row in rows}
    assert any("\n" in (row["notes"] or "") for row in rows)
    assert any(REFERENCE_SEPARATOR in row["blueprint_reference"] for row in rows)

    register = ingest_tool1(path.parent)

    assert [issue for issue in register.issues if issue.severity == "error"] == []
    assert ingested(register.activities) == expected(rows, path.name, TABLE_SHEET)
    links = register.links.groupby("activity_code", sort=False)["reference"].apply("; ".join).to_dict()
    assert links == {row["activity_code"]: row["blueprint_reference"] for row in rows}


def scratch_data_with(tmp_path: Path, workbook: Path) -> Path:
    """A copy of the shipped data whose SOMHD workbook is replaced by ``workbook``."""
    data_dir = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    (data_dir / "raw" / "tool1" / f"{BODY}.xlsx").unlink()
    shutil.copy(workbook, data_dir / "raw" / "tool1" / workbook.name)
    return data_dir


def run_all(*arguments) -> subprocess.CompletedProcess:
    env = os.environ | {"GX_ANALYTICS_ENABLED": "false"}
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "run_all.py"), *map(str, arguments)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=900)


def test_a_filled_template_passes_the_gate(filled, tmp_path):
    data_dir = scratch_data_with(tmp_path, filled[0])

    completed = run_all("--validate-only", "--data-dir", data_dir, "--output-dir", tmp_path / "out")

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "All 15 implementing Sectoral Bodies sent a workbook" in completed.stdout


@pytest.mark.slow
def test_a_filled_template_renders_the_regional_report(filled, tmp_path):
    data_dir = scratch_data_with(tmp_path, filled[0])
    output_dir = tmp_path / "out"

    completed = run_all("--chapter", "regional", "--data-dir", data_dir, "--output-dir", output_dir, "--wait", "0")

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert (output_dir / "regional.html").is_file()
    register = (output_dir / "register.html").read_text(encoding="utf-8")
    assert all(title in register for title in (THAI, KHMER, VIETNAMESE))


def test_values_outside_the_lists_are_caught_by_the_gate_with_file_sheet_row_and_column(template, tmp_path):
    rows = filled_rows(openpyxl.load_workbook(template))[:3]
    rows[1]["status"] = "Postponed"
    rows[2]["start_year"] = blueprint_years()[-1] + 5
    workbook = fill(template, tmp_path / "filled" / template.name, rows)
    data_dir = scratch_data_with(tmp_path, workbook)

    completed = run_all("--validate-only", "--data-dir", data_dir, "--output-dir", tmp_path / "out")

    assert completed.returncode == 3, completed.stdout[-3000:] + completed.stderr[-3000:]
    where = f"at {workbook.name} sheet '{TABLE_SHEET}' row"
    status = next(line for line in completed.stderr.splitlines() if "column 'status'" in line)
    assert "unexpected ['Postponed']" in status and status.endswith(f"{where} {HEADER_ROW + 2}")
    year = next(line for line in completed.stderr.splitlines() if "column 'start_year'" in line)
    assert f"unexpected ['{rows[2]['start_year']}']" in year and f"{where} {HEADER_ROW + 3}" in year


# --------------------------------------------------------------------------------------
# LibreOffice: the template opens, converts to CSV, and its reference check evaluates
# --------------------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: `make office`")


def soffice_csv(workbook: Path, out_dir: Path, profile: Path) -> Path:
    """``workbook``'s first sheet converted to CSV by LibreOffice headless (a fresh profile)."""
    completed = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
                                CSV_AS_SHOWN, "--outdir", str(out_dir), str(workbook)],
                               capture_output=True, text=True, timeout=180)
    converted = out_dir / f"{workbook.stem}.csv"
    assert completed.returncode == 0 and converted.is_file(), completed.stdout + completed.stderr
    return converted


@needs_soffice
def test_libreoffice_converts_the_filled_template_to_a_csv_that_ingests_to_the_same_rows(filled, tmp_path):
    path, rows = filled
    converted = soffice_csv(path, tmp_path / "csv", tmp_path / "profile")

    header = converted.read_text(encoding="utf-8").splitlines()[HEADER_ROW - 1].split(",")
    workbook_header = [cell.value for cell in openpyxl.load_workbook(path)[TABLE_SHEET][HEADER_ROW]]
    assert header == workbook_header
    register = ingest_tool1(converted.parent)
    assert [issue for issue in register.issues if issue.severity == "error"] == []
    lineage = ("source_sheet",)
    as_csv = [{k: v for k, v in record.items() if k not in lineage} for record in ingested(register.activities)]
    written = [{k: v for k, v in record.items() if k not in lineage} | {"source_file": converted.name}
               for record in expected(rows, path.name, None)]
    assert as_csv == written


@needs_soffice
def test_libreoffice_evaluates_the_reference_check_as_the_convention_says(template, tmp_path):
    cells = {"A.1": True, reference_example(TAXONOMY): True, TAXONOMY.kra_codes[-1].lower(): True,
             f"{TAXONOMY.kra_codes[0]};{TAXONOMY.kra_codes[-1]}": True, f"{TAXONOMY.kra_codes[0]}; Z.9": False,
             f"{TAXONOMY.kra_codes[0]};": False, f"{TAXONOMY.kra_codes[0]}0": False,
             f"{TAXONOMY.kra_codes[0]} / {TAXONOMY.kra_codes[1]}": False}
    workbook = openpyxl.load_workbook(template)
    sheet = workbook[TABLE_SHEET]
    for number, text in enumerate(cells, start=HEADER_ROW + 1):
        sheet[f"M{number}"] = text
        sheet[f"N{number}"] = "=" + REFERENCE_CHECK.format(name="blueprint_references",
                                                           text=f'SUBSTITUTE(M{number}," ","")')
    workbook.save(tmp_path / "check.xlsx")

    converted = soffice_csv(tmp_path / "check.xlsx", tmp_path / "csv", tmp_path / "profile")

    lines = converted.read_text(encoding="utf-8").splitlines()[HEADER_ROW:HEADER_ROW + len(cells)]
    assert {line.split(",")[12]: line.split(",")[13] == "TRUE" for line in lines} == cells

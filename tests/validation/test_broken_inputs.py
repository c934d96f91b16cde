"""A corpus of broken inputs, made by the tests from copies of the shipped data.

The tests copy shipped Tool 1 workbooks (and CSV tables) into a temporary data folder,
break the copies with openpyxl or a CSV edit, and run ``validate_data_dir`` on it: the
result must fail with a message naming the dataset or file, the column, the value and
the row. ``data/`` itself is never modified. Some problems are caught by ingestion
(``ingest`` failures), the others by Great Expectations.

Most cases share one data folder, each case breaking a different workbook or table, so
one validation reports them all (as a desk officer would see them, every problem in one
pass); cases that would hide others (a CSV table that cannot be read, a folder without
workbooks) or that must pass get their own folder.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ascc_analysis.config import DATA_DIR, PROJECT_ROOT
from ascc_analysis.data.taxonomy import load_taxonomy, normalise_label
from ascc_analysis.data.tool1 import ingest_tool1
from ascc_analysis.validation.suites import CSV_TABLES, Failure, GateResult, validate_data_dir

SHIPPED_TOOL1 = DATA_DIR / "raw" / "tool1"


class Book:
    """A copied Tool 1 workbook opened for editing: cells addressed by activity and column."""

    def __init__(self, path: Path):
        aliases = load_taxonomy().column_aliases
        self.path, self.workbook = path, openpyxl.load_workbook(path)
        self.sheet, self.header, self.columns = next(
            (sheet, row[0].row, columns) for sheet in self.workbook.worksheets
            for row in sheet.iter_rows(min_row=1, max_row=30)
            if len(columns := {aliases[normalise_label(c.value)]: c.column for c in row
                               if normalise_label(c.value) in aliases}) >= 4)
        code = self.columns["activity_code"]
        self.rows = [r for r in range(self.header + 1, self.sheet.max_row + 1)
                     if self.sheet.cell(r, code).value not in (None, "")]

    def row(self, activity: int) -> int:
        """Excel row of the n-th activity (1-based; blank spacer rows are skipped)."""
        return self.rows[activity - 1]

    def cell(self, activity: int, column: str):
        return self.sheet.cell(self.row(activity), self.columns[column])

    def set(self, activity: int, column: str, value, *, as_text: bool = False) -> int:
        """Write a value; ``as_text`` stores it as a string cell even if it starts with '='."""
        cell = self.cell(activity, column)
        cell.value = value
        if as_text:
            cell.data_type = "s"
        return self.row(activity)

    def set_body(self, value: str) -> int:
        """Write the header block's Sectoral Body; returns its row."""
        for row in self.sheet.iter_rows(min_row=1, max_row=self.header):
            if normalise_label(row[0].value) == "sectoral body":
                row[1].value = value
                return row[0].row
        raise AssertionError("no Sectoral Body label")

    def where(self, row: int) -> tuple[str]:
        return (f"{self.path.name} sheet '{self.sheet.title}' row {row}",)

    def save(self) -> None:
        self.workbook.save(self.path)


def new_data_dir(root: Path, books=("ACCSM.xlsx", "SOMS.xlsx")) -> Path:
    """A data folder with copies of some shipped workbooks (everything else comes from data/)."""
    tool1 = root / "data" / "raw" / "tool1"
    tool1.mkdir(parents=True)
    for name in books:
        shutil.copyfile(SHIPPED_TOOL1 / name, tool1 / name)
    return root / "data"


def copy_table(data_dir: Path, relative: str) -> Path:
    """Copy one shipped CSV table (``kpi/...`` or ``institutions/...``) into the data folder."""
    target = data_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA_DIR / relative, target)
    return target


def edit_csv(path: Path, pick, column: str, value: str) -> int:
    """Set ``column`` of the first row where ``pick(row)`` holds; returns its row (header = 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    index = next(i for i, row in enumerate(rows) if pick(row))
    rows[index][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


def failed(result: GateResult, suite: str, *, column: str | None = None, file: str | None = None) -> Failure:
    """The one failure of ``suite`` (for ``column``, at ``file``); the result must have failed."""
    assert not result.success
    assert result.to_dict()["success"] is False
    matches = [f for f in result.failures if f.suite == suite and (column is None or f.column == column)
               and (file is None or any(where.startswith(file + " ") or where == file for where in f.where))]
    assert len(matches) == 1, result.summary(max_failures=100)
    assert str(matches[0]) in result.to_dict()["failures"]
    return matches[0]


# --------------------------------------------------------------------------------------
# One folder, many broken workbooks and a broken KPI table
# --------------------------------------------------------------------------------------

BROKEN_BOOKS = ("ACCSM.xlsx", "SOMS.xlsx", "ACW.xlsx", "ACWC.xlsx", "SOMCA.xlsx", "SOMRI.xlsx", "SOMY.xlsx",
                "SLOM.xlsx", "SOM-ED.xlsx", "SOMRDPE.xlsx")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Break one copied workbook per case, validate once; -> (result, {case: expected facts})."""
    data_dir = new_data_dir(tmp_path_factory.mktemp("corpus"), BROKEN_BOOKS)
    tool1 = data_dir / "raw" / "tool1"
    books = {name: Book(tool1 / name) for name in BROKEN_BOOKS}
    cases = {}
    accsm = books["ACCSM.xlsx"]
    code = accsm.cell(1, "activity_code").value
    cases["duplicate"] = (accsm, accsm.set(2, "activity_code", code), code)
    cases["body"] = (books["ACW.xlsx"], books["ACW.xlsx"].set_body("SOMXYZ"))
    cases["kra"] = (books["ACWC.xlsx"], books["ACWC.xlsx"].set(3, "blueprint_reference", "A.1; F.9"))
    cases["status"] = (books["SOMCA.xlsx"], books["SOMCA.xlsx"].set(4, "status", "Postponed"))
    cases["year_text"] = (books["SOMRI.xlsx"], books["SOMRI.xlsx"].set(5, "start_year", "twenty-twenty"))
    somy = books["SOMY.xlsx"]
    somy.sheet.delete_cols(somy.columns["status"])
    cases["missing_column"] = (somy, somy.header)
    slom = books["SLOM.xlsx"]
    slom.set(6, "start_year", 2031)
    cases["year_range"] = (slom, slom.set(6, "end_year", 2032))
    soed = books["SOM-ED.xlsx"]
    soed.set(7, "start_year", 2021)
    cases["end_before_start"] = (soed, soed.set(7, "end_year", 2019))
    formula = books["SOMRDPE.xlsx"]
    cases["formula"] = (formula, formula.set(8, "title", '=HYPERLINK("http://example.org","click")'))
    assert formula.cell(8, "title").data_type == "f"
    for book in books.values():
        book.save()
    shutil.copyfile(tool1 / "SOMS.xlsx", tool1 / "SOMS_v2.xlsx")
    openpyxl.Workbook().save(tool1 / "EMPTY.xlsx")
    (tool1 / "NOTES.xlsx").write_text("not a workbook\n", encoding="utf-8")
    observations = copy_table(data_dir, "kpi/kpi_observations.csv")
    cases["ams"] = edit_csv(observations, lambda r: r["geography"] == "VNM", "geography", "VTN")
    cases["share"] = edit_csv(observations, lambda r: r["unit"].startswith("%"), "value", "112.5")
    cases["count"] = edit_csv(observations, lambda r: r["unit"] == "count", "value", "-4")
    cases["_data_dir"] = data_dir
    return validate_data_dir(data_dir), cases


def test_duplicate_activity_code(corpus):
    result, cases = corpus
    book, row, code = cases["duplicate"]

    failure = failed(result, "ingest", column="activity_code", file="ACCSM.xlsx")

    assert (failure.unexpected, failure.where) == ((code,), book.where(row))
    assert failure.message == f"duplicate activity code '{code}' (first used at ACCSM.xlsx, row {book.row(1)})"


def test_unknown_sectoral_body(corpus):
    result, cases = corpus
    book, row = cases["body"]

    failure = failed(result, "ingest", column="sectoral_body", file="ACW.xlsx")

    assert (failure.unexpected, failure.where) == (("SOMXYZ",), book.where(row))
    assert failure.message.startswith("unknown Sectoral Body 'SOMXYZ' (known: ACCSM, ACDM")


def test_unknown_kra(corpus):
    result, cases = corpus
    book, row = cases["kra"]

    failure = failed(result, "ingest", column="blueprint_reference", file="ACWC.xlsx")

    assert (failure.unexpected, failure.where) == (("F.9",), book.where(row))
    assert failure.message.startswith("unknown Blueprint reference 'F.9' (known KRAs: A.1, A.2")


def test_unknown_status(corpus):
    result, cases = corpus
    book, row = cases["status"]

    failure = failed(result, "ingest", column="status", file="SOMCA.xlsx")

    assert (failure.unexpected, failure.where) == (("Postponed",), book.where(row))
    assert "Postponed" in failure.message


def test_text_in_a_year(corpus):
    result, cases = corpus
    book, row = cases["year_text"]

    failure = failed(result, "ingest", column="start_year", file="SOMRI.xlsx")

    assert (failure.unexpected, failure.where) == (("twenty-twenty",), book.where(row))
    assert failure.message == "not a year: 'twenty-twenty' (expected a whole year such as 2018)"


def test_missing_column(corpus):
    result, cases = corpus
    book, row = cases["missing_column"]

    failure = failed(result, "ingest", column="status", file="SOMY.xlsx")

    assert (failure.unexpected, failure.where) == ((), book.where(row))
    assert failure.message.startswith("missing required column 'status' (headers accepted:")


def test_empty_workbook(corpus):
    failure = failed(corpus[0], "ingest", file="EMPTY.xlsx")

    assert failure.where == ("EMPTY.xlsx",)
    assert failure.message.startswith("no header row found")


def test_a_text_file_renamed_xlsx(corpus):
    failure = failed(corpus[0], "ingest", file="NOTES.xlsx")

    assert failure.where == ("NOTES.xlsx",)
    assert failure.message.startswith("not a valid Excel workbook (BadZipFile")


def test_second_workbook_for_the_same_body(corpus):
    failure = failed(corpus[0], "ingest", file="SOMS_v2.xlsx")

    assert (failure.column, failure.unexpected) == ("sectoral_body", ("SOMS",))
    assert failure.message == ("second workbook for Sectoral Body 'SOMS' (already read from SOMS.xlsx); "
                               "its rows are ignored")


def test_a_real_formula_is_never_evaluated(corpus):
    result, cases = corpus
    book, row = cases["formula"]

    assert not [f for f in result.failures if any(where.startswith("SOMRDPE.xlsx ") for where in f.where)]
    where = f"SOMRDPE.xlsx, sheet '{book.sheet.title}', row {row}, column 'title': "
    assert [w for w in result.warnings if w.startswith(where)] == [
        where + "formula in cell " + book.cell(8, "title").coordinate + " has no stored value (the file was saved by "
        "a program that does not calculate): kept as the text written, not evaluated; open and save it in Excel "
        "to store the value, or type the value"]


def test_year_out_of_range(corpus):
    result, cases = corpus
    book, row = cases["year_range"]

    start = failed(result, "activities", column="start_year")
    assert (start.unexpected, start.where, start.message) == (("2031",), book.where(row), "values outside 2016..2025")
    end = failed(result, "activities", column="end_year")
    assert (end.unexpected, end.where) == (("2032",), book.where(row))


def test_end_before_start(corpus):
    result, cases = corpus
    book, row = cases["end_before_start"]

    failure = failed(result, "activities", column="end_year, start_year")

    assert (failure.unexpected, failure.where) == (("(2019, 2021)",), book.where(row))
    assert failure.message == "An activity's end year is not before its start year: end_year < start_year"


def test_unknown_ams_in_a_kpi_observation(corpus):
    result, cases = corpus

    failure = failed(result, "kpi_observations", column="geography")

    assert (failure.unexpected, failure.where) == (("VTN",), (f"kpi/kpi_observations.csv row {cases['ams']}",))
    assert failure.message.startswith("Every geography is ASEAN or an ASEAN Member State: values not in the "
                                      "allowed set (ASEAN, BRN")


def test_share_above_100_and_negative_count(corpus):
    result, cases = corpus

    values = [str(f) for f in result.failures if f.suite == "kpi_observations" and f.column == "value"]

    assert not result.success and len(values) == 2
    assert values[0] == ("kpi_observations, column 'value': Shares and 0-100 scores lie within 0-100: values outside "
                         f"0..100 (1 row): unexpected ['112.5'] at kpi/kpi_observations.csv row {cases['share']} "
                         "[expect_column_values_to_be_between]")
    assert values[1] == ("kpi_observations, column 'value': Counts and ranks are not negative: values below 0 "
                         f"(1 row): unexpected ['-4.0'] at kpi/kpi_observations.csv row {cases['count']} "
                         "[expect_column_values_to_be_between]")


def test_every_problem_is_reported_in_one_pass(corpus):
    result, _ = corpus

    assert result.suites["ingest"]["failed"] == 9  # files with errors (the formula title is a warning)
    assert len([f for f in result.failures if f.suite == "ingest"]) == 9
    assert result.summary().startswith("Validation FAILED")
    assert sum(counts["failed"] for counts in result.suites.values()) == 9 + 6


# --------------------------------------------------------------------------------------
# Cases with a folder of their own
# --------------------------------------------------------------------------------------


def test_html_and_formula_titles_are_valid_inert_text(tmp_path):
    data_dir = new_data_dir(tmp_path)
    book = Book(data_dir / "raw" / "tool1" / "ACCSM.xlsx")
    titles = {1: '=HYPERLINK("http://example.org","click")', 2: "<script>alert(1)</script>", 3: "<b>bold</b> & =1+1"}
    rows = {book.set(n, "title", title, as_text=True): title for n, title in titles.items()}
    book.save()

    result = validate_data_dir(data_dir)

    assert result.success, result.summary()
    assert result.suites["ingest"] == {"passed": 2 + len(CSV_TABLES), "failed": 0}  # 2 workbooks, the CSV tables
    activities = ingest_tool1(data_dir).activities
    read = activities[activities["source_file"] == "ACCSM.xlsx"].set_index("source_row")["title"]
    assert {row: read[row] for row in rows} == rows


def test_text_in_a_year_and_latin1_are_named_and_the_rest_of_each_table_is_still_checked(tmp_path):
    data_dir = new_data_dir(tmp_path)
    declarations = copy_table(data_dir, "institutions/declarations.csv")
    year_row = edit_csv(declarations, lambda r: r["year"] == "2018", "year", "2018a")
    kind_row = edit_csv(declarations, lambda r: r["year"] != "2018a", "characteristic", "Z")
    forms = copy_table(data_dir, "institutions/institutional_forms.csv")
    text = "données révisées"
    latin_row = edit_csv(forms, lambda r: r["sectoral_body"] == "ACW", "note", text)
    body_row = edit_csv(forms, lambda r: r["sectoral_body"] == "SOMS", "sectoral_body", "SOMXYZ")
    forms.write_bytes(forms.read_bytes().replace(text.encode("utf-8"), text.encode("latin-1")))

    result = validate_data_dir(data_dir)

    year = failed(result, "declarations", column="year")
    assert (year.expectation, year.unexpected) == ("ingest", ("2018a",))
    assert year.where == (f"institutions/declarations.csv row {year_row}",)
    assert year.message == "not a whole number: '2018a'"
    kind = failed(result, "declarations", column="characteristic")
    assert (kind.unexpected, kind.where) == (("Z",), (f"institutions/declarations.csv row {kind_row}",))
    [latin] = [f for f in result.failures if f.suite == "institutional_forms" and f.expectation == "ingest"]
    assert (latin.unexpected, latin.where) == (("é",), (f"institutions/institutional_forms.csv row {latin_row}",))
    assert latin.message == f"not UTF-8 text: byte 0xe9 at row {latin_row}; save the file as UTF-8"
    [body] = [f for f in result.failures if f.suite == "institutional_forms" and f.unexpected == ("SOMXYZ",)]
    assert body.where == (f"institutions/institutional_forms.csv row {body_row}",)
    assert "declarations" not in dict(result.skipped) and "institutional_forms" not in dict(result.skipped)
    assert result.suites["ingest"] == {"passed": 2 + len(CSV_TABLES) - 2, "failed": 2}


def test_a_cell_emptied_for_its_type_is_not_reported_again_as_empty(tmp_path):
    data_dir = new_data_dir(tmp_path)
    observations = copy_table(data_dir, "kpi/kpi_observations.csv")
    row = edit_csv(observations, lambda r: r["value"] != "", "value", "12%")
    empty = edit_csv(observations, lambda r: r["value"] != "" and r["unit"] == "count", "value", "")

    result = validate_data_dir(data_dir)

    value = [f for f in result.failures if f.suite == "kpi_observations" and f.column == "value"]
    assert [(f.expectation, f.where, f.count) for f in value] == [
        ("ingest", (f"kpi/kpi_observations.csv row {row}",), None),
        ("expect_column_values_to_not_be_null", (f"kpi/kpi_observations.csv row {empty}",), 1)]


def test_a_suite_that_looks_up_a_table_with_a_bad_cell_still_runs(tmp_path):
    data_dir = new_data_dir(tmp_path)
    framework = copy_table(data_dir, "kpi/kpi_framework.csv")
    flag_row = edit_csv(framework, lambda r: r["kpi_id"] == "11a", "is_unit", "yes")
    mapping = copy_table(data_dir, "kpi/indicator_map.csv")
    kpi_row = edit_csv(mapping, lambda r: r["kpi_id"] == "11a", "kpi_id", "11z")

    result = validate_data_dir(data_dir)

    flag = failed(result, "kpi_framework", column="is_unit")
    assert (flag.unexpected, flag.where, flag.message) == (
        ("yes",), (f"kpi/kpi_framework.csv row {flag_row}",), "not true or false: 'yes'")
    kpi = failed(result, "indicator_map", column="kpi_id")
    assert (kpi.unexpected, kpi.where) == (("11z",), (f"kpi/indicator_map.csv row {kpi_row}",))
    assert not result.skipped, result.skipped


def test_a_table_named_after_its_file_fails_under_its_dataset(tmp_path):
    data_dir = new_data_dir(tmp_path)
    figures = copy_table(data_dir, "reference/mtr_published_figures.csv")
    row = edit_csv(figures, lambda r: r["figure_id"] == "planned_activities", "note", "révisé")
    figures.write_bytes(figures.read_bytes().replace("révisé".encode(), "révisé".encode("latin-1")))

    failure = failed(validate_data_dir(data_dir), "published_figures")

    assert failure.where == (f"reference/mtr_published_figures.csv row {row}",)


def test_no_workbooks_at_all(tmp_path):
    (tmp_path / "raw" / "tool1").mkdir(parents=True)

    result = validate_data_dir(tmp_path)

    assert not result.success
    empty = "no Tool 1 workbooks: this folder holds no .xlsx or .csv file"
    assert any(f.message.startswith(empty) for f in result.failures)
    assert any(f.suite == "activities" and "0 rows" in f.message for f in result.failures)


# --------------------------------------------------------------------------------------
# The command line: run_all.py --validate-only
# --------------------------------------------------------------------------------------


def _validate_only(data_dir: Path, output_dir: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, str(PROJECT_ROOT / "run_all.py"), "--validate-only", "--force",
               "--data-dir", str(data_dir), "--output-dir", str(output_dir)]
    env = os.environ | {"GX_ANALYTICS_ENABLED": "false"}
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=300)


def test_validate_only_exits_3_with_the_message_and_leaves_outputs_alone(tmp_path):
    data_dir = new_data_dir(tmp_path)
    book = Book(data_dir / "raw" / "tool1" / "ACCSM.xlsx")
    row = book.set(6, "start_year", 2031)
    book.save()
    output_dir = tmp_path / "out"
    output_dir.mkdir()
    (output_dir / "index.html").write_text("previous run", encoding="utf-8")

    completed = _validate_only(data_dir, output_dir)

    assert completed.returncode == 3, completed.stderr
    assert "Validation FAILED" in completed.stderr
    assert f"activities, column 'start_year': values outside 2016..2025 (1 row): unexpected ['2031'] " \
           f"at {book.where(row)[0]}" in completed.stderr
    assert (output_dir / "index.html").read_text(encoding="utf-8") == "previous run"


def test_validate_only_on_the_whole_corpus_exits_3_and_names_every_broken_input(corpus, tmp_path):
    _, cases = corpus
    completed = _validate_only(cases["_data_dir"], tmp_path / "out")

    assert completed.returncode == 3, completed.stdout[-2000:] + completed.stderr[-2000:]
    for name in ("ACCSM.xlsx", "ACW.xlsx", "ACWC.xlsx", "SOMCA.xlsx", "SOMRI.xlsx", "SOMY.xlsx", "SLOM.xlsx",
                 "SOM-ED.xlsx", "SOMS_v2.xlsx", "EMPTY.xlsx", "NOTES.xlsx", "'VTN'", "112.5"):
        assert name in completed.stderr, name
    assert not (tmp_path / "out" / "regional.html").exists()


# --------------------------------------------------------------------------------------
# The tables of the national reports, in a scratch copy of the whole data folder
# --------------------------------------------------------------------------------------


def scratch_data(root: Path) -> Path:
    """A full copy of the shipped ``data/`` (the original is never modified)."""
    return Path(shutil.copytree(DATA_DIR, root / "data"))


def test_validate_only_names_an_unknown_iso3_code_and_a_kpi_the_framework_lacks(tmp_path):
    data_dir = scratch_data(tmp_path)
    iso3_row = edit_csv(data_dir / "reference" / "country_indicators.csv", lambda r: r["iso3"] == "LAO", "iso3", "LA0")
    kpi_row = edit_csv(data_dir / "kpi" / "indicator_map.csv", lambda r: r["kpi_id"] == "11a", "kpi_id", "11z")

    completed = _validate_only(data_dir, tmp_path / "out")

    assert completed.returncode == 3, completed.stdout[-2000:] + completed.stderr[-2000:]
    lines = completed.stderr.splitlines()
    iso3 = next(line for line in lines if "country_indicators, column 'iso3'" in line)
    assert iso3.startswith("  - country_indicators, column 'iso3': Every country is an ASEAN Member State (ISO3 code)")
    assert iso3.endswith(f"(1 row): unexpected ['LA0'] at reference/country_indicators.csv row {iso3_row} "
                         "[expect_column_values_to_be_in_set]")
    kpi = next(line for line in lines if "indicator_map, column 'kpi_id'" in line)
    assert kpi.startswith("  - indicator_map, column 'kpi_id': Every mapped KPI exists in the KPI framework")
    assert kpi.endswith(f"(1 row): unexpected ['11z'] at kpi/indicator_map.csv row {kpi_row} "
                        "[expect_column_values_to_be_in_set]")
    assert (DATA_DIR / "reference" / "country_indicators.csv").read_bytes() != \
        (data_dir / "reference" / "country_indicators.csv").read_bytes()


def test_validate_only_names_text_in_a_country_value(tmp_path):
    data_dir = scratch_data(tmp_path)
    row = edit_csv(data_dir / "reference" / "country_indicators.csv", lambda r: r["iso3"] == "THA", "value", "n/a")

    completed = _validate_only(data_dir, tmp_path / "out")

    assert completed.returncode == 3, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert (f"  - country_indicators, column 'value': not a number: 'n/a': unexpected ['n/a'] "
            f"at reference/country_indicators.csv row {row}") in completed.stderr.splitlines()


def test_validate_only_names_every_independent_problem_of_a_folder_in_one_run(tmp_path):
    data_dir = scratch_data(tmp_path)
    observations = data_dir / "kpi" / "kpi_observations.csv"
    percent_row = edit_csv(observations, lambda r: r["unit"].startswith("%") and r["value"], "value", "12%")
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    duplicated = percent_row + 3  # a row of its own: the duplicate follows it
    observations.write_text("".join(lines[:duplicated] + [lines[duplicated - 1]] + lines[duplicated:]),
                            encoding="utf-8")
    iso3_row = edit_csv(data_dir / "reference" / "country_indicators.csv", lambda r: r["iso3"] == "KHM", "iso3", "KHX")

    completed = _validate_only(data_dir, tmp_path / "out")

    assert completed.returncode == 3, completed.stdout[-2000:] + completed.stderr[-2000:]
    errors = completed.stderr.split("Errors (3): the data is invalid\n")[1].splitlines()
    assert errors[0] == (f"  - kpi_observations, column 'value': not a number: '12%': unexpected ['12%'] "
                         f"at kpi/kpi_observations.csv row {percent_row}")
    duplicate = next(line for line in errors if "duplicate combinations" in line)
    assert duplicate.startswith("  - kpi_observations, column 'kpi_id, indicator, geography, year': duplicate "
                                "combinations (2 rows)")
    assert duplicate.endswith(f"at kpi/kpi_observations.csv row {duplicated}; kpi/kpi_observations.csv row "
                              f"{duplicated + 1} [expect_compound_columns_to_be_unique]")
    iso3 = next(line for line in errors if "'iso3'" in line)
    assert iso3.endswith(f"unexpected ['KHX'] at reference/country_indicators.csv row {iso3_row} "
                         "[expect_column_values_to_be_in_set]")
    assert completed.stderr.startswith("Validation FAILED: 3 of ")
    assert ": skipped (" not in completed.stderr  # no suite skipped


def test_validate_only_passes_with_warnings_listed_apart_and_exits_0(tmp_path):
    data_dir = new_data_dir(tmp_path, books=("ACCSM.xlsx", "SOMS.xlsx", "SOMRDPE.xlsx"))
    tool1 = data_dir / "raw" / "tool1"
    book = Book(tool1 / "SOMRDPE.xlsx")
    book.set(2, "title", "=CONCAT(\"a\",\"b\")")
    book.save()
    (tool1 / "~$ACCSM.xlsx").write_bytes(b"lock")

    completed = _validate_only(data_dir, tmp_path / "out")

    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    out = completed.stdout
    assert out.startswith("Validation passed: ") and ", 2 warnings" in out.splitlines()[0]
    assert "Errors (" not in out and completed.stderr == ""
    assert "  Tool 1 files: 3 files read (" in out and "; 1 skipped (~$ACCSM.xlsx)" in out
    assert "  Coverage: 12 of the 15 implementing Sectoral Bodies sent no workbook: " in out
    warnings = out.split("Warnings (2): the data passes with them, but read them\n")[1].splitlines()
    assert any(line.startswith("  - SOMRDPE.xlsx, sheet ") and "formula in cell" in line for line in warnings)
    assert any("12 of the 15 implementing Sectoral Bodies sent no workbook" in line for line in warnings)
    page = (tmp_path / "out" / "validation" / "summary.html").read_text(encoding="utf-8")
    assert "Warnings (2)" in page and "Tool 1 files (4)" in page and "~$ACCSM.xlsx" in page

"""scripts/extract_mtr_tables.py: Tables 1-6, 9, 10 and the Conclusion of the MTR, verbatim and complete."""

from __future__ import annotations

import csv
import html
import re

import pytest

from ascc_analysis.config import DATA_DIR
from scripts import extract_mtr_tables

OUTPUTS = ["reference/mtr_tables.csv", "reference/mtr_conclusion.csv"]
SUMMARY = DATA_DIR / "reference" / "ascc_mtr_executive_summary.md"
PROGRESS_COLUMNS = {"Implementation Progress", "Outcome Progress (KPIs)", "Overall Progress"}
EXPECTED_COLUMNS = {**{f"Table {n}": PROGRESS_COLUMNS for n in range(1, 7)},
                    "Table 9": {"Recommendation"}, "Table 10": {"Recommendation"}}
OUTSIDE_THE_TABLE = {"assessed_activities": "printed in the sentence that introduces Table 1, not in the table"}
"""Figures whose ``table`` names a table that does not itself print them."""
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def read(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def tables() -> list[dict[str, str]]:
    return read(DATA_DIR / "reference" / "mtr_tables.csv")


@pytest.fixture(scope="module")
def conclusion() -> list[dict[str, str]]:
    return read(DATA_DIR / "reference" / "mtr_conclusion.csv")


def table_text(tables: list[dict[str, str]], table: str) -> str:
    return "\n".join(row["text"] for row in tables if row["table"] == table)


def issues(tables: list[dict[str, str]], table: str) -> list[str]:
    return list(dict.fromkeys(row["row_label"] for row in tables if row["table"] == table))


def in_words(number: int) -> str:
    """A whole number below 100 as the summary spells it ("Fifty-seven")."""
    if number < 20:
        return NUMBER_WORDS[number]
    tens, units = divmod(number, 10)
    return TENS_WORDS[tens - 2] + (f"-{NUMBER_WORDS[units]}" if units else "")


def printed_forms(figure: dict[str, str]) -> list[str]:
    """The ways the summary may print a figure: its value, in words, or rounded as its note says."""
    value = figure["value"]
    forms = [re.escape(value)]
    if re.fullmatch(r"\d{1,2}", value):
        forms.append(re.escape(in_words(int(value))))
    rounded = re.search(r"rounds to (\d+(?:\.\d+)?)", figure["note"])
    if rounded:
        forms.append(re.escape(rounded.group(1)))
    return forms


def printed_in(figure: dict[str, str], text: str) -> bool:
    return any(re.search(rf"(?<![\w.,]){form}(?![\w]|\.\d)", text, re.IGNORECASE) for form in printed_forms(figure))


# ---- determinism ------------------------------------------------------------------------------------
def test_committed_files_equal_a_fresh_run(tmp_path):
    assert extract_mtr_tables.main(["--out-dir", str(tmp_path)]) == 0
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), f"{name}: rerun the script"


def test_two_runs_give_identical_bytes(tmp_path):
    extract_mtr_tables.main(["--out-dir", str(tmp_path / "one")])
    extract_mtr_tables.main(["--out-dir", str(tmp_path / "two")])
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_reads_and_writes_the_given_data_folder(tmp_path):
    data = tmp_path / "data" / "reference"
    data.mkdir(parents=True)
    (data / SUMMARY.name).write_text("## 3. Results\n\nTable 1. A title\n\nA\tB\n<p>one</p>\t<p>two &amp; three</p>\n",
                                     encoding="utf-8")
    extract_mtr_tables.main(["--data-dir", str(tmp_path / "data")])
    rows = read(data / "mtr_tables.csv")
    assert [(r["column"], r["text"]) for r in rows] == [("A", "one"), ("B", "two & three")]


# ---- shape ------------------------------------------------------------------------------------------
def test_every_table_is_present_with_its_columns(tables):
    columns = {}
    for row in tables:
        columns.setdefault(row["table"], set()).add(row["column"])
    assert columns == EXPECTED_COLUMNS
    assert list(tables[0]) == extract_mtr_tables.TABLE_COLUMNS


def test_row_ids_are_unique_and_bullets_count_from_one(tables):
    assert len({row["row_id"] for row in tables}) == len(tables)
    cells: dict[tuple[str, str, str], list[int]] = {}
    for row in tables:
        cells.setdefault((row["table"], row["row_label"], row["column"]), []).append(int(row["bullet"]))
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in cells.values())


def test_provenance_is_published_and_the_source_names_the_table(tables, conclusion):
    assert {row["provenance"] for row in tables + conclusion} == {"published"}
    assert all(row["source"].endswith(row["table"]) for row in tables)


def test_tables_two_to_six_are_the_characteristics_in_their_sections(tables):
    sections = {row["code"]: row["mtr_section"] for row in read(DATA_DIR / "taxonomy" / "characteristics.csv")}
    for n, code in zip(range(2, 7), sorted(sections), strict=True):
        rows = [row for row in tables if row["table"] == f"Table {n}"]
        assert {(row["characteristic"], row["section"]) for row in rows} == {(code, sections[code])}
    assert {row["characteristic"] for row in tables if row["table"] in ("Table 1", "Table 10")} == {""}


def test_table_9_has_the_kpi_issue_and_one_issue_per_characteristic(tables):
    labels = issues(tables, "Table 9")
    assert "Unavailable Outcome Indicators (KPI)" in labels
    for code in "ABCDE":
        named = [label for label in labels if label.startswith(f"Substantive Issue for Characteristic {code} ")]
        assert len(named) == 1, code
        assert {row["characteristic"] for row in tables if row["row_label"] == named[0]} == {code}


def test_table_10_issues_include_attribution_and_resources(tables):
    labels = issues(tables, "Table 10")
    assert {"Harnessing Activity Attribution to the Blueprint", "Financial and Human Resources"} <= set(labels)
    assert "" not in labels


def test_rows_continued_after_a_page_break_join_the_issue_above(tables):
    continued = [row for row in tables if row["note"]]
    assert continued and {row["table"] for row in continued} == {"Table 10"}
    for row in continued:
        before = tables[tables.index(row) - 1]
        assert (before["row_label"], int(before["bullet"]) + 1) == (row["row_label"], int(row["bullet"]))


def test_an_empty_issue_cell_before_any_issue_is_refused():
    with pytest.raises(ValueError, match="empty Issue"):
        extract_mtr_tables.build_tables("Table 9. T\n\nIssue\tRecommendation\n\t<p>orphan</p>\n")


# ---- verbatim ---------------------------------------------------------------------------------------
def test_text_is_verbatim_without_markup(tables, conclusion):
    summary = html.unescape(SUMMARY.read_text(encoding="utf-8"))
    for row in tables + conclusion:
        text = row["text"]
        assert text and text == text.strip()
        assert not re.search(r"<li>|<p>|<ul|&amp;|&[a-z]+;", text), row
        assert not text.startswith("\u2022"), row
        assert text in summary, text[:60]


def test_entities_are_unescaped(tables):
    assert any("R&D" in row["text"] for row in tables)
    assert any("M&E" in row["text"] for row in tables)


def test_cell_text_outside_the_list_is_refused():
    with pytest.raises(ValueError, match="outside"):
        extract_mtr_tables.cell_items("<ul> <li>kept</li> </ul> stray words")


def test_a_plain_cell_is_one_paragraph():
    assert extract_mtr_tables.cell_items(" Plain text &amp; more. ") == ("paragraph", ["Plain text & more."])


def test_published_figures_of_tables_1_to_6_are_printed_in_their_table(tables):
    figures = [f for f in read(DATA_DIR / "reference" / "mtr_published_figures.csv")
               if re.fullmatch(r"Table [1-6]", f["table"])]
    assert figures
    summary = SUMMARY.read_text(encoding="utf-8")
    for figure in figures:
        text = table_text(tables, figure["table"])
        if figure["figure_id"] in OUTSIDE_THE_TABLE:
            assert not printed_in(figure, text), f"{figure['figure_id']} is in the table now: drop the exception"
            assert printed_in(figure, summary), figure["figure_id"]
        else:
            assert printed_in(figure, text), (figure["figure_id"], figure["table"], figure["value"])


# ---- conclusion -------------------------------------------------------------------------------------
def test_conclusion_is_section_6_without_the_back_cover(conclusion):
    assert [row["paragraph"] for row in conclusion] == [str(n) for n in range(1, len(conclusion) + 1)]
    assert len(conclusion) >= 2
    text = " ".join(row["text"] for row in conclusion)
    assert "COVID-19" in text and "ASEAN Comprehensive Recovery Framework" in text
    assert "asean.org" not in text.lower()
    assert {row["source"] for row in conclusion} == {"MTR executive summary, section 6 (Conclusion)"}

"""Copy Tables 1-6, 9 and 10 and the Conclusion of the MTR executive summary, verbatim, into CSV.

Writes (under ``--out-dir``, default the data folder itself):

- ``reference/mtr_tables.csv``: one row per bullet of a table cell, or per paragraph of a cell
  written as paragraphs (Tables 1-6: Implementation Progress, Outcome Progress (KPIs), Overall
  Progress; Tables 9 and 10: Issue and Recommendation). Tables 7 and 8 are already in
  ``institutions/assessment_findings.csv`` (``python -m scripts.make_kpi_tables``).
- ``reference/mtr_conclusion.csv``: the paragraphs of section 6 (Conclusion), one row each.

Only the markup is removed (list and paragraph tags, the leading bullet glyph) and HTML entities
are unescaped; the words are the summary's. Provenance is ``published``. Reads only
``reference/ascc_mtr_executive_summary.md`` of ``--data-dir``; running twice gives identical bytes.

Usage, from the project root: ``python -m scripts.extract_mtr_tables [--data-dir DIR] [--out-dir DIR]``
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ascc_analysis.config import REFERENCE_SUBDIR, DataPaths
from scripts.make_kpi_tables import SUMMARY_FILE, clean_bullet, slug, write_csv

TABLES = ("1", "2", "3", "4", "5", "6", "9", "10")
"""The tables copied here (7 and 8 live in ``institutions/assessment_findings.csv``)."""
ROW_LABEL_HEADER = "Issue"
"""Header of the first column of a table whose first cell labels the row (Tables 9 and 10)."""
CONCLUSION_SECTION = "6"
CONTINUATION_NOTE = ("printed after a page break in a row with an empty Issue cell; "
                     "attached to the issue above it")

TABLE_COLUMNS = ["row_id", "table", "table_title", "section", "characteristic", "row_label", "column", "bullet",
                 "cell_format", "text", "note", "provenance", "source"]
CONCLUSION_COLUMNS = ["paragraph", "text", "provenance", "source"]

HEADING = re.compile(r"^#+\s*(\d+(?:\.\d+)?)\.?\s+(.*)$")
CAPTION = re.compile(r"^Table (\d+)\.\s*(.+)$")
CHARACTERISTIC = re.compile(r"\bCharacteristic ([A-E])\b")
MARKDOWN_LINK = re.compile(r"^\[[^\]]*\]\([^)]*\)$")


# ---- cells ------------------------------------------------------------------------------------------
def cell_items(cell: str) -> tuple[str, list[str]]:
    """Split one table cell into its bullets or paragraphs, verbatim.

    Parameters
    ----------
    cell : str
        The cell as printed: a ``<ul>`` list, ``<p>`` paragraphs, or plain text.

    Returns
    -------
    tuple of (str, list of str)
        ``bullet`` or ``paragraph``, and the texts in printed order.

    Raises
    ------
    ValueError
        If text stands outside the list items or paragraphs (it would be lost).
    """
    for tag, cell_format in (("li", "bullet"), ("p", "paragraph")):
        pattern = re.compile(rf"<{tag}>(.*?)</{tag}>", re.DOTALL)
        if pattern.search(cell):
            leftover = clean_bullet(pattern.sub("", cell))
            if leftover:
                raise ValueError(f"text outside <{tag}> items would be lost: {leftover!r}")
            return cell_format, [clean_bullet(item) for item in pattern.findall(cell)]
    return "paragraph", [clean_bullet(cell)]


def row_id(table: str, row_label: str, column: str, bullet: int) -> str:
    return "-".join([f"T{table}", *([slug(row_label)] if row_label else []), slug(column), str(bullet)])


# ---- tables -----------------------------------------------------------------------------------------
def build_tables(summary: str) -> list[dict[str, str]]:
    """One row per bullet or paragraph of the cells of Tables 1-6, 9 and 10.

    Parameters
    ----------
    summary : str
        The executive summary (markdown; table rows are tab-separated lines).

    Returns
    -------
    list of dict
        Rows with the columns of ``TABLE_COLUMNS``, in printed order.
    """
    rows: list[dict[str, str]] = []
    section = table = title = row_label = ""
    header: list[str] = []
    numbers: dict[tuple[str, str, str], int] = {}
    for line in summary.splitlines():
        heading = HEADING.match(line)
        if heading:
            section, table = heading.group(1), ""
            continue
        caption = CAPTION.match(line.strip())
        if caption:
            table, title = (caption.group(1), caption.group(2)) if caption.group(1) in TABLES else ("", "")
            header, row_label = [], ""
            continue
        if not table or "\t" not in line:
            continue
        cells = line.split("\t")
        if not header:
            header = cells
            continue
        if cells == header:  # the header is printed again at the top of each page the table runs onto
            continue
        note = ""
        if header[0] == ROW_LABEL_HEADER:
            label, cells, columns = cells[0].strip(), cells[1:], header[1:]
            # Tables 9 and 10 run across page breaks: the part of a cell printed on the next page
            # comes as a row whose Issue cell is empty. It belongs to the issue printed above it.
            if label:
                row_label = label
            elif row_label:
                note = CONTINUATION_NOTE
            else:
                raise ValueError(f"Table {table}: a row with an empty Issue cell comes first")
        else:
            columns = header
        if len(cells) != len(columns):
            raise ValueError(f"Table {table}: {len(cells)} cells under {len(columns)} columns: {line[:80]!r}")
        found = CHARACTERISTIC.search(title) or CHARACTERISTIC.search(row_label)
        for column, cell in zip(columns, cells, strict=True):
            cell_format, texts = cell_items(cell)
            for text in filter(None, texts):
                key = (table, row_label, column)
                numbers[key] = number = numbers.get(key, 0) + 1
                rows.append({
                    "row_id": row_id(table, row_label, column, number), "table": f"Table {table}",
                    "table_title": title, "section": section,
                    "characteristic": found.group(1) if found else "", "row_label": row_label,
                    "column": column, "bullet": str(number), "cell_format": cell_format, "text": text,
                    "note": note, "provenance": "published",
                    "source": f"MTR executive summary, section {section}, Table {table}",
                })
    return rows


def build_conclusion(summary: str) -> list[dict[str, str]]:
    """The paragraphs of section 6 (Conclusion), one row each, verbatim.

    Parameters
    ----------
    summary : str
        The executive summary (markdown).

    Returns
    -------
    list of dict
        Rows with the columns of ``CONCLUSION_COLUMNS``.
    """
    rows: list[dict[str, str]] = []
    section = name = ""
    for line in summary.splitlines():
        heading = HEADING.match(line)
        if heading:
            section, name = heading.group(1), heading.group(2).strip()
            continue
        if section != CONCLUSION_SECTION or not line.strip():
            continue
        if MARKDOWN_LINK.match(line.strip()):  # the back cover (www.asean.org, @ASEAN) follows the last paragraph
            break
        rows.append({"paragraph": str(len(rows) + 1), "text": line.strip(), "provenance": "published",
                     "source": f"MTR executive summary, section {section} ({name})"})
    return rows


# ----------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.extract_mtr_tables", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder to read (default: data/)")
    parser.add_argument("--out-dir", type=Path, default=None, help="data folder to write (default: the data folder)")
    args = parser.parse_args(argv)
    paths = DataPaths.of(args.data_dir)
    summary = (paths.reference_dir / SUMMARY_FILE).read_text(encoding="utf-8")
    out = (args.out_dir or paths.data_dir) / REFERENCE_SUBDIR
    write_csv(out / "mtr_tables.csv", TABLE_COLUMNS, build_tables(summary))
    write_csv(out / "mtr_conclusion.csv", CONCLUSION_COLUMNS, build_conclusion(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cite the publisher, dataset and edition of every row of ``reference/country_indicators.csv``.

Each row's ``source`` names the copy its value was read from (a repository file, a press page).
``reference/source_editions.csv`` says, per source pattern (and year, where the edition changes
with the year), which publisher's dataset and edition that copy holds, quoting its evidence from
the row's source or ``reference/country_indicators_notes.md``; ``not known`` where they say nothing.

This script appends to ``country_indicators.csv`` (every existing column and row kept as they are):
``publisher``, ``dataset``, ``edition``, ``release_year``, ``retrieved_from`` (the row's ``source``,
copied) and ``vintage_note`` (set when the edition was released after the MTR's data date,
figure ``status_as_of``). Running it again recomputes the appended columns: the bytes do not change.

Usage, from the project root: ``python -m scripts.primary_sources [--data-dir DIR] [--out-dir DIR]``
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path

from ascc_analysis.config import REFERENCE_SUBDIR, DataPaths
from scripts.make_kpi_tables import COUNTRY_TABLE, FIGURES_TABLE, data_date, read_csv

EDITIONS_TABLE = "source_editions.csv"
EDITION_FIELDS = ["publisher", "dataset", "edition", "release_year"]
ADDED_COLUMNS = [*EDITION_FIELDS, "retrieved_from", "vintage_note"]
"""Columns this script appends to ``country_indicators.csv``, in this order."""


def edition_of(row: dict[str, str], editions: list[dict[str, str]]) -> dict[str, str]:
    """The one entry of ``source_editions.csv`` that matches a country row.

    Parameters
    ----------
    row : dict
        A row of ``country_indicators.csv`` (``source`` and ``year`` are read).
    editions : list of dict
        Rows of ``source_editions.csv``: ``source_pattern`` (a regular expression searched in
        ``source``) and ``year`` (empty for every year).

    Returns
    -------
    dict
        The matching entry.

    Raises
    ------
    ValueError
        If no entry or more than one matches: every row needs exactly one citation.
    """
    matches = [entry for entry in editions
               if re.search(entry["source_pattern"], row["source"]) and entry["year"] in ("", row["year"])]
    if len(matches) != 1:
        raise ValueError(f"{len(matches)} entries of {EDITIONS_TABLE} match {row['indicator']} {row['iso3']} "
                         f"{row['year']} ({row['source']!r}); exactly one must")
    return matches[0]


def vintage_note(entry: dict[str, str], data_date: str) -> str:
    """Say that an edition postdates the MTR's data date, and why; empty when the sources do not say so."""
    if not entry["later_vintage"]:
        return ""
    return f"released after the MTR's data date ({data_date}): {entry['later_vintage']}"


def cite(text: str, editions: list[dict[str, str]], data_date: str) -> str:
    """``country_indicators.csv`` (its text) with the citation columns (re)computed.

    Parameters
    ----------
    text : str
        The file as it is, with or without the columns of ``ADDED_COLUMNS`` at its end.
    editions : list of dict
        Rows of ``source_editions.csv``.
    data_date : str
        The MTR's data date, for ``vintage_note``.

    Returns
    -------
    str
        The file with the same line endings, the original columns unchanged and the added
        columns last.
    """
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    table = list(csv.reader(io.StringIO(text, newline="")))
    header, body = table[0], table[1:]
    keep = len(header) - len(ADDED_COLUMNS) if header[-len(ADDED_COLUMNS):] == ADDED_COLUMNS else len(header)
    header = header[:keep]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header + ADDED_COLUMNS)
    for cells in body:
        row = dict(zip(header, cells[:keep], strict=True))
        entry = edition_of(row, editions)
        writer.writerow(cells[:keep] + [entry[field] for field in EDITION_FIELDS]
                        + [row["source"], vintage_note(entry, data_date)])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.primary_sources", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder to read (default: data/)")
    parser.add_argument("--out-dir", type=Path, default=None, help="data folder to write (default: the data folder)")
    args = parser.parse_args(argv)
    paths = DataPaths.of(args.data_dir)
    reference = paths.reference_dir
    figures = {row["figure_id"]: row for row in read_csv(reference / FIGURES_TABLE)}
    with open(reference / COUNTRY_TABLE, newline="", encoding="utf-8") as fh:
        text = fh.read()
    cited = cite(text, read_csv(reference / EDITIONS_TABLE), data_date(figures))
    target = (args.out_dir or paths.data_dir) / REFERENCE_SUBDIR / COUNTRY_TABLE
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="", encoding="utf-8") as fh:
        fh.write(cited)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

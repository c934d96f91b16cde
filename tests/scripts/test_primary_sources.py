"""scripts/primary_sources.py: every public statistic cites its publisher, dataset and edition."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from ascc_analysis.config import DATA_DIR
from scripts import primary_sources

REFERENCE = DATA_DIR / "reference"
COUNTRY = REFERENCE / "country_indicators.csv"
NOT_KNOWN = "not known"
COPY_HOSTS = re.compile(r"github|https?://|Our World in Data|OWID", re.IGNORECASE)


def read(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read(COUNTRY)


@pytest.fixture(scope="module")
def editions() -> list[dict[str, str]]:
    return read(REFERENCE / primary_sources.EDITIONS_TABLE)


@pytest.fixture(scope="module")
def data_date() -> str:
    return next(row["value"] for row in read(REFERENCE / "mtr_published_figures.csv")
                if row["figure_id"] == "status_as_of")


def without_citations(text: str) -> str:
    """The file as it was before the script: the added columns cut off, the line endings kept."""
    table = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(cells[:-len(primary_sources.ADDED_COLUMNS)] for cells in table)
    return out.getvalue()


def shipped_text() -> str:
    with open(COUNTRY, newline="", encoding="utf-8") as fh:
        return fh.read()


# ---- the shipped file -------------------------------------------------------------------------------
def test_columns_are_the_originals_then_the_citations(rows):
    header = list(rows[0])
    originals = header[:-len(primary_sources.ADDED_COLUMNS)]
    assert header[-len(primary_sources.ADDED_COLUMNS):] == primary_sources.ADDED_COLUMNS
    assert originals == ["indicator", "iso3", "year", "value", "unit", "source"]
    assert not set(originals) & set(primary_sources.ADDED_COLUMNS)


def test_every_row_cites_publisher_dataset_and_edition(rows):
    for row in rows:
        assert row["publisher"] and row["dataset"] and row["edition"], row
        assert row["release_year"] == NOT_KNOWN or re.fullmatch(r"(19|20)\d\d", row["release_year"]), row
        assert row["retrieved_from"] == row["source"]


def test_citations_name_the_publisher_not_the_copy(rows):
    for row in rows:
        for field in primary_sources.EDITION_FIELDS:
            assert not COPY_HOSTS.search(row[field].split("(")[0]), (field, row[field])
        assert not COPY_HOSTS.search(row["publisher"] + row["dataset"]), row


def test_vintage_note_says_when_and_why_the_edition_is_later(rows, editions, data_date):
    for row in rows:
        entry = primary_sources.edition_of(row, editions)
        if entry["later_vintage"]:
            assert row["vintage_note"].startswith(f"released after the MTR's data date ({data_date})")
            assert row["vintage_note"].endswith(entry["later_vintage"])
        else:
            assert row["vintage_note"] == ""
    assert any(row["vintage_note"] for row in rows) and any(not row["vintage_note"] for row in rows)


def test_committed_file_equals_a_fresh_run(tmp_path):
    assert primary_sources.main(["--out-dir", str(tmp_path)]) == 0
    assert (tmp_path / "reference" / COUNTRY.name).read_bytes() == COUNTRY.read_bytes(), "rerun the script"


def test_running_twice_changes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REFERENCE, data / "reference")
    primary_sources.main(["--data-dir", str(data)])
    once = (data / "reference" / COUNTRY.name).read_bytes()
    primary_sources.main(["--data-dir", str(data)])
    assert (data / "reference" / COUNTRY.name).read_bytes() == once == COUNTRY.read_bytes()


def test_existing_columns_and_rows_are_kept_byte_for_byte(editions, data_date):
    before = without_citations(shipped_text())
    after = primary_sources.cite(before, editions, data_date)
    assert after == shipped_text()
    assert all(new.startswith(old + ",") for old, new in zip(before.split("\r\n"), after.split("\r\n"), strict=True)
               if old)


# ---- source_editions.csv ----------------------------------------------------------------------------
def test_every_entry_is_used_and_quotes_its_evidence(rows, editions):
    notes = (REFERENCE / "country_indicators_notes.md").read_text(encoding="utf-8")
    for entry in editions:
        sources = {row["source"] for row in rows if primary_sources.edition_of(row, editions) is entry}
        assert sources, f"unused entry {entry['source_pattern']} {entry['year']}"
        for quote in entry["evidence"].split(" | "):
            assert quote in notes or any(quote in source for source in sources), quote


def test_a_known_release_year_or_edition_is_quoted_in_the_evidence(editions):
    for entry in editions:
        if entry["release_year"] != NOT_KNOWN:
            assert entry["release_year"] in entry["evidence"], entry
        assert entry["edition"].startswith(NOT_KNOWN) or re.search(r"\d{4}", entry["edition"]), entry


def test_a_row_without_exactly_one_entry_is_refused(editions):
    row = {"indicator": "x", "iso3": "SGP", "year": "2019", "source": "somewhere unknown"}
    with pytest.raises(ValueError, match="0 entries"):
        primary_sources.edition_of(row, editions)
    twice = editions + [dict(editions[0])]
    row["source"] = next(r["source"] for r in read(COUNTRY) if re.search(editions[0]["source_pattern"], r["source"]))
    with pytest.raises(ValueError, match="2 entries"):
        primary_sources.edition_of(row, twice)

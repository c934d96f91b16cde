"""Tests of scripts/tool1_register/, the reconstructed Tool 1 register generator."""

from __future__ import annotations

import random
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

from ascc_analysis.config import DataPaths
from ascc_analysis.data.taxonomy import load_taxonomy, normalise_label
from scripts.tool1_register import (
    build_register,
    calibration_checks,
    generate,
    load_targets,
    read_register,
    write_workbooks,
)
from scripts.tool1_register.design import Activity
from scripts.tool1_register.judgement import IMPLEMENTED
from scripts.tool1_register.recount import REF_SPLIT, TOTAL_LABELS, find_header
from scripts.tool1_register.references import Codes, repair_measures
from scripts.tool1_register.targets import Printed, count_for_share


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two independent runs of the generator into two temporary folders."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    register, checks = generate(first)
    write_workbooks(build_register(), second)
    return first, second, register, checks


@pytest.fixture(scope="module")
def sheets(runs, tax):
    """Per workbook: (file name, header-block rows, header row, activity-area rows) of the data sheet."""
    result = []
    for path in sorted(runs[0].glob("*.xlsx")):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            header = find_header(rows, tax)
            if header is not None:
                result.append((path.name, rows[:header], rows[header], rows[header + 1:]))
                break
    return result


def _column(header: tuple, tax, name: str) -> int:
    return next(k for k, c in enumerate(header) if tax.column_aliases.get(normalise_label(c)) == name)


def _is_blank(row: tuple) -> bool:
    return all(normalise_label(c) == "" for c in row)


def _activity_rows(header: tuple, rows: list[tuple], tax) -> list[tuple]:
    title = _column(header, tax, "title")
    return [r for r in rows if not _is_blank(r) and normalise_label(r[title]) not in TOTAL_LABELS]


# ---------------------------------------------------------------------------------------------
# (1) reproducible
# ---------------------------------------------------------------------------------------------

def test_two_runs_give_byte_identical_files(runs, tax):
    first, second, _, _ = runs
    names = sorted(p.name for p in first.glob("*.xlsx"))
    assert names == sorted(f"{b}.xlsx" for b in tax.implementing_bodies)
    assert names == sorted(p.name for p in second.glob("*.xlsx"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_shipped_workbooks_are_what_the_generator_makes(runs):
    shipped = DataPaths.of().tool1_dir
    for path in sorted(runs[0].glob("*.xlsx")):
        assert (shipped / path.name).is_file(), f"{path.name} missing: run python -m scripts.tool1_register"
        assert (shipped / path.name).read_bytes() == path.read_bytes(), \
            f"{path.name} is stale: run python -m scripts.tool1_register"


# ---------------------------------------------------------------------------------------------
# (2) calibration
# ---------------------------------------------------------------------------------------------

def test_every_calibration_check_passes(runs):
    checks = runs[3]
    missed = [(c.name, c.expected, c.achieved) for c in checks if not c.ok]
    assert not missed
    names = {c.name for c in checks}
    for required in ("planned_activities", "implementation_rate", "completion_rate", "C_sbs", "D_sbs",
                     "E_second_sb (SOMHD)", "D.1_contributors", "A_sm_multi_body", "all_sm_implemented"):
        assert required in names


def test_checks_catch_a_miss(runs, tax):
    records = read_register(runs[0], tax)
    targets = load_targets(DataPaths.of(), tax)
    records[0] = {**records[0], "status": "withdrawn"}
    failed = {c.name for c in calibration_checks(records, targets, tax) if not c.ok}
    assert {"withdrawn_activities", "assessed_activities"} <= failed


def test_counts_derived_from_printed_figures(tax):
    targets = load_targets(DataPaths.of(), tax)
    assert targets.status_counts == {"completed": 239, "ongoing": 453, "upcoming": 272, "withdrawn": 13}
    assert targets.chars["A"].implemented == 297  # no whole count gives 76.8 %: the printed count stays
    assert targets.chars["B"].implemented == 315  # printed 215 contradicts 78.36 %: the rate rules
    assert targets.chars["E"].implemented == 413  # no count printed: 73.9 % of 559
    assert targets.chars["E"].second_count == 79


def test_count_for_share_rounds_at_printed_precision():
    assert count_for_share(387, Printed("23.5")) == 91
    assert count_for_share(402, Printed("25")) == 100  # 99..102 round to 25 %: closest, then smaller
    assert count_for_share(559, Printed("44.19")) == 247
    assert count_for_share(387, Printed("76.8")) is None


def test_repair_gives_every_measure_two_bodies_and_an_implemented_activity(tax):
    acts = [Activity("SOMHD", 1, status="ongoing", refs=["A.1.1"]),
            Activity("SOMY", 1, status="upcoming", refs=["A.1.2"]),
            Activity("SOMCA", 1, status="upcoming", refs=["A.1.2"])]
    acts += [Activity(b, 1, status="completed", refs=["A.1"]) for b in ("ACW", "SLOM", "SOMS")]
    acts += [Activity(b, 1, status="ongoing", refs=[sm]) for sm in tax.sm_codes[2:] for b in ("ACW", "SLOM")]
    assert repair_measures(random.Random(0), acts, Codes.of(tax)) == 2
    for sm in tax.sm_codes:
        citing = [a for a in acts if sm in a.refs]
        assert len({a.body for a in citing}) >= 2, sm
        assert any(a.status in IMPLEMENTED for a in citing), sm


# ---------------------------------------------------------------------------------------------
# (3) provenance
# ---------------------------------------------------------------------------------------------

def test_every_row_is_marked_reconstructed(sheets, tax):
    total = 0
    for name, block, header, rows in sheets:
        column = _column(header, tax, "provenance")
        activity_rows = _activity_rows(header, rows, tax)
        assert activity_rows, name
        assert all(r[column] == "reconstructed" for r in activity_rows), name
        assert any(normalise_label(r[0]) == "data provenance" and "reconstructed" in str(r[1]) for r in block)
        total += len(activity_rows)
    assert total == load_targets(DataPaths.of(), tax).planned


# ---------------------------------------------------------------------------------------------
# (4) untidy like real submissions
# ---------------------------------------------------------------------------------------------

def _values(sheets, tax, name: str) -> list[object]:
    return [r[_column(h, tax, name)] for _, _, h, rows in sheets for r in _activity_rows(h, rows, tax)]


def test_status_spellings_vary(sheets, tax):
    statuses = set(_values(sheets, tax, "status"))
    assert {"On-going", "Completed ", "up coming", "Withdrawn (merged)"} <= statuses
    assert {"Completed", "Ongoing", "Upcoming"} <= statuses
    for text in statuses:
        assert normalise_label(text) in tax.value_aliases["status"], text


def test_reference_styles_vary(sheets, tax):
    refs = [str(v) for v in _values(sheets, tax, "blueprint_reference")]
    compact, dotted = r"(?<![\w.])[A-E]\d(?![\d.])", r"(?<![\w.])[A-E]\.\d(?![\d.])"
    assert any(";" in r and re.search(compact, r) and re.search(dotted, r) for r in refs)  # "A1; B.2"
    assert any(re.search(r"(?<![\w.])[A-E]\d/[A-E]\d(?![\d.])", r) for r in refs)  # "B2/C4"
    assert any(re.search(r"(?<![\w.])A\.[12]\.\d(?![\d.])", r) for r in refs)  # "A.1.3"
    for r in refs:
        parts = [p for p in REF_SPLIT.split(r) if p]
        assert parts and all(tax.parse_reference(p) for p in parts), r


def test_spacer_rows_total_rows_and_text_years(sheets, tax):
    spacers = totals = 0
    for _, _, header, rows in sheets:
        last = max(k for k, r in enumerate(rows) if not _is_blank(r))
        spacers += any(_is_blank(r) for r in rows[:last])
        title, number = _column(header, tax, "title"), _column(header, tax, "row_number")
        if normalise_label(rows[last][title]) in TOTAL_LABELS:
            totals += 1
            assert rows[last][number] == len(_activity_rows(header, rows, tax))
    assert spacers and totals
    years = _values(sheets, tax, "start_year") + _values(sheets, tax, "end_year")
    assert any(isinstance(y, str) and re.fullmatch(r"20\d\d", y) for y in years)
    assert any(isinstance(y, int) for y in years)


def test_header_block_and_wording_vary(sheets, tax):
    dates = [next(r[1] for r in block if normalise_label(r[0]) == "reporting date") for _, block, _, _ in sheets]
    assert any(isinstance(d, datetime) for d in dates) and "21 May 2020" in dates
    bodies = [next(r[1] for r in block if normalise_label(r[0]) == "sectoral body") for _, block, _, _ in sheets]
    assert sorted(bodies) == sorted(tax.implementing_bodies)
    status_headers = {h[_column(h, tax, "status")] for _, _, h, _ in sheets}
    assert len(status_headers) > 1
    assert any(h[_column(h, tax, "provenance")] == "Data provenance" for _, _, h, _ in sheets)
    assert all(normalise_label(h[0]) in ("no.", "no", "#", "s/n") for _, _, h, _ in sheets)

"""Tests of what the gate reads (ascc_analysis.validation.inputs): the CSV tables at once, the register when asked."""

from __future__ import annotations

import shutil

import pandas.testing as pdt

from ascc_analysis.config import DATA_DIR, TOOL1_SUBDIR
from ascc_analysis.data.datasets import DATASETS
from ascc_analysis.validation.inputs import CSV_TABLES, GateInputs, gate_tables


def scratch_data(tmp_path):
    """A scratch copy of the shipped data with a bad value in one CSV table."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = DATASETS["kpi_observations"].path(data)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("value")] = "12%"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    return data


def test_the_csv_tables_are_read_at_once_and_the_register_when_asked(tmp_path):
    data = scratch_data(tmp_path)

    with GateInputs(data, processes=1) as inputs:
        assert set(inputs.tables) == set(CSV_TABLES) and inputs.register is None
        problem, = inputs.problems
        assert (problem.file, problem.row, problem.column, problem.value) == (
            "kpi/kpi_observations.csv", 2, "value", "12%")
        register_tables = inputs.register_tables()

    assert set(register_tables) == set(DATASETS["tool1_register"].tables)
    assert inputs.register.errors[-1] == problem  # the CSV problems follow the register's own
    assert len(inputs.register.files) == len(list((data / TOOL1_SUBDIR).glob("*.xlsx")))


def test_gate_tables_are_the_same_whichever_process_reads_the_register(tmp_path):
    data = scratch_data(tmp_path)

    tables, register = gate_tables(data)
    with GateInputs(data, processes=2) as inputs:
        later = inputs.register_tables() | inputs.tables

    assert list(tables) == list(later)
    for name, frame in tables.items():
        pdt.assert_frame_equal(later[name], frame)
    assert inputs.register.issues == register.issues and inputs.register.outcomes == register.outcomes

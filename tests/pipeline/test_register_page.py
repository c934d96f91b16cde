"""Tests of writing outputs/register.html and register.csv (ascc_analysis.pipeline.register_page)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from types import SimpleNamespace

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from ascc_analysis.config import DATA_DIR, PROJECT_ROOT
from ascc_analysis.data.tool1 import ingest_tool1
from ascc_analysis.pipeline.register_page import REGISTER_PAGE, update_register, write_register
from ascc_analysis.present.register_page import REGISTER_CSV


@pytest.fixture(scope="module")
def shipped():
    return ingest_tool1()


def test_the_shipped_register_is_written_with_its_csv(tmp_path, shipped):
    page = write_register(tmp_path, DATA_DIR, render_time="2025-01-31T09:30:00+00:00")

    assert page == tmp_path / REGISTER_PAGE
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("#register-table tbody tr")) == len(shipped.activities)
    assert "titles and their links to KRAs are reconstructed" in soup.select_one("#register-banner").get_text()
    csv = pd.read_csv(tmp_path / REGISTER_CSV, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert sorted(csv["activity_code"]) == sorted(shipped.activities["activity_code"])
    matrix_total = sum(int(a.get_text()) for a in soup.select('table.matrix tbody td[data-body=""] a'))
    assert matrix_total == shipped.links.drop_duplicates(["activity_code", "kra_code"]).shape[0]


def test_nothing_is_written_when_the_tool1_files_hold_errors(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR / "raw" / "tool1", data_dir)
    (data_dir / "SOMHD.xlsx").write_bytes(b"not a workbook")
    output_dir = tmp_path / "out"

    assert write_register(output_dir, data_dir) is None
    assert not output_dir.exists()


def test_the_register_is_written_when_the_index_is_due(tmp_path):
    rendered = {"regional": SimpleNamespace(status="ok")}
    skipped = {"regional": SimpleNamespace(status="skipped")}

    assert update_register(skipped, tmp_path, DATA_DIR) == tmp_path / REGISTER_PAGE  # no index yet
    (tmp_path / REGISTER_PAGE).unlink()
    (tmp_path / "index.html").write_text("index", encoding="utf-8")
    assert update_register(skipped, tmp_path, DATA_DIR) is None
    assert not (tmp_path / REGISTER_PAGE).exists()
    assert update_register(rendered, tmp_path, DATA_DIR) == tmp_path / REGISTER_PAGE


def test_importing_the_module_imports_nothing_heavy():
    code = ("import sys; import ascc_analysis.pipeline.register_page; "
            "print(sorted(m for m in ('pandas', 'openpyxl', 'jinja2') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
                               timeout=60)
    assert (completed.returncode, completed.stdout.strip()) == (0, "[]"), completed.stderr

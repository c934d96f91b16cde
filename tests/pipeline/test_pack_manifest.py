"""The review pack's manifest: file checksums, data checksums, the one marked render-time key."""

from __future__ import annotations

import hashlib
import json

from ascc_analysis.pipeline.pack_manifest import (
    RENDER_TIME_KEY,
    build_manifest,
    data_checksums,
    file_entry,
    manifest_bytes,
)
from tests.helpers.fixture_project import make_project


def _manifest(data_dir, members, render_times):
    return build_manifest(members, reporting_date="2020-05-21", reports=[{"report_id": "r"}], data_dir=data_dir,
                          parameters={"show_code": False}, pdfs="none", render_times=render_times,
                          git_commit=None, packages={"python": "3.11"})


def test_a_file_entry_is_its_sha256_and_size():
    assert file_entry(b"abc") == {"sha256": hashlib.sha256(b"abc").hexdigest(), "size": 3}


def test_data_checksums_cover_the_files_the_gate_reads(tmp_path):
    project = make_project(tmp_path)
    checksums = data_checksums(project["data"])
    assert checksums["raw/tool1/A.xlsx"] == hashlib.sha256(b"workbook A").hexdigest()
    assert "reference/figures.csv" in checksums and "taxonomy/statuses.csv" in checksums


def test_the_manifest_lists_the_files_and_keeps_times_under_the_marked_key_only(tmp_path):
    project = make_project(tmp_path)
    members = {"b.html": b"<p>b</p>", "a.json": b"{}"}
    one = _manifest(project["data"], members, {"pack": "2026-01-01T00:00:00+00:00"})
    two = _manifest(project["data"], members, {"pack": "2026-02-02T00:00:00+00:00"})
    assert list(one["files"]) == ["a.json", "b.html"] and one["files"]["a.json"] == file_entry(b"{}")
    assert one["git_commit"].startswith("not recorded")
    assert one != two
    one.pop(RENDER_TIME_KEY), two.pop(RENDER_TIME_KEY)
    assert one == two


def test_the_manifest_is_written_as_sorted_indented_json():
    text = manifest_bytes({"b": 1, "a": {"d": 2, "c": 3}}).decode()
    assert text.endswith("\n") and json.loads(text) == {"a": {"c": 3, "d": 2}, "b": 1}
    assert text.index('"a"') < text.index('"b"') and text.index('"c"') < text.index('"d"')

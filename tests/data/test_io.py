"""Atomic writes, JSON files and file hashes (ascc_analysis.data.io)."""

from __future__ import annotations

import hashlib
import os

import pytest

from ascc_analysis.data import io


def test_write_json_is_sorted_atomic_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "state.json"
    io.write_json(target, {"b": 1, "a": "é"})
    assert target.read_text(encoding="utf-8") == '{\n  "a": "é",\n  "b": 1\n}\n'
    assert io.read_json(target) == {"a": "é", "b": 1}
    assert os.listdir(target.parent) == ["state.json"]


def test_read_json_of_a_missing_or_broken_file_is_none(tmp_path):
    assert io.read_json(tmp_path / "missing.json") is None
    (tmp_path / "broken.json").write_text("{not json")
    assert io.read_json(tmp_path / "broken.json") is None


def test_a_failed_write_keeps_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("old")
    with pytest.raises(TypeError):
        io.atomic_write_text(target, None)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["page.html"]


def test_sha256_file_is_the_hash_of_the_bytes(tmp_path):
    path = tmp_path / "big.bin"
    data = os.urandom(3 * (1 << 20) + 5)  # more than one read block
    path.write_bytes(data)
    assert io.sha256_file(path) == hashlib.sha256(data).hexdigest()

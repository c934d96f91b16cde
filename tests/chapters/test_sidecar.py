"""The sidecar JSON of a report (ascc_analysis.chapters.sidecar)."""

import json

import numpy as np
import pandas as pd

from ascc_analysis.chapters.sidecar import provenance_mix, write_sidecar


def test_sidecar_has_the_agreed_keys_and_plain_json_values(tmp_path):
    figures = {"a": np.int64(3), "b": np.float64(1.5), "c": float("nan"), "d": pd.NA}
    path = write_sidecar(tmp_path / "new", "regional", {"data_dir": "d"}, figures, {"reconstructed": 3},
                         reporting_date="2020-05-21")
    assert path == tmp_path / "new" / "regional.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"report_id", "parameters", "figures", "provenance", "reporting_date"}
    assert data["figures"] == {"a": 3, "b": 1.5, "c": None, "d": None}


def test_sidecar_bytes_are_stable(tmp_path):
    args = ("x", {"p": 1}, {"z": 1, "a": 2}, {"reported": 1})
    first = write_sidecar(tmp_path / "1", *args).read_bytes()
    second = write_sidecar(tmp_path / "2", *args).read_bytes()
    assert first == second


def test_provenance_mix_counts_rows_over_tables():
    one = pd.DataFrame({"provenance": ["reconstructed", "reconstructed"]})
    two = pd.DataFrame({"provenance": ["public_statistics", "reconstructed"]})
    assert provenance_mix(one, two) == {"public_statistics": 1, "reconstructed": 3}
    assert provenance_mix() == {}

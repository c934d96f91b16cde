"""Loaded datasets kept by the content of the data and the code (ascc_analysis.data.table_cache)."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from ascc_analysis.config import DATA_DIR
from ascc_analysis.data import table_cache
from ascc_analysis.data.datasets import DATASETS


class Loader:
    """Counts its calls; gives a frame and, when asked, a warning."""

    def __init__(self, warn: str | None = None):
        self.calls, self.warn = 0, warn

    def __call__(self):
        self.calls += 1
        if self.warn:
            warnings.warn(self.warn, UserWarning, stacklevel=1)
        return pd.DataFrame({"value": [1, 2]})


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR / "kpi", folder / "kpi")
    return folder


def test_a_second_load_with_the_same_data_is_read_from_the_cache(data, tmp_path):
    loader, key = Loader(), table_cache.data_key(data)
    first = table_cache.cached_load("kpi_framework", loader, key, tmp_path / "cache")
    second = table_cache.cached_load("kpi_framework", loader, table_cache.data_key(data), tmp_path / "cache")
    assert loader.calls == 1
    pd.testing.assert_frame_equal(first, second)


def test_a_changed_data_file_changes_the_key(data):
    before = table_cache.data_key(data)
    target = data / "kpi" / "kpi_framework.csv"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert table_cache.data_key(data) != before


def test_a_file_added_to_the_data_folder_changes_the_key(data):
    before = table_cache.data_key(data)
    (data / "kpi" / "notes.txt").write_text("x", encoding="utf-8")
    assert table_cache.data_key(data) != before


def test_an_entry_of_other_data_is_replaced_not_kept(data, tmp_path):
    cache = tmp_path / "cache"
    table_cache.cached_load("kpi_framework", Loader(), "a" * 64, cache)
    table_cache.cached_load("kpi_framework", Loader(), "b" * 64, cache)
    assert [path.name.split("-")[1][:1] for path in cache.glob("*.pickle")] == ["b"]


def test_a_loaders_warnings_are_given_again_when_read_from_the_cache(tmp_path):
    loader = Loader(warn="formula without a stored value")
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table_cache.cached_load("register", loader, "k" * 64, tmp_path)
        assert [str(warning.message) for warning in caught] == ["formula without a stored value"]
    assert loader.calls == 1


def test_a_loader_that_raises_leaves_nothing_behind(tmp_path):
    def broken():
        raise ValueError("bad workbook")

    with pytest.raises(ValueError, match="bad workbook"):
        table_cache.cached_load("register", broken, "k" * 64, tmp_path)
    assert not list(tmp_path.iterdir())


def test_an_unreadable_entry_is_loaded_anew(tmp_path):
    (tmp_path / f"register-{'k' * 40}.pickle").write_bytes(b"not a pickle")
    loader = Loader()
    table_cache.cached_load("register", loader, "k" * 64, tmp_path)
    assert loader.calls == 1


def test_a_cached_register_equals_a_parsed_one(tmp_path):
    dataset, key = DATASETS["tool1_register"], table_cache.data_key(None)
    table_cache.cached_load("tool1_register", lambda: dataset.load(None), key, tmp_path)
    cached = table_cache.cached_load("tool1_register", lambda: pytest.fail("not read from the cache"), key, tmp_path)
    parsed = dataset.load(None)
    pd.testing.assert_frame_equal(cached.activities, parsed.activities)
    pd.testing.assert_frame_equal(cached.links, parsed.links)
    assert (cached.issues, cached.outcomes, cached.coverage) == (parsed.issues, parsed.outcomes, parsed.coverage)

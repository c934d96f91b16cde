"""Tests of pausing the garbage collector (ascc_analysis.data.collector)."""

from __future__ import annotations

import gc

import pytest

from ascc_analysis.data.collector import collector_paused


def test_the_collector_is_off_in_the_block_and_on_again_after_it():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the outermost block turns it back on
    assert gc.isenabled()


def test_the_collector_is_on_again_after_an_error():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("bad cell")
    assert gc.isenabled()


def test_a_collector_found_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

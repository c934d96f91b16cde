"""Staging, atomic moves and clean-up of interrupted runs (ascc_analysis.pipeline.publish)."""

from __future__ import annotations

import os

from ascc_analysis.pipeline import publish


def _stage(staging: publish.Staging, report_id: str, text: str) -> None:
    (staging.path / f"{report_id}.html").write_text(f"<html>{text}</html>")
    (staging.path / f"{report_id}.json").write_text("{}")
    (staging.path / "notebooks" / f"{report_id}.ipynb").write_text("{}")
    staging.log_path(report_id).write_text("log")


def test_staging_is_inside_the_output_folder_and_named_by_pid(tmp_path):
    staging = publish.Staging(tmp_path / "out")
    assert staging.path == tmp_path / "out" / f".staging-{os.getpid()}"
    assert (staging.path / "notebooks").is_dir() and (staging.path / "logs").is_dir()


def test_publish_rendered_moves_the_report_and_clears_an_old_failure(tmp_path):
    out = tmp_path / "out"
    (out / "failed").mkdir(parents=True)
    (out / "failed" / "r.html").write_text("old failure")
    staging = publish.Staging(out)
    _stage(staging, "r", "new")
    moved = staging.publish_rendered("r")
    assert {p.relative_to(out).as_posix() for p in moved} == {"r.html", "r.json", "notebooks/r.ipynb", "logs/r.log"}
    assert (out / "r.html").read_text() == "<html>new</html>"
    assert not (out / "failed" / "r.html").exists()
    assert not (staging.path / "r.html").exists()


def test_publish_failed_keeps_the_last_good_report(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.html").write_text("last good")
    staging = publish.Staging(out)
    (staging.path / "failed" / "r.ipynb").write_text("{}")
    (staging.path / "failed" / "r.html").write_text("failure")
    staging.publish_failed("r")
    assert (out / "r.html").read_text() == "last good"
    assert (out / "failed" / "r.html").read_text() == "failure"
    assert (out / "failed" / "r.ipynb").is_file()


def test_publish_dir_swaps_a_whole_folder(tmp_path):
    out = tmp_path / "out"
    (out / "validation" / "old").mkdir(parents=True)
    (out / "validation" / "old" / "page.html").write_text("old")
    staging = publish.Staging(out)
    (staging.path / "validation").mkdir()
    (staging.path / "validation" / "summary.html").write_text("new")
    assert staging.publish_dir("validation") == out / "validation"
    assert [p.name for p in (out / "validation").iterdir()] == ["summary.html"]
    assert staging.publish_dir("absent") is None
    assert not (staging.path / "validation.previous").exists()


def test_stale_staging_folders_are_removed_and_discard_cleans_up(tmp_path):
    out = tmp_path / "out"
    stale = out / ".staging-99999999"
    (stale / "notebooks").mkdir(parents=True)
    (out / "keep.html").write_text("x")
    assert publish.clean_stale_staging(out) == [stale]
    assert not stale.exists() and (out / "keep.html").exists()
    staging = publish.Staging(out)
    staging.discard()
    assert not staging.path.exists()
    assert publish.clean_stale_staging(tmp_path / "absent") == []

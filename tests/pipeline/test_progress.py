"""The progress display, closing table and re-run command (ascc_analysis.pipeline.progress)."""

from __future__ import annotations

import io

from ascc_analysis.pipeline.orchestrate import Outcome
from ascc_analysis.pipeline.progress import Progress, closing_table, error_text, failure_lines, rerun_command

OUTCOMES = [
    Outcome("regional", "ok", 12.34, "data file raw/tool1/SOMHD.xlsx changed"),
    Outcome("national-VNM", "failed", 3.0, "forced", {"cell": 5, "ename": "KeyError", "evalue": "'x'"}),
    Outcome("national-THA", "skipped", None, "up to date"),
]


def test_ci_log_gets_one_line_per_event_and_no_carriage_returns():
    stream = io.StringIO()
    progress = Progress(2, stream=stream, tty=False)
    progress.started("regional", "forced")
    progress.tick()
    progress.finished(OUTCOMES[0])
    progress.finished(OUTCOMES[1])
    progress.close()
    text = stream.getvalue()
    assert "\r" not in text and "\033" not in text
    assert text.splitlines() == [
        "[0/2] start   regional (forced)",
        "[1/2] ok      regional in 12.3 s",
        "[2/2] failed  national-VNM in 3.0 s: cell [5] KeyError: 'x'",
    ]


def test_terminal_redraws_a_status_line_with_the_running_reports():
    stream = io.StringIO()
    progress = Progress(3, stream=stream, tty=True)
    progress.started("regional", "forced")
    progress.started("resources", "forced")
    progress.tick()
    text = stream.getvalue()
    assert "\r\033[K" in text
    assert text.rstrip().endswith("s") and "running: regional" in text and "resources" in text.rsplit("\r", 1)[-1]


def test_closing_table():
    table = closing_table(OUTCOMES).splitlines()
    assert table[0].split() == ["report", "status", "seconds", "why"]
    assert table[1].split()[:3] == ["regional", "ok", "12.3"] and table[1].endswith("raw/tool1/SOMHD.xlsx changed")
    assert table[3].split()[:3] == ["national-THA", "skipped", "-"]
    assert table[-1] == "3 reports: 1 ok, 1 failed, 1 skipped."


def test_error_text_and_failure_lines(tmp_path):
    assert error_text(None) == ""
    assert error_text({"cell": None, "ename": "TemplateMissing", "evalue": "gone"}) == "TemplateMissing: gone"
    (tmp_path / "failed").mkdir()
    (tmp_path / "failed" / "national-VNM.html").write_text("x")
    lines = failure_lines(OUTCOMES, tmp_path)
    assert lines[0] == "  national-VNM: cell [5] KeyError: 'x'"
    assert lines[1].endswith("failed/national-VNM.html")


def test_rerun_command_quotes_values():
    command = rerun_command(["--ams", "VNM"], ["--data-dir", "/my data"])
    assert command == "python run_all.py --ams VNM --data-dir '/my data'"

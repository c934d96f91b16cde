"""Content fingerprints and the reasons a report re-renders (ascc_analysis.pipeline.fingerprint)."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ascc_analysis.config import DATA_DIR
from ascc_analysis.data.registry import Report
from ascc_analysis.pipeline import cli
from ascc_analysis.pipeline import fingerprint as fp
from tests.helpers.fixture_project import fake_gate, fixture_reports, make_project

ROOT = Path(__file__).resolve().parents[2]


def _report(template: Path, inputs=("raw/tool1/*.xlsx",), **parameters) -> Report:
    return Report("r", "regional", parameters, "R", template_path=template, input_patterns=tuple(inputs))


def test_hasher_hashes_content_not_timestamps(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("one")
    first = fp.Hasher().file(path)
    path.write_text("one")  # new mtime, same bytes
    assert fp.Hasher().file(path) == first
    path.write_text("two")
    assert fp.Hasher().file(path) != first
    assert fp.Hasher().file(tmp_path / "missing") is None


def test_resolve_inputs_nested_layout(tmp_path):
    (tmp_path / "raw" / "tool1").mkdir(parents=True)
    (tmp_path / "raw" / "tool1" / "SOMHD.xlsx").write_bytes(b"x")
    (tmp_path / "raw" / "tool1" / "notes.txt").write_text("not a workbook")
    found = fp.resolve_inputs(["raw/tool1/*.xlsx"], tmp_path)
    assert found == {"raw/tool1/SOMHD.xlsx": tmp_path / "raw" / "tool1" / "SOMHD.xlsx"}


def test_resolve_inputs_flat_export_and_shipped_fallback(tmp_path):
    (tmp_path / "SOMY.xlsx").write_bytes(b"x")  # workbooks directly in the folder, nothing else
    found = fp.resolve_inputs(["raw/tool1/*.xlsx", "taxonomy/**/*.csv", "reference/mtr_published_figures.csv"],
                              tmp_path)
    assert found["raw/tool1/SOMY.xlsx"] == tmp_path / "SOMY.xlsx"
    assert found["taxonomy/member_states.csv"] == DATA_DIR / "taxonomy" / "member_states.csv"
    assert found["taxonomy/aliases/columns.csv"] == DATA_DIR / "taxonomy" / "aliases" / "columns.csv"
    assert found["reference/mtr_published_figures.csv"] == DATA_DIR / "reference" / "mtr_published_figures.csv"


def test_package_files_skip_caches():
    files = fp.package_files()
    assert "ascc_analysis/pipeline/fingerprint.py" in files
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in files)


def test_fingerprint_ignores_where_the_data_is(tmp_path):
    template = tmp_path / "t.ipynb"
    template.write_text("{}")
    for name in ("one", "two"):
        (tmp_path / name / "raw" / "tool1").mkdir(parents=True)
        (tmp_path / name / "raw" / "tool1" / "A.xlsx").write_bytes(b"same bytes")
    report = _report(template, ams="VNM")
    first = fp.fingerprint(report, tmp_path / "one", fp.Hasher(), {"show_code": False})
    second = fp.fingerprint(report, tmp_path / "two", fp.Hasher(), {"show_code": False})
    assert first == second
    assert first["parameters"] == {"ams": "VNM"}
    assert set(first) == {"template", "parameters", "options", "data", "package", "environment"}


def _current(**changes) -> dict:
    base = {"template": "t", "parameters": {"ams": "VNM"}, "options": {"show_code": False},
            "data": {"raw/tool1/A.xlsx": "a", "raw/tool1/B.xlsx": "b"},
            "package": {"ascc_analysis/analysis/activities.py": "m"}, "environment": {"requirements.lock": "l"}}
    base.update(changes)
    return base


def test_why_render_reasons():
    ok = {"status": "ok", "fingerprint": _current()}
    assert fp.why_render(ok, _current()) is None
    assert fp.why_render(ok, _current(), force=True) == "forced"
    assert fp.why_render(None, _current()) == "no previous output"
    assert fp.why_render(ok, _current(), published=False) == "no previous output"
    assert fp.why_render({**ok, "status": "failed"}, _current()) == "previous run failed"
    assert fp.why_render(ok, _current(template="t2")) == "template changed"
    assert fp.why_render(ok, _current(parameters={"ams": "THA"})) == "parameters changed"
    assert fp.why_render(ok, _current(options={"show_code": True})) == "options changed"
    changed = _current(data={"raw/tool1/A.xlsx": "a2", "raw/tool1/B.xlsx": "b"})
    assert fp.why_render(ok, changed) == "data file raw/tool1/A.xlsx changed"
    added = _current(data={**_current()["data"], "raw/tool1/C.xlsx": "c"})
    assert fp.why_render(ok, added) == "data file raw/tool1/C.xlsx added"
    removed = _current(data={"raw/tool1/A.xlsx": "a"})
    assert fp.why_render(ok, removed) == "data file raw/tool1/B.xlsx removed"
    assert fp.why_render(ok, _current(package={"ascc_analysis/analysis/activities.py": "m2"})) == \
        "package file ascc_analysis/analysis/activities.py changed"
    assert fp.why_render(ok, _current(environment={"requirements.lock": "l2"})) == \
        "environment file requirements.lock changed"


def test_why_render_summarises_many_changes():
    old = {f"raw/tool1/{n}.xlsx": "x" for n in "ABCDE"}
    new = dict.fromkeys(old, "y")
    why = fp.why_render({"status": "ok", "fingerprint": _current(data=old)}, _current(data=new))
    assert why == "5 data files changed (raw/tool1/A.xlsx, raw/tool1/B.xlsx, raw/tool1/C.xlsx, ...)"


def test_state_round_trip(tmp_path):
    assert fp.load_state(tmp_path, "regional") is None
    fp.save_state(tmp_path, "regional", {"status": "ok"})
    assert fp.load_state(tmp_path, "regional") == {"status": "ok"}
    assert fp.state_path(tmp_path, "regional") == tmp_path / ".state" / "regional.json"


def test_kernel_files_leave_out_what_only_the_orchestrator_imports():
    every, kernel = fp.package_files(), fp.kernel_files()
    assert "ascc_analysis/pipeline/cli.py" in every and "ascc_analysis/validation/suites.py" in every
    assert set(kernel) == {name for name in every if name.split("/")[1] not in ("pipeline", "validation")}
    assert {"ascc_analysis/__init__.py", "ascc_analysis/config.py", "ascc_analysis/data/datasets.py",
            "ascc_analysis/chapters/report.py"} <= set(kernel)


def test_editing_a_pipeline_module_leaves_the_fingerprint_unchanged(tmp_path):
    package = Path(shutil.copytree(fp.PACKAGE_DIR, tmp_path / "ascc_analysis",
                                   ignore=shutil.ignore_patterns("__pycache__")))
    template = tmp_path / "t.ipynb"
    template.write_text("{}")
    report = _report(template)

    def current():
        return fp.fingerprint(report, DATA_DIR, fp.Hasher(), {"show_code": False}, package)

    before = current()
    with open(package / "pipeline" / "cli.py", "a") as module:
        module.write("\n# edited\n")
    with open(package / "validation" / "rules.py", "a") as module:
        module.write("\n# edited\n")
    assert current() == before
    with open(package / "analysis" / "gaps.py", "a") as module:
        module.write("\n# edited\n")
    assert fp.why_render({"status": "ok", "fingerprint": before}, current()) == \
        "package file ascc_analysis/analysis/gaps.py changed"


def test_a_kernel_never_imports_the_pipeline_or_the_gate(tmp_path):
    modules = [name[:-3].replace("/", ".").removesuffix(".__init__") for name in fp.kernel_files()
               if name.endswith(".py")]
    code = ("import importlib, sys\n"
            "from ascc_analysis.chapters.report import start_report\n"
            "from ascc_analysis.data.registry import CHAPTER_DATASETS\n"
            "for module in sys.argv[2:]:\n"
            "    importlib.import_module(module)\n"
            "for chapter, names in CHAPTER_DATASETS.items():\n"
            "    report = start_report(chapter, output_dir=sys.argv[1], characteristic='A', ams='VNM')\n"
            "    [report.load(name) for name in names]\n"
            "print(sorted(m for m in sys.modules if m.startswith(('ascc_analysis.pipeline', "
            "'ascc_analysis.validation', 'great_expectations'))))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path), *modules], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "ascc_analysis.chapters.report" in modules and "ascc_analysis.data.datasets" in modules
    assert out.stdout.splitlines()[-1] == "[]"


@pytest.mark.slow
def test_after_editing_a_pipeline_module_a_dry_run_plans_no_render(tmp_path):
    project = make_project(tmp_path / "project")

    def run(*args):
        out = io.StringIO()
        argv = ["--data-dir", str(project["data"]), "--output-dir", str(project["outputs"]), "--wait", "0", *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(argv, reports=fixture_reports(project["templates"]), check=fake_gate,
                            package_dir=project["package"])
        return code, out.getvalue()

    assert run()[0] == cli.EXIT_OK
    with open(project["package"] / "pipeline" / "orchestrate.py", "a") as module:
        module.write("\n# edited\n")
    code, stdout = run("--dry-run")
    assert code == cli.EXIT_OK and "0 to render, 4 up to date." in stdout
    with open(project["package"] / "chapters" / "report.py", "a") as module:
        module.write("\n# edited\n")
    assert "4 to render, 0 up to date." in run("--dry-run")[1]

"""Content fingerprints and the reasons a report re-renders (ascc_analysis.pipeline.fingerprint)."""

from __future__ import annotations

from pathlib import Path

from ascc_analysis.pipeline import fingerprint as fp
from ascc_analysis.config import DATA_DIR
from ascc_analysis.data.registry import Report


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
    new = {name: "y" for name in old}
    why = fp.why_render({"status": "ok", "fingerprint": _current(data=old)}, _current(data=new))
    assert why == "5 data files changed (raw/tool1/A.xlsx, raw/tool1/B.xlsx, raw/tool1/C.xlsx, ...)"


def test_state_round_trip(tmp_path):
    assert fp.load_state(tmp_path, "regional") is None
    fp.save_state(tmp_path, "regional", {"status": "ok"})
    assert fp.load_state(tmp_path, "regional") == {"status": "ok"}
    assert fp.state_path(tmp_path, "regional") == tmp_path / ".state" / "regional.json"

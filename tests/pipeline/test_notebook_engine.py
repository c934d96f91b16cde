"""The notebook on disk while a report runs: written once per code cell (ascc_analysis.pipeline.notebook_engine)."""

from __future__ import annotations

import json

import papermill.engines
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from papermill.execute import prepare_notebook_metadata

from ascc_analysis.pipeline import notebook_engine
from ascc_analysis.pipeline.render import running_cell


def _manager(tmp_path, monkeypatch):
    writes = []
    original = papermill.engines.write_ipynb

    def counted(nb, path):
        writes.append([cell.metadata.papermill.get("status") for cell in nb.cells])
        original(nb, path)

    monkeypatch.setattr(papermill.engines, "write_ipynb", counted)
    notebook = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("a = 1"), new_markdown_cell("## Part"),
                                   new_code_cell("b = 2")])
    path = tmp_path / "report.ipynb"
    notebook.metadata.papermill = {}
    notebook = prepare_notebook_metadata(notebook, "template.ipynb", str(path))
    return notebook_engine.SparseSaves(notebook, output_path=str(path), progress_bar=False), path, writes


def test_the_notebook_is_written_when_a_code_cell_starts_and_at_the_end(tmp_path, monkeypatch):
    manager, _, writes = _manager(tmp_path, monkeypatch)
    manager.notebook_start()
    writes.clear()
    for index, cell in enumerate(manager.nb.cells):
        manager.cell_start(cell, index)
        manager.cell_complete(cell, index)
    assert len(writes) == 2  # the two code cells' starts, not the markdown cells' or any completion
    manager.notebook_complete()
    assert writes[-1] == ["completed"] * 4


def test_the_notebook_on_disk_names_the_running_cell_with_the_ones_before_it_complete(tmp_path, monkeypatch):
    manager, path, _ = _manager(tmp_path, monkeypatch)
    manager.notebook_start()
    cells = manager.nb.cells
    for index in range(3):
        manager.cell_start(cells[index], index)
        manager.cell_complete(cells[index], index)
    manager.cell_start(cells[3], 3)  # and the kernel hangs here
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert running_cell(path) == 2
    assert [cell["metadata"]["papermill"]["status"] for cell in on_disk["cells"]] == ["completed"] * 3 + ["running"]


def test_papermill_knows_the_engine_by_its_name():
    name = notebook_engine.register()
    assert papermill.engines.papermill_engines.get_engine(name) is notebook_engine.SparseSavesEngine

"""papermill's nbclient engine, writing the executed notebook to disk once per code cell instead of twice per cell.

papermill saves the whole notebook (outputs, images and all) when any cell starts and again when
it completes: about 45 writes for a report, half a second or more of the worker's time on the
path between two cells. What the run needs from those writes is the notebook on disk naming the
code cell that is running when a report is stopped (``render.running_cell``) and, before that,
everything finished. This engine writes when a code cell starts (the completion of the cells
before it goes with that write), during a long cell as papermill does, and at the end; the
final notebook is the same.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE_NAME = "ascc_sparse_saves"
"""The engine's name in papermill's registry (``execute_notebook(engine_name=...)``)."""


class SparseSaves(NotebookExecutionManager):
    """papermill's execution manager, without the writes that the next one repeats."""

    _deferred = False

    def save(self, **kwargs):
        """Write the notebook, unless a later write will carry the same state."""
        if not self._deferred:
            super().save(**kwargs)

    def cell_start(self, cell, cell_index=None, **kwargs):
        """Mark the cell started; write the notebook when it is a code cell."""
        self._deferred = cell.cell_type != "code"
        try:
            return super().cell_start(cell, cell_index, **kwargs)
        finally:
            self._deferred = False

    def cell_complete(self, cell, cell_index=None, **kwargs):
        """Mark the cell complete; the next code cell's start or the notebook's end writes it."""
        self._deferred = True
        try:
            return super().cell_complete(cell, cell_index, **kwargs)
        finally:
            self._deferred = False


class SparseSavesEngine(NBClientEngine):
    """The nbclient engine on :class:`SparseSaves` (papermill's ``Engine.execute_notebook`` otherwise)."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                         autosave_cell_every=30, **kwargs):
        """Execute ``nb`` as papermill's engines do."""
        manager = SparseSaves(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                              autosave_cell_every=autosave_cell_every)
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb


def register() -> str:
    """Make the engine known to papermill; its name."""
    papermill_engines.register(ENGINE_NAME, SparseSavesEngine)
    return ENGINE_NAME

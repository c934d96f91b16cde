"""``outputs/register.html`` and ``register.csv``: written after a render, as the index is, from the Tool 1 files.

The page itself is built by :mod:`ascc_analysis.present.register_page`; this module decides
when to write it and imports nothing heavy until it does.
"""

from __future__ import annotations

from pathlib import Path

from ascc_analysis.data.io import atomic_write_text
from ascc_analysis.pipeline.indexing import needs_index

REGISTER_PAGE = "register.html"
"""The page, beside ``index.html`` (which links to it)."""


def write_register(output_dir: str | Path, data_dir: str | Path | None = None, *,
                   render_time: str | None = None) -> Path | None:
    """Write ``register.html`` and its CSV into ``output_dir`` from the Tool 1 files of ``data_dir``.

    Parameters
    ----------
    output_dir : str or Path
        The output folder.
    data_dir : str or Path, optional
        The data folder; the shipped ``data/`` when None.
    render_time : str, optional
        Shown as when the page was written; now when None.

    Returns
    -------
    Path or None
        The page; None (nothing written) when the Tool 1 files hold errors or no activity.
    """
    from ascc_analysis.data.taxonomy import load_taxonomy
    from ascc_analysis.data.tool1 import ingest_tool1
    from ascc_analysis.present.register_page import REGISTER_CSV, register_csv, render_register

    taxonomy = load_taxonomy(data_dir)
    register = ingest_tool1(data_dir, taxonomy=taxonomy)
    if register.errors or register.activities.empty:
        return None
    atomic_write_text(Path(output_dir) / REGISTER_CSV, register_csv(register, taxonomy))
    return atomic_write_text(Path(output_dir) / REGISTER_PAGE,
                             render_register(register, taxonomy, render_time=render_time))


def update_register(outcomes: dict, output_dir: str | Path, data_dir: str | Path) -> Path | None:
    """Write the register page when the index is due to be written (a report rendered or failed in this run, or
    there is no index yet); return its path, or None when left as it is (nothing heavy is imported then).

    Call it before ``indexing.update_index``, which writes the index this decision looks for.
    """
    return write_register(output_dir, data_dir) if needs_index(outcomes, Path(output_dir)) else None

"""House style for figures and tables: the seaborn theme, the source line's wording, stable downloadable tables.

Colours are data: the Okabe-Ito colour-blind-safe palette and the colours of Characteristics
and statuses are read from ``data/taxonomy/`` (``Taxonomy.colours``). Tables are rendered with
a fixed Styler uuid (pandas otherwise puts a random one in every table) so that the same
inputs give byte-identical HTML, and each table carries an inline CSV download link.
"""

from __future__ import annotations

import base64
import hashlib
import html

import pandas as pd
import seaborn

from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
from ascc_analysis.present.text import count, percent

SOURCE_LINE = "Source: {source}"
"""The source line under every chart (``charts.finish.source_text`` wraps it)."""


COLOUR_BLIND_PALETTE = "Okabe-Ito colour-blind-safe palette"
"""The ``use`` of the rows of ``palette.csv`` that make the house colour cycle, in file order."""


def house_palette(taxonomy: Taxonomy) -> list[str]:
    """The colour-blind-safe colour cycle of the house theme (``palette.csv``), black last."""
    rows = taxonomy.palette[taxonomy.palette["use"] == COLOUR_BLIND_PALETTE]
    return list(rows["colour"])


def apply_house_style(taxonomy: Taxonomy | None = None) -> None:
    """Set the seaborn house theme once per kernel: the colour-blind palette, sizes, fonts, no timestamps.

    Parameters
    ----------
    taxonomy : Taxonomy, optional
        Where the palette is read from (``palette.csv``); the shipped taxonomy when None.
    """
    palette = house_palette(taxonomy if taxonomy is not None else load_taxonomy())
    seaborn.set_theme(context="notebook", style="ticks", palette=palette, font="DejaVu Sans", rc={
        "figure.figsize": (8, 4.5), "figure.dpi": 96, "savefig.dpi": 96, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
        "svg.hashsalt": "ascc-mtr", "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
        "legend.fontsize": 9, "legend.title_fontsize": 9,
    })


def _uuid(frame: pd.DataFrame, name: str) -> str:
    digest = hashlib.sha1(f"{name}|{frame.shape}|{list(frame.columns)}".encode()).hexdigest()
    return f"t{digest[:10]}"


def csv_download_link(frame: pd.DataFrame, name: str) -> str:
    """An inline ``data:`` link that downloads ``frame`` as ``<name>.csv`` (no network needed)."""
    payload = base64.b64encode(frame.to_csv(index=False).encode("utf-8")).decode("ascii")
    safe = html.escape(name)
    return (f'<a class="csv-download" download="{safe}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}">Download this table as CSV ({safe}.csv)</a>')


def format_table(frame: pd.DataFrame, name: str, percent_columns: dict[str, int] | None = None,
                 caption: str | None = None) -> str:
    """HTML of a table in house style, with a stable id and a CSV download link.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (column names already readable).
    name : str
        Short file-like name, used for the stable id and the CSV file name.
    percent_columns : dict, optional
        Column -> decimals, printed with a % sign at that precision.
    caption : str, optional
        Table caption.

    Returns
    -------
    str
        HTML: the table followed by its download link.
    """
    formats = {col: (lambda v, d=d: "" if pd.isna(v) else percent(v, d)) for col, d in (percent_columns or {}).items()}
    for col in frame.columns:
        if col not in formats and pd.api.types.is_integer_dtype(frame[col]):
            formats[col] = lambda v: "" if pd.isna(v) else count(v)
    styler = frame.style.format(formats, na_rep="").hide(axis="index").set_uuid(_uuid(frame, name))
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler.to_html() + "\n<p>" + csv_download_link(frame, name) + "</p>"

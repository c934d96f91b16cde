"""Read a CSV table as text and cast each contract column to its dtype (empty cells become NA)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_typed(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    """Read a CSV as text and cast each column of ``dtypes``.

    Parameters
    ----------
    path : Path
        A UTF-8 CSV file with a header row.
    dtypes : dict
        Column -> pandas dtype (``string``, ``boolean``, ``Int64`` or ``Float64``); other
        columns of the file are left out.

    Returns
    -------
    pandas.DataFrame
        The columns of ``dtypes``, in its order; ``boolean`` reads ``true``/``false``.

    Raises
    ------
    ValueError
        When the file lacks a column of ``dtypes`` or a number column holds text.
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in dtypes if c not in raw.columns]
    if missing:
        raise ValueError(f"{path.name} lacks columns {missing}")
    frame = pd.DataFrame(index=raw.index)
    for column, dtype in dtypes.items():
        values = raw[column].replace("", pd.NA)
        if dtype == "boolean":
            frame[column] = values.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif dtype in ("Int64", "Float64"):
            frame[column] = pd.to_numeric(values).astype(dtype)
        else:
            frame[column] = values.astype("string")
    return frame

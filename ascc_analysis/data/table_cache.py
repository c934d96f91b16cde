"""Loaded datasets kept as pickles, keyed by the content of the data and of the code that loads it.

Parsing the Tool 1 workbooks takes a kernel a second or more; unpickling the same register
takes milliseconds. An entry's key is the SHA-256 of every file of the data folder (and of
the shipped ``data/`` it falls back to), of the ``ascc_analysis.data`` source and of the
Python and library versions: any change to any of them gives a new key, so an entry is
never stale. Warnings the loader gave are stored with the entry and given again when it is
read, so a report shows the same whether its tables came from the cache or not.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import sys
import tempfile
import warnings
from importlib import metadata
from pathlib import Path

from ascc_analysis.config import DATA_DIR, SCRATCH_DIR

CACHE_DIR = SCRATCH_DIR / "table-cache"
"""Where entries are kept (git-ignored; deleting it only costs the next loads their parsing)."""
SOURCE_DIRS = (Path(__file__).resolve().parent,)
"""Code whose change makes every entry stale: the data layer (loaders, schema, taxonomy)."""
SOURCE_FILES = (Path(__file__).resolve().parents[1] / "config.py",)
LIBRARIES = ("pandas", "numpy", "openpyxl")


def _hash_tree(digest, root: Path, suffix: str = "") -> None:
    """Feed every file under ``root`` ending in ``suffix`` (its relative path and content) into ``digest``, in order."""
    if root.is_file():
        digest.update(b"\0file\0" + root.read_bytes())
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(name for name in files if name.endswith(suffix)):
            path = Path(folder) / name
            digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
            with contextlib.suppress(OSError):
                digest.update(hashlib.sha256(path.read_bytes()).digest())


def data_key(data_dir: str | Path | None) -> str:
    """The key of the data and loading code a dataset of ``data_dir`` would be read with."""
    digest = hashlib.sha256()
    for root in dict.fromkeys([Path(data_dir).resolve() if data_dir else DATA_DIR, DATA_DIR]):
        digest.update(b"\0root\0" + str(root).encode())
        _hash_tree(digest, root)
    for source in (*SOURCE_DIRS, *SOURCE_FILES):
        digest.update(b"\0code\0")
        _hash_tree(digest, source, ".py")
    versions = [sys.version, platform.machine(), *(_version(name) for name in LIBRARIES)]
    digest.update("\0".join(versions).encode())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def cached_load(name: str, load, key: str, cache_dir: Path | None = None):
    """``load()``, or what it gave before for the same ``key``.

    Parameters
    ----------
    name : str
        The dataset's name (part of the entry's file name).
    load : callable
        Loads the dataset; what it raises is raised, and nothing is kept.
    key : str
        :func:`data_key` of the data folder.
    cache_dir : Path, optional
        Where entries are kept (:data:`CACHE_DIR` when None); an entry that cannot be read or written is
        loaded anew.

    Returns
    -------
    object
        The loaded dataset.
    """
    path = Path(cache_dir if cache_dir is not None else CACHE_DIR) / f"{name}-{key[:40]}.pickle"
    try:
        with open(path, "rb") as handle:
            value, caught = pickle.load(handle)
    except Exception:  # missing, partial or unreadable: load it
        pass
    else:
        _warn_again(caught)
        return value
    with warnings.catch_warnings(record=True) as caught:
        value = load()
    _warn_again(caught)
    _store(path, (value, caught))
    return value


def _warn_again(caught) -> None:
    for warning in caught:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno,
                               source=warning.source)


def _store(path: Path, entry) -> None:
    """Write an entry whole or not at all; entries of the same dataset with other keys go."""
    try:
        payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, path)
    except Exception:  # a cache that cannot be written costs time, never a report
        with contextlib.suppress(Exception):
            os.unlink(temporary)
        return
    stem = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*.pickle"):
        if old != path and old.name.rsplit("-", 1)[0] == stem:
            with contextlib.suppress(OSError):
                old.unlink()

"""Drive jupyter-cache as a user would; run by the bench's throwaway environment, never by the project's.

``python peer_jupyter_cache.py CACHE OUT NOTEBOOK...`` adds the notebooks (parameterised, not
executed) to the jupyter-cache project in CACHE, executes what the cache has not executed with
the ``local-parallel`` executor (one forked worker per core, a fresh kernel per notebook), then,
unless ``--no-export``, exports every cached notebook to ``OUT/<stem>.html`` in this one process
(nbconvert's ``HTMLExporter``, lab template, code hidden). Prints one JSON line: how many
notebooks executed, failed and exported, and the seconds of each step.

Imports only jupyter-cache and nbconvert (not ``ascc_analysis``): it runs in an environment
of its own; the kernel (``ascc-mtr``) is found through ``JUPYTER_PATH``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def parse_args(argv=None) -> argparse.Namespace:
    """The driver's options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cache", type=Path, help="jupyter-cache folder (created when missing)")
    parser.add_argument("out", type=Path, help="folder of the exported HTML")
    parser.add_argument("notebooks", nargs="+", type=Path, help="parameterised notebooks")
    parser.add_argument("--executor", default="local-parallel", help="jupyter-cache executor (default: local-parallel)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (jupyter-cache's default: 30)")
    parser.add_argument("--no-export", action="store_true", help="execute only (jupyter-cache's own no-op)")
    return parser.parse_args(argv)


def execute(cache_dir: Path, notebooks: list[Path], executor_name: str, timeout: int) -> dict:
    """Add the notebooks to the cache's project and execute the unexecuted ones; counts and seconds."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    started = time.perf_counter()
    cache = get_cache(str(cache_dir))
    known = {Path(record.uri) for record in cache.list_project_records()}
    for notebook in notebooks:
        if notebook.resolve() not in known:
            cache.add_nb_to_project(str(notebook.resolve()))
    result = load_executor(executor_name, cache=cache).run_and_cache(timeout=timeout)
    return {"executed": len(result.succeeded), "failed": sorted(result.excepted + result.errored),
            "execute_s": time.perf_counter() - started}


def export(cache_dir: Path, out: Path) -> dict:
    """Every project notebook merged with its cached outputs, exported to HTML in this process."""
    from jupyter_cache import get_cache
    from nbconvert import HTMLExporter

    started = time.perf_counter()
    cache = get_cache(str(cache_dir))
    exporter = HTMLExporter(template_name="lab", exclude_input=True)
    out.mkdir(parents=True, exist_ok=True)
    exported = 0
    for record in cache.list_project_records():
        _, notebook = cache.merge_match_into_file(record.uri)
        body, _ = exporter.from_notebook_node(notebook)
        (out / f"{Path(record.uri).stem}.html").write_text(body, encoding="utf-8")
        exported += 1
    return {"exported": exported, "export_s": time.perf_counter() - started}


def main(argv=None) -> int:
    """Execute (and export); print the counts as JSON; exit 1 when a notebook failed."""
    args = parse_args(argv)
    summary = execute(args.cache, args.notebooks, args.executor, args.timeout)
    if not args.no_export and not summary["failed"]:
        summary.update(export(args.cache, args.out))
    print(json.dumps(summary))
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

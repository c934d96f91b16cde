"""The tools ``run_all.py`` is compared with: the naive loop and jupyter-cache (used by ``bench_render.py``).

naive
    For each report, the ``papermill`` CLI then ``jupyter nbconvert --to html --no-input``,
    serially, one process each (a fresh kernel per report; no cache).
jupyter-cache
    jupyter-cache's ``local-parallel`` executor over the reports' notebooks, parameterised
    beforehand by papermill without executing (``prepare_only``), then one in-process HTML
    export (``peer_jupyter_cache.py``). It runs in a throwaway environment of its own
    (``bench/.cache/jupyter-cache-venv``, gitignored), made with uv when missing, with the
    lock's nbconvert, nbclient and jupyter-client, and runs the project's kernel ``ascc-mtr``
    (found through ``JUPYTER_PATH``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ascc_analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT
from ascc_analysis.pipeline.render import KERNEL_NAME

BIN = Path(sys.executable).parent
BENCH = Path(__file__).resolve().parent
PEER_ENV = BENCH / ".cache" / "jupyter-cache-venv"
"""Where the throwaway jupyter-cache environment lives (gitignored; delete it to rebuild)."""
JUPYTER_CACHE_VERSION = "1.0.1"
LOCKED_IN_PEER_ENV = ("nbconvert", "nbclient", "jupyter-client")
"""Packages the peer environment takes at the lock's versions, so both export and execute alike."""
DRIVER = BENCH / "peer_jupyter_cache.py"


def timed(command: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command in the project folder; return (wall seconds, completed process). Exits on a non-zero status."""
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False, env=env)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {shlex.join(command)}\n{process.stdout}\n{process.stderr}")
    return seconds, process


def naive(reports, data: Path, work: Path) -> float:
    """papermill then nbconvert, one process each, report after report; total seconds."""
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for report in reports:
        notebook = work / f"{report.report_id}.ipynb"
        values = {"data_dir": str(data), "output_dir": str(work), **report.parameters}
        parameters = [part for key, value in values.items() for part in ("-p", key, str(value))]
        timed([str(BIN / "papermill"), str(report.template), str(notebook), *parameters, "-k", KERNEL_NAME,
               "--cwd", str(NOTEBOOKS_DIR), "--no-progress-bar"])
        timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(notebook)])
    return time.perf_counter() - started


def locked_versions(names=LOCKED_IN_PEER_ENV, lock: Path = PROJECT_ROOT / "requirements.lock") -> list[str]:
    """Requirement pins (``name==version``) of these packages as ``requirements.lock`` has them."""
    text = lock.read_text(encoding="utf-8")
    pins = []
    for name in names:
        match = re.search(rf"^{re.escape(name)}==(\S+)", text, flags=re.MULTILINE)
        pins.append(f"{name}=={match.group(1)}" if match else name)
    return pins


def uv_command(given: str | None) -> list[str] | None:
    """How to call uv: ``--uv`` as given, else ``uv`` on PATH, else ``python3 -m uv``; None when none works."""
    candidates = [shlex.split(given)] if given else []
    if shutil.which("uv"):
        candidates.append(["uv"])
    candidates.append(["python3", "-m", "uv"])
    for candidate in candidates:
        probe = subprocess.run([*candidate, "--version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return candidate
    return None


def ensure_peer_env(env_dir: Path = PEER_ENV, uv: str | None = None) -> Path:
    """The python of the jupyter-cache environment, made (uv venv, uv pip install) when it cannot import it."""
    python = env_dir / "bin" / "python"
    probe = [str(python), "-c", "import jupyter_cache, nbconvert"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python
    packages = [f"jupyter-cache=={JUPYTER_CACHE_VERSION}", *locked_versions()]
    print(f"Installing {', '.join(packages)} into {env_dir} (once; delete the folder to rebuild)", flush=True)
    command = uv_command(uv)
    if command:
        timed([*command, "venv", "--quiet", "--python", "python3", str(env_dir)])
        timed([*command, "pip", "install", "--quiet", "--python", str(python), *packages])
    else:
        timed(["python3", "-m", "venv", str(env_dir)])
        timed([str(python), "-m", "pip", "install", "--quiet", *packages])
    return python


def prepare_notebooks(reports, data: Path, folder: Path) -> list[Path]:
    """Each report's template with its parameters injected by papermill, not executed (``prepare_only``)."""
    import logging

    import papermill

    logging.getLogger("papermill").setLevel(logging.WARNING)
    folder.mkdir(parents=True, exist_ok=True)
    notebooks = []
    for report in reports:
        notebook = folder / f"{report.report_id}.ipynb"
        parameters = {"data_dir": str(data), "output_dir": str(folder), **report.parameters}
        papermill.execute_notebook(str(report.template), str(notebook), parameters=parameters, prepare_only=True,
                                   kernel_name=KERNEL_NAME, progress_bar=False)
        notebooks.append(notebook)
    return notebooks


def jupyter_cache(python: Path, cache: Path, out: Path, notebooks: list[Path],
                  export: bool = True) -> tuple[float, dict]:
    """Run the driver once (execute what the cache lacks, then export); (wall seconds, its counts)."""
    kernels = Path(sys.prefix) / "share" / "jupyter"  # where `make kernel` installs ascc-mtr (--sys-prefix)
    env = dict(os.environ, JUPYTER_PATH=os.pathsep.join(filter(None, [str(kernels), os.environ.get("JUPYTER_PATH")])))
    command = [str(python), str(DRIVER), str(cache), str(out), *map(str, notebooks)]
    seconds, process = timed(command + ([] if export else ["--no-export"]), env=env)
    return seconds, json.loads(process.stdout.strip().splitlines()[-1])

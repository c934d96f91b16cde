"""Warm kernels for papermill: each report's kernel is forked from a fork server through a kernel provisioner.

A render worker calls :func:`start` once; papermill then runs every report on
:class:`WarmKernelManager`, whose :class:`ForkProvisioner` asks the worker's fork server
(``forkserver``) for a fresh kernel process instead of starting ``python -m ipykernel_launcher``.
The kernel is the same ipykernel, started from a process that has already imported pandas,
matplotlib, seaborn and the package. Whatever cannot be forked (another kernel spec, a server that
failed) starts the ordinary way. ``ASCC_WARM_KERNELS=0`` turns the fork server off.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from ascc_analysis.pipeline.forkserver import ForkServer, ForkServerError
from ascc_analysis.pipeline.lock import pid_alive

LAUNCHER = ("-m", "ipykernel_launcher")
"""How a kernel spec that the fork server can stand in for starts its kernel, after the interpreter."""
SWITCH = "ASCC_WARM_KERNELS"
"""Environment variable: ``0`` starts every kernel the ordinary way (for comparisons)."""
SERVERS: dict[tuple[str, ...], ForkServer] = {}
"""The interpreter (with its options) of a kernel spec -> the running fork server for it."""
SOCKETS_PREFIX = "ascc-kernels-"
"""Folders of the kernels' Unix sockets in the temporary folder: ``ascc-kernels-<worker pid>``."""
SOCKETS: dict[str, str] = {}
log = logging.getLogger(__name__)


def interpreter_of(argv: list[str]) -> tuple[str, ...] | None:
    """The interpreter and its options of ``[python, *options, -m, ipykernel_launcher, ...]``; None otherwise."""
    for index in range(1, len(argv) - 1):
        if tuple(argv[index:index + 2]) == LAUNCHER:
            return tuple(argv[:index])
    return None


def start(kernel_name: str, cwd: str) -> ForkServer | None:
    """Start the fork server for a kernel spec (it imports in the background); None when it cannot stand in for it."""
    if os.environ.get(SWITCH, "1") == "0":
        return None
    from jupyter_client.kernelspec import KernelSpecManager

    try:
        interpreter = interpreter_of(KernelSpecManager().get_kernel_spec(kernel_name).argv)
    except Exception:  # no such kernel: papermill says so when a report asks for it
        return None
    if interpreter is None or os.name != "posix":
        return None
    if interpreter not in SERVERS:
        SERVERS[interpreter] = ForkServer(list(interpreter), cwd)
    return SERVERS[interpreter]


def sockets_dir() -> str:
    """This worker's folder of kernel sockets, made on first use; folders of workers that died go."""
    if "dir" not in SOCKETS:
        root = tempfile.gettempdir()
        for name in os.listdir(root):
            pid = name.removeprefix(SOCKETS_PREFIX)
            if name.startswith(SOCKETS_PREFIX) and pid.isdigit() and not pid_alive(int(pid)):
                shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        SOCKETS["dir"] = os.path.join(root, f"{SOCKETS_PREFIX}{os.getpid()}")
        os.makedirs(SOCKETS["dir"], mode=0o700, exist_ok=True)
    return SOCKETS["dir"]


def stop() -> None:
    """Stop every fork server (and any kernel it still runs); remove this worker's kernel sockets."""
    while SERVERS:
        SERVERS.popitem()[1].close()
    if "dir" in SOCKETS:
        shutil.rmtree(SOCKETS.pop("dir"), ignore_errors=True)


def manager_class() -> type | None:
    """:class:`WarmKernelManager` when a fork server runs, else None (papermill's default manager)."""
    return WarmKernelManager if SERVERS else None


class ForkedKernel:
    """A forked kernel with the part of ``subprocess.Popen``'s interface a provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, server: ForkServer, pid: int):
        self.server, self.pid, self.returncode = server, pid, None

    def poll(self) -> int | None:
        """The exit code, None while it runs."""
        if self.returncode is None:
            self.returncode = self.server.returncode(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end; its exit code."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Signal the kernel, unless it has ended (its pid may be reused)."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL."""
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel process forked from the fork server when it can be."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        """Fork the kernel of ``cmd`` from its interpreter's fork server; start it the ordinary way otherwise."""
        interpreter = interpreter_of(cmd)
        server = SERVERS.get(interpreter) if interpreter else None
        if server is None:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            with open(os.devnull, "rb") as stdin:
                pid = server.fork(cmd[len(interpreter) + len(LAUNCHER):], kwargs["env"], cwd,
                                  (stdin.fileno(), _fd(kwargs.get("stdout"), 1), _fd(kwargs.get("stderr"), 2)))
        except (ForkServerError, OSError) as error:
            log.warning("fork server unavailable (%s): starting the kernel the ordinary way", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.process, self.pid, self.pgid, self.cwd = ForkedKernel(server, pid), pid, pid, cwd
        return self.connection_info


def _fd(stream, default: int) -> int:
    if stream is None:
        return default
    with contextlib.suppress(AttributeError):
        return stream.fileno()
    return int(stream)


class WarmKernelManager(AsyncKernelManager):
    """papermill's kernel manager with the :class:`ForkProvisioner` (``kernel_manager_class`` of nbclient).

    Its kernels talk over Unix sockets (``ipc``) named after the kernel, not TCP ports: a port chosen
    free can be taken by another process before the kernel binds it (with several runs and kernels on
    one machine, a kernel then dies at its start with "Address already in use").
    """

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            if os.name == "posix" and self.transport == "tcp":
                self.transport = "ipc"
                self.ip = os.path.join(sockets_dir(), self.kernel_id)
        return await super()._async_pre_start_kernel(**kw)

    pre_start_kernel = _async_pre_start_kernel

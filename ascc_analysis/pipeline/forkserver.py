"""A warm process that forks a fresh Jupyter kernel per report, with the heavy imports already done.

``python -m ascc_analysis.pipeline.forkserver FD`` imports what every report imports (pandas,
matplotlib, seaborn, IPython, ipykernel and the package's kernel-side modules), then serves
requests on the socket ``FD``: each request forks a child that becomes an ordinary ipykernel
(``IPKernelApp``) with the request's connection file, environment, folder and standard streams.
The server itself never runs report code, so every kernel starts from the same pristine
state: a global or a changed matplotlib or pandas setting of one report cannot reach the next.

:class:`ForkServer` is the client, in the render worker: it starts the server and asks it for
kernels. Messages are JSON over a ``SOCK_SEQPACKET`` pair (the streams travel as file
descriptors): ``fork`` -> ``forked`` (or ``error``); the server adds ``ready`` once its imports
are done and ``exit`` when a kernel ends. When the worker's end closes, the server kills its
kernels and exits.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import pkgutil
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback

from ascc_analysis.pipeline.lock import pid_alive

PRELOAD = ("numpy", "pandas", "pandas.io.formats.style", "matplotlib", "matplotlib.pyplot", "seaborn", "openpyxl",
           "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
           "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.logger", "IPython.extensions.storemagic",
           "tornado.platform.asyncio", "sqlite3", "psutil")
"""Modules imported once by the server: what a report imports and what a kernel imports as it starts (its
debugger's debugpy among them); none of them sets a backend, a theme or an option when imported."""
PRELOAD_PACKAGES = ("ascc_analysis.data", "ascc_analysis.analysis", "ascc_analysis.present", "ascc_analysis.chapters")
"""The package's kernel-side layers: every module under them is imported once by the server."""
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
"""What ipykernel puts in ``MPLBACKEND`` before any cell runs; the server imports matplotlib with it too."""
MAX_MESSAGE = 1 << 20
STREAMS = 3


# ----------------------------------------------------------------------------- the server process

def preload() -> list[str]:
    """Import the modules every kernel needs, as a kernel would see them; return those that failed to import."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    failed = []
    names = list(PRELOAD)
    for package in PRELOAD_PACKAGES:
        names.append(package)
        with contextlib.suppress(ImportError):
            module = importlib.import_module(package)
            names.extend(info.name for info in pkgutil.walk_packages(module.__path__, f"{package}."))
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # a module that cannot load here loads (or fails) in the kernel as before
            failed.append(name)
    return failed


def _send(sock: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):
        sock.send(json.dumps(message).encode())


class _Server:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.children: set[int] = set()
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector = selectors.DefaultSelector()
        self.selector.register(sock, selectors.EVENT_READ)
        self.selector.register(self.wake_read, selectors.EVENT_READ)

    def serve(self) -> int:
        while True:
            for key, _ in self.selector.select():
                if key.fileobj is self.sock and not self._request():
                    self._kill_children()
                    return 0
                if key.fileobj == self.wake_read:
                    with contextlib.suppress(OSError):
                        os.read(self.wake_read, 4096)
            self._reap()

    def _request(self) -> bool:
        try:
            data, fds, _, _ = socket.recv_fds(self.sock, MAX_MESSAGE, STREAMS)
        except OSError:
            return False
        if not data:
            return False
        try:
            request = json.loads(data)
            pid = self._fork(request, fds)
        except Exception as error:
            _send(self.sock, {"event": "error", "message": f"{type(error).__name__}: {error}"})
        else:
            _send(self.sock, {"event": "forked", "pid": pid})
        finally:
            for fd in fds:
                os.close(fd)
        return True

    def _fork(self, request: dict, fds: list[int]) -> int:
        if len(fds) != STREAMS:
            raise ValueError(f"a kernel needs {STREAMS} streams, got {len(fds)}")
        sys.stdout.flush(), sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os._exit(_become_kernel(request, fds, (self.sock.fileno(), self.wake_read, self.selector.fileno())))
        self.children.add(pid)
        return pid

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.discard(pid)
            _send(self.sock, {"event": "exit", "pid": pid, "returncode": os.waitstatus_to_exitcode(status)})

    def _kill_children(self) -> None:
        for pid in self.children:
            for kill in (os.killpg, os.kill):
                with contextlib.suppress(OSError):
                    kill(pid, signal.SIGKILL)


def _become_kernel(request: dict, fds: list[int], server_fds: tuple[int, ...]) -> int:
    """In the forked child: turn into the kernel ``python -m ipykernel_launcher ARGV`` would start; its exit code."""
    code = 1
    try:
        os.setsid()
        signal.set_wakeup_fd(-1)
        for signum, handler in ((signal.SIGCHLD, signal.SIG_DFL), (signal.SIGINT, signal.default_int_handler),
                                (signal.SIGTERM, signal.SIG_DFL)):
            signal.signal(signum, handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in (*fds, *server_fds):
            with contextlib.suppress(OSError):
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"], JPY_PARENT_PID=str(os.getppid()))
        if sys.path and sys.path[0] == request["server_cwd"]:
            del sys.path[0]  # as ipykernel_launcher does with its own folder; IPython adds '' back
        sys.argv = [request["launcher"], *request["argv"]]
        import numpy

        numpy.random.seed()  # fresh entropy, as a new process would have (fork copies the server's state)
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=request["argv"], parent_handle=os.getppid())
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            import atexit

            atexit._run_exitfuncs()
            sys.stdout.flush(), sys.stderr.flush()
    return code


def server_main(fd: int) -> int:
    """Serve fork requests on the socket ``fd`` until it closes (see the module docstring)."""
    sock = socket.socket(fileno=fd)
    failed = preload()
    if failed:
        print(f"forkserver: not preloaded: {', '.join(failed)}", file=sys.stderr, flush=True)
    threads = threading.active_count()
    if threads != 1:  # forking with other threads alive could copy a held lock; kernels start the normal way
        _send(sock, {"event": "error", "message": f"{threads} threads after the imports: not forking"})
        return 1
    _send(sock, {"event": "ready", "pid": os.getpid()})
    return _Server(sock).serve()


# ----------------------------------------------------------------------------- the client, in the worker

class ForkServerError(RuntimeError):
    """The fork server could not start a kernel."""


class ForkServer:
    """A running fork server and the kernels it forked, seen from the render worker.

    Parameters
    ----------
    interpreter : list of str
        The kernel spec's interpreter and its options (``[python, -Xfrozen_modules=off]``): the
        server runs under the same ones, so its kernels are the ones the spec would start.
    cwd : str
        The server's folder (its ``sys.path[0]``, removed in each kernel as ipykernel_launcher does).
    env : dict, optional
        The server's environment (the worker's when None); each kernel gets its request's own.
    """

    def __init__(self, interpreter: list[str], cwd: str, env: dict | None = None):
        self.interpreter, self.cwd = list(interpreter), str(cwd)
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self.proc = subprocess.Popen([*self.interpreter, "-m", __name__, str(theirs.fileno())],
                                         pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, cwd=self.cwd, env=env)
        self.pid: int | None = None
        self.exits: dict[int, int] = {}
        self.broken: str | None = None

    def _next(self, timeout: float | None) -> dict | None:
        """The next message (``exit`` and ``ready`` recorded); None at end of file or after ``timeout`` seconds."""
        if self.broken is not None:
            return None
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(MAX_MESSAGE)
        except (TimeoutError, BlockingIOError, InterruptedError):
            return None
        except OSError:
            data = b""
        if not data:
            self.broken = "the fork server exited"
            return None
        message = json.loads(data)
        if message["event"] == "exit":
            self.exits[message["pid"]] = message["returncode"]
        elif message["event"] == "ready":
            self.pid = message["pid"]
        elif message["event"] == "error" and self.pid is None:
            self.broken = message["message"]
        return message

    def _reply(self, timeout: float) -> dict | None:
        """The next ``forked`` or ``error`` message, within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            message = self._next(remaining)
            if message is None:
                return None
            if message["event"] in ("forked", "error"):
                return message
        return None

    def wait_ready(self, timeout: float = 120.0) -> bool:
        """Wait until the server's imports are done; False when it cannot serve."""
        deadline = time.monotonic() + timeout
        while self.pid is None and self.broken is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._next(remaining) is None and self.broken is None and self.pid is None:
                self.broken = self.broken or f"not ready within {timeout:g} s"
        return self.broken is None

    def fork(self, argv: list[str], env: dict, cwd: str, streams: tuple[int, int, int], timeout: float = 60.0) -> int:
        """Fork a kernel: ``ipykernel_launcher ARGV`` in ``cwd`` with ``env`` and these stdin, stdout, stderr; its pid.

        Raises
        ------
        ForkServerError
            When the server cannot serve (it failed, exited or did not answer in ``timeout`` seconds).
        """
        if not self.wait_ready():
            raise ForkServerError(self.broken)
        request = {"argv": list(argv), "env": dict(env), "cwd": str(cwd), "server_cwd": self.cwd,
                   "launcher": _launcher_path()}
        self.sock.settimeout(timeout)
        try:
            socket.send_fds(self.sock, [json.dumps(request).encode()], list(streams))
        except OSError as error:
            self.broken = f"the fork server cannot be reached: {error}"
            raise ForkServerError(self.broken) from error
        reply = self._reply(timeout)
        if reply is None or reply["event"] != "forked":
            raise ForkServerError((reply or {}).get("message") or self.broken or "no answer from the fork server")
        return reply["pid"]

    def returncode(self, pid: int) -> int | None:
        """The exit code of a forked kernel; None while it runs."""
        while self._next(0) is not None:
            pass
        if pid in self.exits:
            return self.exits[pid]
        if self.broken is not None and not pid_alive(pid):
            return -signal.SIGKILL
        return None

    def close(self, timeout: float = 5.0) -> None:
        """Close the server's socket (it kills what it still runs and exits); kill it if it does not."""
        with contextlib.suppress(OSError):
            self.sock.close()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _launcher_path() -> str:
    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec and spec.origin else "ipykernel_launcher"


if __name__ == "__main__":
    sys.exit(server_main(int(sys.argv[1])))

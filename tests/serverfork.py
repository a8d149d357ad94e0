"""County server processes forked from one that has imported the server already.

Starting ``county-server serve`` as a new interpreter spends one to three seconds of CPU on
imports (FastAPI, SQLAlchemy, alembic, psycopg, uvicorn) before it answers, and the suite
starts a server for most of its contract, sync and UI tests. Here one helper process per
pytest worker (``python -m tests.serverfork``) imports all that once; each server is a
fork of it that runs ``county_server.cli.main(["--db", URL, "serve", ...])`` with its own
environment, working folder and log file: a real server process over HTTP as before,
started in a fraction of the time.

The fork is a grandchild of the helper, and the helper's child exits at once, so the
server is re-parented to the pytest worker (made a *child subreaper*, Linux's
``PR_SET_CHILD_SUBREAPER``): the worker waits for it, signals it and reads its exit status
as it would a ``subprocess.Popen``'s (:class:`ForkedProcess`). Where that is not possible
(not Linux, or ``CHILDDESK_TEST_SERVER_FORK=0``) :func:`spawn` answers None and the caller
starts a new interpreter as before.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

_REPOSITORY = Path(__file__).resolve().parent.parent
_PR_SET_CHILD_SUBREAPER = 36
DISABLE_ENV = "CHILDDESK_TEST_SERVER_FORK"  # "0": every server a new interpreter, as before


class ForkedProcess:
    """What the tests use of ``subprocess.Popen`` for a server the worker did not spawn."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere: gone
                self.returncode = -1
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"county server {self.pid}", timeout or 0)
            time.sleep(0.01)
        return code

    def send_signal(self, number: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class _Helper:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen[str] | None = None
        self.broken = False

    def _start(self) -> subprocess.Popen[str] | None:
        if self.broken:
            return None
        if self.process is not None and self.process.poll() is None:
            return self.process
        if os.environ.get(DISABLE_ENV) == "0" or not sys.platform.startswith("linux"):
            self.broken = True
            return None
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            self.broken = True
            return None
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_REPOSITORY), path]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.serverfork"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=_REPOSITORY,
            text=True,
        )
        return self.process

    def spawn(self, argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> int | None:
        with self.lock:
            helper = self._start()
            if helper is None:
                return None
            stdin, stdout = helper.stdin, helper.stdout
            assert stdin is not None and stdout is not None
            request = {"argv": argv, "env": env, "cwd": str(cwd), "log": str(log)}
            stdin.write(json.dumps(request) + "\n")
            stdin.flush()
            answer = stdout.readline()
            if not answer:
                self.broken = True
                return None
            pid: int = json.loads(answer)["pid"]
            return pid


_HELPER = _Helper()


def spawn(argv: list[str], *, env: dict[str, str], cwd: Path, log: Path) -> ForkedProcess | None:
    """``county-server ARGV`` as a forked server process; None where that cannot be done."""
    pid = _HELPER.spawn(argv, env, cwd, log)
    return None if pid is None else ForkedProcess(pid)


# -- the helper process ----------------------------------------------------------------------


def _serve_in_child(request: dict[str, Any]) -> None:
    """In the forked grandchild: become the server, never return."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        from county_server import cli

        sys.argv = ["county-server", *request["argv"]]
        code = cli.main(request["argv"])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _fork(request: dict[str, Any], out: IO[str]) -> None:
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the intermediate child: fork the server, tell its pid, exit
        os.close(read_end)
        server = os.fork()
        if server == 0:
            os.close(write_end)
            _serve_in_child(request)
        os.write(write_end, str(server).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        pid = int(pipe.read() or b"0")
    os.waitpid(child, 0)  # the server is the worker's (the subreaper's) from here on
    out.write(json.dumps({"pid": pid}) + "\n")
    out.flush()


def main() -> None:
    # Everything ``serve`` imports, imported once; each server forked from here.
    import alembic.command  # noqa: F401
    import psycopg  # noqa: F401
    import uvicorn  # noqa: F401

    import county_server.cli
    import county_server.logging_setup
    import county_server.main
    import county_server.services.setup

    county_server.cli._parser()  # registers the county commands
    for line in sys.stdin:
        _fork(json.loads(line), sys.stdout)


if __name__ == "__main__":
    main()

"""`make run`: the development web server and a background worker, started
together and stopped together.

Each child runs in a session of its own, so a Ctrl-C in the terminal reaches
only this supervisor, which then stops each child's whole process group
(runserver's autoreloader has a child of its own) with SIGTERM, and SIGKILL
after a grace period. If either child exits, the other is stopped too and
this exits with the first one's status: never a web server whose emails
nobody sends, or a worker left behind.

    python bin/supervise.py [HOST:PORT]
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10


def start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, start_new_session=True)


def stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        # Whatever is left of the group (a reloader's child, a stuck task).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


class Stop(Exception):
    pass


def main(argv: list[str]) -> int:
    address = argv[0] if argv else "127.0.0.1:8000"

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Stop

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    children: list[subprocess.Popen[bytes]] = []
    try:
        children.append(start(["runserver", address]))
        children.append(start(["run_worker"]))
        while True:
            for child in children:
                code = child.poll()
                if code is not None:
                    name = "web server" if child is children[0] else "worker"
                    print(
                        f"supervise.py: the {name} exited ({code}); stopping the other", flush=True
                    )
                    return code or 1
            time.sleep(0.2)
    except Stop:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(children)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

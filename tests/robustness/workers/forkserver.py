"""Fork server for the kill loops: loads the app's heavy parts once, then forks one child per job.

Protocol (one JSON object a line): reads {"op", "args", "kill_at_call"} on stdin; answers {"pid"}
as soon as the child runs, then {"pid", "code", "killed", "calls"} once it has ended. Children
write only to files and stderr, never to this process's stdout.

The child counts the calls its main thread makes that touch files or the database (writes,
fsyncs, renames, SQL statements, commits: IO_CALLS, seen through sys.setprofile) and reports the
count; given kill_at_call it SIGKILLs itself just before that call. What is on disk changes only
at such calls, so killing before a random one of them reaches every state the job leaves on
disk, and the point lands at the same place in the job's work on a fast or a busy machine,
which a delay in seconds does not.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import traceback
from pathlib import Path


def main() -> int:
    from desktop.text.tokenizer import Tokenizer
    from tests.robustness.workers import jobs  # the repository is on PYTHONPATH (ForkServer)

    tokenizer = Tokenizer(cache_dir=Path(sys.argv[1]))
    tokenizer.load()
    print("ready", flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        calls_read, calls_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(calls_read)
            os.dup2(2, 1)  # the protocol stream belongs to the server
            code = 0
            calls = _count_calls(job.get("kill_at_call"))
            try:
                jobs.run(job["op"], job["args"], tokenizer)
            except BaseException:  # noqa: BLE001 - reported through the exit code
                traceback.print_exc()
                code = 3
            finally:
                sys.setprofile(None)
                os.write(calls_write, str(calls[0]).encode())
                sys.stderr.flush()
                os._exit(code)
        os.close(calls_write)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        counted = os.read(calls_read, 64)
        os.close(calls_read)
        killed = os.WIFSIGNALED(status)
        code = None if killed else os.WEXITSTATUS(status)
        calls = int(counted) if counted else None
        print(json.dumps({"pid": pid, "code": code, "killed": killed, "calls": calls}), flush=True)
    return 0


IO_CALLS = frozenset(
    [
        "open",
        "write",
        "writelines",
        "flush",
        "fsync",
        "fdatasync",
        "close",
        "replace",
        "rename",
        "unlink",
        "remove",
        "rmdir",
        "mkdir",
        "makedirs",
        "truncate",
        "ftruncate",
        "copyfile",
        "link",
        "symlink",
        "execute",
        "executemany",
        "executescript",
        "commit",
        "rollback",
        "backup",
    ]
)


def _count_calls(kill_at: int | None) -> list[int]:
    """Count this thread's file and database calls from now on; SIGKILL this process before call kill_at."""
    calls = [0]

    def hook(_frame: object, event: str, arg: object) -> None:
        if event != "c_call" or getattr(arg, "__name__", "") not in IO_CALLS:
            return
        if isinstance(getattr(arg, "__self__", None), (str, bytes)):
            return  # str.replace and the like
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    sys.setprofile(hook)
    return calls


if __name__ == "__main__":
    raise SystemExit(main())

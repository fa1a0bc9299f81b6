"""Fork server for the kill loops: loads the app's heavy parts once, then forks one child per job.

Protocol (one JSON object a line): reads {"op", "args"} on stdin; answers {"pid"} as soon as the
child runs, then {"pid", "code", "killed"} once it has ended. Children write only to files and
stderr, never to this process's stdout.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    import jobs

    from desktop.text.tokenizer import Tokenizer

    tokenizer = Tokenizer(cache_dir=Path(sys.argv[1]))
    tokenizer.load()
    print("ready", flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            os.dup2(2, 1)  # the protocol stream belongs to the server
            code = 0
            try:
                jobs.run(job["op"], job["args"], tokenizer)
            except BaseException:  # noqa: BLE001 - reported through the exit code
                traceback.print_exc()
                code = 3
            finally:
                sys.stderr.flush()
                os._exit(code)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status)
        code = None if killed else os.WEXITSTATUS(status)
        print(json.dumps({"pid": pid, "code": code, "killed": killed}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

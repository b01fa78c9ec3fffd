"""Start run.py's commands from a small process, so that each one's peak memory is its own.

On Linux a child's peak resident size starts at its parent's, which for the
timing process itself would be tens of MB.  This process imports almost nothing
(`python -I -S`), reads one JSON request a line (argv, env, stderr file) and
answers with the wall time, the CPU time (user and system), the peak resident KiB
and the exit code.
"""

import json
import os
import sys
import time


def main() -> None:
    for request in sys.stdin:
        argv, env, errors = json.loads(request)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        ]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        cpu = usage.ru_utime + usage.ru_stime
        print(json.dumps([elapsed, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)


if __name__ == "__main__":
    main()

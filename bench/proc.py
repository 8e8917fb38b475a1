"""Run a command and measure its wall time and memory, worker processes included.

`ogi run` parses in worker processes, so the largest single process (wait4's ru_maxrss) is not
the run's footprint. A sampler also sums the proportional set size (PSS: shared pages split
between the processes sharing them, so forked workers are not counted twice) over the whole
process tree, a few times a second; its peak is what the run needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

_INTERVAL_S = 0.2


def _tree_pss_kb(root: int) -> int:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        children.setdefault(ppid, []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0
        )
    return total


def run(cmd: list[str], cwd: Path) -> dict:
    """{wall, peak_mb (process tree PSS), max_rss_mb (largest single process), rc}."""
    peak, done = [0], threading.Event()
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)

        def sample() -> None:
            while not done.wait(_INTERVAL_S):
                peak[0] = max(peak[0], _tree_pss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        rc = proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if rc:
            err.seek(0)
            print(f"{' '.join(cmd)} failed ({rc}):\n{err.read().decode()[-3000:]}", file=sys.stderr)
    return {"wall": wall, "peak_mb": peak[0] / 1024, "max_rss_mb": usage.ru_maxrss / 1024, "rc": rc}

"""Shared timing helpers for the benchmarks."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable


def best_of(func: Callable[[], object], repeats: int = 5) -> float:
    """The fastest of ``repeats`` wall-clock timings of ``func()`` in seconds (after one warm-up)."""
    func()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


def first_call(code: str, cold: bool) -> float:
    """Seconds to run ``code`` in a fresh Python process, import included.

    ``cold=True`` points ``NUMBA_CACHE_DIR`` at an empty folder, so every kernel compiles;
    ``cold=False`` uses the normal cache (warmed by one run first).
    """
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cache:
        if cold:
            env["NUMBA_CACHE_DIR"] = cache
        else:
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
        timed = f"import time; _t0 = time.perf_counter()\n{code}\nprint(time.perf_counter() - _t0)"
        out = subprocess.run([sys.executable, "-c", timed], env=env, check=True,
                             capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    """One line naming the machine a benchmark ran on."""
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, "
            f"Python {platform.python_version()}")

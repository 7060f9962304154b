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


class Table:
    """A benchmark table: plain text for ``make bench`` (``str``), an HTML table on the book's
    performance page (``_repr_html_``, so that the cell's last expression renders as a table
    whose columns fit the page, no scrollbar).

    ``rows`` hold the cells as formatted strings; ``notes`` are lines printed under the table;
    ``parts`` are further tables shown after this one.
    """

    def __init__(self, title: str, columns: list[str], rows: list[list[str]],
                 notes: list[str] = (), parts: list[Table] = ()):
        self.title, self.columns, self.rows = title, list(columns), [list(r) for r in rows]
        self.notes, self.parts = list(notes), list(parts)

    def __str__(self) -> str:
        widths = [max(len(str(c)) for c in col) for col in zip(self.columns, *self.rows, strict=True)]
        line = lambda cells: "  ".join(  # noqa: E731
            (str(c).ljust(w) if i == 0 else str(c).rjust(w))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        text = [self.title, line(self.columns), *map(line, self.rows), *self.notes]
        return "\n".join(text + [f"\n{part}" for part in self.parts])

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row)
                       + "</tr>" for row in self.rows)
        notes = "".join(f"<p>{html.escape(n.strip())}</p>" for n in self.notes)
        parts = "".join(part._repr_html_() for part in self.parts)
        return (f'<table class="dataframe coursekit-bench"><caption>{html.escape(self.title)}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"{notes}{parts}")

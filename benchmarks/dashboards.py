"""Redraw time of the dashboards: one slider move = ``update`` + rendering the figure to PNG.

This is what a live dashboard does per event with Matplotlib's inline backend; the goal is well
under a second (COURSE.md).
"""

from __future__ import annotations

import io
import time

import matplotlib

matplotlib.use("Agg")

from benchmarks._timing import Table, machine  # noqa: E402
from coursekit.widgets import (  # noqa: E402
    competition_dashboard,
    leslie_dashboard,
    lotka_volterra_dashboard,
    may_leonard_dashboard,
    ssa_dashboard,
    two_soliton_dashboard,
)


def redraw_times(n: int = 20) -> dict[str, float]:
    """Median seconds per slider move for each dashboard."""
    results = {}
    for name, factory, slider in [("Lotka–Volterra", lotka_volterra_dashboard, "x0"),
                                  ("Leslie projection", leslie_dashboard, "f1"),
                                  ("competition vs Gause", competition_dashboard, "a_ac"),
                                  ("SSA vs rate equation", ssa_dashboard, "size"),
                                  ("May–Leonard lattice", may_leonard_dashboard, "eps"),
                                  ("two solitons (N = 256)", two_soliton_dashboard, "amp1")]:
        dash = factory()
        fig, state = dash.render()
        s = next(s for s in dash.sliders if s.name == slider)
        times = []
        for k in range(n):
            value = s.min + (s.max - s.min) * k / max(n - 1, 1)
            t0 = time.perf_counter()
            dash.update(state, **dash.values(**{slider: value}))
            fig.savefig(io.BytesIO(), format="png")
            times.append(time.perf_counter() - t0)
        results[name] = sorted(times)[n // 2]
    return results


def table() -> Table:
    return Table(f"Dashboard redraw per slider move (update + PNG) on {machine()}",
                 ["dashboard", "per move [ms]"],
                 [[name, f"{1e3 * t:.1f}"] for name, t in redraw_times().items()])


if __name__ == "__main__":
    print(table())

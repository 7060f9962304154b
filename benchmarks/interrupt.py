"""What interruptibility costs: each long run through :func:`coursekit._interrupt.call` (the
kernel in a helper thread, the calling thread waiting for Ctrl-C) against the same kernel
called directly in the calling thread.

Both sides run the same compiled kernels, which check their halt flag every few thousand
iterations; that check is part of both. Its own cost is in the before/after comparison of the
other tables (events and updates per second). Ensembles run on a thread pool either way
(:func:`coursekit._random.run_blocks`). The goal (issue 11): under 5 % of the steady-state
throughput.
"""

from __future__ import annotations

import numpy as np

from benchmarks._timing import Table, best_of, machine
from coursekit import _interrupt
from coursekit import solitons as S
from coursekit.kinetics import ReactionNetwork, gillespie
from coursekit.kinetics import lattice as lat


def _direct(what, kernel, *args, halt=None):
    return kernel(*args, _interrupt.flag() if halt is None else halt)


def workloads() -> dict:
    bd = ReactionNetwork.parse("0 -> A @ 100; A -> 0 @ 1")
    grid = S.periodic_grid(256, -20.0, 20.0)
    u0 = S.soliton(grid, 0.0, c=4.0, x0=-10.0)
    t = np.geomspace(1, 3000, 20)
    return {
        "SSA birth-death to t = 5000 (1e6 events)":
            lambda: gillespie(bd, [0], t_eval=np.linspace(0, 5000, 1001), seed=1),
        "A+A->0, 1D, 10^5 sites to t = 3000": lambda: lat.annihilation(100_000, t, seed=1),
        "KdV ETDRK4, N = 256, dt = 2e-3 to t = 10": lambda: S.simulate(u0, grid, 10.0, dt=2e-3),
    }


def rows(repeats: int = 15) -> list[tuple[str, float, float]]:
    """``(workload, seconds interruptible, seconds direct)`` for each workload, and the fixed
    cost of one call (a kernel that returns at once)."""
    out = []
    public = _interrupt.call
    calls = dict(workloads())
    calls["one call of an empty kernel (fixed cost)"] = lambda: _interrupt.call(
        "empty", lambda halt: None)
    for name, run in calls.items():
        run()                                   # compiled and warm
        watched = direct = float("inf")
        for _ in range(repeats):                # interleaved, so that drifts of the machine
            watched = min(watched, best_of(run, 1))     # hit both sides alike
            _interrupt.call = _direct
            try:
                direct = min(direct, best_of(run, 1))
            finally:
                _interrupt.call = public
        out.append((name, watched, direct))
    return out


def table() -> Table:
    cells = []
    for name, watched, direct in rows():
        cost = (f"{(watched - direct) * 1e6:.0f} µs" if name.startswith("one call")
                else f"{watched / direct - 1:.1%}")
        cells.append([name, f"{watched:.4f}", f"{direct:.4f}", cost])
    return Table(f"Interruptible runs (Ctrl-C stops them within a millisecond) on {machine()}",
                 ["workload", "interruptible [s]", "direct [s]", "cost"], cells)


if __name__ == "__main__":
    print(table())

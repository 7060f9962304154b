"""Fish schools: coursekit.schooling against the seed's package, dewi-kadita 0.0.4.

The peer's all-pairs kernel (``_update_velocities_numba``, parallel over fish) plus its
position update, against one step of ``coursekit.schooling.simulate`` (cell list, parallel over
fish), on the peer's default parameters: a periodic box of side 25, speed 1, zone radii 1, 5
and 10, a maximum turn of 0.3 rad per step, noise 0.1 rad and a rear blind cone of half-angle
30 degrees (a field of perception of 300 degrees), for N = 100 to 2,000 fish (the peer's
scaling series; the density grows with N in the fixed box, so the work per fish grows too).
Then coursekit alone on 10,000 fish in open space with the parameters of Couzin et al. (2002)
(a school at its natural density), against the goal of 10 steps per second.

Both use the machine's cores. The peer's noise comes from Numba's unseeded generator, so its
runs cannot be reproduced; coursekit's are seeded and identical on any number of threads.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._timing import Table, machine
from coursekit import schooling as S

SIZES = (100, 200, 500, 1000, 2000)
PEER = dict(box=25.0, speed=1.0, r_r=1.0, r_o=5.0, r_a=10.0, max_turn=0.3, noise=0.1, blind=30.0)


def _peer_ms(n: int, steps: int) -> float:
    from dewi_kadita.core.solver import _update_velocities_numba

    rng = np.random.default_rng(1)
    pos = rng.random((n, 3)) * PEER["box"]
    vel = rng.normal(size=(n, 3))
    vel *= PEER["speed"] / np.linalg.norm(vel, axis=1, keepdims=True)
    args = (PEER["box"], PEER["r_r"], PEER["r_o"], PEER["r_a"], PEER["max_turn"], PEER["noise"],
            np.radians(PEER["blind"]), PEER["speed"], 1.0)
    _update_velocities_numba(pos[:10].copy(), vel[:10].copy(), *args)            # compiled
    t0 = time.perf_counter()
    for _ in range(steps):
        vel = _update_velocities_numba(pos, vel, *args)
        pos = np.mod(pos + vel * 0.1, PEER["box"])
    return (time.perf_counter() - t0) / steps * 1e3


def _ours_ms(n: int, steps: int, **kw) -> float:
    S.simulate(n_fish=20, t_end=0.2, seed=0, **kw)                               # compiled
    t0 = time.perf_counter()
    S.simulate(n_fish=n, t_end=steps * 0.1, n_times=2, seed=1, **kw)
    return (time.perf_counter() - t0) / steps * 1e3


def rows():
    peer_kw = dict(box=PEER["box"], speed=PEER["speed"], r_r=PEER["r_r"],
                   dr_o=PEER["r_o"] - PEER["r_r"], dr_a=PEER["r_a"] - PEER["r_o"],
                   turning_rate=np.degrees(PEER["max_turn"]) / 0.1, noise=PEER["noise"],
                   perception=360.0 - 2 * PEER["blind"])
    out = []
    for n in SIZES:
        steps = max(10, int(2000 / n) * 5)
        peer = _peer_ms(n, steps)
        ours = _ours_ms(n, steps, **peer_kw)
        out.append([f"{n:,}", f"{peer:.2f}", f"{ours:.3f}", f"{peer / ours:.0f}x"])
    big = _ours_ms(10_000, 20, dr_o=2.0, dr_a=10.0)
    return out, big


def table(measured=None) -> Table:
    cells, big = measured or rows()
    return Table(f"Fish schools: coursekit.schooling against dewi-kadita 0.0.4 on {machine()}",
                 ["N (periodic box 25)", "peer [ms/step]", "coursekit [ms/step]", "speed-up"],
                 cells,
                 notes=[f"  10,000 fish in open space (Couzin 2002 parameters, Δr_o = 2, Δr_a = "
                        f"10): {big:.1f} ms per step, {1e3 / big:.0f} steps per second (goal: "
                        "at least 10).",
                        "  Goal (issue 15): at least 100x faster than the peer at N = 200."])


if __name__ == "__main__":
    print(table())

"""Klein–Gordon: coursekit.kinks against the seed's package, amangkurat 0.0.1, on the seed's own
four configurations.

* linear field, Gaussian pulse exp(-(x/2)^2), nx = 512 on [-30, 30], dt = 0.005, T = 50;
* phi^4 static kink tanh(x/sqrt2), nx = 1024 on [-50, 50], dt = 0.005, T = 50;
* sine-Gordon breather omega = 0.5, nx = 512 on [-40, 40], dt = 0.01, T = 80;
* phi^4 kink-antikink, v = 0.3 each, separation 20, nx = 1024 on [-50, 50], dt = 0.005, T = 100.

The peer integrates with position Verlet, ``phi_new = 2 phi - phi_old + dt^2 (phi_xx - V')``,
with its adaptive step switched off (``adaptive_dt=False``: its adaptation loses energy) and from
correct initial data computed by coursekit (its own breather and kink-antikink starts are wrong).
It computes no energy, so its iterates are wrapped: the energy uses the central difference
``(phi_{n+1} - phi_{n-1}) / (2 dt)`` for ``phi_t``, its own spectral gradient and its potential.
Its grid is ``linspace`` with the endpoint (period nx * dx); coursekit runs on the same periodic
grid with Störmer–Verlet (the same order) at the same step. A single kink jumps across the
peer's periodic seam (the peer has no treatment for it); coursekit carries the jump on a ramp.
Both run on one thread (the peer with ``n_cores=1``; coursekit's kernel is serial). Reported:
microseconds per step, the largest relative energy error over the run, and the ratio of times.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from benchmarks._timing import Table, machine
from coursekit import kinks as K
from coursekit.kinks.diagnostics import SEED_REGIMES
from coursekit.numerics import spectral

#: The peer's names for the potentials.
_PEER = {"klein_gordon": "linear", "phi4": "phi4", "sine_gordon": "sine_gordon"}
#: The rows' labels, with the seed's parameters.
_LABEL = {"linear pulse": "linear Gaussian pulse", "static kink": "phi^4 static kink",
          "breather": "sine-Gordon breather, omega = 0.5",
          "kink-antikink": "phi^4 kink-antikink, v = 0.3, d = 20"}


def _configs():
    """The seed's configurations (:data:`coursekit.kinks.diagnostics.SEED_REGIMES`)."""
    return {_LABEL[name]: dict(nx=c.nx, span=c.span, dt=c.dt, T=c.t_end, peer=_PEER[c.potential],
                               ours=c.potential, start=c.start)
            for name, c in SEED_REGIMES.items()}


@dataclass(frozen=True)
class Row:
    config: str
    peer_us: float
    peer_energy: float
    ours_us: float
    ours_energy: float


def _peer(cfg):
    """The peer's steps, timed, and its energy from its iterates."""
    from amangkurat.core.solver import KGSolver

    solver = KGSolver(nx=cfg["nx"], x_min=cfg["span"][0], x_max=cfg["span"][1], verbose=False,
                      n_cores=1, adaptive_dt=False)
    x, dt = solver.x, cfg["dt"]
    V, dV = solver.get_potential_functions(cfg["peer"])
    phi0, phit0 = cfg["start"](x)
    lap0 = solver.laplacian(phi0)
    prev = phi0 - dt * phit0 + 0.5 * dt**2 * (lap0 - dV(phi0))    # the peer's own start
    phi = phi0.copy()

    def energy(before, now, after):
        phi_t = (after - before) / (2 * dt)
        grad = solver.gradient(now)
        return float(np.sum(0.5 * phi_t**2 + 0.5 * grad**2 + V(now)) * solver.dx)

    solver.stormer_verlet_step(phi, prev, dt, dV)                # compiled before the timing
    n = int(round(cfg["T"] / dt))
    every = max(1, n // 50)
    energies = []
    elapsed = 0.0
    for step in range(n):
        t0 = time.perf_counter()
        new = solver.stormer_verlet_step(phi, prev, dt, dV)
        elapsed += time.perf_counter() - t0
        if step % every == 0 and step > 0:
            energies.append(energy(prev, phi, new))
        prev, phi = phi, new
    e = np.array(energies)
    return elapsed / n * 1e6, float(np.max(np.abs(e / e[0] - 1)))


def _ours(cfg):
    nx, (lo, hi) = cfg["nx"], cfg["span"]
    dx = (hi - lo) / (nx - 1)
    grid = spectral.periodic_grid(nx, lo, lo + nx * dx)         # the peer's periodic domain
    start = cfg["start"](grid)
    kwargs = dict(dt=cfg["dt"], potential=cfg["ours"], method="verlet")
    K.simulate(start, grid, t_eval=[0.0, 10 * cfg["dt"]], **kwargs)         # compiled
    t0 = time.perf_counter()
    run = K.simulate(start, grid, t_eval=np.linspace(0.0, cfg["T"], 51), **kwargs)
    seconds = time.perf_counter() - t0
    return seconds / run.stats["n_steps"] * 1e6, run.energy_error()


def rows() -> list[Row]:
    import numba

    threads = numba.get_num_threads()
    out = []
    try:
        for name, cfg in _configs().items():
            peer_us, peer_e = _peer(cfg)
            ours_us, ours_e = _ours(cfg)
            out.append(Row(name, peer_us, peer_e, ours_us, ours_e))
    finally:
        numba.set_num_threads(threads)  # the peer sets Numba's threads for the whole process
    return out


def table(measured: list[Row] | None = None) -> Table:
    cells = [[r.config, f"{r.peer_us:.1f}", f"{r.peer_energy:.1e}", f"{r.ours_us:.1f}",
              f"{r.ours_energy:.1e}", f"{r.peer_us / r.ours_us:.1f}x"]
             for r in (measured or rows())]
    return Table(f"Klein-Gordon: coursekit.kinks (Störmer-Verlet) against amangkurat 0.0.1 on "
                 f"{machine()}",
                 ["configuration", "peer [µs/step]", "peer energy error",
                  "coursekit [µs/step]", "coursekit energy error", "speed-up"], cells,
                 notes=["  Energy error: largest relative change over the run. The single kink "
                        "jumps across the peer's periodic seam; coursekit carries the jump on a "
                        "ramp (see chapter 4).",
                        "  Goal (issue 14): at least 10x faster per step at equal or better "
                        "energy conservation. A Verlet step is two real FFTs and a few passes "
                        "over the grid; the FFT pair alone (rocket-fft inside Numba) takes about "
                        "5 µs at 1024 points on this machine, so the per-step ratio is bounded by "
                        "the peer's own step time divided by that floor."])


if __name__ == "__main__":
    print(table())

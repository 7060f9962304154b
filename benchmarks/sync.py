"""Synchronisation: rings of phase oscillators against the arithmetic they cannot avoid, and
the all-to-all Kuramoto step against plain NumPy.

1. ``coursekit.sync.simulate_ring`` (stochastic Heun, ``Gamma(x) = sin x + b(1 - cos x)``,
   K = 1, D = 0.1, b = 1, dt = 0.05), in oscillator-steps per second: one ring of 2^14
   oscillators (one realisation is one random stream, so it runs on one core), and an ensemble
   of 100 rings of 1024 (parallel over rings, all cores). Beside it, **the limit**: a compiled
   loop doing only the work no implementation of this Heun step can skip, per oscillator and
   step one standard normal number and two sine-cosine pairs (one per bond and drift
   evaluation; each bond's pair serves both of its oscillators), timed on one core with
   arguments of the same size, times the number of cores. Numba here has no SVML, so sine and
   cosine are scalar libm calls: this is the floor for compiled scalar code on this machine (a
   vectorised implementation with SIMD sine and cosine would have a lower one). Memory
   bandwidth is no limit here:
   a ring of 2^14 is 128 kB of phases, in cache. The goal (issue 16): within 3x of the limit.
2. One RK4 step of the all-to-all Kuramoto model (``coursekit.sync.simulate``, O(N) through
   the mean field) against NumPy, both with the pairwise sum over all N^2 pairs and with the
   same mean field, vectorised.
"""

from __future__ import annotations

import os
import time

import numpy as np

from benchmarks._timing import Table, best_of, machine
from coursekit import sync as Y
from coursekit._jit import njit

RING = dict(K=1.0, D=0.1, b=1.0, dt=0.05)


@njit
def _floor(d, out, n_steps, rng):
    """Per element and step: one normal number and two sine-cosine pairs (the limit)."""
    for _ in range(n_steps):
        for j in range(d.shape[0]):
            z = rng.standard_normal()
            e = d[j] + 1e-3 * z
            out[j] = np.sin(d[j]) + np.cos(d[j]) + np.sin(e) + np.cos(e) + z


def _limit_per_core() -> float:
    """Oscillator-steps per second per core of the limit loop (neighbour differences of a
    synchronised ring: small arguments, as in the ring)."""
    d = np.random.default_rng(1).normal(0.0, 0.3, 2**14)
    out, rng = np.empty_like(d), np.random.default_rng(0)
    _floor(d[:4], out[:4], 1, rng)
    seconds = best_of(lambda: _floor(d, out, 100, rng), repeats=3)
    return d.size * 100 / seconds


def _ring_rate(L: int, replicas: int, t_end: float) -> float:
    Y.simulate_ring(16, t_end=1.0, replicas=2, seed=0, **RING)                  # compiled
    seconds = best_of(lambda: Y.simulate_ring(L, t_end=t_end, replicas=replicas, seed=1,
                                              **RING), repeats=3)
    return L * replicas * t_end / RING["dt"] / seconds


def _numpy_pairs(theta, omega, K):
    return omega + K / theta.size * np.sin(theta[None, :] - theta[:, None]).sum(axis=1)


def _numpy_mean_field(theta, omega, K):
    z = np.exp(1j * theta).mean()
    return omega + K * (z.imag * np.cos(theta) - z.real * np.sin(theta))


def _rk4(f, theta, omega, K, h):
    k1 = f(theta, omega, K)
    k2 = f(theta + 0.5 * h * k1, omega, K)
    k3 = f(theta + 0.5 * h * k2, omega, K)
    k4 = f(theta + h * k3, omega, K)
    return theta + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def _kuramoto_us(n: int) -> tuple[float, float, float]:
    """Microseconds per RK4 step: coursekit, NumPy mean field, NumPy all pairs."""
    omega = Y.natural_frequencies(n, "lorentzian", 0.5)
    theta = np.random.default_rng(1).uniform(0, 2 * np.pi, n)
    steps = 200
    Y.simulate(theta[:8], omega=omega[:8], K=2.0, t_end=0.1, dt=0.05)            # compiled
    ours = best_of(lambda: Y.simulate(theta, omega=omega, K=2.0, t_eval=[0.0, steps * 0.05],
                                      dt=0.05), repeats=3) / steps
    mean_field = best_of(lambda: _rk4(_numpy_mean_field, theta, omega, 2.0, 0.05), repeats=5)
    pair_reps = 1 if n > 2000 else 3
    pairs = best_of(lambda: _rk4(_numpy_pairs, theta, omega, 2.0, 0.05), repeats=pair_reps)
    return ours * 1e6, mean_field * 1e6, pairs * 1e6


def rows():
    import numba

    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)   # all cores, whatever ran before
    cores = numba.get_num_threads()
    limit = _limit_per_core() * cores
    ring_rows = []
    for label, L, replicas, t_end in (("one ring of 2^14", 2**14, 1, 20.0),
                                      ("100 rings of 1024", 1024, 100, 10.0)):
        rate = _ring_rate(L, replicas, t_end)
        ring_rows.append([label, f"{rate / 1e6:.1f}", f"{limit / 1e6:.1f}",
                          f"{limit / rate:.1f}x"])
    kuramoto_rows = []
    for n in (1000, 4000):
        ours, mean_field, pairs = _kuramoto_us(n)
        kuramoto_rows.append([f"{n:,}", f"{ours:.1f}", f"{mean_field:.1f}", f"{pairs:,.0f}",
                              f"{pairs / ours:,.0f}x"])
    return ring_rows, kuramoto_rows, cores


def table(measured=None) -> Table:
    ring_rows, kuramoto_rows, cores = measured or rows()
    kuramoto = Table("The all-to-all Kuramoto model: one RK4 step",
                     ["N", "coursekit [µs]", "NumPy mean field [µs]", "NumPy all pairs [µs]",
                      "all pairs / coursekit"], kuramoto_rows,
                     notes=["  coursekit and the NumPy mean field cost O(N) per step, all pairs "
                            "O(N^2)."])
    return Table(f"Rings of phase oscillators (stochastic Heun) on {machine()}",
                 ["workload", "coursekit [M osc-steps/s]", f"limit, {cores} cores [M/s]",
                  "limit / coursekit"], ring_rows,
                 notes=["  The limit: one normal number and two sine-cosine pairs per "
                        "oscillator-step, on every core (the module docstring).",
                        "  One ring is one random stream and runs on one core; the ensemble "
                        "runs its rings in parallel.",
                        "  Goal (issue 16): within 3x of the limit."],
                 parts=[kuramoto])


if __name__ == "__main__":
    t0 = time.perf_counter()
    print(table())
    print(f"({time.perf_counter() - t0:.0f} s; {os.cpu_count()} CPUs)")

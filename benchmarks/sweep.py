"""What :func:`coursekit.sweep.sweep` costs and what it gains (issue 13).

* **Per-point overhead** for a cheap function (a few microseconds of work): the sweep against a
  plain Python loop over the same points (``[f(x) for x in values]``, stacked into an array),
  amortised over the points. The sweep adds the seed of each point, the labelled dataset and
  the batching; the goal is under 1 ms per point. Two engines: the default, which runs such a
  sweep in this process (its whole work is below ``SERIAL_BELOW``), and a running
  ``LocalCluster`` of two single-threaded worker processes (the points batched into tasks).
* **Speed-up** for an expensive function (a contact-process run of ~0.1 s): the same sweep
  serially in this process and on the two-worker ``LocalCluster`` (goal: at least 1.8x on 2
  cores). Starting the cluster is timed separately; the default engine pays it once per call.

Both sides run with one Numba thread per process (``NUMBA_NUM_THREADS=1`` in the workers; the
kernels used here are serial), and the cluster is started before the timings.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._timing import Table, machine
from coursekit.kinetics import lattice as lat
from coursekit.sweep import sweep

CHEAP_POINTS = 20_000
LAMBDAS = np.linspace(3.4, 4.6, 16)


def cheap(x):
    """A few microseconds of work."""
    return x * x + 1.0


def contact_density(lam, seed):
    """Density of the 1D contact process (2000 sites) at t = 400, from a full lattice."""
    return float(lat.contact_process(2000, [0.0, 400.0], lam, seed=seed).density[-1, 0])


def _timed(func) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = func()
    return time.perf_counter() - t0, out


def cluster():
    """A two-worker ``LocalCluster`` on the loopback interface, as the tests start it."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address="127.0.0.1:0", silence_logs=40,
                        env={"NUMBA_NUM_THREADS": "1"})


def measure() -> dict:
    """Seconds for each side, and the cluster's start-up."""
    from distributed import Client

    xs = np.linspace(0.0, 1.0, CHEAP_POINTS)
    grid = {"x": xs}
    out = {}
    contact_density(3.8, 0)                                   # compiled here
    out["loop"], _ = _timed(lambda: np.array([cheap(x) for x in xs]))
    out["sweep here"], _ = _timed(lambda: sweep(cheap, grid, progress=False))
    out["expensive serial"], serial = _timed(
        lambda: sweep(contact_density, {"lam": LAMBDAS}, replicas=2, seed=1, client="serial",
                      progress=False))
    out["start"], cl = _timed(cluster)
    with cl, Client(cl) as client:
        client.run(contact_density, 3.8, 0)                   # compiled (or cached) in workers
        out["sweep cluster"], _ = _timed(lambda: sweep(cheap, grid, client=client,
                                                       progress=False))
        out["expensive cluster"], parallel = _timed(
            lambda: sweep(contact_density, {"lam": LAMBDAS}, replicas=2, seed=1, client=client,
                          progress=False))
    assert serial.identical(parallel)                          # same numbers, bit for bit
    return out


def table(seconds: dict | None = None) -> Table:
    s = seconds or measure()
    per_here = (s["sweep here"] - s["loop"]) / CHEAP_POINTS
    per_cluster = (s["sweep cluster"] - s["loop"]) / CHEAP_POINTS
    n_exp = 2 * LAMBDAS.size
    rows = [
        [f"cheap function, {CHEAP_POINTS} points: overhead per point, default engine",
         f"{s['sweep here']:.3f}", f"{s['loop']:.3f}", f"{per_here * 1e3:.4f} ms"],
        [f"cheap function, {CHEAP_POINTS} points: overhead per point, 2-worker cluster",
         f"{s['sweep cluster']:.3f}", f"{s['loop']:.3f}", f"{per_cluster * 1e3:.4f} ms"],
        [f"contact process, {n_exp} runs: 2 workers against serial",
         f"{s['expensive cluster']:.3f}", f"{s['expensive serial']:.3f}",
         f"{s['expensive serial'] / s['expensive cluster']:.2f}x faster"],
    ]
    return Table(f"coursekit.sweep against a plain loop and serial runs on {machine()}",
                 ["workload", "sweep [s]", "loop / serial [s]", "result"], rows,
                 notes=[f"  Starting the 2-worker LocalCluster took {s['start']:.2f} s (paid "
                        "once per call by the default engine, before any point runs).",
                        "  Goals (issue 13): overhead under 1 ms per point; at least 1.8x on "
                        "2 workers."])


if __name__ == "__main__":
    print(table())

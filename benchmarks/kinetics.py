"""Gillespie SSA: coursekit against gillespy2 (NumPy solver and C++ solver); lattice speed.

Workloads (gillespy2 1.8.3; both sides on one core, BLAS threads = 1):

* BD: birth–death, 0 -> A at k = 100, A -> 0 at gamma = 1 per molecule, A(0) = 0, to t = 1000
  (output every 1);
* LV: A -> 2A (1), A + B -> 2B (0.001), B -> 0 (1), A(0) = B(0) = 1000, to t = 100;
* ENS: 1000 birth–death runs to t = 10 (coursekit on all cores, and on one thread).

Events per second use coursekit's event count for the same model and horizon (the two codes
sample the same process; gillespy2 does not report its count). End-to-end times include
model set-up and, for the C++ solver, its compilation; coursekit's one-off Numba compilation
is reported separately (it is cached on disk after the first run).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numba
import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks._timing import Table, best_of, first_call, machine
from coursekit.kinetics import ReactionNetwork, gillespie, gillespie_ensemble
from coursekit.kinetics import lattice as lat

BD = ("0 -> A @ 100; A -> 0 @ 1", {"A": 0}, 1000.0)
LV = ("A -> 2 A @ 1; A + B -> 2 B @ 0.001; B -> 0 @ 1", {"A": 1000, "B": 1000}, 100.0)


def _gillespy_model(text, x0, t_end, n_out):
    import gillespy2

    net = ReactionNetwork.parse(text)
    model = gillespy2.Model(name="bench")
    species = {s: gillespy2.Species(name=s, initial_value=int(x0.get(s, 0)), mode="discrete")
               for s in net.species}
    model.add_species(list(species.values()))
    for i, r in enumerate(net.reactions):
        p = gillespy2.Parameter(name=f"c{i}", expression=r.rate)
        model.add_parameter(p)
        model.add_reaction(gillespy2.Reaction(
            name=f"r{i}", reactants={species[s]: c for s, c in r.reactants},
            products={species[s]: c for s, c in r.products}, rate=p))
    model.timespan(np.linspace(0, t_end, n_out))
    return model


def _peer_times(text, x0, t_end, n_out, n_traj=1):
    import gillespy2

    out = {}
    t0 = time.perf_counter()
    model = _gillespy_model(text, x0, t_end, n_out)
    model.run(solver=gillespy2.NumPySSASolver, seed=1, number_of_trajectories=n_traj)
    out["gillespy2 NumPy"] = (time.perf_counter() - t0, time.perf_counter() - t0)
    # the C++ solver builds with the environment's compiler tools: the venv's bin on PATH
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    t0 = time.perf_counter()
    model = _gillespy_model(text, x0, t_end, n_out)
    solver = gillespy2.SSACSolver(model=model)
    compiled = time.perf_counter()
    model.run(solver=solver, seed=1, number_of_trajectories=n_traj)
    done = time.perf_counter()
    out["gillespy2 C++"] = (done - compiled, done - t0)
    return out


@dataclass(frozen=True)
class Row:
    workload: str
    solver: str
    run_s: float
    end_to_end_s: float
    events: int


def _ours(text, x0, t_end, n_out, repeats):
    net = ReactionNetwork.parse(text)
    grid = np.linspace(0, t_end, n_out)
    events = gillespie(net, x0, t_eval=grid, seed=1).stats["n_events"]
    secs = best_of(lambda: gillespie(net, x0, t_eval=grid, seed=1), repeats)
    return secs, events


def compare(repeats: int = 3) -> list[Row]:
    rows = []
    with threadpool_limits(1):
        for name, (text, x0, t_end) in {"BD": BD, "LV": LV}.items():
            secs, events = _ours(text, x0, t_end, 1001, repeats)
            rows.append(Row(name, "coursekit", secs, secs, events))
            for solver, (run, e2e) in _peer_times(text, x0, t_end, 1001).items():
                rows.append(Row(name, solver, run, e2e, events))
        net = ReactionNetwork.parse(BD[0])
        grid = np.linspace(0, 10.0, 11)
        ens = gillespie_ensemble(net, [0], grid, 1000, seed=1, progress=False)
        events = int(ens.stats["n_events"].sum())
        rows.append(Row("ENS", f"coursekit ({numba.get_num_threads()} threads)",
                        *(2 * [best_of(lambda: gillespie_ensemble(net, [0], grid, 1000, seed=1,
                                                                  progress=False), repeats)]),
                        events))
        before = numba.get_num_threads()
        numba.set_num_threads(1)
        one = best_of(lambda: gillespie_ensemble(net, [0], grid, 1000, seed=1, progress=False),
                      repeats)
        numba.set_num_threads(before)
        rows.append(Row("ENS", "coursekit (1 thread)", one, one, events))
        for solver, (run, e2e) in _peer_times(BD[0], BD[1], 10.0, 11, n_traj=1000).items():
            rows.append(Row("ENS", solver, run, e2e, events))
    return rows


def lattice_rates(repeats: int = 3) -> dict[str, float]:
    """Attempted lattice updates per second (one core) for each lattice model."""
    t = np.geomspace(1, 3000, 20)
    calls = {
        "A+A->0, 1D, 10^5 sites": lambda: lat.annihilation(100_000, t, seed=1),
        "A+B->0, 1D, 10^5 sites": lambda: lat.two_species_annihilation(100_000, t, seed=1),
        "contact process, 1D, lambda = 3.6": lambda: lat.contact_process(4000, t, 3.6, seed=1),
        "lattice Lotka-Volterra, 256^2": lambda: lat.lattice_lotka_volterra(
            256, np.arange(0, 201, 10.0), seed=1),
        "May-Leonard, 200^2": lambda: lat.may_leonard(200, np.arange(0, 201, 10.0), seed=1),
    }
    return {name: f().stats["attempts"] / best_of(f, repeats) for name, f in calls.items()}


def fresh_process_lines() -> list[str]:
    """Birth–death to t = 1000 in a fresh Python process, imports included, on both sides:
    gillespy2's C++ solver (it compiles every new model) against coursekit with an empty Numba
    cache (the first use after installation: the generic kernel compiles once for every
    network) and with its kernels cached (every later model and session)."""
    text, x0, t_end = BD
    ours = ("import numpy as np\nfrom coursekit.kinetics import ReactionNetwork, gillespie\n"
            f"gillespie(ReactionNetwork.parse({text!r}), {x0!r}, t_eval=np.linspace(0, {t_end}, 1001),"
            " seed=1)")
    root = str(Path(__file__).resolve().parents[1])   # so that the child finds benchmarks/
    peer = (f"import os, sys\nsys.path.insert(0, {root!r})\n"
            "os.environ['PATH'] = os.path.dirname(sys.executable) + os.pathsep"
            " + os.environ['PATH']\nimport gillespy2\nfrom benchmarks.kinetics import "
            f"_gillespy_model\nm = _gillespy_model({text!r}, {x0!r}, {t_end}, 1001)\n"
            "m.run(solver=gillespy2.SSACSolver(model=m), seed=1)")
    theirs = first_call(peer, cold=False)
    cold, warm = first_call(ours, cold=True), first_call(ours, cold=False)
    return ["Birth-death in a fresh process, imports included:",
            f"  gillespy2 C++ (builds and compiles the model)     {theirs:6.2f} s",
            f"  coursekit, empty Numba cache (once per install)   {cold:6.2f} s"
            f"   ({theirs / cold:.1f}x faster)",
            f"  coursekit, kernels cached (every later model)     {warm:6.2f} s"
            f"   ({theirs / warm:.1f}x faster)"]


def table() -> Table:
    rows = compare()
    cells = []
    for r in rows:
        base = next(b for b in rows if b.workload == r.workload and b.solver.startswith("coursekit"))
        cells.append([r.workload, r.solver, f"{r.run_s:.3f}", f"{r.end_to_end_s:.3f}",
                      f"{r.events / r.run_s:.3g}",
                      f"{r.run_s / base.run_s:.1f} / {r.end_to_end_s / base.end_to_end_s:.1f}"])
    lattice = Table("Lattice models, attempted updates per second (one core)",
                    ["model", "million updates / s"],
                    [[name, f"{rate / 1e6:.1f}"] for name, rate in lattice_rates().items()])
    return Table(f"Gillespie SSA on {machine()}",
                 ["workload", "solver", "run [s]", "end-to-end [s]", "events/s",
                  "coursekit faster (run / e2e)"], cells, fresh_process_lines(), [lattice])


if __name__ == "__main__":
    print(table())

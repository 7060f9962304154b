"""Neural learners of chapter 7, part 2: training time per epoch, and forecasting chaos.

1. **Time per epoch** of each PyTorch learner on one workload (Lorenz, 3000 samples every 0.02,
   the chapter's sizes), float32, on the CPU with one thread and, where PyTorch sees a GPU, on
   CUDA: the mean over a 10-epoch fit.
2. **Forecasting table** on Lorenz and Rössler (and Lotka–Volterra for the StNN comparison of
   its seed): every learner is fitted on one orbit and forecasts from 20 starts of a held-out
   orbit; the median valid prediction time in Lyapunov times (error threshold 0.5, Vlachas et
   al. 2020) with :math:`\\lambda_1` from ``coursekit.analysis.lyapunov_spectrum``, the trained
   parameters, and two statistics of a long free run against a long true orbit, the
   state-space divergence (20 bins per component) and the power-spectrum distance. HAVOK
   models the x component only and forecasts it without its forcing (the forcing is measured,
   not predicted); its valid prediction time is on x. The deep Koopman model sees the data
   divided by their standard deviations (it does not standardise by itself).

``python -m benchmarks.koopman_nn`` runs the small scale (the chapter's sizes: a few minutes);
``python -m benchmarks.koopman_nn --scale large --record`` trains on twice as much data for
three times more epochs (about half an hour on one core) and writes
``benchmarks/recorded/koopman_nn_large.json``, which the performance appendix shows with the
command, machine and date that made it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks._timing import Table, machine
from coursekit import koopman as KP
from coursekit import systems
from coursekit.analysis.lyapunov import lyapunov_spectrum
from coursekit.koopman.forecasting import (
    Persistence,
    forecast,
    power_spectrum_distance,
    state_space_divergence,
    valid_prediction_times,
)
from coursekit.koopman.nn import ALRNN, PLRNN, DeepKoopman, NeuralLearner, StNN

RECORDED = Path(__file__).parent / "recorded" / "koopman_nn_large.json"

#: Sampling step, training length, test start and integration step of each system.
SYSTEMS = {
    "Lorenz": dict(make=systems.lorenz, dt=0.02, train=60.0, x0=[1.0, 1.0, 1.0], h=0.005),
    "Rössler": dict(make=systems.rossler, dt=0.1, train=300.0, x0=[1.0, 1.0, 0.0], h=0.01),
    "Lotka–Volterra": dict(make=systems.lotka_volterra, dt=0.1, train=30.0, x0=[6.0, 2.0], h=0.01),
}


def orbits(name: str, scale: str = "small"):
    """Training orbit, held-out orbit (a later stretch of the same one, 20,000 steps after a gap
    of 20 time units), an independent orbit of that length (the floor of the attractor
    measures) and the system; chaotic systems after a transient of 50 time units."""
    spec = SYSTEMS[name]
    system, dt, h = spec["make"](), spec["dt"], spec["h"]
    train = spec["train"] * (2 if scale == "large" else 1)
    settle = 0.0 if name == "Lotka–Volterra" else 50.0
    n_train, n_gap = int(round(train / dt)), int(round(20.0 / dt))
    t = dt * np.arange(n_train + n_gap + 20001)
    x = np.array(systems.simulate(system, x0=spec["x0"], t_eval=t, dt=h, transient=settle).x)
    x0_other = np.asarray(spec["x0"]) * (0.9 if name == "Lotka–Volterra" else -1.0) + 0.5
    other = np.array(systems.simulate(system, x0=x0_other, t_eval=t[:20001], dt=h, transient=settle).x)
    return x[:n_train], x[n_train + n_gap:], other, system


def learners(name: str, scale: str = "small", seed: int = 0) -> dict:
    """The compared learners, with the chapter's hyper-parameters (``scale="large"``: 3x epochs)."""
    e = 3 if scale == "large" else 1
    nn = dict(seed=seed, dtype="float32", device="cpu")
    models = {
        "persistence": Persistence(),
        "SINDy": KP.SINDy(library=KP.Polynomial(2), threshold=0.1) if name == "Lorenz" else
                 # At dt = 0.1 central differences miss the Rössler z equation's constant 0.2
                 # (the model collapses); Savitzky-Golay derivatives find all seven terms.
                 KP.SINDy(library=KP.Polynomial(2), threshold=0.05, differentiation="savgol", window=5),
        "HAVOK (x, unforced)": KP.HAVOK(delays=10, rank=5),
        "MLP (dense StNN)": StNN(delays=4, layers=2, structure="dense", horizon=10, epochs=300 * e,
                                 learning_rate=5e-3, batch_size=128, patience=50 * e, **nn),
        "StNN (Hankel)": StNN(delays=4, layers=2, horizon=10, epochs=300 * e, learning_rate=5e-3,
                              batch_size=128, patience=50 * e, **nn),
    }
    if name != "Lotka–Volterra":
        models |= {
            "deep Koopman": DeepKoopman(latent_dim=8, hidden=(32, 32), horizon=5, epochs=200 * e,
                                        learning_rate=3e-3, batch_size=128, patience=50 * e,
                                        standardise=True, **nn),
            "PLRNN (GTF)": PLRNN(latent_dim=6, hidden=32, alpha=0.2, horizon=25, epochs=60 * e,
                                 batch_size=64, patience=60 * e, **nn),
            "AL-RNN (GTF)": ALRNN(latent_dim=12, n_relu=4, alpha=0.1, horizon=50, epochs=60 * e,
                                        learning_rate=5e-3, batch_size=128, patience=100 * e, **nn),
        }
    return models


def score(model, label: str, train, test, lam: float, dt: float) -> dict:
    """Fit ``model`` and measure it (see the module docstring)."""
    x_only = label.startswith("HAVOK")
    tr, te = (train[:, 0], test[:, 0]) if x_only else (train, test)
    if not isinstance(model, NeuralLearner):
        model.fit(tr, dt=dt)                              # warm-up: Numba compiles once
    t0 = time.perf_counter()
    model.fit(tr, dt=dt)
    fit_s = time.perf_counter() - t0
    vpt = valid_prediction_times(model, te, lam, n_starts=20)
    q = int(getattr(model, "delays", 1))
    n = min(20000, te.shape[0] - q)
    run = forecast(model, te[:q], n)
    truth = te[q - 1:q + n].reshape(run.shape)
    q1, q3 = np.percentile(vpt, [25, 75])
    return dict(fit_s=fit_s, vpt=f"{np.median(vpt):.2f} ({q1:.2f}–{q3:.2f})", params=str(model.n_parameters_),
                stsp=f"{state_space_divergence(run, truth):.2f}",
                psd="–" if x_only else f"{power_spectrum_distance(run, truth):.2f}")


@contextmanager
def one_thread():
    """PyTorch, BLAS and Numba on one thread each (restored afterwards)."""
    import numba
    import torch

    threads, numba_threads = torch.get_num_threads(), numba.get_num_threads()
    torch.set_num_threads(1)
    numba.set_num_threads(1)
    try:
        with threadpool_limits(1):
            yield
    finally:
        torch.set_num_threads(threads)
        numba.set_num_threads(numba_threads)


def forecasting_rows(scale: str = "small", names=("Lorenz", "Rössler", "Lotka–Volterra")) -> list[list[str]]:
    """One row per system and learner, and one for an independent true orbit (the floor)."""
    rows = []
    with one_thread():
        for name in names:
            train, test, other, system = orbits(name, scale)
            if name == "Lotka–Volterra":
                lam = 1.0                                   # not chaotic: time units, see the notes
            else:
                lam = float(lyapunov_spectrum(system, t_end=1000.0 if name == "Lorenz" else 5000.0,
                                              dt=SYSTEMS[name]["h"], k=1).exponents[0])
            for label, model in learners(name, scale).items():
                r = score(model, label, train, test, lam, SYSTEMS[name]["dt"])
                rows.append([name, label, r["vpt"], r["params"], r["stsp"], r["psd"], f"{r['fit_s']:.1f}"])
            truth = test[:20001]
            rows.append([name, "another true orbit (floor)", "–", "–",
                         f"{state_space_divergence(other, truth):.2f}",
                         f"{power_spectrum_distance(other, truth):.2f}", "–"])
    return rows


def epoch_rows() -> tuple[list[list[str]], list[str]]:
    """Milliseconds per epoch (mean of 10) of each neural learner, on the CPU (one thread) and CUDA."""
    import torch

    train, _, _, _ = orbits("Lorenz")
    dt = SYSTEMS["Lorenz"]["dt"]
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    rows = []
    with one_thread():
        for device in devices:                              # warm-up: PyTorch's first calls are slow
            StNN(delays=4, epochs=2, device=device, progress=False).fit(train, dt=dt)
        for label, model in learners("Lorenz").items():
            if not isinstance(model, NeuralLearner):
                continue
            cells = [label]
            for device in devices:
                model.set_params(device=device, epochs=10, patience=10, validation=0.0, progress=False)
                model.fit(train, dt=dt)
                cells.append(f"{1e3 * model.fit_seconds_ / len(model.history_['train']):.0f}")
            rows.append(cells + [str(model.n_parameters_), str(getattr(model, "multiply_adds_", "–"))])
    return rows, devices


def epoch_table() -> Table:
    """Time per epoch per learner."""
    rows, devices = epoch_rows()
    return Table(f"Neural learners: time per epoch on Lorenz (3000 samples, float32) on {machine()}",
                 ["learner"] + [f"{d} [ms/epoch]" for d in devices] + ["parameters", "multiply-adds"],
                 rows,
                 notes=["  One epoch = one pass over the training windows (mini-batches as in the chapter), "
                        "CPU on one thread. Multiply-adds per prediction step for the delay networks (direct "
                        "products: the Hankel structure saves parameters, not arithmetic, and its gather "
                        "makes an epoch slower than the dense network's)."]
                 + (["  No GPU on this machine: the lab prints the time per epoch on a GPU runtime."]
                    if devices == ["cpu"] else []))


COLUMNS = ["system", "learner", "valid prediction time [Lyapunov times]: median (quartiles)",
           "parameters", "state-space divergence", "power-spectrum distance", "fit [s]"]
NOTES = ["  Valid prediction time over 20 starts (normalised error 0.5, at most 10); free-run statistics "
         "over 20,000 steps (20 bins per component; power spectra smoothed over 20 frequency bins), with "
         "an independent true orbit as the floor. One training seed: medians closer than their quartile "
         "ranges are not a ranking.",
         "  Lotka–Volterra is periodic, not chaotic: its valid prediction times are in time units (at most "
         "10). HAVOK models x only, unforced (no spectrum distance for one component of three).",
         "  SINDy: central differences on Lorenz (dt 0.02); Savitzky-Golay derivatives (window 5) on Rössler "
         "and Lotka-Volterra (dt 0.1), where central differences miss Rössler's constant term 0.2."]


def table(scale: str = "small") -> Table:
    """The forecasting table at ``scale``."""
    return Table(f"Forecasting chaos ({scale} scale), on {machine()}", COLUMNS, forecasting_rows(scale),
                 notes=NOTES)


def recorded() -> Table:
    """The larger run recorded in ``benchmarks/recorded/koopman_nn_large.json``."""
    blob = json.loads(RECORDED.read_text())
    return Table(f"Forecasting chaos (large scale), recorded {blob['date']} on {blob['machine']}",
                 COLUMNS, blob["rows"], notes=[f"  Command: {blob['command']}", *NOTES])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "large"), default="small")
    parser.add_argument("--record", action="store_true", help="write the large run for the book")
    args = parser.parse_args()
    t0 = time.perf_counter()
    print(epoch_table())
    print()
    result = table(args.scale)
    print(result)
    if args.record:
        RECORDED.parent.mkdir(exist_ok=True)
        RECORDED.write_text(json.dumps({
            "command": f"python -m benchmarks.koopman_nn --scale {args.scale} --record",
            "machine": machine(), "date": datetime.date.today().isoformat(), "rows": result.rows},
            indent=1, ensure_ascii=False) + "\n")
    print(f"({time.perf_counter() - t0:.0f} s; {os.cpu_count()} CPUs)")

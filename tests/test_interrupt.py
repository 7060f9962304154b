"""Ctrl-C (Jupyter's Interrupt) stops a long compiled run within a second, cleanly.

A child interpreter starts runs that would take minutes; this process sends it SIGINT, as
Jupyter's Interrupt button does, and checks that each run stops with ``KeyboardInterrupt``
(not a ``SystemError`` from inside Numba) within a second, and that the interpreter then
computes the right answer to a small run.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import json, sys, threading, time
    import numpy as np
    from coursekit import analysis as A, kinetics as K, solitons as S, population as P
    from coursekit import systems as Y
    from coursekit.kinetics import lattice as lat

    net = K.ReactionNetwork.parse("0 -> A @ 1000000; A -> 0 @ 1")
    grid = S.periodic_grid(256, -20.0, 20.0)
    u0 = S.soliton(grid, 0.0, 1.0)
    # name: (a long run, a short one that compiles the same kernels)
    RUNS = {
        "gillespie": (lambda T: K.gillespie(net, [0], t_eval=[0.0, T], max_events=10**13), 1e6),
        "gillespie_ensemble": (lambda T: K.gillespie_ensemble(
            net, [0], [0.0, T], 64, max_events=10**13, progress=False), 1e3),
        "tau_leap": (lambda T: K.tau_leap(net, [0], [0.0, T], dt=0.01), 1e7),
        "annihilation": (lambda T: lat.annihilation(10**6, [0.0, T], p=0.0), 2e3),
        "contact_process": (lambda T: lat.contact_process(100_000, [0.0, T], lam=5.0), 1e4),
        "contact_process_spreading": (lambda T: lat.contact_process_spreading(
            3.6, [T], 64, progress=False), 1e4),
        "may_leonard": (lambda T: lat.may_leonard(1000, [0.0, T]), 5000.0),
        "kdv": (lambda T: S.simulate(u0, grid, T, dt=1e-4), 1000.0),
        "kdv if-dp54": (lambda T: S.simulate(u0, grid, T, method="if-dp54", rtol=1e-12,
                                             max_work=1e12), 1e5),
        "simulate_noisy": (lambda T: P.simulate_noisy(P.LotkaVolterra(), [6.0, 2.0],
                                                      t_eval=[0.0, T], sigma=0.1, dt=1e-3,
                                                      n_paths=64), 1e5),
        "systems.simulate": (lambda T: Y.simulate(Y.lorenz(), t_eval=[0.0, T], dt=1e-4), 1e5),
        "lyapunov_spectrum": (lambda T: A.lyapunov_spectrum(Y.lorenz(), T, 1e-4,
                                                            renorm=1000 if T > 1 else 1), 1e5),
    }
    small = K.ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
    for name in sys.argv[1:]:
        run, long = RUNS[name]
        run(1e-3)                                   # compile (or load) before the clock starts
        print(json.dumps({"start": name}), flush=True)
        try:
            run(long)
            outcome = "finished"
        except KeyboardInterrupt as err:
            outcome = "KeyboardInterrupt: " + str(err)
        except BaseException as err:                   # noqa: BLE001 (reported to the test)
            outcome = f"{type(err).__name__}: {err}"
        stopped = time.time()
        busy = [t.name for t in threading.enumerate() if t.name.startswith("coursekit")]
        cpu = time.process_time()
        time.sleep(0.3)
        idle = time.process_time() - cpu < 0.05        # no kernel left running
        run_ = K.gillespie(small, [0], t_eval=[0.0, 50.0], seed=1)      # still usable?
        again = K.gillespie(small, [0], t_eval=[0.0, 50.0], seed=1)
        print(json.dumps({"name": name, "outcome": outcome, "stopped": stopped, "busy": busy,
                          "idle": idle, "usable": bool(np.array_equal(run_.x, again.x))
                          and run_.x.shape == (2, 1)}), flush=True)
""")

NAMES = ["gillespie", "gillespie_ensemble", "tau_leap", "annihilation", "contact_process",
         "contact_process_spreading", "may_leonard", "kdv", "kdv if-dp54", "simulate_noisy",
         "systems.simulate", "lyapunov_spectrum"]


@pytest.mark.slow
def test_sigint_stops_every_long_run_within_a_second():
    env = dict(os.environ, COURSEKIT_PROGRESS="0")
    child = subprocess.Popen([sys.executable, "-c", CHILD, *NAMES], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        reports = []
        for _ in NAMES:
            started = json.loads(child.stdout.readline())
            time.sleep(1.0)          # well into the run
            sent = time.time()
            child.send_signal(signal.SIGINT)
            line = child.stdout.readline()
            assert line, child.stderr.read()
            report = json.loads(line)
            assert report["name"] == started["start"]
            report["latency"] = report["stopped"] - sent
            reports.append(report)
        assert child.wait(timeout=120) == 0, child.stderr.read()
    finally:
        child.kill()
    for report in reports:
        assert report["outcome"].startswith("KeyboardInterrupt: "), report
        assert "interrupted" in report["outcome"], report
        assert report["latency"] < 1.0, report
        assert not report["busy"] and report["idle"], report     # the kernel really stopped
        assert report["usable"], report

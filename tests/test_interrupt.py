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
    import json, sys, time
    import numpy as np
    from coursekit import kinetics as K, solitons as S, population as P
    from coursekit.kinetics import lattice as lat

    net = K.ReactionNetwork.parse("0 -> A @ 1000000; A -> 0 @ 1")
    grid = S.periodic_grid(256, -20.0, 20.0)
    u0 = S.soliton(grid, 0.0, 1.0)
    RUNS = {
        "gillespie": lambda: K.gillespie(net, [0], t_eval=[0.0, 1e6], max_events=10**13),
        "gillespie_ensemble": lambda: K.gillespie_ensemble(net, [0], [0.0, 1e3], 64,
                                                           max_events=10**13, progress=False),
        "tau_leap": lambda: K.tau_leap(net, [0], [0.0, 1e7], dt=0.01),
        "contact_process": lambda: lat.contact_process(100_000, [0.0, 1e4], lam=5.0),
        "may_leonard": lambda: lat.may_leonard(1000, [0.0, 5000.0]),
        "kdv": lambda: S.simulate(u0, grid, 1000.0, dt=1e-4),
        "simulate_noisy": lambda: P.simulate_noisy(P.LotkaVolterra(), [6.0, 2.0], t_eval=[0.0, 1e5],
                                                   sigma=0.1, dt=1e-3, n_paths=64),
    }
    small = K.ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
    for name in sys.argv[1:]:
        print(json.dumps({"start": name}), flush=True)
        try:
            RUNS[name]()
            outcome = "finished"
        except KeyboardInterrupt as err:
            outcome = "KeyboardInterrupt: " + str(err)
        except BaseException as err:                   # noqa: BLE001 (reported to the test)
            outcome = f"{type(err).__name__}: {err}"
        stopped = time.time()
        run = K.gillespie(small, [0], t_eval=[0.0, 50.0], seed=1)      # still usable?
        again = K.gillespie(small, [0], t_eval=[0.0, 50.0], seed=1)
        print(json.dumps({"name": name, "outcome": outcome, "stopped": stopped,
                          "usable": bool(np.array_equal(run.x, again.x)) and run.x.shape == (2, 1)}),
              flush=True)
""")

NAMES = ["gillespie", "gillespie_ensemble", "tau_leap", "contact_process", "may_leonard", "kdv",
         "simulate_noisy"]


@pytest.mark.slow
def test_sigint_stops_every_long_run_within_a_second():
    env = dict(os.environ, COURSEKIT_PROGRESS="0")
    child = subprocess.Popen([sys.executable, "-c", CHILD, *NAMES], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        reports = []
        for _ in NAMES:
            started = json.loads(child.stdout.readline())
            time.sleep(1.5)          # compiled (cached) and well into the run
            sent = time.time()
            child.send_signal(signal.SIGINT)
            line = child.stdout.readline()
            assert line, child.stderr.read()
            report = json.loads(line)
            assert report["name"] == started["start"]
            report["latency"] = report["stopped"] - sent
            reports.append(report)
        assert child.wait(timeout=60) == 0, child.stderr.read()
    finally:
        child.kill()
    for report in reports:
        assert report["outcome"].startswith("KeyboardInterrupt: "), report
        assert "interrupted" in report["outcome"], report
        assert report["latency"] < 1.0, report
        assert report["usable"], report

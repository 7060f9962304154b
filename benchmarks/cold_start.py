"""Cold start per chapter: a fresh Python process runs one small call of every compiled path a
chapter uses, first with an empty Numba cache (every kernel compiles: a new installation) and
then with the cache warm (every later session). Imports are included in both.
"""

from __future__ import annotations

from benchmarks._timing import Table, first_call, machine

WORKLOADS = {
    "ch1 kinetics (SSA, ensemble, tau-leap, 5 lattice models)": (
        "import numpy as np\n"
        "from coursekit.kinetics import ReactionNetwork, gillespie, gillespie_ensemble, tau_leap\n"
        "from coursekit.kinetics import lattice as lat\n"
        "net = ReactionNetwork.parse('0 -> A @ 10; A -> 0 @ 1')\n"
        "gillespie(net, [0], t_eval=[0.0, 1.0], seed=1)\n"
        "gillespie(net, [0], t_end=1.0, seed=1)\n"
        "gillespie_ensemble(net, [0], [0.0, 1.0], 20, seed=1, progress=False)\n"
        "tau_leap(net, [0], [0.0, 1.0], dt=0.1, seed=1)\n"
        "lat.annihilation(50, [0.0, 1.0], seed=1)\n"
        "lat.contact_process(50, [0.0, 1.0], 3.0, seed=1)\n"
        "lat.lattice_lotka_volterra(8, [0.0, 1.0], seed=1)\n"
    ),
    "ch2 population (LV, period, noisy LV, Leslie, Gause fit)": (
        "from coursekit.population import LotkaVolterra, gause, leslie, period, simulate, "
        "simulate_noisy\n"
        "lv = LotkaVolterra()\n"
        "simulate(lv, [6.0, 2.0], 1.0, dt=0.01); period(lv, 0.5)\n"
        "simulate_noisy(lv, [6.0, 2.0], 0.1, sigma=0.1, seed=1)\n"
        "leslie.analyse(leslie.leslie_matrix([0.0, 1.0, 1.0], [0.5, 0.5]))\n"
        "gause.fit(model='leslie_gower')\n"
    ),
    "ch3 solitons (ETDRK4, IF-RK4, IF-DP5(4))": (
        "from coursekit import solitons as S\n"
        "x = S.periodic_grid(64, -15.0, 15.0); u0 = S.soliton(x, 0, c=4.0)\n"
        "for m in ('etdrk4', 'ifrk4', 'if-dp54'):\n"
        "    S.simulate(u0, x, 0.01, dt=1e-3, method=m)\n"
    ),
    "analysis (ordinal patterns, RQA, Lyapunov flow + map)": (
        "import numpy as np\n"
        "from coursekit import analysis as A\n"
        "from coursekit.systems import henon, lorenz\n"
        "x = np.random.default_rng(0).normal(size=1000)\n"
        "A.complexity_entropy(x, 4); A.recurrence_quantification(x[:200], 0.5)\n"
        "A.lyapunov_spectrum(lorenz(), 1.0, 0.01, transient=0.0)\n"
        "A.lyapunov_spectrum(henon(), n_steps=100)\n"
    ),
    "ch7 Koopman (DMD, EDMD with RBF, SINDy fit and simulate)": (
        "import numpy as np\n"
        "from coursekit import koopman as KP\n"
        "X = np.random.default_rng(0).normal(size=(50, 2))\n"
        "KP.DMD().fit(X); KP.EDMD(KP.RadialBasis(5, seed=1)).fit(X)\n"
        "t = np.linspace(0, 2, 101)\n"
        "KP.SINDy().fit(np.c_[np.exp(-t), np.exp(t)], dt=0.02).simulate([1.0, 1.0], 10)\n"
    ),
}


def times() -> dict[str, tuple[float, float]]:
    """``(empty cache, warm cache)`` seconds per chapter workload."""
    return {name: (first_call(code, cold=True), first_call(code, cold=False))
            for name, code in WORKLOADS.items()}


def table() -> Table:
    return Table(f"Cold start per chapter (fresh process, imports included) on {machine()}",
                 ["workload", "empty cache [s]", "cached [s]"],
                 [[name, f"{cold:.2f}", f"{warm:.2f}"] for name, (cold, warm) in times().items()])


if __name__ == "__main__":
    print(table())

"""Lotka–Volterra integration: coursekit's Numba RK4 against ``scipy.integrate.solve_ivp``.

Workload: α = γ = 1, β = 0.5, δ = 0.25 from (6, 2) to t = 100 (about 15 periods), output every
0.1. Accuracy is the largest error of the output against DOP853 at ``rtol = 1e-13``. For each
peer method the loosest ``rtol`` (in decades) that is at least as accurate as coursekit is timed,
so the comparison is at equal or better accuracy for the peer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from threadpoolctl import threadpool_limits

from benchmarks._timing import Table, best_of, first_call, machine
from coursekit.population import LotkaVolterra, simulate

LV = LotkaVolterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)
X0, T_END, DT, EVERY = (6.0, 2.0), 100.0, 0.01, 10


@dataclass(frozen=True)
class Row:
    name: str
    seconds: float
    error: float
    note: str


@dataclass(frozen=True)
class Comparison:
    rows: list[Row]
    compile_cold: float
    compile_cached: float
    machine: str

    def table(self) -> Table:
        base = self.rows[0].seconds
        return Table(f"Lotka–Volterra to t = {T_END:g} on {self.machine}; BLAS threads = 1",
                     ["method", "time [ms]", "max error", "× coursekit", "note"],
                     [[r.name, f"{1e3 * r.seconds:.3f}", f"{r.error:.1e}",
                       f"{r.seconds / base:.1f}", r.note] for r in self.rows],
                     [f"first call in a fresh process (import + compile + run): "
                      f"{self.compile_cold:.2f} s with an empty Numba cache, "
                      f"{self.compile_cached:.2f} s from the cache"])


def _rhs(_t, s, a=LV.alpha, b=LV.beta, g=LV.gamma, d=LV.delta):
    """The right-hand side as a peer user writes it for solve_ivp (plain Python floats)."""
    x, y = s
    return [a * x - b * x * y, d * x * y - g * y]


def _peer(method: str, rtol: float):
    t_eval = np.arange(0.0, T_END + 1e-9, DT * EVERY)
    sol = solve_ivp(_rhs, (0.0, T_END), X0, method=method, t_eval=t_eval,
                    rtol=rtol, atol=rtol * 1e-2)
    return sol.y.T


def compare(repeats: int = 5) -> Comparison:
    """Time coursekit and solve_ivp (RK45, DOP853) at equal accuracy; see the module docstring."""
    with threadpool_limits(1):
        ref = _peer("DOP853", 1e-13)
        t_eval = np.arange(0.0, T_END + 1e-9, DT * EVERY)
        ours = lambda: simulate(LV, X0, dt=DT, t_eval=t_eval).x  # noqa: E731
        err = float(np.max(np.abs(ours() - ref)))
        rows = [Row("coursekit RK4 (Numba), dt = 0.01", best_of(ours, repeats), err, "")]
        for method in ("RK45", "DOP853"):
            for rtol in 10.0 ** -np.arange(4, 13):
                peer_err = float(np.max(np.abs(_peer(method, rtol) - ref)))
                if peer_err <= err:
                    break
            secs = best_of(lambda m=method, r=rtol: _peer(m, r), max(1, repeats // 2))
            rows.append(Row(f"solve_ivp {method}", secs, peer_err, f"rtol = {rtol:.0e}"))
    code = ("from coursekit.population import LotkaVolterra, simulate, period\n"
            "lv = LotkaVolterra(); simulate(lv, (6.0, 2.0), 1.0, dt=0.01); period(lv, 0.5)")
    return Comparison(rows, first_call(code, cold=True), first_call(code, cold=False), machine())


if __name__ == "__main__":
    print(compare().table())

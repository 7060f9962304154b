"""Ordinal patterns and Lyapunov exponents: coursekit against ordpy and peccary.

Workload A: permutation entropy and statistical complexity of 10^6 standard normal samples,
order 5, delay 1, in one call each (coursekit ``complexity_entropy``, ordpy
``complexity_entropy``, peccary ``peccary(x, n=5).calcHC()``); the results agree to 1e-12 with
ordpy (checked here too). Workload B: the maximal Lyapunov exponent of Lorenz (t = 1000,
dt = 0.01, tangent-space RK4 with QR every 10 steps), and the full spectrum.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import ordpy
from threadpoolctl import threadpool_limits

from benchmarks._timing import Table, best_of, first_call, machine
from coursekit.analysis import complexity_entropy, lyapunov_spectrum
from coursekit.systems import lorenz


@dataclass(frozen=True)
class Result:
    n: int
    coursekit_s: float
    ordpy_s: float
    peccary_s: float | None
    max_abs_diff: float
    lyap_max_s: float
    lyap_max: float
    lyap_all_s: float
    compile_cold: float
    machine: str

    def table(self) -> Table:
        rows = [["coursekit", f"{1e3 * self.coursekit_s:.1f}", "1"],
                ["ordpy", f"{1e3 * self.ordpy_s:.1f}", f"{self.ordpy_s / self.coursekit_s:.0f}"]]
        if self.peccary_s is not None:
            rows.append(["peccary", f"{1e3 * self.peccary_s:.1f}",
                         f"{self.peccary_s / self.coursekit_s:.0f}"])
        return Table(f"Ordinal patterns, n = {self.n:.0e}, order 5, delay 1, on {self.machine}",
                     ["package", "time [ms]", "× coursekit"], rows,
                     [f"|ΔH|, |ΔC| between the packages <= {self.max_abs_diff:.1e}",
                      f"Lorenz maximal Lyapunov exponent (t = 1000, dt = 0.01): "
                      f"{self.lyap_max:.4f} in {1e3 * self.lyap_max_s:.0f} ms; full spectrum in "
                      f"{1e3 * self.lyap_all_s:.0f} ms",
                      f"first call in a fresh process with an empty Numba cache (import, "
                      f"compile, run both workloads once): {self.compile_cold:.1f} s"])


def compare(n: int = 10**6, repeats: int = 3, peccary: bool = True) -> Result:
    x = np.random.default_rng(0).normal(size=n)
    with threadpool_limits(1):
        ours = best_of(lambda: complexity_entropy(x, 5, 1), repeats)
        theirs = best_of(lambda: ordpy.complexity_entropy(x, dx=5, taux=1), max(1, repeats - 1))
        diff = float(np.max(np.abs(np.subtract(complexity_entropy(x, 5, 1),
                                               ordpy.complexity_entropy(x, dx=5, taux=1)))))
        pec = None
        if peccary:
            import peccary as pc

            t0 = time.perf_counter()
            pc.peccary(x, n=5).calcHC(1)
            pec = time.perf_counter() - t0
        lmax = best_of(lambda: lyapunov_spectrum(lorenz(), 1000.0, 0.01, k=1), repeats)
        lall = best_of(lambda: lyapunov_spectrum(lorenz(), 1000.0, 0.01), repeats)
        value = float(lyapunov_spectrum(lorenz(), 1000.0, 0.01, k=1).exponents[0])
    code = ("import numpy as np\nfrom coursekit.analysis import complexity_entropy, "
            "lyapunov_spectrum\nfrom coursekit.systems import lorenz\n"
            "complexity_entropy(np.random.default_rng(0).normal(size=1000), 5)\n"
            "lyapunov_spectrum(lorenz(), 10.0, 0.01)")
    return Result(n, ours, theirs, pec, diff, lmax, value, lall, first_call(code, cold=True),
                  machine())


if __name__ == "__main__":
    print(compare().table())

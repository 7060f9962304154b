r"""Lyapunov exponents: the full spectrum from equations, the largest one from a time series.

**From equations** (:func:`lyapunov_spectrum`; Benettin et al. 1980, Shimada and Nagashima
1979). The state and ``k`` tangent vectors are integrated together, :math:`\dot Q = J(x) Q`
(RK4 for flows; products of Jacobians for maps), and re-orthonormalised by a QR decomposition
every ``renorm`` steps; the exponents are the time averages of :math:`\ln |R_{ii}|`. Their sum
equals the average trace of the Jacobian — exactly :math:`-(\sigma + 1 + \beta)` for Lorenz.

**From a series** (:func:`lyapunov_from_series`; Rosenstein, Collins and De Luca 1993). In a
delay embedding each point's nearest neighbour (outside a Theiler window) is followed for
``k`` steps; the average log distance :math:`\langle \ln d_j(k) \rangle` grows linearly with
slope :math:`\lambda_1` until it saturates at the attractor size.

**Kaplan–Yorke dimension**: :math:`D_{KY} = j + \sum_{i \le j} \lambda_i / |\lambda_{j+1}|`,
with :math:`j` the largest index whose partial sum is non-negative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from coursekit import _systems_kernels as _k
from coursekit.analysis.embedding import delay_embed
from coursekit.systems import System


@dataclass(frozen=True)
class LyapunovSpectrum:
    """Exponents (descending, per unit time or per iteration) and their running estimates."""

    exponents: np.ndarray
    times: np.ndarray
    history: np.ndarray

    @property
    def kaplan_yorke(self) -> float:
        return kaplan_yorke(self.exponents)


def lyapunov_spectrum(system: System, t_end: float = 1000.0, dt: float = 0.01,
                      transient: float = 50.0, renorm: int = 10, k: int | None = None,
                      x0=None) -> LyapunovSpectrum:
    """The ``k`` largest Lyapunov exponents (default: all) of a flow or map of
    :mod:`coursekit.systems`. For maps ``t_end`` and ``transient`` count iterations.

    Examples
    --------
    >>> from coursekit.systems import logistic
    >>> round(float(lyapunov_spectrum(logistic(4.0), t_end=100_000).exponents[0]), 3)
    0.693
    """
    if not isinstance(system, System):
        raise ValueError(f"system must be a coursekit.systems.System; got {system!r}")
    k = system.dim if k is None else int(k)
    if not 1 <= k <= system.dim:
        raise ValueError(f"k must be between 1 and {system.dim}; got {k}")
    if t_end <= 0 or transient < 0:
        raise ValueError("t_end must be positive and transient non-negative")
    x = system._state(system.x0 if x0 is None else x0)
    p = system._p()
    if system.is_map:
        exps = _k.map_lyapunov(system.sid, x, p, int(transient), int(t_end), k)
        return LyapunovSpectrum(exps, np.array([float(t_end)]), exps[None, :])
    if dt <= 0 or int(renorm) != renorm or renorm < 1:
        raise ValueError("dt must be positive and renorm a positive integer")
    n_steps = int(round(t_end / dt))
    if n_steps < renorm:
        raise ValueError(f"t_end={t_end} holds fewer than renorm={renorm} steps of dt={dt}")
    exps, hist = _k.flow_lyapunov(system.sid, x, p, dt, int(round(transient / dt)), n_steps,
                                  int(renorm), k)
    times = np.arange(1, hist.shape[0] + 1) * renorm * dt
    return LyapunovSpectrum(exps, times, hist)


def kaplan_yorke(exponents) -> float:
    """Kaplan–Yorke (Lyapunov) dimension of a spectrum.

    Examples
    --------
    >>> kaplan_yorke([0.9056, 0.0, -14.5723])
    2.0621...
    """
    lam = np.sort(np.asarray(exponents, dtype=float))[::-1]
    partial = np.cumsum(lam)
    if partial[0] < 0:
        return 0.0
    j = int(np.nonzero(partial >= 0)[0][-1])
    if j == lam.size - 1:
        return float(lam.size)
    return float(j + 1 + partial[j] / abs(lam[j + 1]))


@dataclass(frozen=True)
class DivergenceCurve:
    """Rosenstein's mean log divergence ``log_d`` at ``steps`` and the fitted exponent."""

    steps: np.ndarray
    log_d: np.ndarray
    exponent: float
    fit_range: tuple[int, int]


def lyapunov_from_series(s, dt: float, dim: int, delay: int, max_steps: int = 200,
                         theiler: int | None = None, fit: tuple[int, int] | None = None
                         ) -> DivergenceCurve:
    """The largest Lyapunov exponent of a scalar series (Rosenstein's method).

    ``fit`` is the range of steps of the linear part (default: the first third of the steps);
    look at ``log_d`` against ``steps`` to choose it.
    """
    emb = delay_embed(s, dim, delay)
    n = emb.shape[0] - max_steps
    if n < 10:
        raise ValueError("the series is too short for this embedding and max_steps")
    theiler = (dim - 1) * delay + 1 if theiler is None else int(theiler)
    base = emb[:n]
    dist, idx = cKDTree(base).query(base, k=min(n, 2 * theiler + 3))
    rows = np.arange(n)
    ok = np.abs(idx - rows[:, None]) > theiler
    has = ok.any(axis=1)
    choice = np.argmax(ok, axis=1)
    i = rows[has]
    j = idx[has, choice[has]]
    log_d = np.empty(max_steps)
    for step in range(max_steps):
        d = np.linalg.norm(emb[i + step] - emb[j + step], axis=1)
        log_d[step] = np.mean(np.log(d[d > 0]))
    fit = (0, max_steps // 3) if fit is None else fit
    steps = np.arange(max_steps)
    a, b = fit
    slope = np.polyfit(steps[a:b] * dt, log_d[a:b], 1)[0]
    return DivergenceCurve(steps, log_d, float(slope), (a, b))

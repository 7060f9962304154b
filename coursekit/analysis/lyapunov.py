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

from coursekit import _budget, _interrupt, errors
from coursekit import _validate as V
from coursekit._results import Result
from coursekit.analysis import _kernels
from coursekit.analysis.embedding import delay_embed
from coursekit.errors import SimulationError
from coursekit.numerics import ode
from coursekit.numerics.neighbours import kdtree
from coursekit.systems import System

__all__ = ["DivergenceCurve", "LyapunovSpectrum", "kaplan_yorke", "lyapunov_from_series", "lyapunov_spectrum"]


@dataclass(frozen=True, eq=False)
class LyapunovSpectrum(Result):
    """Lyapunov exponents and their running estimates.

    Attributes
    ----------
    exponents : ndarray, shape (k,)
        The exponents, descending (per unit time for a flow, per iteration for a map).
    t : ndarray, shape (n_estimates,)
        The times of the running estimates.
    history : ndarray, shape (n_estimates, k)
        Running estimates (converging to ``exponents``).

    Examples
    --------
    >>> from coursekit.systems import henon
    >>> spec = lyapunov_spectrum(henon(), n_steps=10_000)
    >>> round(float(spec.exponents.sum()), 6)   # ln |det J| = ln 0.3
    -1.203973
    """

    exponents: np.ndarray
    t: np.ndarray
    history: np.ndarray

    @property
    def kaplan_yorke(self) -> float:
        """The Kaplan–Yorke dimension of the spectrum (:func:`kaplan_yorke`)."""
        return kaplan_yorke(self.exponents)



def lyapunov_spectrum(system: System, t_end: float | None = None, dt: float | None = None, *,
                      transient: float | None = None, renorm: int = 10, k: int | None = None,
                      x0=None, n_steps: int | None = None,
                      max_work: float | None = None,
                      max_memory: float | None = None) -> LyapunovSpectrum:
    """The ``k`` largest Lyapunov exponents of a flow or a map of :mod:`coursekit.systems`.

    Flows: RK4 on the state and its variational equations (``t_end`` and ``transient`` in
    time units, step ``dt``), Gram–Schmidt every ``renorm`` steps. Maps: ``n_steps`` iterations
    after ``transient`` discarded ones, Gram–Schmidt at every iterate. The whole spectrum is
    always propagated (the cost is small); the first ``k`` exponents are returned.

    Parameters
    ----------
    system : System
        A flow or a map.
    t_end : float, optional
        Averaging time of a flow, after the transient (default 1000). Not for maps.
    dt : float, optional
        RK4 step of a flow (default 0.01). Not for maps.
    transient : float or int, optional
        Time (flows, default 50) or a whole number of iterations (maps, default 50) discarded
        first.
    renorm : int
        Steps between re-orthonormalisations (flows).
    k : int, optional
        How many exponents (default: all).
    x0 : array_like, optional
        Initial state (default ``system.x0``).
    n_steps : int, optional
        Iterations of a map (required for maps, not allowed for flows).
    max_work : float, optional
        Ceiling on the steps (transient included) times ``dim + 1`` (the state and its tangent
        vectors), default :data:`coursekit._budget.MAX_WORK`.
    max_memory : float, optional
        Ceiling in bytes on the running averages kept for a flow, ``8 dim t_end / (renorm
        dt)`` (default 2 GiB).

    Returns
    -------
    LyapunovSpectrum

    Raises
    ------
    InputError
        For bad arguments, arguments of the other kind of system (``n_steps`` for a flow,
        ``t_end`` or ``dt`` for a map), or a run beyond ``max_work`` or ``max_memory``.
    SimulationError
        If the orbit or the tangent vectors stop being finite, or a tangent vector collapses
        (a singular Jacobian on the orbit, such as the logistic map's critical point): ``err.t``
        is the time.
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> from coursekit.systems import logistic
    >>> round(float(lyapunov_spectrum(logistic(4.0), n_steps=100_000).exponents[0]), 3)
    0.693
    """
    V.instance("system", system, System, "a coursekit.systems.System (e.g. lorenz())")
    k = system.dim if k is None else V.integer("k", k, minimum=1, maximum=system.dim)
    x = system.state(x0)
    if system.is_map:
        for name, value in (("t_end", t_end), ("dt", dt)):
            if value is not None:
                raise V.fail(name, "None for a map (give n_steps, the number of iterations)",
                             value)
        if n_steps is None:
            raise V.fail("n_steps", "the number of iterations of the map", n_steps)
        n_steps = V.integer("n_steps", n_steps, minimum=1)
        transient = V.integer("transient", 50 if transient is None else transient, minimum=0)
        _budget.check("lyapunov_spectrum", work=(float(n_steps) + transient) * (system.dim + 1),
                      unit="iterations of the state and tangent vectors", per_second=5e7,
                      max_work=max_work, fix="use fewer iterations")
        status, t, sums = _interrupt.call("lyapunov_spectrum",
                                          _kernels.MAP_SPECTRUM[system.kernel_id], x, system.p,
                                          transient, n_steps, system.dim,
                                          work=float(n_steps) + transient)
        _check(system, status, t, "iteration")
        exps = sums / n_steps
        return LyapunovSpectrum(exps[:k], np.array([float(n_steps)]), exps[None, :k],
                                method="products of Jacobians, Gram–Schmidt every iterate",
                                stats={"n_steps": n_steps, "transient": transient})
    if n_steps is not None:
        raise V.fail("n_steps", "None for a flow (give t_end and dt)", n_steps)
    t_end = V.positive("t_end", 1000.0 if t_end is None else t_end)
    dt = V.positive("dt", 0.01 if dt is None else dt)
    transient = V.nonnegative("transient", 50.0 if transient is None else transient)
    renorm = V.integer("renorm", renorm, minimum=1)
    _budget.check("lyapunov_spectrum", work=(t_end + transient) / dt * (system.dim + 1),
                  unit="RK4 steps of the state and tangent vectors", per_second=3e7,
                  memory=8.0 * system.dim * t_end / (renorm * dt), max_work=max_work,
                  max_memory=max_memory, fix="use a shorter t_end, a longer dt or renorm")
    n_total = int(round(t_end / dt))
    if n_total < renorm:
        raise V.fail("t_end", f"at least renorm * dt = {renorm * dt:g}", t_end)
    history = np.empty((n_total // renorm, system.dim))
    status, t, _ = _interrupt.call("lyapunov_spectrum", _kernels.FLOW_SPECTRUM[system.kernel_id],
                                   x, system.p, dt, int(round(transient / dt)), renorm, history,
                                   work=(t_end + transient) / dt)
    _check(system, status, t, "time")
    times = np.arange(1, history.shape[0] + 1) * renorm * dt
    return LyapunovSpectrum(history[-1, :k].copy(), times, history[:, :k],
                            method="RK4 variational equations, Gram–Schmidt (Benettin)",
                            stats={"dt": dt, "renorm": renorm, "transient": transient})


def _check(system: System, status: int, t: float, when: str) -> None:
    where = f"iteration {int(t)}" if when == "iteration" else f"t = {t:.6g}"
    if status == ode.SINGULAR:
        raise SimulationError(f"{system.name}: a tangent vector collapsed at {where} (the "
                              "Jacobian is singular on this orbit, e.g. at a map's critical "
                              "point): an exponent is -inf; start elsewhere", t=t,
                              cause=errors.SINGULAR)
    if status != ode.OK:
        raise SimulationError(f"{system.name}: the orbit or its tangent vectors stopped being "
                              f"finite at {where}; "
                              + ("start on the attractor (inside the basin)" if when == "iteration"
                                 else "reduce dt or start on the attractor"),
                              t=t, cause=errors.NON_FINITE)


def kaplan_yorke(exponents) -> float:
    """Kaplan–Yorke (Lyapunov) dimension of a spectrum.

    Parameters
    ----------
    exponents : array_like
        Lyapunov exponents (any order).

    Returns
    -------
    float
        ``j + sum_{i<=j} lambda_i / |lambda_{j+1}|`` with ``j`` the largest index whose partial
        sum is non-negative; 0 if the largest exponent is negative.

    Raises
    ------
    InputError
        For an empty or non-finite spectrum.

    Examples
    --------
    >>> kaplan_yorke([0.9056, 0.0, -14.5723])
    2.0621...
    """
    lam = np.sort(V.array("exponents", exponents, ndim=1, min_size=1))[::-1]
    partial = np.cumsum(lam)
    if partial[0] < 0:
        return 0.0
    j = int(np.nonzero(partial >= 0)[0][-1])
    if j == lam.size - 1:
        return float(lam.size)
    return float(j + 1 + partial[j] / abs(lam[j + 1]))


@dataclass(frozen=True, eq=False)
class DivergenceCurve(Result):
    """Rosenstein's mean log divergence and the fitted exponent.

    Attributes
    ----------
    steps : ndarray of int
        Steps ahead, ``0 .. max_steps - 1``.
    log_d : ndarray
        Mean log distance of initially nearest neighbours after each step.
    exponent : float
        Slope of ``log_d`` against time over ``fit_range``.
    fit_range : (int, int)
        The steps of the linear fit.

    Examples
    --------
    >>> from coursekit.systems import lorenz, simulate
    >>> s = simulate(lorenz(), t_end=100.0, dt=0.01, transient=20.0).x[:, 0]
    >>> lyapunov_from_series(s, dt=0.01, dim=3, delay=10, max_steps=100).steps.shape
    (100,)
    """

    steps: np.ndarray
    log_d: np.ndarray
    exponent: float
    fit_range: tuple[int, int]


def lyapunov_from_series(s, dt: float, dim: int, delay: int, max_steps: int = 200,
                         theiler: int | None = None, fit: tuple[int, int] | None = None
                         ) -> DivergenceCurve:
    """The largest Lyapunov exponent of a scalar series (Rosenstein's method).

    Parameters
    ----------
    s : array_like, shape (n,)
        The series, sampled every ``dt``.
    dt : float
        Sampling interval, ``> 0``.
    dim, delay : int
        Embedding dimension and delay (samples).
    max_steps : int
        How far to follow each pair, ``>= 2``.
    theiler : int, optional
        Neighbours closer in time are excluded (default ``(dim - 1) delay + 1``).
    fit : (int, int), optional
        Steps of the linear part (default: the first third); look at ``log_d`` against
        ``steps`` to choose it.

    Returns
    -------
    DivergenceCurve

    Raises
    ------
    InputError
        For bad arguments or a series too short for the embedding and ``max_steps``.

    Examples
    --------
    >>> from coursekit.systems import lorenz, simulate
    >>> s = simulate(lorenz(), t_end=250.0, dt=0.01, transient=20.0).x[:, 0]
    >>> curve = lyapunov_from_series(s, dt=0.01, dim=3, delay=10, fit=(60, 180))
    >>> bool(0.75 < curve.exponent < 1.05)   # lambda_1 = 0.906 (Sprott)
    True
    """
    dt = V.positive("dt", dt)
    max_steps = V.integer("max_steps", max_steps, minimum=2)
    emb = delay_embed(s, dim, delay)
    n = emb.shape[0] - max_steps
    if n < 10:
        raise V.fail("s", "long enough for the embedding plus max_steps (at least 10 pairs)",
                     f"{len(s)} values")
    theiler = (dim - 1) * delay + 1 if theiler is None else V.integer("theiler", theiler,
                                                                      minimum=0)
    if fit is None:
        a, b = 0, max_steps // 3
    else:
        pair = V.array("fit", fit, shape=(2,), dtype=int)
        a, b = int(pair[0]), int(pair[1])
    if not 0 <= a < b - 1 or b > max_steps:
        raise V.fail("fit", f"a pair (first, last) of steps, at least 2 apart, within "
                            f"0..{max_steps}", fit)
    base = emb[:n]
    dist, idx = kdtree(base).query(base, k=min(n, 2 * theiler + 3))
    rows = np.arange(n)
    ok = np.abs(idx - rows[:, None]) > theiler
    has = ok.any(axis=1)
    choice = np.argmax(ok, axis=1)
    i = rows[has]
    j = idx[has, choice[has]]
    if i.size == 0:
        raise V.fail("theiler", "small enough to leave neighbours outside the Theiler window",
                     theiler)
    log_d = np.empty(max_steps)
    for step in range(max_steps):
        d = np.linalg.norm(emb[i + step] - emb[j + step], axis=1)
        log_d[step] = np.mean(np.log(d[d > 0]))
    steps = np.arange(max_steps)
    slope = np.polyfit(steps[a:b] * dt, log_d[a:b], 1)[0]
    return DivergenceCurve(steps, log_d, float(slope), (a, b), method="Rosenstein et al. 1993",
                           stats={"pairs": int(i.size), "theiler": theiler})

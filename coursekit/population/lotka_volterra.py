r"""Lotka–Volterra models: classic predator–prey and two-species competition.

Classic predator–prey, in the normalisation used throughout the course (all rates > 0),

.. math::

    \dot x = \alpha x - \beta x y, \qquad \dot y = \delta x y - \gamma y,

with prey ``x`` and predators ``y`` (densities, dimensionless or in any consistent unit) has the
conserved quantity

.. math::

    H(x, y) = \delta x - \gamma \ln x + \beta y - \alpha \ln y ,

equilibria ``(0, 0)`` (a saddle) and ``(x*, y*) = (gamma/delta, alpha/beta)`` (a centre), and
closed orbits whose period tends to ``2 pi / sqrt(alpha gamma)`` as the amplitude goes to zero
[Lotka 1925; Volterra 1926; Strogatz, *Nonlinear Dynamics and Chaos*, sect. 6.4].

Competitive Lotka–Volterra,

.. math::

    \dot x = r_1 x \left(1 - \frac{x + a_{12} y}{K_1}\right), \qquad
    \dot y = r_2 y \left(1 - \frac{y + a_{21} x}{K_2}\right),

has up to four equilibria; which is stable decides coexistence, exclusion or bistability.

Both fields are those of :mod:`coursekit.systems` (written once, in
:mod:`coursekit.systems.compiled`). Time integration is the classical fourth-order Runge–Kutta
method with a fixed step, compiled with Numba (``method="rk4"``), or SciPy's ``solve_ivp`` with
DOP853 at ``rtol=1e-10`` (``method="scipy"``). Arrays are time first: ``x`` has shape
``(n_times, 2)``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, NamedTuple

import numpy as np

from coursekit import _budget, _interrupt, _random, errors
from coursekit import _validate as V
from coursekit._results import Ensemble, Result, Trajectory, owned
from coursekit.errors import SimulationError
from coursekit.numerics import ode
from coursekit.population import _kernels
from coursekit.systems import System, competitive_lotka_volterra, lotka_volterra
from coursekit.systems import simulate as _simulate_system

__all__ = [
    "LotkaVolterra",
    "CompetitiveLotkaVolterra",
    "Stability",
    "Classification",
    "simulate",
    "simulate_noisy",
    "period",
    "classify_equilibrium",
]


class Classification(NamedTuple):
    """The eigenvalues of a planar equilibrium's Jacobian and its type.

    Attributes
    ----------
    eigenvalues : ndarray, shape (2,)
        Eigenvalues of the Jacobian.
    kind : str
        The type (see :func:`classify_equilibrium`).

    Examples
    --------
    >>> classify_equilibrium(np.diag([-1.0, -2.0])).kind
    'stable node'
    """

    eigenvalues: np.ndarray
    kind: str


@dataclass(frozen=True, eq=False)
class Stability(Result):
    """Linear stability of an equilibrium.

    Attributes
    ----------
    point : ndarray, shape (2,)
        The equilibrium.
    eigenvalues : ndarray, shape (2,)
        Eigenvalues of the Jacobian there.
    kind : str
        Its type (see :func:`classify_equilibrium`).

    Examples
    --------
    >>> [s.kind for s in LotkaVolterra().stability()]
    ['saddle', 'centre']
    """

    point: np.ndarray
    eigenvalues: np.ndarray
    kind: str

    @property
    def stable(self) -> bool:
        """True if every eigenvalue has a negative real part (asymptotic stability)."""
        return bool(np.all(self.eigenvalues.real < 0))


def classify_equilibrium(jacobian, tol: float = 1e-12) -> Classification:
    """Eigenvalues and type of a planar equilibrium from its 2×2 Jacobian.

    Parameters
    ----------
    jacobian : array_like, shape (2, 2)
        The Jacobian at the equilibrium.
    tol : float
        Relative tolerance for "zero" real or imaginary parts.

    Returns
    -------
    Classification
        ``(eigenvalues, kind)`` with ``kind`` one of ``"saddle"``, ``"stable node"``,
        ``"unstable node"``, ``"stable focus"``, ``"unstable focus"``, ``"centre"`` (a purely
        imaginary pair: linearly neutral, the nonlinear terms decide) or ``"degenerate"`` (a
        zero eigenvalue).

    Raises
    ------
    InputError
        If the Jacobian is not a finite 2×2 array.

    Examples
    --------
    >>> classify_equilibrium(np.array([[0.0, 1.0], [-1.0, 0.0]])).kind
    'centre'
    >>> classify_equilibrium(np.diag([-1.0, 2.0])).kind
    'saddle'
    """
    jacobian = V.array("jacobian", jacobian, shape=(2, 2))
    tol = V.nonnegative("tol", tol)
    eig = np.linalg.eigvals(jacobian)
    scale = max(1.0, float(np.max(np.abs(eig))))
    re, im = eig.real, eig.imag
    if np.any(np.abs(eig) <= tol * scale):
        kind = "degenerate"
    elif np.all(np.abs(im) > tol * scale):
        if np.all(np.abs(re) <= tol * scale):
            kind = "centre"
        else:
            kind = "stable focus" if re[0] < 0 else "unstable focus"
    elif re[0] * re[1] < 0:
        kind = "saddle"
    else:
        kind = "stable node" if re[0] < 0 else "unstable node"
    return Classification(eig, kind)


class _Model:
    """What the two models share: the system, the vector field, stability."""

    labels: ClassVar[tuple[str, str]]

    @property
    def system(self) -> System:
        """The model as a :class:`coursekit.systems.System` (the field is written there)."""
        raise NotImplementedError

    def _max_rate(self) -> float:
        raise NotImplementedError

    def rhs(self, x) -> np.ndarray:
        """The vector field at ``x``, vectorised over leading axes.

        Parameters
        ----------
        x : array_like, shape (..., 2)
            States.

        Returns
        -------
        ndarray, shape (..., 2)

        Raises
        ------
        InputError
            If the last axis is not of length 2.

        Examples
        --------
        >>> LotkaVolterra().rhs([6.0, 2.0])
        array([0., 1.])
        """
        return self.system.rhs(x)

    def jacobian(self, x) -> np.ndarray:
        """The 2×2 Jacobian of the vector field at one state ``x``.

        Parameters
        ----------
        x : array_like, shape (2,)

        Returns
        -------
        ndarray, shape (2, 2)

        Raises
        ------
        InputError
            For a malformed state.

        Examples
        --------
        >>> LotkaVolterra().jacobian([4.0, 2.0])
        array([[ 0. , -2. ],
               [ 0.5,  0. ]])
        """
        return self.system.jacobian(x)

    def equilibria(self) -> np.ndarray:
        """All equilibria with non-negative coordinates, shape ``(n, 2)``."""
        raise NotImplementedError

    def stability(self) -> list[Stability]:
        """Linear stability of every equilibrium in :meth:`equilibria`.

        Returns
        -------
        list of Stability

        Examples
        --------
        >>> [s.stable for s in CompetitiveLotkaVolterra().stability()]
        [False, False, False, True]
        """
        result = []
        for point in self.equilibria():
            eig, kind = classify_equilibrium(self.jacobian(point))
            result.append(Stability(point=point, eigenvalues=eig, kind=kind))
        return result


@dataclass(frozen=True)
class LotkaVolterra(_Model):
    """Classic predator–prey rates: ``x' = alpha x - beta x y``, ``y' = delta x y - gamma y``.

    Parameters
    ----------
    alpha : float
        Prey growth rate (1/time).
    beta : float
        Predation rate (1/(time·density)).
    gamma : float
        Predator death rate (1/time).
    delta : float
        Predator growth per prey eaten (1/(time·density)).

    Raises
    ------
    InputError
        If a rate is not positive and finite.

    Examples
    --------
    >>> lv = LotkaVolterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)
    >>> lv.equilibria()
    array([[0., 0.],
           [4., 2.]])
    >>> [s.kind for s in lv.stability()]
    ['saddle', 'centre']
    >>> round(lv.small_amplitude_period, 6)
    6.283185
    """

    alpha: float = 1.0
    beta: float = 0.5
    gamma: float = 1.0
    delta: float = 0.25
    labels: ClassVar[tuple[str, str]] = ("prey", "predator")

    def __post_init__(self):
        for name in ("alpha", "beta", "gamma", "delta"):
            object.__setattr__(self, name, V.positive(name, getattr(self, name)))

    @cached_property
    def system(self) -> System:
        """This model as :func:`coursekit.systems.lotka_volterra`."""
        return lotka_volterra(self.alpha, self.beta, self.gamma, self.delta)

    def _max_rate(self) -> float:
        return max(self.alpha, self.gamma)

    @property
    def coexistence(self) -> np.ndarray:
        """The interior equilibrium ``(gamma/delta, alpha/beta)``."""
        return np.array([self.gamma / self.delta, self.alpha / self.beta])

    @property
    def small_amplitude_period(self) -> float:
        """``2 pi / sqrt(alpha gamma)``: the period of the linearised oscillation at the centre."""
        return float(2 * np.pi / np.sqrt(self.alpha * self.gamma))

    def equilibria(self) -> np.ndarray:
        """The equilibria ``(0, 0)`` and :attr:`coexistence`, shape ``(2, 2)``.

        Returns
        -------
        ndarray, shape (2, 2)

        Examples
        --------
        >>> LotkaVolterra(1.0, 1.0, 2.0, 1.0).equilibria()[1]
        array([2., 1.])
        """
        return np.array([[0.0, 0.0], self.coexistence])

    def conserved_quantity(self, x) -> np.ndarray:
        """``H = delta x - gamma ln x + beta y - alpha ln y``, constant along every orbit.

        ``H`` is smallest at the coexistence equilibrium, so its level sets are the closed
        orbits.

        Parameters
        ----------
        x : array_like, shape (..., 2)
            Positive states.

        Returns
        -------
        ndarray, shape (...)

        Raises
        ------
        InputError
            For a malformed state or a non-positive population.

        Examples
        --------
        >>> lv = LotkaVolterra()
        >>> round(float(lv.conserved_quantity([4.0, 2.0])), 6)   # 2 - ln 8, the minimum
        -0.079442
        """
        x = V.array("x", x)
        if x.shape[-1:] != (2,):
            raise V.fail("x", "an array with a last axis of length 2 (x, y)", x.shape)
        a, b = x[..., 0], x[..., 1]
        if np.any(a <= 0) or np.any(b <= 0):
            raise V.fail("x", "positive (H involves ln x and ln y)", x.tolist())
        return self.delta * a - self.gamma * np.log(a) + self.beta * b - self.alpha * np.log(b)


@dataclass(frozen=True)
class CompetitiveLotkaVolterra(_Model):
    """Two competitors: ``x' = r1 x (1 - (x + a12 y)/K1)``, ``y' = r2 y (1 - (y + a21 x)/K2)``.

    Parameters
    ----------
    r1, r2 : float
        Growth rates (1/time), ``> 0``.
    K1, K2 : float
        Carrying capacities (density), ``> 0``.
    a12, a21 : float
        Competition coefficients (dimensionless, ``>= 0``: the effect of one individual of the
        other species relative to one of the own species).

    Raises
    ------
    InputError
        For a bad parameter.

    Examples
    --------
    >>> clv = CompetitiveLotkaVolterra(r1=1, r2=1, K1=1, K2=1, a12=0.5, a21=0.5)
    >>> clv.outcome()
    'coexistence'
    >>> CompetitiveLotkaVolterra(a12=2.0, a21=2.0).outcome()
    'bistability'
    """

    r1: float = 1.0
    r2: float = 1.0
    K1: float = 1.0
    K2: float = 1.0
    a12: float = 0.5
    a21: float = 0.5
    labels: ClassVar[tuple[str, str]] = ("x", "y")

    def __post_init__(self):
        values = self.system.params      # validates every parameter
        for name, value in zip(self.system.param_names, values, strict=True):
            object.__setattr__(self, name, value)

    @cached_property
    def system(self) -> System:
        """This model as :func:`coursekit.systems.competitive_lotka_volterra`."""
        return competitive_lotka_volterra(self.r1, self.r2, self.K1, self.K2, self.a12,
                                          self.a21)

    def _max_rate(self) -> float:
        return max(self.r1, self.r2)

    def equilibria(self) -> np.ndarray:
        """The origin, the two single-species states and, if positive, the interior one.

        Returns
        -------
        ndarray, shape (3, 2) or (4, 2)

        Examples
        --------
        >>> CompetitiveLotkaVolterra(a12=2.0, a21=0.1).equilibria().shape   # no interior point
        (3, 2)
        """
        points = [[0.0, 0.0], [self.K1, 0.0], [0.0, self.K2]]
        det = 1.0 - self.a12 * self.a21
        if abs(det) > 1e-12:
            xs = (self.K1 - self.a12 * self.K2) / det
            ys = (self.K2 - self.a21 * self.K1) / det
            if xs > 0 and ys > 0:
                points.append([xs, ys])
        return np.array(points)

    def outcome(self) -> str:
        """The long-run outcome, from the stability of the equilibria.

        Returns
        -------
        str
            ``"coexistence"``, ``"x wins"``, ``"y wins"``, ``"bistability"`` or
            ``"degenerate"`` (a boundary case with no asymptotically stable equilibrium).

        Examples
        --------
        >>> CompetitiveLotkaVolterra(a12=0.6, a21=1.4).outcome()
        'x wins'
        """
        stable = [s.point for s in self.stability() if s.stable]
        interior = [p for p in stable if p[0] > 0 and p[1] > 0]
        if interior:
            return "coexistence"
        if len(stable) == 2:
            return "bistability"
        if len(stable) == 1:
            return "x wins" if stable[0][0] > 0 else "y wins"
        return "degenerate"


def _model(model, cls=_Model, what="a LotkaVolterra or CompetitiveLotkaVolterra"):
    return V.instance("model", model, cls, what)


def _step_limit(model: _Model, dt: float, method: str) -> float:
    limit = 1.0 / model._max_rate()
    if dt > limit:
        raise V.fail("dt", f"at most 1 / max rate = {limit:.3g} for {method} on these rates "
                           f"(use dt = {limit / 20:.2g} for accurate orbits)", dt)
    return dt


def simulate(model, x0, t_end: float | None = None, *, dt: float = 0.01, t_eval=None,
             method: str = "rk4", max_work: float | None = None,
             max_memory: float | None = None) -> Trajectory:
    """Integrate a Lotka–Volterra model from ``x0`` at ``t = 0``.

    Parameters
    ----------
    model : LotkaVolterra or CompetitiveLotkaVolterra
    x0 : array_like, shape (2,)
        Initial densities ``(x, y)``, non-negative.
    t_end : float, optional
        Final time (recording every step); or give ``t_eval``.
    dt : float
        Largest step of the fixed-step RK4 scheme (global error O(dt^4));
        ``dt * max(rate) <= 1`` is required. For ``method="scipy"`` only the spacing of the
        default recording times.
    t_eval : array_like, optional
        Recording times (see :func:`coursekit.systems.simulate`).
    method : {"rk4", "scipy"}
        ``"rk4"``: Numba-compiled classical RK4. ``"scipy"``: ``solve_ivp`` (DOP853,
        ``rtol=1e-10``, ``atol=1e-12``), the reference used in the validation box.
    max_work : float, optional
        Ceiling on the RK4 steps (for ``"scipy"``, the recording times plus about 100 steps
        per unit of time and of the fastest rate), default :data:`coursekit._budget.MAX_WORK`.
    max_memory : float, optional
        Ceiling in bytes on the recorded states (default 2 GiB).

    Returns
    -------
    Trajectory
        ``t`` with shape ``(n_times,)``, ``x`` with shape ``(n_times, 2)``, ``labels``;
        ``stats["dt"]`` is the longest step used.

    Raises
    ------
    InputError
        For non-positive times, a negative or malformed ``x0``, a too-long step, or a run
        beyond ``max_work`` or ``max_memory``.
    SimulationError
        If the solution becomes non-finite or negative (``err.t`` is the time).

    Examples
    --------
    >>> lv = LotkaVolterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)
    >>> traj = simulate(lv, [6.0, 2.0], t_end=10.0, dt=0.01)
    >>> traj.x.shape
    (1001, 2)
    >>> H = lv.conserved_quantity(traj.x)
    >>> bool(abs(H[-1] - H[0]) < 1e-8)
    True
    """
    _model(model)
    method = V.choice("method", method, ("rk4", "scipy"))
    dt = V.positive("dt", dt)
    system = model.system
    if method == "rk4":          # the system validates x0 and the times, and has our labels
        _step_limit(model, dt, "RK4")
        return _simulate_system(system, x0, t_end, dt=dt, t_eval=t_eval, max_work=max_work,
                                max_memory=max_memory)
    x0 = system.state(x0)
    t_end, t_eval_given = V.run_times(t_end, t_eval)
    n_times = t_eval_given.size if t_eval_given is not None else t_end / dt + 1
    t_last = t_eval_given[-1] if t_eval_given is not None else t_end
    _budget.check("simulate (scipy)", work=n_times + 100 * t_last * model._max_rate(),
                  unit="solver steps and recording times (about 100 DOP853 steps per unit of "
                       "the fastest rate)", per_second=1e4, memory=16.0 * n_times,
                  max_work=max_work, max_memory=max_memory,
                  fix="a shorter run or fewer recording times")
    from scipy.integrate import solve_ivp  # here: it doubles the import time

    t = t_eval_given if t_eval_given is not None else \
        np.linspace(0.0, t_end, max(int(np.ceil(t_end / dt - 1e-9)), 1) + 1)
    sol = solve_ivp(lambda _t, s: model.rhs(s), (0.0, t[-1]), x0, method="DOP853", t_eval=t,
                    rtol=1e-10, atol=1e-12)
    if not sol.success:
        raise SimulationError(f"solve_ivp failed: {sol.message}", t=float(sol.t[-1]),
                              cause=errors.SOLVER_FAILURE)
    y = sol.y.T.copy()
    infinite = ~np.all(np.isfinite(y), axis=1)
    if np.any(infinite):
        t_bad = float(sol.t[np.argmax(infinite)])
        raise SimulationError(f"the DOP853 solution became non-finite at t = {t_bad:.6g}",
                              t=t_bad, cause=errors.NON_FINITE)
    # a species dying out is approached from above; DOP853 may undershoot zero by about its
    # tolerance (~1e-11): that is rounding, clipped to 0. A real sign change is an error.
    slack = 1e-8 * max(1.0, float(np.max(np.abs(y))))
    negative = np.any(y < -slack, axis=1)
    if np.any(negative):
        t_bad = float(sol.t[np.argmax(negative)])
        raise SimulationError(f"the DOP853 solution left the non-negative quadrant at "
                              f"t = {t_bad:.6g}", t=t_bad, cause=errors.BELOW_BOUND)
    np.maximum(y, 0.0, out=y)
    return Trajectory(t=t, x=y, labels=model.labels, method="scipy DOP853",
                      stats={"nfev": int(sol.nfev), "rtol": 1e-10, "atol": 1e-12})


def period(model: LotkaVolterra, amplitude, dt: float | None = None, *,
           max_work: float | None = None) -> float | np.ndarray:
    """Period of the LV orbit through ``(x*(1 + amplitude), y*)``.

    The orbit is integrated with RK4 until it returns to the section ``y = y*`` (crossed
    upwards, ``x > x*``); the crossing time is refined by a secant iteration on a partial RK4
    step, so the error is O(dt^4). As ``amplitude -> 0`` the period tends to
    ``2 pi / sqrt(alpha gamma)`` (:attr:`LotkaVolterra.small_amplitude_period`); it grows without
    bound as the orbit approaches the axes.

    Parameters
    ----------
    model : LotkaVolterra
    amplitude : float or array_like
        Relative displacement of the prey from ``x*``; must be > 0.
    dt : float, optional
        RK4 step; default ``small_amplitude_period / 2000``.
    max_work : float, optional
        Ceiling on the RK4 steps of the search, ``200 T0 / dt`` per amplitude at most
        (default :data:`coursekit._budget.MAX_WORK`).

    Returns
    -------
    float or ndarray
        The period(s), shaped like ``amplitude``.

    Raises
    ------
    InputError
        For a competitive model, a non-positive amplitude, a too coarse step, or a search
        beyond ``max_work``.
    SimulationError
        If the orbit does not return within 200 small-amplitude periods.

    Examples
    --------
    >>> lv = LotkaVolterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)
    >>> round(float(period(lv, 1e-3)), 5)
    6.28319
    >>> bool(period(lv, 2.0) > period(lv, 0.5))
    True
    """
    _model(model, LotkaVolterra, "a LotkaVolterra model (competition has no cycles)")
    amp = V.array("amplitude", amplitude)
    if np.any(amp <= 0):
        raise V.fail("amplitude", "positive", amplitude)
    T0 = model.small_amplitude_period
    dt = T0 / 2000 if dt is None else V.positive("dt", dt)
    if dt > T0 / 20:
        raise V.fail("dt", f"at most T0 / 20 = {T0 / 20:.3g} for a period near {T0:.3g}", dt)
    max_steps = int(200 * T0 / dt)
    _budget.check("period", work=float(amp.size) * max_steps, unit="RK4 steps", per_second=3e7,
                  max_work=max_work, fix=f"use a longer dt (the search may take 200 T0 / dt = "
                                         f"{max_steps:.2g} steps per amplitude)")
    p = model.system.p
    xstar = model.coexistence[0]
    result = np.empty(amp.shape)
    for i, a in np.ndenumerate(amp):
        T = _interrupt.call("period", _kernels.lv_first_return, xstar * (1.0 + a), p, dt,
                            max_steps, work=float(max_steps) / 100)
        if not np.isfinite(T):
            raise SimulationError(
                f"the orbit of amplitude {a} did not return within {200 * T0:.3g} time units: "
                "it passes too close to the axes; use a smaller amplitude", t=200 * T0,
                cause=errors.NO_RETURN)
        result[i] = T
    return float(result) if result.ndim == 0 else result


def simulate_noisy(model: LotkaVolterra, x0, t_end: float | None = None, *, sigma: float,
                   dt: float = 1e-3, t_eval=None, n_paths: int = 1, seed=None,
                   max_work: float | None = None, max_memory: float | None = None) -> Ensemble:
    r"""Lotka–Volterra with environmental (multiplicative) noise, an ensemble of paths.

    Solves, in the Stratonovich sense,

    .. math::

        dx = (\alpha x - \beta x y)\,dt + \sigma x \circ dW_1, \qquad
        dy = (\delta x y - \gamma y)\,dt + \sigma y \circ dW_2,

    by Euler–Maruyama in ``ln x, ln y``: there the noise is additive, so positivity is exact,
    the Itô and Stratonovich forms agree, and Euler–Maruyama has strong order 1 (weak order 1)
    (Kloeden and Platen 1992, sect. 10.2). By Itô's formula the conserved quantity now
    drifts, on average ``d E[H]/dt = sigma^2 E[delta x + beta y] / 2``, which over whole cycles
    is ``sigma^2 (alpha + gamma) / 2``: noise pushes the population onto ever larger cycles.

    Parameters
    ----------
    model : LotkaVolterra
    x0 : array_like, shape (2,), positive
    t_end : float, optional
        Duration (recording every step), or give ``t_eval``.
    sigma : float
        Noise intensity (1/sqrt(time)), ``>= 0``.
    dt : float
        Largest Euler–Maruyama step (strong and weak order 1 for this additive noise);
        ``dt * max(rate) <= 1`` is required, and so is coursekit's accuracy rule
        ``sigma**2 * dt <= 0.1``: the noise is sampled exactly in ``ln x``, but a kick of
        ``sigma sqrt(dt)`` changes ``x`` by a factor ``exp(sigma sqrt(dt))`` within one step
        of the drift, which the rule keeps below about 1.37.
    t_eval : array_like, optional
        Recording times.
    n_paths : int
        Number of independent paths.
    seed : int, SeedSequence, Generator or None
        The same seed gives bit-identical paths, however they are computed: paths are grouped
        in blocks of :data:`coursekit._random.BLOCK`, each block drawing from its own stream
        spawned from ``seed``, as for every ensemble.
    max_work : float, optional
        Ceiling on ``n_paths * n_steps`` (default :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the results, ``16 * n_times * n_paths`` (default 2 GiB).

    Returns
    -------
    Ensemble
        ``x`` has shape ``(n_times, n_paths, 2)``.

    Raises
    ------
    InputError
        For bad arguments (a non-positive ``x0``, a negative ``sigma``, a step too long for
        the noise, a run beyond ``max_work`` or ``max_memory``, ...).
    SimulationError
        If ``ln x`` itself stops being finite (cause ``"non-finite"``).
    KeyboardInterrupt
        When the user interrupts the run: every path stops at once.

    Warns
    -----
    UserWarning
        When paths leave the floating-point range of ``x`` (``ln x`` below about -745 or
        above 709: numbers of individuals far below one, or beyond any population): ``x`` is
        then recorded as 0 or ``inf`` while the scheme carries on in ``ln x``; their number is
        in ``stats["n_out_of_range"]``.

    Examples
    --------
    >>> lv = LotkaVolterra()
    >>> a = simulate_noisy(lv, [6.0, 2.0], 1.0, sigma=0.1, dt=0.01, n_paths=3, seed=7)
    >>> b = simulate_noisy(lv, [6.0, 2.0], 1.0, sigma=0.1, dt=0.01, n_paths=3, seed=7)
    >>> a.x.shape, bool(np.array_equal(a.x, b.x))
    ((101, 3, 2), True)
    """
    _model(model, LotkaVolterra, "a LotkaVolterra model")
    x0 = V.array("x0", x0, shape=(2,))
    if np.any(x0 <= 0):
        raise V.fail("x0", "positive (the scheme works with ln x and ln y)", x0.tolist())
    t_end, t_eval = V.run_times(t_end, t_eval)
    dt = _step_limit(model, V.positive("dt", dt), "Euler-Maruyama")
    sigma = V.nonnegative("sigma", sigma)
    if sigma**2 * dt > 0.1:
        raise V.fail("dt", f"at most 0.1 / sigma**2 = {0.1 / sigma**2:.3g} for noise sigma = "
                           f"{sigma:g} (coursekit's accuracy rule: the noise kick sigma sqrt(dt) "
                           "in ln x stays below about 0.3 per step of the drift)", dt)
    n_paths = V.integer("n_paths", n_paths, minimum=1)
    n_steps = (t_end if t_eval is None else t_eval[-1]) / dt
    n_times = n_steps + 1 if t_eval is None else t_eval.size
    _budget.check("simulate_noisy", work=n_paths * n_steps, unit="steps", per_second=2e7,
                  memory=16.0 * n_times * n_paths, max_work=max_work, max_memory=max_memory,
                  fix="use fewer paths, fewer recording times or a shorter run")
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, max(int(np.ceil(t_end / dt - 1e-9)), 1) + 1)
    out = np.empty((t_eval.size, n_paths, 2))
    status = np.full(n_paths, ode.OK, dtype=np.int64)
    reached = np.empty(n_paths)
    p = np.append(model.system.p, sigma)
    def work(start, stop, rng, halt):
        _kernels.lv_noisy(x0, p, t_eval, dt, start, stop, rng, out, status, reached, halt)
        if np.any(status[start:stop] == ode.NOT_FINITE):
            halt[0] = 1            # one failed path fails the ensemble: the others stop now

    _random.run_blocks(work, n_paths, seed, what="simulate_noisy")
    if np.any(status == ode.NOT_FINITE):
        k = int(np.argmax(status == ode.NOT_FINITE))
        raise SimulationError(f"path {k} stopped being finite at t = {reached[k]:.6g}; reduce "
                              f"dt={dt:g}", t=float(reached[k]), cause=errors.NON_FINITE)
    lost = np.any((out == 0.0) | np.isinf(out), axis=2)        # (n_times, n_paths)
    gone = np.any(lost, axis=0)
    if np.any(gone):
        first = int(np.argmax(np.any(lost, axis=1)))
        warnings.warn(f"{int(gone.sum())} of {n_paths} paths left the floating-point range of "
                      f"x (from t = {t_eval[first]:.6g} on: ln x beyond about -745 or 709, "
                      f"recorded as 0 or inf); with noise sigma = {sigma:g} they are extinct "
                      "or exploded for any practical purpose", UserWarning, stacklevel=2)
    n_steps, h = ode.step_plan(t_eval, dt)
    return Ensemble(t=t_eval, x=owned(out), labels=model.labels,
                    method="Euler-Maruyama (log variables)",
                    stats={"sigma": sigma, "n_paths": n_paths, "n_steps": n_steps, "dt": h,
                           "n_out_of_range": int(gone.sum())})

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

Time integration is the classical fourth-order Runge–Kutta method with a fixed step, compiled
with Numba (``method="rk4"``), or SciPy's ``solve_ivp`` with DOP853 at ``rtol=1e-10``
(``method="scipy"``). Arrays are time first: ``x`` has shape ``(n_times, 2)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy.integrate import solve_ivp

from coursekit import _random
from coursekit.errors import SimulationError
from coursekit.population import _kernels

__all__ = [
    "LotkaVolterra",
    "CompetitiveLotkaVolterra",
    "Trajectory",
    "Stability",
    "simulate",
    "simulate_noisy",
    "period",
    "classify_equilibrium",
]


def _positive(name: str, value: float) -> float:
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive, finite number; got {value!r}")
    return value


def _state(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    if x.shape[-1:] != (2,):
        raise ValueError(f"a state must have a last axis of length 2 (x, y); got shape {x.shape}")
    return x[..., 0], x[..., 1]


@dataclass(frozen=True)
class Stability:
    """Linear stability of an equilibrium: the point, its Jacobian's eigenvalues and its type."""

    point: np.ndarray
    eigenvalues: np.ndarray
    kind: str

    @property
    def stable(self) -> bool:
        """True if every eigenvalue has a negative real part (asymptotic stability)."""
        return bool(np.all(self.eigenvalues.real < 0))


def classify_equilibrium(jacobian: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, str]:
    """Eigenvalues and type of a planar equilibrium from its 2×2 Jacobian.

    The type is one of ``"saddle"``, ``"stable node"``, ``"unstable node"``, ``"stable focus"``,
    ``"unstable focus"``, ``"centre"`` (purely imaginary pair: linearly neutral, the nonlinear
    terms decide) or ``"degenerate"`` (a zero eigenvalue).

    Examples
    --------
    >>> classify_equilibrium(np.array([[0.0, 1.0], [-1.0, 0.0]]))[1]
    'centre'
    >>> classify_equilibrium(np.diag([-1.0, 2.0]))[1]
    'saddle'
    """
    jacobian = np.asarray(jacobian, dtype=float)
    if jacobian.shape != (2, 2) or not np.all(np.isfinite(jacobian)):
        raise ValueError(f"jacobian must be a finite 2x2 array; got shape {jacobian.shape}")
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
    return eig, kind


class _Model:
    """What the two models share: a parameter vector for the kernels, rhs, stability."""

    _model_id: ClassVar[int]

    def _params(self) -> np.ndarray:
        raise NotImplementedError

    def _max_rate(self) -> float:
        raise NotImplementedError

    def rhs(self, x: np.ndarray) -> np.ndarray:
        """The vector field at ``x`` (shape ``(..., 2)``), vectorised over leading axes."""
        a, b = _state(x)
        rhs = getattr(_kernels._rhs, "py_func", _kernels._rhs)  # NumPy broadcasting, not Numba
        return np.stack(rhs(self._model_id, a, b, self._params()), axis=-1)

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        """The 2×2 Jacobian of the vector field at one state ``x``."""
        raise NotImplementedError

    def equilibria(self) -> np.ndarray:
        """All equilibria with non-negative coordinates, shape ``(n, 2)``."""
        raise NotImplementedError

    def stability(self) -> list[Stability]:
        """Linear stability of every equilibrium in :meth:`equilibria`."""
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
    alpha : prey growth rate (1/time).
    beta : predation rate (1/(time·density)).
    gamma : predator death rate (1/time).
    delta : predator growth per prey eaten (1/(time·density)).

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
    _model_id: ClassVar[int] = _kernels.LV

    def __post_init__(self):
        for name in ("alpha", "beta", "gamma", "delta"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))

    def _params(self) -> np.ndarray:
        return np.array([self.alpha, self.beta, self.gamma, self.delta])

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

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        a, b = (float(v) for v in np.asarray(x, dtype=float))
        return np.array(
            [
                [self.alpha - self.beta * b, -self.beta * a],
                [self.delta * b, self.delta * a - self.gamma],
            ]
        )

    def equilibria(self) -> np.ndarray:
        return np.array([[0.0, 0.0], self.coexistence])

    def conserved_quantity(self, x: np.ndarray) -> np.ndarray:
        """``H = delta x - gamma ln x + beta y - alpha ln y``, constant along every orbit.

        ``x`` has shape ``(..., 2)`` with positive entries; returns shape ``(...)``. ``H`` is
        smallest at the coexistence equilibrium, so its level sets are the closed orbits.
        """
        a, b = _state(x)
        if np.any(a <= 0) or np.any(b <= 0):
            raise ValueError("H is defined for positive populations only (ln x, ln y)")
        return self.delta * a - self.gamma * np.log(a) + self.beta * b - self.alpha * np.log(b)


@dataclass(frozen=True)
class CompetitiveLotkaVolterra(_Model):
    """Two competitors: ``x' = r1 x (1 - (x + a12 y)/K1)``, ``y' = r2 y (1 - (y + a21 x)/K2)``.

    ``r1, r2`` are growth rates (1/time), ``K1, K2`` carrying capacities (density) and
    ``a12, a21 >= 0`` competition coefficients (dimensionless: the effect of one individual of
    the other species relative to one of the own species).

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
    _model_id: ClassVar[int] = _kernels.COMPETITIVE

    def __post_init__(self):
        for name in ("r1", "r2", "K1", "K2"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))
        for name in ("a12", "a21"):
            value = float(getattr(self, name))
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative, finite number; got {value!r}")
            object.__setattr__(self, name, value)

    def _params(self) -> np.ndarray:
        return np.array([self.r1, self.r2, self.K1, self.K2, self.a12, self.a21])

    def _max_rate(self) -> float:
        return max(self.r1, self.r2)

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        a, b = (float(v) for v in np.asarray(x, dtype=float))
        r1, r2, K1, K2, a12, a21 = self._params()
        return np.array(
            [
                [r1 * (1 - (2 * a + a12 * b) / K1), -r1 * a12 * a / K1],
                [-r2 * a21 * b / K2, r2 * (1 - (2 * b + a21 * a) / K2)],
            ]
        )

    def equilibria(self) -> np.ndarray:
        points = [[0.0, 0.0], [self.K1, 0.0], [0.0, self.K2]]
        det = 1.0 - self.a12 * self.a21
        if abs(det) > 1e-12:
            xs = (self.K1 - self.a12 * self.K2) / det
            ys = (self.K2 - self.a21 * self.K1) / det
            if xs > 0 and ys > 0:
                points.append([xs, ys])
        return np.array(points)

    def outcome(self) -> str:
        """``"coexistence"``, ``"x wins"``, ``"y wins"`` or ``"bistability"`` (from stability)."""
        stable = [s.point for s in self.stability() if s.stable]
        interior = [p for p in stable if p[0] > 0 and p[1] > 0]
        if interior:
            return "coexistence"
        if len(stable) == 2:
            return "bistability"
        if len(stable) == 1:
            return "x wins" if stable[0][0] > 0 else "y wins"
        return "degenerate"


@dataclass(frozen=True)
class Trajectory:
    """A solution: times ``t`` (shape ``(n_times,)``) and states ``x`` (``(n_times, 2)``).

    For :func:`simulate_noisy` the states have shape ``(n_times, n_paths, 2)``.
    """

    t: np.ndarray
    x: np.ndarray
    model: _Model
    method: str
    extra: dict = field(default_factory=dict)


def _check_run(model, x0, t_end, dt, every):
    if not isinstance(model, _Model):
        raise ValueError(f"model must be a LotkaVolterra or CompetitiveLotkaVolterra; got {model!r}")
    x0 = np.asarray(x0, dtype=float)
    if x0.shape != (2,) or not np.all(np.isfinite(x0)) or np.any(x0 < 0):
        raise ValueError(f"x0 must be two finite, non-negative numbers (x, y); got {x0!r}")
    t_end = _positive("t_end", t_end)
    dt = _positive("dt", dt)
    if dt > t_end:
        raise ValueError(f"dt={dt} is longer than the run t_end={t_end}")
    limit = 1.0 / model._max_rate()
    if dt > limit:
        raise ValueError(
            f"dt={dt} is too long for these rates: RK4 needs dt * max rate <= 1, i.e. "
            f"dt <= {limit:.3g} (use dt = {limit / 20:.2g} for accurate orbits)"
        )
    if int(every) != every or every < 1:
        raise ValueError(f"every must be a positive integer; got {every!r}")
    n_steps = int(round(t_end / dt))
    if not np.isclose(n_steps * dt, t_end, rtol=1e-9, atol=0):
        raise ValueError(f"t_end={t_end} is not a whole number of steps dt={dt}")
    return x0, t_end, dt, int(every), n_steps


def simulate(model, x0, t_end, dt=0.01, every=1, method="rk4") -> Trajectory:
    """Integrate a Lotka–Volterra model from ``x0`` over ``[0, t_end]``.

    Parameters
    ----------
    model : LotkaVolterra or CompetitiveLotkaVolterra
    x0 : array_like, shape (2,)
        Initial densities ``(x, y)``, non-negative.
    t_end : float
        Final time; must be a whole number of steps ``dt``.
    dt : float
        Step of the fixed-step RK4 scheme (for ``method="scipy"``: the output spacing).
        Global error O(dt^4); ``dt * max(rate) <= 1`` is required.
    every : int
        Store every ``every``-th step.
    method : {"rk4", "scipy"}
        ``"rk4"``: Numba-compiled classical RK4. ``"scipy"``: ``solve_ivp`` (DOP853,
        ``rtol=1e-10``, ``atol=1e-12``), the reference used in the validation box.

    Returns
    -------
    Trajectory
        ``t`` with shape ``(n_times,)`` and ``x`` with shape ``(n_times, 2)``.

    Raises
    ------
    ValueError
        For non-positive rates or times, a negative or malformed ``x0``, a too-long step.
    SimulationError
        If the solution becomes non-finite or negative (names the time).

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
    x0, t_end, dt, every, n_steps = _check_run(model, x0, t_end, dt, every)
    p = model._params()
    if method == "rk4":
        out, status, n_done = _kernels.rk4(model._model_id, x0[0], x0[1], p, dt, n_steps, every)
        if status != _kernels.OK:
            cause = "became non-finite" if status == _kernels.NOT_FINITE else "went negative"
            raise SimulationError(
                f"the solution {cause} at t = {n_done * dt:.6g}: the step dt={dt} is too long "
                f"for this orbit; try dt={dt / 10:.2g}"
            )
        t = np.arange(out.shape[0]) * (dt * every)
        return Trajectory(t=t, x=out, model=model, method="rk4")
    if method == "scipy":
        t = np.arange(n_steps // every + 1) * (dt * every)
        sol = solve_ivp(
            lambda _t, s: model.rhs(s),
            (0.0, t[-1]),
            x0,
            method="DOP853",
            t_eval=t,
            rtol=1e-10,
            atol=1e-12,
        )
        if not sol.success:
            raise SimulationError(f"solve_ivp failed: {sol.message}")
        return Trajectory(t=sol.t, x=sol.y.T.copy(), model=model, method="scipy DOP853")
    raise ValueError(f"method must be 'rk4' or 'scipy'; got {method!r}")


def period(model: LotkaVolterra, amplitude, dt: float | None = None) -> float | np.ndarray:
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

    Examples
    --------
    >>> lv = LotkaVolterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25)
    >>> round(float(period(lv, 1e-3)), 5)
    6.28319
    >>> bool(period(lv, 2.0) > period(lv, 0.5))
    True
    """
    if not isinstance(model, LotkaVolterra):
        raise ValueError("period() needs a LotkaVolterra model (competition has no cycles)")
    amp = np.asarray(amplitude, dtype=float)
    if not np.all(np.isfinite(amp)) or np.any(amp <= 0):
        raise ValueError(f"amplitude must be positive and finite; got {amplitude!r}")
    T0 = model.small_amplitude_period
    dt = T0 / 2000 if dt is None else _positive("dt", dt)
    if dt > T0 / 20:
        raise ValueError(f"dt={dt} is too coarse for a period near {T0:.3g}; use dt <= {T0 / 20:.3g}")
    max_steps = int(200 * T0 / dt)
    p = model._params()
    xstar = model.coexistence[0]
    result = np.empty(amp.shape)
    for i, a in np.ndenumerate(amp):
        T = _kernels.lv_first_return(xstar * (1.0 + a), p, dt, max_steps)
        if not np.isfinite(T):
            raise SimulationError(
                f"the orbit of amplitude {a} did not return within {200 * T0:.3g} time units: "
                "it passes too close to the axes; use a smaller amplitude"
            )
        result[i] = T
    return float(result) if result.ndim == 0 else result


def simulate_noisy(
    model: LotkaVolterra, x0, t_end, sigma, dt=1e-3, every=10, n_paths=1, seed=None
) -> Trajectory:
    r"""Lotka–Volterra with environmental (multiplicative) noise, an ensemble of paths.

    Solves, in the Stratonovich sense,

    .. math::

        dx = (\alpha x - \beta x y)\,dt + \sigma x \circ dW_1, \qquad
        dy = (\delta x y - \gamma y)\,dt + \sigma y \circ dW_2,

    by Euler–Maruyama in ``ln x, ln y`` (where the noise is additive, so positivity is exact).
    By Itô's formula the conserved quantity now drifts, on average
    ``d E[H]/dt = sigma^2 E[delta x + beta y] / 2``, which over whole cycles is
    ``sigma^2 (alpha + gamma) / 2``: noise pushes the population onto ever larger cycles.

    Parameters
    ----------
    model : LotkaVolterra
    x0 : array_like, shape (2,), positive
    t_end, dt : float
        Duration and Euler–Maruyama step (weak order 1, strong order 1/2).
    sigma : float
        Noise intensity (1/sqrt(time)), ``>= 0``.
    every : int
        Store every ``every``-th step.
    n_paths : int
        Number of independent paths.
    seed : int, numpy.random.Generator or None
        The same seed gives bit-identical paths.

    Returns
    -------
    Trajectory
        ``x`` has shape ``(n_times, n_paths, 2)``.

    Examples
    --------
    >>> lv = LotkaVolterra()
    >>> a = simulate_noisy(lv, [6.0, 2.0], 1.0, sigma=0.1, n_paths=3, seed=7)
    >>> b = simulate_noisy(lv, [6.0, 2.0], 1.0, sigma=0.1, n_paths=3, seed=7)
    >>> a.x.shape, bool(np.array_equal(a.x, b.x))
    ((101, 3, 2), True)
    """
    if not isinstance(model, LotkaVolterra):
        raise ValueError("simulate_noisy() needs a LotkaVolterra model")
    x0, t_end, dt, every, n_steps = _check_run(model, x0, t_end, dt, every)
    if np.any(x0 <= 0):
        raise ValueError(f"x0 must be positive for the log-variables scheme; got {x0!r}")
    sigma = float(sigma)
    if not np.isfinite(sigma) or sigma < 0:
        raise ValueError(f"sigma must be non-negative and finite; got {sigma!r}")
    if int(n_paths) != n_paths or n_paths < 1:
        raise ValueError(f"n_paths must be a positive integer; got {n_paths!r}")
    out = _kernels.lv_noisy(
        x0[0], x0[1], model._params(), sigma, dt, n_steps, every, int(n_paths),
        _random.kernel_seed(seed),
    )
    t = np.arange(out.shape[0]) * (dt * every)
    return Trajectory(t=t, x=out, model=model, method="Euler-Maruyama (log variables)",
                      extra={"sigma": sigma, "n_paths": int(n_paths)})

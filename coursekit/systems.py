r"""Classic dynamical systems: right-hand sides, Jacobians and a fast integrator.

Flows (``dx/dt = f(x)``, integrated with fixed-step RK4 compiled by Numba):

* ``lorenz(sigma=10, rho=28, beta=8/3)``: :math:`\dot x = \sigma(y - x)`,
  :math:`\dot y = x(\rho - z) - y`, :math:`\dot z = xy - \beta z` (Lorenz 1963);
* ``rossler(a=0.2, b=0.2, c=5.7)``: :math:`\dot x = -y - z`, :math:`\dot y = x + ay`,
  :math:`\dot z = b + z(x - c)`;
* ``lotka_volterra(alpha, beta, gamma, delta)``: as in :mod:`coursekit.population`;
* ``duffing(delta=0.3, alpha=-1, beta=1, gamma=0.5, omega=1.2)``: the forced double-well
  oscillator :math:`\ddot x + \delta \dot x + \alpha x + \beta x^3 = \gamma\cos\theta`,
  :math:`\dot\theta = \omega`, state ``(x, v, theta)``.

Maps (``x_{n+1} = F(x_n)``): ``logistic(r=4)``: :math:`x \mapsto r x (1 - x)`;
``henon(a=1.4, b=0.3)``: :math:`(x, y) \mapsto (1 - a x^2 + y, b x)`.

Every system object has ``rhs`` (or ``step``) and ``jacobian`` for one state, its default
initial state ``x0`` and its dimension ``dim``; :func:`integrate` returns a result object with
``t`` and ``x`` (time first, shape ``(n_times, dim)``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _systems_kernels as _k
from coursekit.errors import SimulationError


@dataclass(frozen=True)
class System:
    """A flow or a map with its parameters (build with :func:`lorenz`, :func:`henon`, ...)."""

    name: str
    sid: int
    params: tuple[float, ...]
    x0: tuple[float, ...]
    is_map: bool = False

    @property
    def dim(self) -> int:
        return len(self.x0)

    def _p(self) -> np.ndarray:
        return np.asarray(self.params, dtype=float)

    def _state(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.shape != (self.dim,) or not np.all(np.isfinite(x)):
            raise ValueError(f"{self.name}: a state is {self.dim} finite numbers; got {x!r}")
        return x

    def rhs(self, x) -> np.ndarray:
        """The vector field ``f(x)`` of a flow (or the image ``F(x)`` of a map)."""
        x = self._state(x)
        out = np.empty(self.dim)
        (_k.map_step if self.is_map else _k.flow_rhs)(self.sid, x, self._p(), out)
        return out

    def jacobian(self, x) -> np.ndarray:
        """The Jacobian matrix ``Df(x)`` (``DF(x)`` for a map), shape ``(dim, dim)``."""
        x = self._state(x)
        J = np.empty((self.dim, self.dim))
        (_k.map_jacobian if self.is_map else _k.flow_jacobian)(self.sid, x, self._p(), J)
        return J


def _checked(name, values):
    arr = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: parameters must be finite; got {values!r}")
    return tuple(float(v) for v in arr)


def lorenz(sigma: float = 10.0, rho: float = 28.0, beta: float = 8.0 / 3.0) -> System:
    """The Lorenz system; chaotic at the classic ``(10, 28, 8/3)``."""
    return System("lorenz", _k.LORENZ, _checked("lorenz", (sigma, rho, beta)), (1.0, 1.0, 1.0))


def rossler(a: float = 0.2, b: float = 0.2, c: float = 5.7) -> System:
    """The Rössler system; chaotic at ``(0.2, 0.2, 5.7)``."""
    return System("rossler", _k.ROSSLER, _checked("rossler", (a, b, c)), (1.0, 1.0, 0.0))


def lotka_volterra(alpha=1.0, beta=0.5, gamma=1.0, delta=0.25) -> System:
    """Classic predator–prey (see :class:`coursekit.population.LotkaVolterra`)."""
    from coursekit.population import LotkaVolterra

    lv = LotkaVolterra(alpha, beta, gamma, delta)  # validates the rates
    return System("lotka_volterra", _k.LOTKA_VOLTERRA,
                  (lv.alpha, lv.beta, lv.gamma, lv.delta), (6.0, 2.0))


def duffing(delta=0.3, alpha=-1.0, beta=1.0, gamma=0.5, omega=1.2) -> System:
    """The forced Duffing oscillator, state ``(x, v, theta)``; chaotic at the defaults."""
    return System("duffing", _k.DUFFING, _checked("duffing", (delta, alpha, beta, gamma, omega)),
                  (1.0, 0.0, 0.0))


def logistic(r: float = 4.0) -> System:
    """The logistic map ``x -> r x (1 - x)`` on [0, 1], ``0 <= r <= 4``."""
    if not 0.0 <= r <= 4.0:
        raise ValueError(f"logistic map: r must lie in [0, 4] to keep [0, 1] invariant; got {r}")
    return System("logistic", _k.LOGISTIC, (float(r),), (0.4,), is_map=True)


def henon(a: float = 1.4, b: float = 0.3) -> System:
    """The Hénon map; chaotic at ``(1.4, 0.3)``."""
    return System("henon", _k.HENON, _checked("henon", (a, b)), (0.1, 0.1), is_map=True)


@dataclass(frozen=True)
class Orbit:
    """A computed orbit: times ``t`` (``(n_times,)``) and states ``x`` (``(n_times, dim)``)."""

    t: np.ndarray
    x: np.ndarray
    system: System


def integrate(system: System, t_end: float, dt: float = 0.01, x0=None, every: int = 1,
              transient: float = 0.0) -> Orbit:
    """Integrate a flow with fixed-step RK4 (or iterate a map ``t_end`` times).

    Parameters
    ----------
    system : System
    t_end : float
        Duration (for a map: the number of iterations).
    dt : float
        RK4 step (ignored for maps).
    x0 : array_like, optional
        Initial state; default ``system.x0``.
    every : int
        Keep every ``every``-th step.
    transient : float
        Time (or iterations) integrated first and discarded, to land on the attractor.

    Examples
    --------
    >>> orbit = integrate(lorenz(), t_end=10.0, dt=0.01, transient=5.0)
    >>> orbit.x.shape
    (1001, 3)
    >>> integrate(logistic(4.0), t_end=3, x0=[0.5]).x[:, 0].tolist()
    [0.5, 1.0, 0.0, 0.0]
    """
    if not isinstance(system, System):
        raise ValueError(f"system must be a coursekit.systems.System; got {system!r}")
    x0 = system._state(system.x0 if x0 is None else x0)
    if not np.isfinite(t_end) or t_end <= 0 or transient < 0:
        raise ValueError(f"t_end must be positive and transient >= 0; got {t_end}, {transient}")
    if int(every) != every or every < 1:
        raise ValueError(f"every must be a positive integer; got {every!r}")
    p = system._p()
    if system.is_map:
        n, n_tr = int(t_end), int(transient)
        if n_tr:
            x0 = _k.iterate_map(system.sid, x0, p, n_tr)[-1]
        x = _k.iterate_map(system.sid, x0, p, n)[::every]
        return Orbit(np.arange(0, n + 1, every, dtype=float), x, system)
    if not np.isfinite(dt) or dt <= 0:
        raise ValueError(f"dt must be positive; got {dt}")
    n_steps, n_tr = int(round(t_end / dt)), int(round(transient / dt))
    if n_tr:
        x0, done = _k.integrate_flow(system.sid, x0, p, dt, n_tr, n_tr)
        x0 = x0[-1]
    out, done = _k.integrate_flow(system.sid, x0, p, dt, n_steps, int(every))
    if done < n_steps:
        raise SimulationError(f"{system.name}: the solution became non-finite at "
                              f"t = {transient + done * dt:.6g}; reduce dt={dt}")
    return Orbit(np.arange(out.shape[0]) * dt * every, out, system)

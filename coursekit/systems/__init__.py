r"""Classic dynamical systems: right-hand sides, Jacobians, orbits.

Flows (``dx/dt = f(x)``, integrated with fixed-step RK4 by :func:`simulate`):

* ``lorenz(sigma=10, rho=28, beta=8/3)``: :math:`\dot x = \sigma(y - x)`,
  :math:`\dot y = x(\rho - z) - y`, :math:`\dot z = xy - \beta z` (Lorenz 1963);
* ``rossler(a=0.2, b=0.2, c=5.7)``: :math:`\dot x = -y - z`, :math:`\dot y = x + ay`,
  :math:`\dot z = b + z(x - c)` (Rössler 1976);
* ``lotka_volterra(alpha, beta, gamma, delta)``: :math:`\dot x = \alpha x - \beta xy`,
  :math:`\dot y = \delta xy - \gamma y` (the models of :mod:`coursekit.population` use it);
* ``competitive_lotka_volterra(r1, r2, K1, K2, a12, a21)``:
  :math:`\dot x = r_1 x (1 - (x + a_{12} y)/K_1)`, :math:`\dot y = r_2 y (1 - (y + a_{21} x)/K_2)`;
* ``duffing(delta=0.3, alpha=-1, beta=1, gamma=0.5, omega=1.2)``: the forced double-well
  oscillator :math:`\ddot x + \delta \dot x + \alpha x + \beta x^3 = \gamma\cos\theta`,
  :math:`\dot\theta = \omega`, state ``(x, v, theta)``.

Maps (``x_{n+1} = F(x_n)``, iterated by :func:`iterate`): ``logistic(r=4)``:
:math:`x \mapsto r x (1 - x)`; ``henon(a=1.4, b=0.3)``: :math:`(x, y) \mapsto (1 - a x^2 + y, b x)`.

The right-hand sides and Jacobians are written once, in :mod:`coursekit.systems.compiled`.
Results are :class:`~coursekit._results.Trajectory` objects, time first (``x`` has shape
``(n_times, dim)``). The population models' systems live on the non-negative orthant: a
solution that leaves it raises :class:`~coursekit.errors.SimulationError`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _budget, _interrupt, errors
from coursekit import _validate as V
from coursekit._jit import python
from coursekit._results import Trajectory
from coursekit.errors import InputError, SimulationError
from coursekit.numerics import ode
from coursekit.systems import _kernels
from coursekit.systems import compiled as _c

__all__ = ["System", "competitive_lotka_volterra", "duffing", "henon", "iterate", "logistic",
           "lorenz", "lotka_volterra", "rossler", "simulate"]


@dataclass(frozen=True)
class System:
    """A flow or a map with its parameters (build one with :func:`lorenz`, :func:`henon`, ...).

    Parameters
    ----------
    name : str
        The system's name.
    kernel_id : int
        Its id in :mod:`coursekit.systems.compiled`.
    params : tuple of float
        Parameter values, in the order of ``param_names``.
    param_names : tuple of str
        Parameter names.
    x0 : tuple of float
        A default initial state.
    labels : tuple of str
        Names of the state components.
    is_map : bool
        True for a map (discrete time), False for a flow.
    lower : float
        Every component must stay ``>= lower`` (``-inf``: no constraint; ``0`` for populations).

    Examples
    --------
    >>> s = lorenz()
    >>> s.dim, s.param_names, s.rhs([1.0, 1.0, 1.0]).tolist()
    (3, ('sigma', 'rho', 'beta'), [0.0, 26.0, -1.6666666666666665])
    """

    name: str
    kernel_id: int
    params: tuple[float, ...]
    param_names: tuple[str, ...]
    x0: tuple[float, ...]
    labels: tuple[str, ...]
    is_map: bool = False
    lower: float = -np.inf

    def __post_init__(self):
        table = _c.MAPS if self.is_map else _c.FLOWS
        if self.kernel_id not in table:
            raise InputError(f"kernel_id {self.kernel_id!r} is not a "
                             f"{'map' if self.is_map else 'flow'} of coursekit.systems.compiled; "
                             "build systems with lorenz(), henon(), ...")
        dim = table[self.kernel_id][2]
        if len(self.x0) != dim or len(self.labels) != dim:
            raise InputError(f"{self.name} has dimension {dim}: x0 and labels need {dim} entries")
        if len(self.params) != len(self.param_names):
            raise InputError(f"{self.name}: {len(self.param_names)} parameter names for "
                             f"{len(self.params)} values")
        object.__setattr__(self, "params", tuple(V.number(f"{self.name}: {n}", v) for n, v in
                                                 zip(self.param_names, self.params, strict=True)))

    @property
    def dim(self) -> int:
        """The dimension of the state."""
        return len(self.x0)

    @property
    def p(self) -> np.ndarray:
        """The parameters as a float array, as the compiled kernels take them."""
        return np.asarray(self.params, dtype=float)

    def state(self, x0=None) -> np.ndarray:
        """A validated initial state of this system (its default ``x0`` when none is given).

        Parameters
        ----------
        x0 : array_like, shape (dim,), optional
            A state: ``dim`` finite numbers, none below ``lower``.

        Returns
        -------
        ndarray, shape (dim,)

        Raises
        ------
        InputError
            For a wrong shape, a non-finite value or a value below ``lower``.

        Examples
        --------
        >>> henon().state([0.5, 0.5])
        array([0.5, 0.5])
        """
        x = V.array("x0", self.x0 if x0 is None else x0, shape=(self.dim,))
        if np.any(x < self.lower):
            raise V.fail("x0", f"at least {self.lower:g} in every component ({self.name})",
                         x.tolist())
        return x

    def _functions(self):
        return (_c.MAPS if self.is_map else _c.FLOWS)[self.kernel_id]

    def rhs(self, x) -> np.ndarray:
        """The vector field ``f(x)`` of a flow, or the image ``F(x)`` of a map.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            One state, or many along leading axes (evaluated with broadcasting).

        Returns
        -------
        ndarray, shape (..., dim)

        Raises
        ------
        InputError
            If the last axis is not of length ``dim``.

        Examples
        --------
        >>> lotka_volterra().rhs([[4.0, 2.0], [6.0, 2.0]])
        array([[0., 0.],
               [0., 1.]])
        """
        x = V.array("x", x, finite=False)
        if x.shape[-1:] != (self.dim,):
            raise InputError(f"x must have a last axis of length {self.dim}; got shape {x.shape}")
        f = python(self._functions()[0])
        comps = tuple(x[..., i] for i in range(self.dim))
        out = f(comps, self.p) if self.is_map else f(0.0, comps, self.p)
        return np.stack(np.broadcast_arrays(*out), axis=-1).astype(float)

    def jacobian(self, x) -> np.ndarray:
        """The Jacobian matrix ``Df(x)`` (``DF(x)`` for a map) at one state.

        Parameters
        ----------
        x : array_like, shape (dim,)

        Returns
        -------
        ndarray, shape (dim, dim)

        Raises
        ------
        InputError
            For a malformed state.

        Examples
        --------
        >>> henon().jacobian([1.0, 0.0])
        array([[-2.8,  1. ],
               [ 0.3,  0. ]])
        """
        x = V.array("x", x, shape=(self.dim,))
        jac = python(self._functions()[1])
        return np.array(jac(tuple(x), self.p), dtype=float)


def _params(name: str, names: tuple[str, ...], values) -> tuple[float, ...]:
    return tuple(V.number(f"{name}: {n}", v) for n, v in zip(names, values, strict=True))


def _flow(name, kernel_id, names, values, x0, labels, lower=-np.inf) -> System:
    return System(name, kernel_id, _params(name, names, values), names, x0, labels,
                  lower=lower)


def lorenz(sigma: float = 10.0, rho: float = 28.0, beta: float = 8.0 / 3.0) -> System:
    """The Lorenz system; chaotic at the classic ``(10, 28, 8/3)``.

    Parameters
    ----------
    sigma, rho, beta : float
        Prandtl number, Rayleigh number ratio and geometric factor.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For non-finite parameters.

    Examples
    --------
    >>> lorenz().x0
    (1.0, 1.0, 1.0)
    """
    return _flow("lorenz", _c.LORENZ, ("sigma", "rho", "beta"), (sigma, rho, beta),
                 (1.0, 1.0, 1.0), ("x", "y", "z"))


def rossler(a: float = 0.2, b: float = 0.2, c: float = 5.7) -> System:
    """The Rössler system; chaotic at ``(0.2, 0.2, 5.7)``.

    Parameters
    ----------
    a, b, c : float
        Parameters.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For non-finite parameters.

    Examples
    --------
    >>> rossler().params
    (0.2, 0.2, 5.7)
    """
    return _flow("rossler", _c.ROSSLER, ("a", "b", "c"), (a, b, c), (1.0, 1.0, 0.0),
                 ("x", "y", "z"))


def lotka_volterra(alpha: float = 1.0, beta: float = 0.5, gamma: float = 1.0,
                   delta: float = 0.25) -> System:
    """Classic predator–prey on the non-negative quadrant (all rates positive).

    Parameters
    ----------
    alpha, beta, gamma, delta : float
        Prey growth, predation, predator death and conversion rates, all ``> 0``.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For a rate that is not positive and finite.

    Examples
    --------
    >>> lotka_volterra().labels
    ('prey', 'predator')
    """
    names = ("alpha", "beta", "gamma", "delta")
    values = tuple(V.positive(n, v) for n, v in zip(names, (alpha, beta, gamma, delta),
                                                    strict=True))
    return System("lotka_volterra", _c.LOTKA_VOLTERRA, values, names, (6.0, 2.0),
                  ("prey", "predator"), lower=0.0)


def competitive_lotka_volterra(r1: float = 1.0, r2: float = 1.0, K1: float = 1.0, K2: float = 1.0,
                               a12: float = 0.5, a21: float = 0.5) -> System:
    """Two competitors on the non-negative quadrant.

    Parameters
    ----------
    r1, r2 : float
        Growth rates, ``> 0``.
    K1, K2 : float
        Carrying capacities, ``> 0``.
    a12, a21 : float
        Competition coefficients, ``>= 0``.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For a bad parameter.

    Examples
    --------
    >>> competitive_lotka_volterra().rhs([1.0, 1.0]).tolist()
    [-0.5, -0.5]
    """
    names = ("r1", "r2", "K1", "K2", "a12", "a21")
    values = tuple(V.positive(n, v) for n, v in zip(names[:4], (r1, r2, K1, K2), strict=True))
    values += tuple(V.nonnegative(n, v) for n, v in zip(names[4:], (a12, a21), strict=True))
    return System("competitive_lotka_volterra", _c.COMPETITIVE_LV, values, names, (0.1, 0.1),
                  ("x", "y"), lower=0.0)


def duffing(delta: float = 0.3, alpha: float = -1.0, beta: float = 1.0, gamma: float = 0.5,
            omega: float = 1.2) -> System:
    """The forced Duffing oscillator, state ``(x, v, theta)``; chaotic at the defaults.

    Parameters
    ----------
    delta, alpha, beta, gamma, omega : float
        Damping, linear and cubic stiffness, forcing amplitude and frequency.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For non-finite parameters.

    Examples
    --------
    >>> duffing().labels
    ('x', 'v', 'theta')
    """
    return _flow("duffing", _c.DUFFING, ("delta", "alpha", "beta", "gamma", "omega"),
                 (delta, alpha, beta, gamma, omega), (1.0, 0.0, 0.0), ("x", "v", "theta"))


def logistic(r: float = 4.0) -> System:
    """The logistic map ``x -> r x (1 - x)`` on [0, 1], ``0 <= r <= 4``.

    Parameters
    ----------
    r : float
        Growth parameter in [0, 4] (keeps [0, 1] invariant).

    Returns
    -------
    System

    Raises
    ------
    InputError
        For ``r`` outside [0, 4].

    Examples
    --------
    >>> logistic(3.5).params
    (3.5,)
    """
    r = V.number("r", r, lo=0.0, hi=4.0, what="a number in [0, 4] (it keeps [0, 1] invariant)")
    return System("logistic", _c.LOGISTIC, (r,), ("r",), (0.4,), ("x",), is_map=True)


def henon(a: float = 1.4, b: float = 0.3) -> System:
    """The Hénon map; chaotic at ``(1.4, 0.3)``.

    Parameters
    ----------
    a, b : float
        Parameters.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For non-finite parameters.

    Examples
    --------
    >>> henon().x0
    (0.1, 0.1)
    """
    return System("henon", _c.HENON, _params("henon", ("a", "b"), (a, b)), ("a", "b"),
                  (0.1, 0.1), ("x", "y"), is_map=True)


def _check_system(system, want_map: bool) -> System:
    V.instance("system", system, System, "a coursekit.systems.System (e.g. lorenz())")
    if system.is_map != want_map:
        verb = "iterate" if system.is_map else "simulate"
        raise InputError(f"{system.name} is a {'map' if system.is_map else 'flow'}; "
                         f"use coursekit.systems.{verb}")
    return system


def _fail(system: System, status: int, t: float, dt: float) -> SimulationError:
    if status == ode.BELOW:
        return SimulationError(
            f"{system.name}: a component fell below {system.lower:g} at t = {t:.6g}; the "
            f"step dt={dt:g} is too long for this orbit: try dt={dt / 10:.2g}", t=t,
            cause=errors.BELOW_BOUND)
    return SimulationError(
        f"{system.name}: the solution became non-finite at t = {t:.6g} (a blow-up, or the "
        f"step dt={dt:g} is too long: try dt={dt / 10:.2g})", t=t, cause=errors.NON_FINITE)


def _advance(system: System, x0: np.ndarray, t_eval: np.ndarray, dt: float) -> np.ndarray:
    out = np.empty((t_eval.size, system.dim))
    status, filled, t = _interrupt.call(
        f"simulate({system.name})", _kernels.ORBIT[system.kernel_id], x0, system.p, t_eval, dt,
        system.lower, out, work=t_eval[-1] / dt + t_eval.size)
    if status != ode.OK:
        raise _fail(system, status, t, dt)
    return out


def simulate(system: System, x0=None, t_end: float | None = None, *, dt: float = 0.01,
             t_eval=None, transient: float = 0.0, max_work: float | None = None,
             max_memory: float | None = None) -> Trajectory:
    """Integrate a flow with fixed-step classical RK4 (global error O(dt^4)).

    The run starts from ``x0`` at ``t = 0`` (after ``transient`` time units that are
    integrated and discarded) and records the state at ``t_eval``; between recording times it
    takes the fewest equal steps not longer than ``dt`` (:func:`coursekit.numerics.ode.step_plan`).

    Parameters
    ----------
    system : System
        A flow (``lorenz()``, ...).
    x0 : array_like, shape (dim,), optional
        Initial state; default ``system.x0``.
    t_end : float, optional
        Final time; the default recording times are then every step,
        ``linspace(0, t_end, ceil(t_end / dt) + 1)``.
    dt : float
        Largest step.
    t_eval : array_like, optional
        Recording times (non-decreasing, ``>= 0``); ``t_end`` then defaults to ``t_eval[-1]``.
    transient : float
        Time integrated first and discarded, to land on the attractor.
    max_work : float, optional
        Ceiling on the RK4 steps, transient included (default
        :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the recorded states, ``8 * n_times * dim`` (default 2 GiB).

    Returns
    -------
    Trajectory
        ``t`` (``(n_times,)``), ``x`` (``(n_times, dim)``), ``labels``; ``stats`` holds
        ``n_steps`` and ``dt`` (the longest step actually used).

    Raises
    ------
    InputError
        For bad arguments, a map (use :func:`iterate`), or a run beyond ``max_work`` or
        ``max_memory``.
    SimulationError
        If the solution becomes non-finite or leaves the system's domain; ``err.t`` is the
        time.
    KeyboardInterrupt
        When the user interrupts a long run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> orbit = simulate(lorenz(), t_end=10.0, dt=0.01, transient=5.0)
    >>> orbit.x.shape, round(orbit.stats["dt"], 12)
    ((1001, 3), 0.01)
    """
    _check_system(system, want_map=False)
    x0 = system.state(x0)
    t_end, t_eval = V.run_times(t_end, t_eval)
    dt = V.positive("dt", dt)
    transient = V.nonnegative("transient", transient)
    t_last = t_end if t_eval is None else t_eval[-1]
    _budget.check(f"simulate({system.name})", work=(t_last + transient) / dt, unit="RK4 steps",
                  per_second=3e7, memory=8.0 * system.dim * (
                      t_last / dt + 1 if t_eval is None else t_eval.size),
                  max_work=max_work, max_memory=max_memory,
                  fix="use a longer dt, a shorter run or fewer recording times")
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, max(int(np.ceil(t_end / dt - 1e-9)), 1) + 1)
    if transient > 0:
        x0 = _advance(system, x0, np.array([transient]), dt)[0]
    out = _advance(system, x0, t_eval, dt)
    n_steps, h = ode.step_plan(t_eval, dt)
    return Trajectory(t=t_eval, x=out, labels=system.labels, method="classical RK4, fixed step",
                      stats={"n_steps": n_steps, "dt": h, "transient": transient,
                             "system": system.name})


def iterate(system: System, n_steps: int, x0=None, *, transient: int = 0,
            max_work: float | None = None, max_memory: float | None = None) -> Trajectory:
    """Iterate a map ``n_steps`` times (time counts iterations).

    Parameters
    ----------
    system : System
        A map (``logistic()``, ``henon()``).
    n_steps : int
        Number of iterations recorded after the start, ``>= 1``.
    x0 : array_like, shape (dim,), optional
        Initial state; default ``system.x0``.
    transient : int
        Iterations done first and discarded.
    max_work : float, optional
        Ceiling on the iterations, transient included (default
        :data:`coursekit._budget.MAX_WORK`).
    max_memory : float, optional
        Ceiling in bytes on the recorded states (default 2 GiB).

    Returns
    -------
    Trajectory
        ``t = 0, 1, ..., n_steps`` and ``x`` of shape ``(n_steps + 1, dim)``.

    Raises
    ------
    InputError
        For bad arguments, a flow (use :func:`simulate`), or a run beyond ``max_work`` or
        ``max_memory``.
    SimulationError
        If an iterate is not finite; ``err.t`` is the iteration.
    KeyboardInterrupt
        When the user interrupts a long run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> iterate(logistic(4.0), 3, x0=[0.5]).x[:, 0].tolist()
    [0.5, 1.0, 0.0, 0.0]
    """
    _check_system(system, want_map=True)
    x0 = system.state(x0)
    n_steps = V.integer("n_steps", n_steps, minimum=1)
    transient = V.integer("transient", transient, minimum=0)
    _budget.check(f"iterate({system.name})", work=float(n_steps) + transient,
                  unit="iterations", per_second=1e7, memory=8.0 * system.dim * (n_steps + 1),
                  max_work=max_work, max_memory=max_memory, fix="iterate fewer steps")
    out = np.empty((n_steps + 1, system.dim))
    status, filled, t = _interrupt.call(f"iterate({system.name})",
                                        _kernels.ITERATE[system.kernel_id], x0, system.p,
                                        transient, out, work=float(n_steps) + transient)
    if status != ode.OK:
        raise SimulationError(f"{system.name}: iterate {int(t)} is not finite (the orbit "
                              "escapes to infinity); choose x0 in the basin", t=t,
                              cause=errors.NON_FINITE)
    return Trajectory(t=np.arange(n_steps + 1, dtype=float), x=out, labels=system.labels,
                      method="iteration", stats={"n_steps": n_steps, "transient": transient,
                                                 "system": system.name})

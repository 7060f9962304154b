r"""The compiled right-hand sides and Jacobians of the classic systems, written once.

Each flow is a function ``f(t, x, p)`` of the time, the state ``x`` (a tuple of floats) and the
parameter array ``p``, returning ``dx/dt`` as a tuple; its Jacobian ``jac(x, p)`` returns the
rows of :math:`\partial f / \partial x`. Each map is ``F(x, p)`` with Jacobian ``jac(x, p)``.
They are compiled with Numba and also run as plain Python on NumPy arrays (broadcasting) or
PyTorch tensors through :func:`coursekit._jit.python`.

Kernels of higher floors (:mod:`coursekit.analysis`, the subjects) reach a system by its
integer id through :func:`with_flow` and :func:`with_map`, which call a generic *algorithm*
with the system's functions; so a new system is added here, and only here.

=================  ====  =========================================  =====================
system             id    parameters ``p``                           state
=================  ====  =========================================  =====================
Lorenz             0     sigma, rho, beta                           x, y, z
Rössler            1     a, b, c                                    x, y, z
Lotka–Volterra     2     alpha, beta, gamma, delta                  prey, predator
competitive LV     3     r1, r2, K1, K2, a12, a21                   x, y
forced Duffing     4     delta, alpha, beta, gamma, omega           x, v, theta
logistic map       10    r                                          x
Hénon map          11    a, b                                       x, y
=================  ====  =========================================  =====================
"""

from __future__ import annotations

import numpy as np

from coursekit._jit import inline, njit
from coursekit.numerics import ode
from coursekit.numerics.tree import isfinite, store

__all__ = [
    "COMPETITIVE_LV", "DUFFING", "FLOWS", "HENON", "LOGISTIC", "LORENZ", "LOTKA_VOLTERRA",
    "MAPS", "ROSSLER", "competitive_lotka_volterra", "competitive_lotka_volterra_jacobian",
    "duffing", "duffing_jacobian", "henon", "henon_jacobian", "iterate", "logistic",
    "logistic_jacobian", "lorenz", "lorenz_jacobian", "lotka_volterra",
    "lotka_volterra_jacobian", "orbit", "rossler", "rossler_jacobian", "with_flow", "with_map",
]

LORENZ, ROSSLER, LOTKA_VOLTERRA, COMPETITIVE_LV, DUFFING = 0, 1, 2, 3, 4
LOGISTIC, HENON = 10, 11

# --- flows ---------------------------------------------------------------------------------------


@njit
def lorenz(t, x, p):
    """Lorenz (1963): ``(sigma (y - x), x (rho - z) - y, x y - beta z)``.

    Parameters
    ----------
    t : float
        Time (unused: the system is autonomous).
    x : tuple of float
        The state.
    p : ndarray
        ``(sigma, rho, beta)``.

    Returns
    -------
    tuple of float
        ``dx/dt``.

    Examples
    --------
    >>> lorenz(0.0, (1.0, 1.0, 1.0), np.array([10.0, 28.0, 8.0 / 3.0]))
    (0.0, 26.0, -1.666...)
    """
    return (p[0] * (x[1] - x[0]), x[0] * (p[1] - x[2]) - x[1], x[0] * x[1] - p[2] * x[2])


@njit
def lorenz_jacobian(x, p):
    """The Jacobian of :func:`lorenz` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`lorenz`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> lorenz_jacobian((1.0, 2.0, 3.0), np.array([10.0, 28.0, 8.0 / 3.0]))[1]
    (25.0, -1.0, -1.0)
    """
    return ((-p[0], p[0], 0.0), (p[1] - x[2], -1.0, -x[0]), (x[1], x[0], -p[2]))


@njit
def rossler(t, x, p):
    """Rössler (1976): ``(-y - z, x + a y, b + z (x - c))``.

    Parameters
    ----------
    t : float
        Time (unused: the system is autonomous).
    x : tuple of float
        The state.
    p : ndarray
        ``(a, b, c)``.

    Returns
    -------
    tuple of float
        ``dx/dt``.

    Examples
    --------
    >>> rossler(0.0, (1.0, 1.0, 0.0), np.array([0.2, 0.2, 5.7]))
    (-1.0, 1.2, 0.2)
    """
    return (-x[1] - x[2], x[0] + p[0] * x[1], p[1] + x[2] * (x[0] - p[2]))


@njit
def rossler_jacobian(x, p):
    """The Jacobian of :func:`rossler` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`rossler`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> rossler_jacobian((1.0, 2.0, 3.0), np.array([0.2, 0.2, 5.7]))[2]
    (3.0, 0.0, -4.7)
    """
    return ((0.0, -1.0, -1.0), (1.0, p[0], 0.0), (x[2], 0.0, x[0] - p[2]))


@njit
def lotka_volterra(t, x, p):
    """Predator–prey: ``(alpha x - beta x y, delta x y - gamma y)``.

    Parameters
    ----------
    t : float
        Time (unused: the system is autonomous).
    x : tuple of float
        The state.
    p : ndarray
        ``(alpha, beta, gamma, delta)``.

    Returns
    -------
    tuple of float
        ``dx/dt``.

    Examples
    --------
    >>> lotka_volterra(0.0, (6.0, 2.0), np.array([1.0, 0.5, 1.0, 0.25]))
    (0.0, 1.0)
    """
    return (p[0] * x[0] - p[1] * x[0] * x[1], p[3] * x[0] * x[1] - p[2] * x[1])


@njit
def lotka_volterra_jacobian(x, p):
    """The Jacobian of :func:`lotka_volterra` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`lotka_volterra`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> lotka_volterra_jacobian((4.0, 2.0), np.array([1.0, 0.5, 1.0, 0.25]))
    ((0.0, -2.0), (0.5, 0.0))
    """
    return ((p[0] - p[1] * x[1], -p[1] * x[0]), (p[3] * x[1], p[3] * x[0] - p[2]))


@njit
def competitive_lotka_volterra(t, x, p):
    """Competition: ``(r1 x (1 - (x + a12 y)/K1), r2 y (1 - (y + a21 x)/K2))``.

    Parameters
    ----------
    t : float
        Time (unused: the system is autonomous).
    x : tuple of float
        The state.
    p : ndarray
        ``(r1, r2, K1, K2, a12, a21)``.

    Returns
    -------
    tuple of float
        ``dx/dt``.

    Examples
    --------
    >>> competitive_lotka_volterra(0.0, (1.0, 1.0), np.array([1.0, 1.0, 1.0, 1.0, 0.5, 0.5]))
    (-0.5, -0.5)
    """
    return (p[0] * x[0] * (1.0 - (x[0] + p[4] * x[1]) / p[2]),
            p[1] * x[1] * (1.0 - (x[1] + p[5] * x[0]) / p[3]))


@njit
def competitive_lotka_volterra_jacobian(x, p):
    """The Jacobian of :func:`competitive_lotka_volterra` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`competitive_lotka_volterra`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> competitive_lotka_volterra_jacobian((1.0, 0.0), np.array([1.0, 1.0, 1.0, 1.0, 0.5, 0.5]))[0]
    (-1.0, -0.5)
    """
    return ((p[0] * (1.0 - (2.0 * x[0] + p[4] * x[1]) / p[2]), -p[0] * p[4] * x[0] / p[2]),
            (-p[1] * p[5] * x[1] / p[3], p[1] * (1.0 - (2.0 * x[1] + p[5] * x[0]) / p[3])))


@njit
def duffing(t, x, p):
    """Forced Duffing, made autonomous: ``(v, -delta v - alpha x - beta x^3 + gamma cos theta, omega)``.

    Parameters
    ----------
    t : float
        Time (unused: the system is autonomous).
    x : tuple of float
        The state.
    p : ndarray
        ``(delta, alpha, beta, gamma, omega)``.

    Returns
    -------
    tuple of float
        ``dx/dt``.

    Examples
    --------
    >>> duffing(0.0, (1.0, 0.0, 0.0), np.array([0.3, -1.0, 1.0, 0.5, 1.2]))
    (0.0, 0.5, 1.2)
    """
    return (x[1], -p[0] * x[1] - p[1] * x[0] - p[2] * x[0] ** 3 + p[3] * np.cos(x[2]), p[4])


@njit
def duffing_jacobian(x, p):
    """The Jacobian of :func:`duffing` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`duffing`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> duffing_jacobian((1.0, 0.0, 0.0), np.array([0.3, -1.0, 1.0, 0.5, 1.2]))[1]
    (-2.0, -0.3, -0.0)
    """
    return ((0.0, 1.0, 0.0), (-p[1] - 3.0 * p[2] * x[0] ** 2, -p[0], -p[3] * np.sin(x[2])),
            (0.0, 0.0, 0.0))


# --- maps ----------------------------------------------------------------------------------------


@njit
def logistic(x, p):
    """The logistic map ``r x (1 - x)``.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        ``(r,)``.

    Returns
    -------
    tuple of float
        The image of ``x``.

    Examples
    --------
    >>> logistic((0.5,), np.array([4.0]))
    (1.0,)
    """
    return (p[0] * x[0] * (1.0 - x[0]),)


@njit
def logistic_jacobian(x, p):
    """The Jacobian of :func:`logistic` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`logistic`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> logistic_jacobian((0.25,), np.array([4.0]))
    ((2.0,),)
    """
    return ((p[0] * (1.0 - 2.0 * x[0]),),)


@njit
def henon(x, p):
    """The Hénon map ``(1 - a x^2 + y, b x)``.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        ``(a, b)``.

    Returns
    -------
    tuple of float
        The image of ``x``.

    Examples
    --------
    >>> henon((0.0, 0.0), np.array([1.4, 0.3]))
    (1.0, 0.0)
    """
    return (1.0 - p[0] * x[0] ** 2 + x[1], p[1] * x[0])


@njit
def henon_jacobian(x, p):
    """The Jacobian of :func:`henon` as a tuple of rows.

    Parameters
    ----------
    x : tuple of float
        The state.
    p : ndarray
        The parameters (as for :func:`henon`).

    Returns
    -------
    tuple of tuples of float
        ``J[i][j] = d f_i / d x_j``.

    Examples
    --------
    >>> henon_jacobian((1.0, 0.0), np.array([1.4, 0.3]))
    ((-2.8, 1.0), (0.3, 0.0))
    """
    return ((-2.0 * p[0] * x[0], 1.0), (p[1], 0.0))


#: Python-level tables: id -> (function, Jacobian, dimension).
FLOWS = {LORENZ: (lorenz, lorenz_jacobian, 3), ROSSLER: (rossler, rossler_jacobian, 3),
         LOTKA_VOLTERRA: (lotka_volterra, lotka_volterra_jacobian, 2),
         COMPETITIVE_LV: (competitive_lotka_volterra, competitive_lotka_volterra_jacobian, 2),
         DUFFING: (duffing, duffing_jacobian, 3)}
MAPS = {LOGISTIC: (logistic, logistic_jacobian, 1), HENON: (henon, henon_jacobian, 2)}

_lorenz_var = ode.variational(lorenz, lorenz_jacobian)
_rossler_var = ode.variational(rossler, rossler_jacobian)
_lv_var = ode.variational(lotka_volterra, lotka_volterra_jacobian)
_clv_var = ode.variational(competitive_lotka_volterra, competitive_lotka_volterra_jacobian)
_duffing_var = ode.variational(duffing, duffing_jacobian)


@inline
def with_flow(sid, algorithm, x0, p, args):
    """Call ``algorithm(f, jac, variational, x0_tuple, p, args)`` for the flow ``sid``.

    The one place where flows are enumerated: kernels of higher floors reach any flow through
    it, compiled together with the generic ``algorithm``.

    Parameters
    ----------
    sid : int
        The flow's id (``LORENZ``, ...).
    algorithm : callable
        ``algorithm(f, jac, variational, x0, p, args)``, an :func:`coursekit._jit.inline`
        function; every branch must return the same type.
    x0 : ndarray
        The state, passed on as a tuple of the system's dimension.
    p : ndarray
        Parameters.
    args : any
        Passed on.

    Returns
    -------
    any
        What ``algorithm`` returns. ``variational`` is the right-hand side of the flow's
        variational equations (:func:`coursekit.numerics.ode.variational`).

    Examples
    --------
    >>> from coursekit._jit import python
    >>> rhs = python(with_flow)(LORENZ, lambda f, j, v, x, p, a: f(0.0, x, p), np.ones(3),
    ...                         np.array([10.0, 28.0, 8.0 / 3.0]), None)
    >>> [float(v) for v in rhs]
    [0.0, 26.0, -1.666...]
    """
    if sid == LORENZ:
        return algorithm(lorenz, lorenz_jacobian, _lorenz_var, (x0[0], x0[1], x0[2]), p, args)
    if sid == ROSSLER:
        return algorithm(rossler, rossler_jacobian, _rossler_var, (x0[0], x0[1], x0[2]), p, args)
    if sid == LOTKA_VOLTERRA:
        return algorithm(lotka_volterra, lotka_volterra_jacobian, _lv_var, (x0[0], x0[1]), p,
                         args)
    if sid == COMPETITIVE_LV:
        return algorithm(competitive_lotka_volterra, competitive_lotka_volterra_jacobian,
                         _clv_var, (x0[0], x0[1]), p, args)
    if sid == DUFFING:
        return algorithm(duffing, duffing_jacobian, _duffing_var, (x0[0], x0[1], x0[2]), p, args)
    raise ValueError("unknown flow id")


@inline
def with_map(sid, algorithm, x0, p, args):
    """Call ``algorithm(F, jac, x0_tuple, p, args)`` for the map ``sid`` (see :func:`with_flow`).

    Parameters
    ----------
    sid : int
        The map's id (``LOGISTIC`` or ``HENON``).
    algorithm : callable
        ``algorithm(F, jac, x0, p, args)``.
    x0 : ndarray
        The state.
    p : ndarray
        Parameters.
    args : any
        Passed on.

    Returns
    -------
    any
        What ``algorithm`` returns.

    Examples
    --------
    >>> from coursekit._jit import python
    >>> image = python(with_map)(HENON, lambda F, j, x, p, a: F(x, p), np.zeros(2),
    ...                          np.array([1.4, 0.3]), None)
    >>> [float(v) for v in image]
    [1.0, 0.0]
    """
    if sid == LOGISTIC:
        return algorithm(logistic, logistic_jacobian, (x0[0],), p, args)
    if sid == HENON:
        return algorithm(henon, henon_jacobian, (x0[0], x0[1]), p, args)
    raise ValueError("unknown map id")


# --- kernels -------------------------------------------------------------------------------------


@inline
def _orbit(f, jac, var, x0, p, args):
    t_eval, dt, lower, out = args
    return ode.rk4_solve(f, x0, t_eval, dt, p, out, lower)


@njit
def orbit(sid, x0, p, t_eval, dt, lower, out):
    """RK4 orbit of flow ``sid`` from ``x0`` through ``t_eval`` into ``out`` (compiled, cached).

    Parameters
    ----------
    sid : int
        The flow's id.
    x0 : ndarray
        Initial state.
    p : ndarray
        Parameters.
    t_eval : ndarray
        Recording times.
    dt : float
        Largest step.
    lower : float
        Lower bound of every component (``-inf`` for none).
    out : ndarray, shape (n_times, dim)
        Filled with the states.

    Returns
    -------
    (int, int, float)
        Status, rows filled and time reached (see :func:`coursekit.numerics.ode.rk4_solve`).

    Examples
    --------
    >>> out = np.empty((2, 2))
    >>> orbit(LOTKA_VOLTERRA, np.array([4.0, 2.0]), np.array([1.0, 0.5, 1.0, 0.25]),
    ...       np.array([0.0, 1.0]), 0.1, 0.0, out)[:2]
    (0, 2)
    >>> out[1]                                   # the equilibrium stays put
    array([4., 2.])
    """
    return with_flow(sid, _orbit, x0, p, (t_eval, dt, lower, out))


@inline
def _iterate(F, jac, x0, p, args):
    out, n_transient = args
    x = x0
    for i in range(n_transient):
        x = F(x, p)
        if not isfinite(x):
            return ode.NOT_FINITE, 0, float(i + 1)
    store(out[0], x)
    for n in range(1, out.shape[0]):
        x = F(x, p)
        if not isfinite(x):
            return ode.NOT_FINITE, n, float(n_transient + n)
        store(out[n], x)
    return ode.OK, out.shape[0], float(n_transient + out.shape[0] - 1)


@njit
def iterate(sid, x0, p, n_transient, out):
    """Iterate map ``sid``: ``n_transient`` discarded iterates, then one row of ``out`` each.

    Parameters
    ----------
    sid : int
        The map's id.
    x0 : ndarray
        Initial state.
    p : ndarray
        Parameters.
    n_transient : int
        Iterates discarded first.
    out : ndarray, shape (n + 1, dim)
        Filled with ``x0`` (after the transient) and ``n`` iterates.

    Returns
    -------
    (int, int, float)
        Status, rows filled and iterations done.

    Examples
    --------
    >>> out = np.empty((3, 1))
    >>> iterate(LOGISTIC, np.array([0.5]), np.array([4.0]), 0, out)
    (0, 3, 2.0)
    >>> out[:, 0]
    array([0.5, 1. , 0. ])
    """
    return with_map(sid, _iterate, x0, p, (out, n_transient))

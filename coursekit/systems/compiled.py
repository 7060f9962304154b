r"""The compiled right-hand sides and Jacobians of the classic systems, written once.

Each flow is a function ``f(t, x, p)`` of the time, the state ``x`` (a tuple of floats) and the
parameter array ``p``, returning ``dx/dt`` as a tuple; its Jacobian ``jac(x, p)`` returns the
rows of :math:`\partial f / \partial x`. Each map is ``F(x, p)`` with Jacobian ``jac(x, p)``.
They are compiled with Numba and also run as plain Python on NumPy arrays (broadcasting) or
PyTorch tensors through :func:`coursekit._jit.python`.

Each algorithm that runs on these systems (an RK4 orbit, an iteration, a Lyapunov spectrum) is
written once, generically, and compiled per system by a three-line entry kernel named after
it (``systems/_kernels.py``, ``analysis/_kernels.py``; tables keyed by the integer id below).
One kernel per system, not one kernel that branches over all of them: Numba compiles every
branch it sees, so a first Lotka–Volterra run would pay for compiling Lorenz, Rössler and the
rest. A new system takes: its field and Jacobian here, with an id, a row in :data:`FLOWS` or
:data:`MAPS` and (for a flow) a ``*_variational`` line; then one entry kernel and one table
entry in each of the two kernel modules (the entry kernel fixes the length of the state
tuple). A test checks that no table misses a system.

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

from coursekit._jit import njit
from coursekit.numerics import ode

__all__ = [
    "COMPETITIVE_LV", "DUFFING", "FLOWS", "HENON", "LOGISTIC", "LORENZ", "LOTKA_VOLTERRA",
    "MAPS", "ROSSLER", "competitive_lotka_volterra", "competitive_lotka_volterra_jacobian",
    "duffing", "duffing_jacobian", "henon", "henon_jacobian", "logistic",
    "logistic_jacobian", "lorenz", "lorenz_jacobian", "lotka_volterra",
    "lotka_volterra_jacobian", "rossler", "rossler_jacobian",
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

#: The variational equations ``(x, Q)' = (f(t, x), J(x) Q)`` of each flow
#: (:func:`coursekit.numerics.ode.variational`), for Lyapunov spectra.
lorenz_variational = ode.variational(lorenz, lorenz_jacobian)
rossler_variational = ode.variational(rossler, rossler_jacobian)
lotka_volterra_variational = ode.variational(lotka_volterra, lotka_volterra_jacobian)
competitive_lotka_volterra_variational = ode.variational(competitive_lotka_volterra,
                                                         competitive_lotka_volterra_jacobian)
duffing_variational = ode.variational(duffing, duffing_jacobian)

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

LORENZ, ROSSLER, LOTKA_VOLTERRA, COMPETITIVE_LV, DUFFING = 0, 1, 2, 3, 4
LOGISTIC, HENON = 10, 11

# --- flows ---------------------------------------------------------------------------------------


@njit
def lorenz(t, x, p):
    """Lorenz (1963): ``(sigma (y - x), x (rho - z) - y, x y - beta z)``."""
    return (p[0] * (x[1] - x[0]), x[0] * (p[1] - x[2]) - x[1], x[0] * x[1] - p[2] * x[2])


@njit
def lorenz_jacobian(x, p):
    """Rows of the Jacobian of :func:`lorenz`."""
    return ((-p[0], p[0], 0.0), (p[1] - x[2], -1.0, -x[0]), (x[1], x[0], -p[2]))


@njit
def rossler(t, x, p):
    """Rössler (1976): ``(-y - z, x + a y, b + z (x - c))``."""
    return (-x[1] - x[2], x[0] + p[0] * x[1], p[1] + x[2] * (x[0] - p[2]))


@njit
def rossler_jacobian(x, p):
    """Rows of the Jacobian of :func:`rossler`."""
    return ((0.0, -1.0, -1.0), (1.0, p[0], 0.0), (x[2], 0.0, x[0] - p[2]))


@njit
def lotka_volterra(t, x, p):
    """Predator–prey: ``(alpha x - beta x y, delta x y - gamma y)``."""
    return (p[0] * x[0] - p[1] * x[0] * x[1], p[3] * x[0] * x[1] - p[2] * x[1])


@njit
def lotka_volterra_jacobian(x, p):
    """Rows of the Jacobian of :func:`lotka_volterra`."""
    return ((p[0] - p[1] * x[1], -p[1] * x[0]), (p[3] * x[1], p[3] * x[0] - p[2]))


@njit
def competitive_lotka_volterra(t, x, p):
    """Competition: ``(r1 x (1 - (x + a12 y)/K1), r2 y (1 - (y + a21 x)/K2))``."""
    return (p[0] * x[0] * (1.0 - (x[0] + p[4] * x[1]) / p[2]),
            p[1] * x[1] * (1.0 - (x[1] + p[5] * x[0]) / p[3]))


@njit
def competitive_lotka_volterra_jacobian(x, p):
    """Rows of the Jacobian of :func:`competitive_lotka_volterra`."""
    return ((p[0] * (1.0 - (2.0 * x[0] + p[4] * x[1]) / p[2]), -p[0] * p[4] * x[0] / p[2]),
            (-p[1] * p[5] * x[1] / p[3], p[1] * (1.0 - (2.0 * x[1] + p[5] * x[0]) / p[3])))


@njit
def duffing(t, x, p):
    """Forced Duffing, autonomous: ``(v, -delta v - alpha x - beta x^3 + gamma cos theta, omega)``."""
    return (x[1], -p[0] * x[1] - p[1] * x[0] - p[2] * x[0] ** 3 + p[3] * np.cos(x[2]), p[4])


@njit
def duffing_jacobian(x, p):
    """Rows of the Jacobian of :func:`duffing`."""
    return ((0.0, 1.0, 0.0), (-p[1] - 3.0 * p[2] * x[0] ** 2, -p[0], -p[3] * np.sin(x[2])),
            (0.0, 0.0, 0.0))


# --- maps ----------------------------------------------------------------------------------------


@njit
def logistic(x, p):
    """The logistic map ``r x (1 - x)``."""
    return (p[0] * x[0] * (1.0 - x[0]),)


@njit
def logistic_jacobian(x, p):
    """The derivative of :func:`logistic` as a 1 x 1 matrix."""
    return ((p[0] * (1.0 - 2.0 * x[0]),),)


@njit
def henon(x, p):
    """The Hénon map ``(1 - a x^2 + y, b x)``."""
    return (1.0 - p[0] * x[0] ** 2 + x[1], p[1] * x[0])


@njit
def henon_jacobian(x, p):
    """Rows of the Jacobian of :func:`henon`."""
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

    ``x0`` is a 1-D array, passed on as a tuple of the system's dimension; ``variational`` is
    the right-hand side of the system's variational equations
    (:func:`coursekit.numerics.ode.variational`). Every branch must return the same type.
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
    return algorithm(duffing, duffing_jacobian, _duffing_var, (x0[0], x0[1], x0[2]), p, args)


@inline
def with_map(sid, algorithm, x0, p, args):
    """Call ``algorithm(F, jac, x0_tuple, p, args)`` for the map ``sid`` (see :func:`with_flow`)."""
    if sid == LOGISTIC:
        return algorithm(logistic, logistic_jacobian, (x0[0],), p, args)
    return algorithm(henon, henon_jacobian, (x0[0], x0[1]), p, args)


# --- kernels -------------------------------------------------------------------------------------


@inline
def _orbit(f, jac, var, x0, p, args):
    t_eval, dt, lower, out = args
    return ode.rk4_solve(f, x0, t_eval, dt, p, out, lower)


@njit
def orbit(sid, x0, p, t_eval, dt, lower, out):
    """RK4 orbit of flow ``sid`` from ``x0`` through ``t_eval`` into ``out``; returns
    ``(status, rows filled, time reached)`` (see :func:`coursekit.numerics.ode.rk4_solve`)."""
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
    """Iterate map ``sid``: ``n_transient`` discarded iterates, then one row of ``out`` per
    iterate; returns ``(status, rows filled, iterations done)``."""
    return with_map(sid, _iterate, x0, p, (out, n_transient))

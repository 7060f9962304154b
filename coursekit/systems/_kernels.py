"""Compiled orbits of the classic systems (private): one cached entry kernel per system.

The algorithms are written once (:func:`coursekit.numerics.ode.rk4_solve` for flows,
:func:`_iterate` for maps); each entry kernel below only names its system's function and the
length of its state tuple, so that a system's kernel compiles, and loads from Numba's cache, on
its own (see the docstring of :mod:`coursekit.systems.compiled`). The tables :data:`ORBIT` and
:data:`ITERATE` map the system ids to them.

Flow kernels: ``(x0, p, t_eval, dt, lower, out, halt) -> (status, rows filled, time reached)``.
Map kernels: ``(x0, p, n_transient, out, halt) -> (status, rows filled, iterations done)``.
They release the GIL and stop with ``HALTED`` when the ``halt`` flag is set
(:mod:`coursekit._interrupt`).
"""

from coursekit._interrupt import POLL
from coursekit._jit import inline, njit
from coursekit.numerics.ode import HALTED, NOT_FINITE, OK, rk4_solve
from coursekit.numerics.tree import isfinite, store
from coursekit.systems import compiled as C


@njit(nogil=True)
def orbit_lorenz(x0, p, t_eval, dt, lower, out, halt):
    return rk4_solve(C.lorenz, (x0[0], x0[1], x0[2]), t_eval, dt, p, out, lower, halt)


@njit(nogil=True)
def orbit_rossler(x0, p, t_eval, dt, lower, out, halt):
    return rk4_solve(C.rossler, (x0[0], x0[1], x0[2]), t_eval, dt, p, out, lower, halt)


@njit(nogil=True)
def orbit_lotka_volterra(x0, p, t_eval, dt, lower, out, halt):
    return rk4_solve(C.lotka_volterra, (x0[0], x0[1]), t_eval, dt, p, out, lower, halt)


@njit(nogil=True)
def orbit_competitive_lotka_volterra(x0, p, t_eval, dt, lower, out, halt):
    return rk4_solve(C.competitive_lotka_volterra, (x0[0], x0[1]), t_eval, dt, p, out, lower, halt)


@njit(nogil=True)
def orbit_duffing(x0, p, t_eval, dt, lower, out, halt):
    return rk4_solve(C.duffing, (x0[0], x0[1], x0[2]), t_eval, dt, p, out, lower, halt)


@inline
def _iterate(F, x0, p, n_transient, out, halt):
    """``n_transient`` discarded iterates of ``F``, then one row of ``out`` per iterate."""
    x = x0
    for i in range(n_transient):
        x = F(x, p)
        if not isfinite(x):
            return NOT_FINITE, 0, float(i + 1)
        if i & (POLL - 1) == 0 and halt[0]:
            return HALTED, 0, float(i + 1)
    store(out[0], x)
    for n in range(1, out.shape[0]):
        x = F(x, p)
        if not isfinite(x):
            return NOT_FINITE, n, float(n_transient + n)
        store(out[n], x)
        if n & (POLL - 1) == 0 and halt[0]:
            return HALTED, n, float(n_transient + n)
    return OK, out.shape[0], float(n_transient + out.shape[0] - 1)


@njit(nogil=True)
def iterate_logistic(x0, p, n_transient, out, halt):
    return _iterate(C.logistic, (x0[0],), p, n_transient, out, halt)


@njit(nogil=True)
def iterate_henon(x0, p, n_transient, out, halt):
    return _iterate(C.henon, (x0[0], x0[1]), p, n_transient, out, halt)


ORBIT = {C.LORENZ: orbit_lorenz, C.ROSSLER: orbit_rossler,
         C.LOTKA_VOLTERRA: orbit_lotka_volterra,
         C.COMPETITIVE_LV: orbit_competitive_lotka_volterra, C.DUFFING: orbit_duffing}
ITERATE = {C.LOGISTIC: iterate_logistic, C.HENON: iterate_henon}

r"""Compiled dictionary evaluation and the SINDy orbit (private).

A dictionary of functions is encoded in four plain arrays (see
:class:`coursekit.koopman.dictionaries.Dictionary`): per function a ``kind`` (``MONOMIAL``,
``SIN``, ``COS``, ``THIN_PLATE``, ``GAUSSIAN``), an integer row ``powers`` ``(n_terms,
n_state)`` (a monomial's exponents; a sine's or cosine's integer wave vector :math:`m`, for
:math:`\sin(m\cdot x)`), ``freq`` (a Gaussian's width) and the ``centres``
``(n_terms, n_state)`` of radial functions. The same encoding is
evaluated on data (EDMD, SINDy's regression) and inside the compiled right-hand side of an
identified SINDy model, so the fitted model and its simulation use one formula.
"""

import numpy as np
from numba import prange

from coursekit._jit import njit
from coursekit.numerics.ode import rk4_solve

MONOMIAL, SIN, COS, THIN_PLATE, GAUSSIAN = range(5)


@njit(nogil=True)
def term(x, k, kind, powers, freq, centres):
    """The value of dictionary function ``k`` at the state ``x``."""
    c = kind[k]
    if c == MONOMIAL:
        v = 1.0
        for j in range(x.shape[0]):
            for _ in range(powers[k, j]):
                v *= x[j]
        return v
    if c == SIN or c == COS:
        arg = 0.0
        for j in range(x.shape[0]):
            arg += powers[k, j] * x[j]
        return np.sin(arg) if c == SIN else np.cos(arg)
    r2 = 0.0
    for j in range(x.shape[0]):
        d = x[j] - centres[k, j]
        r2 += d * d
    if c == THIN_PLATE:
        return 0.5 * r2 * np.log(r2) if r2 > 0.0 else 0.0      # r^2 log r
    return np.exp(-r2 / (2.0 * freq[k] * freq[k]))


@njit(nogil=True)
def evaluate(X, kind, powers, freq, centres, out):
    """Fill ``out[i, k]`` with dictionary function ``k`` at state ``X[i]``."""
    for i in range(X.shape[0]):
        for k in range(kind.shape[0]):
            out[i, k] = term(X[i], k, kind, powers, freq, centres)


@njit(parallel=True, nogil=True)
def evaluate_parallel(X, kind, powers, freq, centres, out):
    """:func:`evaluate`, rows in parallel (each row on its own: the same numbers on any number of
    threads); worth its start-up cost from about :data:`PARALLEL_ROWS` rows."""
    for i in prange(X.shape[0]):
        for k in range(kind.shape[0]):
            out[i, k] = term(X[i], k, kind, powers, freq, centres)


#: From this many rows the dictionary is evaluated in parallel.
PARALLEL_ROWS = 20_000


@njit(nogil=True)
def _sindy_rhs(t, x, args):
    coef, kind, powers, freq, centres = args
    dx = np.zeros(coef.shape[0])
    for k in range(kind.shape[0]):
        v = term(x, k, kind, powers, freq, centres)
        for i in range(coef.shape[0]):
            dx[i] += coef[i, k] * v
    return dx


@njit(nogil=True)
def sindy_orbit(x0, coef, kind, powers, freq, centres, t_eval, dt, out, halt):
    """RK4 orbit of ``dx/dt = coef @ theta(x)``: ``(status, rows filled, time reached)``."""
    return rk4_solve(_sindy_rhs, x0.copy(), t_eval, dt, (coef, kind, powers, freq, centres),
                     out, -np.inf, halt)

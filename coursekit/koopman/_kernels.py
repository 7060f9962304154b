"""Compiled dictionary evaluation and the SINDy orbit (private).

A dictionary of functions is encoded in five plain arrays (see
:class:`coursekit.koopman.dictionaries.Dictionary`): per function a ``kind`` (``MONOMIAL``,
``SIN``, ``COS``, ``THIN_PLATE``, ``GAUSSIAN``), integer ``powers`` ``(n_terms, n_state)`` for
monomials, the variable ``var`` and frequency ``freq`` of a sine or cosine (the width of a
Gaussian), and the ``centres`` ``(n_terms, n_state)`` of radial functions. The same encoding is
evaluated on data (EDMD, SINDy's regression) and inside the compiled right-hand side of an
identified SINDy model, so the fitted model and its simulation use one formula.
"""

import numpy as np
from numba import prange

from coursekit._jit import njit
from coursekit.numerics.ode import rk4_solve

MONOMIAL, SIN, COS, THIN_PLATE, GAUSSIAN = range(5)


@njit(nogil=True)
def term(x, k, kind, powers, var, freq, centres):
    """The value of dictionary function ``k`` at the state ``x``."""
    c = kind[k]
    if c == MONOMIAL:
        v = 1.0
        for j in range(x.shape[0]):
            for _ in range(powers[k, j]):
                v *= x[j]
        return v
    if c == SIN:
        return np.sin(freq[k] * x[var[k]])
    if c == COS:
        return np.cos(freq[k] * x[var[k]])
    r2 = 0.0
    for j in range(x.shape[0]):
        d = x[j] - centres[k, j]
        r2 += d * d
    if c == THIN_PLATE:
        return 0.5 * r2 * np.log(r2) if r2 > 0.0 else 0.0      # r^2 log r
    return np.exp(-r2 / (2.0 * freq[k] * freq[k]))


@njit(parallel=True, nogil=True)
def evaluate(X, kind, powers, var, freq, centres, out):
    """Fill ``out[i, k]`` with dictionary function ``k`` at state ``X[i]`` (rows in parallel)."""
    for i in prange(X.shape[0]):
        for k in range(kind.shape[0]):
            out[i, k] = term(X[i], k, kind, powers, var, freq, centres)


@njit(nogil=True)
def _sindy_rhs(t, x, args):
    coef, kind, powers, var, freq, centres = args
    dx = np.zeros(coef.shape[0])
    for k in range(kind.shape[0]):
        v = term(x, k, kind, powers, var, freq, centres)
        for i in range(coef.shape[0]):
            dx[i] += coef[i, k] * v
    return dx


@njit(nogil=True)
def sindy_orbit(x0, coef, kind, powers, var, freq, centres, t_eval, dt, out, halt):
    """RK4 orbit of ``dx/dt = coef @ theta(x)``: ``(status, rows filled, time reached)``."""
    return rk4_solve(_sindy_rhs, x0.copy(), t_eval, dt, (coef, kind, powers, var, freq, centres),
                     out, -np.inf, halt)

"""Compiled KdV steppers (private): the generic methods of :mod:`coursekit.numerics.spectral`
and :mod:`coursekit.numerics.ode` applied to the KdV nonlinear term; FFTs inside Numba through
rocket-fft.

``v`` holds the rfft coefficients; ``g = -(a/2) i k * mask`` is the de-aliased nonlinear
factor, so that the nonlinear term is ``g * rfft(irfft(v)**2)``. The fixed-step kernels advance
``n_steps`` steps and return ``(v, n_done)``; ``n_done < n_steps`` means the field stopped being
finite at step ``n_done + 1``.
"""

import numpy as np

from coursekit._jit import njit
from coursekit.numerics.ode import dopri54_solve
from coursekit.numerics.spectral import etdrk4_step, ifrk4_step


@njit
def nonlinear(v, args):
    """``g * rfft(irfft(v, N)**2)``: the KdV nonlinear term in Fourier space."""
    g, N = args
    u = np.fft.irfft(v, N)
    return g * np.fft.rfft(u * u)


@njit
def etdrk4(v, E, E2, Q, f1, f2, f3, g, N, n_steps):
    """``n_steps`` ETDRK4 steps; returns ``(v, n_done)``."""
    args = (g, N)
    for n in range(n_steps):
        v = etdrk4_step(nonlinear, v, E, E2, Q, f1, f2, f3, args)
        if not np.isfinite(v[1].real):
            return v, n
    return v, n_steps


@njit
def ifrk4(v, E, E2, h, g, N, n_steps):
    """``n_steps`` integrating-factor RK4 steps; returns ``(v, n_done)``."""
    args = (g, N)
    for n in range(n_steps):
        v = ifrk4_step(nonlinear, v, E, E2, h, args)
        if not np.isfinite(v[1].real):
            return v, n
    return v, n_steps


@njit
def _transformed(t, w, args):
    """The non-stiff right-hand side of ``w = exp(-L t) v``: ``exp(-L t) N(exp(L t) w)``."""
    L, g, N = args
    phase = np.exp(L * t)
    return nonlinear(phase * w, (g, N)) / phase


@njit
def if_dp54(v0, L, g, N, t_eval, h0, rtol, atol, h_min):
    """Integrating factor with adaptive Dormand–Prince 5(4) through ``t_eval``; returns
    ``(status, [w at each recording time], time reached, accepted, rejected)``."""
    return dopri54_solve(_transformed, v0, t_eval, h0, rtol, atol, (L, g, N), h_min)

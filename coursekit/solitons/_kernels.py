"""Compiled KdV steppers (private): the generic methods of :mod:`coursekit.numerics.spectral`
and :mod:`coursekit.numerics.ode` applied to the KdV nonlinear term; FFTs inside Numba through
rocket-fft.

``v`` holds the rfft coefficients; ``g = -(a/2) i k * mask`` is the de-aliased nonlinear
factor, so that the nonlinear term is ``g * rfft(irfft(v)**2)``. The fixed-step kernels advance
``n_steps`` steps and return ``(v, n_done, status)``: ``status`` is ``OK``, ``NOT_FINITE`` when
the field stopped being finite at step ``n_done + 1``, or ``GROWTH`` when the squared norm
``sum |v_k|^2`` (proportional to the momentum, which KdV conserves) passed ``ceiling`` there,
or ``HALTED`` when the user interrupted the run (the ``halt`` flag, checked every step; see
:mod:`coursekit._interrupt`).
"""

import numpy as np

from coursekit._jit import njit
from coursekit.numerics.ode import GROWTH, HALTED, NOT_FINITE, OK, dopri54_solve
from coursekit.numerics.spectral import etdrk4_step, ifrk4_step


@njit
def nonlinear(v, args):
    """``g * rfft(irfft(v, N)**2)``: the KdV nonlinear term in Fourier space."""
    g, N = args
    u = np.fft.irfft(v, N)
    return g * np.fft.rfft(u * u)


@njit
def norm2(v):
    """``|v_0|^2 + 2 sum_{k>0} |v_k|^2``: ``N sum_j u_j^2`` by Parseval (Nyquist term aside)."""
    s = v[0].real ** 2 + v[0].imag ** 2
    for j in range(1, v.shape[0]):
        s += 2.0 * (v[j].real ** 2 + v[j].imag ** 2)
    return s


@njit
def _status(v, ceiling):
    s = norm2(v)
    if not np.isfinite(s):
        return NOT_FINITE
    return GROWTH if s > ceiling else OK


@njit(nogil=True)
def etdrk4(v, E, E2, Q, f1, f2, f3, g, N, n_steps, ceiling, halt):
    """``n_steps`` ETDRK4 steps; returns ``(v, n_done, status)``."""
    args = (g, N)
    for n in range(n_steps):
        if halt[0]:
            return v, n, HALTED
        v = etdrk4_step(nonlinear, v, E, E2, Q, f1, f2, f3, args)
        status = _status(v, ceiling)
        if status != OK:
            return v, n, status
    return v, n_steps, OK


@njit(nogil=True)
def ifrk4(v, E, E2, h, g, N, n_steps, ceiling, halt):
    """``n_steps`` integrating-factor RK4 steps; returns ``(v, n_done, status)``."""
    args = (g, N)
    for n in range(n_steps):
        if halt[0]:
            return v, n, HALTED
        v = ifrk4_step(nonlinear, v, E, E2, h, args)
        status = _status(v, ceiling)
        if status != OK:
            return v, n, status
    return v, n_steps, OK


@njit
def _transformed(t, w, args):
    """The non-stiff right-hand side of ``w = exp(-L t) v``: ``exp(-L t) N(exp(L t) w)``."""
    L, g, N = args
    phase = np.exp(L * t)
    return nonlinear(phase * w, (g, N)) / phase


@njit(nogil=True)
def if_dp54(v0, L, g, N, t_eval, h0, rtol, atol, h_min, halt):
    """Integrating factor with adaptive Dormand–Prince 5(4) through ``t_eval``; returns
    ``(status, [w at each recording time], time reached, accepted, rejected, shortest step,
    longest step)``."""
    return dopri54_solve(_transformed, v0, t_eval, h0, rtol, atol, (L, g, N), h_min, halt)

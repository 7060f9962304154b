"""Compiled time steppers of coursekit.solitons (private); FFTs inside Numba via rocket-fft.

``v`` holds the rfft coefficients; ``g = -(a/2) i k * mask`` the de-aliased nonlinear factor.
Each kernel advances ``n_steps`` steps and returns ``(v, n_done)``; ``n_done < n_steps`` means
the field stopped being finite at step ``n_done + 1``.
"""

import numpy as np

from coursekit._jit import njit


@njit
def _nonlinear(v, g, N):
    u = np.fft.irfft(v, N)
    return g * np.fft.rfft(u * u)


@njit
def etdrk4(v, E, E2, Q, f1, f2, f3, g, N, n_steps):
    for n in range(n_steps):
        Nv = _nonlinear(v, g, N)
        a = E2 * v + Q * Nv
        Na = _nonlinear(a, g, N)
        b = E2 * v + Q * Na
        Nb = _nonlinear(b, g, N)
        c = E2 * a + Q * (2.0 * Nb - Nv)
        Nc = _nonlinear(c, g, N)
        v = E * v + Nv * f1 + 2.0 * (Na + Nb) * f2 + Nc * f3
        if not np.isfinite(v[1].real):
            return v, n
    return v, n_steps


@njit
def ifrk4(v, E, E2, h, g, N, n_steps):
    for n in range(n_steps):
        k1 = _nonlinear(v, g, N)
        k2 = _nonlinear(E2 * (v + 0.5 * h * k1), g, N)
        k3 = _nonlinear(E2 * v + 0.5 * h * k2, g, N)
        k4 = _nonlinear(E * v + h * E2 * k3, g, N)
        v = E * v + h / 6.0 * (E * k1 + 2.0 * E2 * (k2 + k3) + k4)
        if not np.isfinite(v[1].real):
            return v, n
    return v, n_steps

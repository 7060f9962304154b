"""Compiled Klein–Gordon steppers (private): the symplectic and Runge–Kutta steppers of
:mod:`coursekit.numerics.ode` applied to the semi-discrete field equation, FFTs inside Numba
through rocket-fft.

The field is ``phi = s + q``: ``s`` is a fixed linear ramp that carries the jump of ``phi``
across the domain (the topological charge), ``q`` is periodic. Since ``s_xx = 0``, the
acceleration is ``q_tt = irfft(-k^2 rfft(q)) - V'(s + q)``. The built-in potentials are chosen
by an integer ``kind`` (so that one cached kernel serves them all): :data:`PHI4`
(``V' = phi^3 - phi``), :data:`SINE_GORDON` (``V' = sin phi``), :data:`KLEIN_GORDON`
(``V' = m^2 phi``). The kernels advance ``n_steps`` steps and return ``(q, v, n_done, status)``
with ``status`` ``OK``, ``NOT_FINITE`` (the field stopped being finite at step ``n_done + 1``)
or ``HALTED`` (the user interrupted the run; the ``halt`` flag is checked every step).
"""

import numpy as np

from coursekit._jit import njit
from coursekit.numerics.ode import HALTED, NOT_FINITE, OK, rk4_step, verlet_step, yoshida4_step

PHI4, SINE_GORDON, KLEIN_GORDON = 0, 1, 2
VERLET, YOSHIDA4, RK4 = 0, 1, 2
#: Steps between finiteness checks.
CHECK = 64


@njit
def force(kind, mass2, phi):
    """``V'(phi)`` of the built-in potential ``kind``, elementwise."""
    out = np.empty_like(phi)
    for j in range(phi.size):
        p = phi[j]
        if kind == PHI4:
            out[j] = p * p * p - p
        elif kind == SINE_GORDON:
            out[j] = np.sin(p)
        else:
            out[j] = mass2 * p
    return out


@njit
def accel(t, q, args):
    """``q_tt = q_xx - V'(s + q)``, the Laplacian spectral."""
    s, k2, kind, mass2 = args
    lap = np.fft.irfft(-k2 * np.fft.rfft(q), q.size)
    return lap - force(kind, mass2, s + q)


@njit
def rhs(t, x, args):
    """First-order form ``(q, v)' = (v, accel(q))`` for Runge–Kutta."""
    return (x[1], accel(t, x[0], args))


@njit(nogil=True)
def march(method, q, v, s, k2, kind, mass2, damp, h, n_steps, halt):
    """``n_steps`` steps of length ``h``; returns ``(q, v, n_done, status)``.

    ``damp`` (empty for none) is an absorbing layer: after each step ``v *= exp(-damp h)``,
    the exact flow of ``phi_tt = -damp phi_t`` (first-order splitting)."""
    args = (s, k2, kind, mass2)
    a = accel(0.0, q, args)
    absorb = damp.size > 0
    factor = np.exp(-damp * h)
    for n in range(n_steps):
        if halt[0]:
            return q, v, n, HALTED
        if method == VERLET:
            q, v, a = verlet_step(accel, 0.0, q, v, a, h, args)
        elif method == YOSHIDA4:
            q, v, a = yoshida4_step(accel, 0.0, q, v, a, h, args)
        else:
            q, v = rk4_step(rhs, 0.0, (q, v), h, args)
        if absorb:
            v = v * factor
        if n % CHECK == 0 and not (np.isfinite(np.sum(q)) and np.isfinite(np.sum(v))):
            return q, v, n, NOT_FINITE
    if not (np.isfinite(np.sum(q)) and np.isfinite(np.sum(v))):
        return q, v, n_steps - 1, NOT_FINITE
    return q, v, n_steps, OK

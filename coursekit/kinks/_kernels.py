"""Compiled Klein–Gordon steppers (private): the symplectic and Runge–Kutta steppers of
:mod:`coursekit.numerics.ode` applied to the semi-discrete field equation, FFTs inside Numba
through rocket-fft.

The field is ``phi = s + q``: ``s`` is a fixed linear ramp that carries the jump of ``phi``
across the domain (the topological charge), ``q`` is periodic. Since ``s_xx = 0``, the
acceleration is ``q_tt = irfft(-k^2 rfft(q)) - V'(s + q)``. The built-in potentials are chosen
by an integer ``kind`` (so that one cached kernel serves them all): :data:`PHI4`
(``V' = phi^3 - phi``), :data:`SINE_GORDON` (``V' = sin phi``), :data:`KLEIN_GORDON`
(``V' = m^2 phi``). A user-supplied ``V'`` (a compiled function of one float) gets its own
kernel from :func:`custom_march`, compiled in the session and not cached (Numba cannot cache
code that calls a function known only at run time); the caller keeps it (on the
:class:`~coursekit.kinks.klein_gordon.Potential`). Both run the one loop :func:`steps`.
The kernels advance ``n_steps`` steps and return ``(q, v, n_done, status)`` with ``status``
``OK``, ``NOT_FINITE`` (the field stopped being finite at step ``n_done + 1``) or ``HALTED``
(the user interrupted the run; the ``halt`` flag is checked every step).
"""

import numba
import numpy as np

from coursekit._jit import JIT_DISABLED, inline, njit
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


@inline
def laplacian(q, k2):
    """``q_xx`` by FFT (``k2`` the squared wavenumbers of the real transform)."""
    return np.fft.irfft(-k2 * np.fft.rfft(q), q.size)


@njit
def accel(t, q, args):
    """``q_tt = q_xx - V'(s + q)``, the Laplacian spectral."""
    s, k2, kind, mass2 = args
    return laplacian(q, k2) - force(kind, mass2, s + q)


@njit
def rhs(t, x, args):
    """First-order form ``(q, v)' = (v, accel(q))`` for Runge–Kutta."""
    return (x[1], accel(t, x[0], args))


@inline
def steps(accel, rhs, method, q, v, args, damp, h, n_steps, halt):
    """``n_steps`` steps of length ``h`` of ``q'' = accel(t, q, args)``; returns
    ``(q, v, n_done, status)``.

    ``damp`` (empty for none) is an absorbing layer: after each step ``v *= exp(-damp h)``,
    the exact flow of ``phi_tt = -damp phi_t`` (first-order splitting)."""
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


@njit(nogil=True)
def march(method, q, v, s, k2, kind, mass2, damp, h, n_steps, halt):
    """:func:`steps` with a built-in potential ``kind``."""
    return steps(accel, rhs, method, q, v, (s, k2, kind, mass2), damp, h, n_steps, halt)


def compiled(func) -> bool:
    """Whether ``func`` is a Numba-compiled function (any callable when JIT is disabled)."""
    return callable(func) if JIT_DISABLED else isinstance(func, numba.core.dispatcher.Dispatcher)


def custom_march(dV):
    """A kernel ``march(method, q, v, s, k2, damp, h, n_steps, halt)`` for the compiled scalar
    ``V'`` ``dV`` (compiled at its first call)."""

    @njit(cache=False)
    def accel_custom(t, q, args):
        s, k2 = args
        out = laplacian(q, k2)
        for j in range(q.size):
            out[j] -= dV(s[j] + q[j])
        return out

    @njit(cache=False)
    def rhs_custom(t, x, args):
        return (x[1], accel_custom(t, x[0], args))

    @njit(cache=False, nogil=True)
    def march_custom(method, q, v, s, k2, damp, h, n_steps, halt):
        return steps(accel_custom, rhs_custom, method, q, v, (s, k2), damp, h, n_steps, halt)

    return march_custom


def elementwise(f):
    """``f`` (a compiled function of one float) applied to each entry of a 1-D float array
    (compiled at its first call)."""

    @njit(cache=False)
    def apply(x):
        out = np.empty(x.shape[0])
        for j in range(x.shape[0]):
            out[j] = f(x[j])
        return out

    return apply

"""Compiled kernels of coursekit.population (private): the LV period and noisy LV.

The Lotka–Volterra field is :func:`coursekit.systems.compiled.lotka_volterra`; the steppers are
those of :mod:`coursekit.numerics.ode`.
"""

import numpy as np

from coursekit._interrupt import POLL
from coursekit._jit import njit
from coursekit.numerics import ode
from coursekit.numerics.ode import rk4_step
from coursekit.systems.compiled import lotka_volterra


@njit(nogil=True)
def lv_first_return(x0, p, dt, max_steps, halt):
    """Time for the LV orbit through ``(x0, y*)``, ``x0 > x*``, to return to the section.

    The section is ``y = y*`` crossed upwards (there ``dy/dt > 0`` because ``x > x*``). RK4 steps
    of size ``dt`` bracket the crossing; a secant iteration on the length ``h`` of a partial RK4
    step from the last state before the crossing then finds it with the RK4 error, O(dt^4).
    Returns ``nan`` if the orbit does not return within ``max_steps`` steps (or the ``halt``
    flag was set: checked every ``POLL`` steps).
    """
    ystar = p[0] / p[1]
    xstar = p[2] / p[3]
    z = (x0, ystar)
    for n in range(1, max_steps + 1):
        zn = rk4_step(lotka_volterra, 0.0, z, dt, p)
        # an upward crossing on the right-hand half of the orbit, after leaving the start
        if n > 1 and z[1] < ystar and zn[1] >= ystar and zn[0] > xstar:
            h0, f0 = 0.0, z[1] - ystar
            h1, f1 = dt, zn[1] - ystar
            for _ in range(50):
                if f1 == f0:
                    break
                h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
                zh = rk4_step(lotka_volterra, 0.0, z, h2, p)
                h0, f0 = h1, f1
                h1, f1 = h2, zh[1] - ystar
                if abs(h1 - h0) < 1e-15 * dt:
                    break
            return (n - 1) * dt + h1
        z = zn
        if n & (POLL - 1) == 0 and halt[0]:
            break
    return np.nan


@njit
def _log_drift(t, z, p):
    """``d(ln x)/dt = alpha - beta y``, ``d(ln y)/dt = delta x - gamma``: the Lotka–Volterra
    field (:func:`coursekit.systems.compiled.lotka_volterra`) divided by the state, written out
    so that a state that underflows to 0 does not divide by zero."""
    return (p[0] - p[1] * np.exp(z[1]), p[3] * np.exp(z[0]) - p[2])


@njit
def _log_diffusion(t, z, p):
    """Additive noise of strength ``sigma = p[4]`` on both log-variables."""
    return (p[4], p[4])


@njit(nogil=True)
def lv_noisy(x0, p, t_eval, dt, start, stop, rng, out, status, reached, halt):
    """Euler–Maruyama in ``u = ln x``, ``v = ln y`` (additive noise ``sigma``) for paths
    ``start .. stop - 1``, one after the other from the stream ``rng`` (see
    :func:`coursekit._random.run_blocks`; the GIL is released);
    ``p = (alpha, beta, gamma, delta, sigma)``. Fills ``out[:, k]`` (n_times, 2) with ``x, y``
    and ``status[k]``, ``reached[k]``; checks the ``halt`` flag before each path."""
    z0 = (np.log(x0[0]), np.log(x0[1]))
    logs = np.empty((t_eval.shape[0], 2))
    for k in range(start, stop):
        if halt[0]:
            return
        status[k], filled, reached[k] = ode.euler_maruyama_solve(
            _log_drift, _log_diffusion, z0, t_eval, dt, p, rng, logs, halt)
        for j in range(filled):
            out[j, k, 0] = np.exp(logs[j, 0])
            out[j, k, 1] = np.exp(logs[j, 1])

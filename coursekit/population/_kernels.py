"""Compiled kernels of coursekit.population (private: plain arrays and scalars in and out).

Models are selected by an integer id so that one compiled signature serves them all:

* ``LV = 0``: classic Lotka–Volterra, ``p = (alpha, beta, gamma, delta)``;
* ``COMPETITIVE = 1``: competitive Lotka–Volterra, ``p = (r1, r2, K1, K2, a12, a21)``.
"""

import numpy as np

from coursekit._jit import njit

LV = 0
COMPETITIVE = 1

# status codes returned by the kernels
OK = 0
NOT_FINITE = 1
NEGATIVE = 2


@njit
def _rhs(model, x, y, p):
    if model == LV:
        return p[0] * x - p[1] * x * y, p[3] * x * y - p[2] * y
    # competitive
    return (
        p[0] * x * (1.0 - (x + p[4] * y) / p[2]),
        p[1] * y * (1.0 - (y + p[5] * x) / p[3]),
    )


@njit
def _rk4_step(model, x, y, p, h):
    k1x, k1y = _rhs(model, x, y, p)
    k2x, k2y = _rhs(model, x + 0.5 * h * k1x, y + 0.5 * h * k1y, p)
    k3x, k3y = _rhs(model, x + 0.5 * h * k2x, y + 0.5 * h * k2y, p)
    k4x, k4y = _rhs(model, x + h * k3x, y + h * k3y, p)
    return (
        x + h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x),
        y + h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y),
    )


@njit
def rk4(model, x0, y0, p, dt, n_steps, every):
    """Classical RK4 with fixed step ``dt``; the state is stored every ``every`` steps.

    Returns ``(out, status, n_done)``: ``out`` has shape ``(n_steps // every + 1, 2)``;
    ``status`` is OK, NOT_FINITE or NEGATIVE, and ``n_done`` the step at which it stopped.
    """
    n_out = n_steps // every + 1
    out = np.empty((n_out, 2))
    x, y = x0, y0
    out[0, 0] = x
    out[0, 1] = y
    j = 1
    for n in range(1, n_steps + 1):
        x, y = _rk4_step(model, x, y, p, dt)
        if not (np.isfinite(x) and np.isfinite(y)):
            return out[:j], NOT_FINITE, n
        if x < 0.0 or y < 0.0:
            return out[:j], NEGATIVE, n
        if n % every == 0:
            out[j, 0] = x
            out[j, 1] = y
            j += 1
    return out, OK, n_steps


@njit
def lv_first_return(x0, p, dt, max_steps):
    """Time for the LV orbit through ``(x0, y*)``, ``x0 > x*``, to return to the section.

    The section is ``y = y*`` crossed upwards (there ``dy/dt > 0`` because ``x > x*``). RK4 steps
    of size ``dt`` bracket the crossing; a secant iteration on the length ``h`` of a partial RK4
    step from the last state before the crossing then finds it with the RK4 error, O(dt^4).
    Returns ``nan`` if the orbit does not return within ``max_steps`` steps.
    """
    ystar = p[0] / p[1]
    x, y = x0, ystar
    for n in range(1, max_steps + 1):
        xn, yn = _rk4_step(LV, x, y, p, dt)
        # an upward crossing on the right-hand half of the orbit, after leaving the start
        if n > 1 and y < ystar and yn >= ystar and xn > p[2] / p[3]:
            h0, f0 = 0.0, y - ystar
            h1, f1 = dt, yn - ystar
            for _ in range(50):
                if f1 == f0:
                    break
                h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
                xh, yh = _rk4_step(LV, x, y, p, h2)
                h0, f0 = h1, f1
                h1, f1 = h2, yh - ystar
                if abs(h1 - h0) < 1e-15 * dt:
                    break
            return (n - 1) * dt + h1
        x, y = xn, yn
    return np.nan


@njit
def lv_noisy(x0, y0, p, sigma, dt, n_steps, every, n_paths, seed):
    """Euler–Maruyama for LV with multiplicative noise, stepped in ``u = ln x``, ``v = ln y``.

    ``du = (alpha - beta e^v) dt + sigma dW1``, ``dv = (delta e^u - gamma) dt + sigma dW2``
    (the Itô form of ``dx = (...) dt + sigma x o dW`` in Stratonovich sense). Positivity holds
    by construction. Numba's generator is seeded here from ``seed``: same seed, same paths.
    Output shape ``(n_steps // every + 1, n_paths, 2)``, time first.
    """
    np.random.seed(seed)
    n_out = n_steps // every + 1
    out = np.empty((n_out, n_paths, 2))
    sq = sigma * np.sqrt(dt)
    for k in range(n_paths):
        u = np.log(x0)
        v = np.log(y0)
        out[0, k, 0] = x0
        out[0, k, 1] = y0
        j = 1
        for n in range(1, n_steps + 1):
            du = (p[0] - p[1] * np.exp(v)) * dt + sq * np.random.standard_normal()
            dv = (p[3] * np.exp(u) - p[2]) * dt + sq * np.random.standard_normal()
            u += du
            v += dv
            if n % every == 0:
                out[j, k, 0] = np.exp(u)
                out[j, k, 1] = np.exp(v)
                j += 1
    return out

"""Compiled phase-oscillator dynamics (private): the Kuramoto mean field and its RK4 orbit;
rings of oscillators with Euler–Maruyama or Heun steps.

The steppers are :mod:`coursekit.numerics.ode`'s, written once; this module only supplies the
right-hand sides: the all-to-all one costs :math:`O(N)` through the order parameter, the
ring's :math:`O(L)`.
"""

import numpy as np

from coursekit._jit import inline, njit
from coursekit.numerics.ode import euler_maruyama_step, heun_step, rk4_solve, sde_solve


@inline
def mean_field(theta, omega, coupling):
    r"""Kuramoto's all-to-all right-hand side through the mean field:
    :math:`\dot\theta_i = \omega_i + K r \sin(\psi - \theta_i)`, with
    :math:`r e^{i\psi} = \frac1N \sum_j e^{i\theta_j}`, which equals
    :math:`\omega_i + \frac KN \sum_j \sin(\theta_j - \theta_i)` in :math:`O(N)`."""
    n = theta.shape[0]
    cos, sin = np.cos(theta), np.sin(theta)         # each once, for the sum and the update
    c = cos.sum() / n
    s = sin.sum() / n
    # K r sin(psi - theta_i) = K (s cos(theta_i) - c sin(theta_i))
    return omega + coupling * (s * cos - c * sin)


@inline
def _rhs(t, theta, args):
    return mean_field(theta, args[0], args[1])


@njit(nogil=True)
def orbit(theta0, omega, coupling, t_eval, dt, out, halt):
    """RK4 orbit of the all-to-all model: ``(status, rows filled, time reached)``."""
    return rk4_solve(_rhs, theta0, t_eval, dt, (omega, coupling), out, -np.inf, halt)


@inline
def _ring_drift(t, theta, args):
    r"""The ring's drift, one bond at a time: bond :math:`j` (from oscillator :math:`j` to
    :math:`j + 1`, difference :math:`d`) adds :math:`K\Gamma(d)` to :math:`j` and
    :math:`K\Gamma(-d)` to :math:`j + 1`, so each difference's sine and cosine are computed once
    (:math:`\Gamma(\pm d) = \pm\sin d + b(1 - \cos d)`)."""
    omega, coupling, b, linear = args[0], args[1], args[2], args[3]
    n = theta.shape[0]
    out = omega.copy()
    for j in range(n):
        k = j + 1 if j + 1 < n else 0
        d = theta[k] - theta[j]
        if linear:
            odd, even = d, 0.0
        else:
            odd, even = np.sin(d), b * (1.0 - np.cos(d))
        out[j] += coupling * (odd + even)
        out[k] += coupling * (even - odd)
    return out


@inline
def _ring_diffusion(t, theta, args):
    return np.full(theta.shape[0], args[4])


@njit(nogil=True)
def ring_ensemble(theta0, sigma, coupling, b, linear, noise, heun, t_eval, dt, start, stop, rng,
                  out, omegas, status, reached, halt):
    """Rings ``start .. stop - 1`` of :func:`coursekit.sync.chains.simulate_ring`, one after the
    other from the stream ``rng``: each draws its quenched frequencies ``sigma * N(0, 1)``
    (into ``omegas[k]``), then its noise, step by step. Fills ``out[:, k]`` (n_times, L),
    ``status[k]`` and ``reached[k]``; checks ``halt`` before each ring."""
    n_times, n = t_eval.shape[0], theta0.shape[0]
    buf = np.empty((n_times, n))
    for k in range(start, stop):
        if halt[0]:
            return
        omega = sigma * rng.standard_normal(n)
        omegas[k] = omega
        args = (omega, coupling, b, linear, noise)
        if heun:
            status[k], filled, reached[k] = sde_solve(heun_step, _ring_drift, _ring_diffusion,
                                                      theta0.copy(), t_eval, dt, args, rng, buf,
                                                      halt)
        else:
            status[k], filled, reached[k] = sde_solve(euler_maruyama_step, _ring_drift,
                                                      _ring_diffusion, theta0.copy(), t_eval, dt,
                                                      args, rng, buf, halt)
        for j in range(filled):
            out[j, k] = buf[j]

"""Compiled Kuramoto dynamics (private): the mean-field right-hand side and its RK4 orbit.

The step is :func:`coursekit.numerics.ode.rk4_solve`, written once; this module only supplies
the right-hand side, which costs :math:`O(N)` through the order parameter.
"""

import numpy as np

from coursekit._jit import inline, njit
from coursekit.numerics.ode import rk4_solve


@inline
def mean_field(theta, omega, coupling):
    r"""Kuramoto's all-to-all right-hand side through the mean field:
    :math:`\dot\theta_i = \omega_i + K r \sin(\psi - \theta_i)`, with
    :math:`r e^{i\psi} = \frac1N \sum_j e^{i\theta_j}`, which equals
    :math:`\omega_i + \frac KN \sum_j \sin(\theta_j - \theta_i)` in :math:`O(N)`."""
    n = theta.shape[0]
    c = 0.0
    s = 0.0
    for j in range(n):
        c += np.cos(theta[j])
        s += np.sin(theta[j])
    c /= n
    s /= n
    out = np.empty(n)
    for i in range(n):
        # K r sin(psi - theta_i) = K (s cos(theta_i) - c sin(theta_i))
        out[i] = omega[i] + coupling * (s * np.cos(theta[i]) - c * np.sin(theta[i]))
    return out


@inline
def _rhs(t, theta, args):
    return mean_field(theta, args[0], args[1])


@njit(nogil=True)
def orbit(theta0, omega, coupling, t_eval, dt, out, halt):
    """RK4 orbit of the all-to-all model: ``(status, rows filled, time reached)``."""
    return rk4_solve(_rhs, theta0, t_eval, dt, (omega, coupling), out, -np.inf, halt)

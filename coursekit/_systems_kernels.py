"""Compiled right-hand sides, Jacobians and integrators of the classic systems (private).

Systems are selected by an integer id (one compiled signature for all); parameters come as a
float array ``p``. Flows: ``LORENZ (sigma, rho, beta)``, ``ROSSLER (a, b, c)``,
``LOTKA_VOLTERRA (alpha, beta, gamma, delta)``, ``DUFFING (delta, alpha, beta, gamma, omega)``
with the forcing phase as a third variable. Maps: ``LOGISTIC (r,)``, ``HENON (a, b)``.
"""

import numpy as np

from coursekit._jit import copy_into, njit
from coursekit.population import _kernels as _population

LORENZ, ROSSLER, LOTKA_VOLTERRA, DUFFING = 0, 1, 2, 3
LOGISTIC, HENON = 10, 11


@njit
def flow_rhs(sid, x, p, out):
    if sid == LORENZ:
        out[0] = p[0] * (x[1] - x[0])
        out[1] = x[0] * (p[1] - x[2]) - x[1]
        out[2] = x[0] * x[1] - p[2] * x[2]
    elif sid == ROSSLER:
        out[0] = -x[1] - x[2]
        out[1] = x[0] + p[0] * x[1]
        out[2] = p[1] + x[2] * (x[0] - p[2])
    elif sid == LOTKA_VOLTERRA:
        out[0], out[1] = _population._rhs(_population.LV, x[0], x[1], p)
    else:  # DUFFING: x'' + delta x' + alpha x + beta x^3 = gamma cos(theta), theta' = omega
        out[0] = x[1]
        out[1] = -p[0] * x[1] - p[1] * x[0] - p[2] * x[0] ** 3 + p[3] * np.cos(x[2])
        out[2] = p[4]


@njit
def flow_jacobian(sid, x, p, J):
    for i in range(J.shape[0]):
        for j in range(J.shape[1]):
            J[i, j] = 0.0
    if sid == LORENZ:
        J[0, 0], J[0, 1] = -p[0], p[0]
        J[1, 0], J[1, 1], J[1, 2] = p[1] - x[2], -1.0, -x[0]
        J[2, 0], J[2, 1], J[2, 2] = x[1], x[0], -p[2]
    elif sid == ROSSLER:
        J[0, 1], J[0, 2] = -1.0, -1.0
        J[1, 0], J[1, 1] = 1.0, p[0]
        J[2, 0], J[2, 2] = x[2], x[0] - p[2]
    elif sid == LOTKA_VOLTERRA:
        J[0, 0], J[0, 1] = p[0] - p[1] * x[1], -p[1] * x[0]
        J[1, 0], J[1, 1] = p[3] * x[1], p[3] * x[0] - p[2]
    else:
        J[0, 1] = 1.0
        J[1, 0], J[1, 1], J[1, 2] = -p[1] - 3.0 * p[2] * x[0] ** 2, -p[0], -p[3] * np.sin(x[2])


@njit
def map_step(sid, x, p, out):
    if sid == LOGISTIC:
        out[0] = p[0] * x[0] * (1.0 - x[0])
    else:  # HENON
        out[0] = 1.0 - p[0] * x[0] ** 2 + x[1]
        out[1] = p[1] * x[0]


@njit
def map_jacobian(sid, x, p, J):
    if sid == LOGISTIC:
        J[0, 0] = p[0] * (1.0 - 2.0 * x[0])
    else:
        J[0, 0], J[0, 1] = -2.0 * p[0] * x[0], 1.0
        J[1, 0], J[1, 1] = p[1], 0.0


# The kernels below write arrays element by element (see coursekit._jit.copy_into), which also
# spares the temporaries that whole-array RK4 expressions allocated at every step.


@njit
def _axpy(out, x, a, y):
    """``out = x + a * y`` for 1-D arrays (and flat views of C-contiguous matrices)."""
    for i in range(out.shape[0]):
        out[i] = x[i] + a * y[i]


@njit
def _rk4_update(x, h, k1, k2, k3, k4):
    """``x += h/6 (k1 + 2 k2 + 2 k3 + k4)`` in place."""
    for i in range(x.shape[0]):
        x[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])


@njit
def _matmul(A, B, out):
    """``out = A @ B`` for the small matrices of the tangent dynamics."""
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            acc = 0.0
            for m in range(A.shape[1]):
                acc += A[i, m] * B[m, j]
            out[i, j] = acc


@njit
def _rk4(sid, x, p, h, k1, k2, k3, k4, tmp):
    flow_rhs(sid, x, p, k1)
    _axpy(tmp, x, 0.5 * h, k1)
    flow_rhs(sid, tmp, p, k2)
    _axpy(tmp, x, 0.5 * h, k2)
    flow_rhs(sid, tmp, p, k3)
    _axpy(tmp, x, h, k3)
    flow_rhs(sid, tmp, p, k4)
    _rk4_update(x, h, k1, k2, k3, k4)


@njit
def integrate_flow(sid, x0, p, dt, n_steps, every):
    """Fixed-step RK4; returns ``(out, n_done)``, ``out`` of shape ``(n_steps//every + 1, d)``.

    Stops early (``n_done < n_steps``) if the state becomes non-finite.
    """
    d = x0.shape[0]
    out = np.empty((n_steps // every + 1, d))
    x = x0.copy()
    k1, k2, k3, k4, tmp = np.empty(d), np.empty(d), np.empty(d), np.empty(d), np.empty(d)
    copy_into(out[0], x)
    j = 1
    for n in range(1, n_steps + 1):
        _rk4(sid, x, p, dt, k1, k2, k3, k4, tmp)
        if not np.all(np.isfinite(x)):
            return out[:j], n
        if n % every == 0:
            copy_into(out[j], x)
            j += 1
    return out, n_steps


@njit
def iterate_map(sid, x0, p, n_steps):
    d = x0.shape[0]
    out = np.empty((n_steps + 1, d))
    copy_into(out[0], x0)
    for n in range(n_steps):
        map_step(sid, out[n], p, out[n + 1])
    return out


@njit
def flow_lyapunov(sid, x0, p, dt, n_transient, n_steps, renorm, k):
    """Lyapunov spectrum of a flow (Benettin et al.): RK4 on the state and ``k`` tangent
    vectors, ``dQ/dt = J(x) Q``, re-orthonormalised by QR every ``renorm`` steps.

    Returns the ``k`` exponents (descending) and their running estimates at each QR.
    """
    d = x0.shape[0]
    x = x0.copy()
    k1, k2, k3, k4, xs = np.empty(d), np.empty(d), np.empty(d), np.empty(d), np.empty(d)
    for _ in range(n_transient):
        _rk4(sid, x, p, dt, k1, k2, k3, k4, xs)
    Q = np.eye(d)[:, :k].copy()
    J = np.empty((d, d))
    sums = np.zeros(k)
    n_qr = n_steps // renorm
    history = np.empty((n_qr, k))
    K1, K2, K3, K4 = np.empty((d, k)), np.empty((d, k)), np.empty((d, k)), np.empty((d, k))
    Qs = np.empty((d, k))
    # flat views (reshape of a C-contiguous array) for the element-wise updates
    q, qs = Q.reshape(d * k), Qs.reshape(d * k)
    f1, f2, f3, f4 = K1.reshape(d * k), K2.reshape(d * k), K3.reshape(d * k), K4.reshape(d * k)
    for m in range(n_qr):
        for _ in range(renorm):
            # tangent stages use J at the matching RK4 stage points of the state
            flow_jacobian(sid, x, p, J)
            _matmul(J, Q, K1)
            flow_rhs(sid, x, p, k1)
            _axpy(xs, x, 0.5 * dt, k1)
            flow_jacobian(sid, xs, p, J)
            _axpy(qs, q, 0.5 * dt, f1)
            _matmul(J, Qs, K2)
            flow_rhs(sid, xs, p, k2)
            _axpy(xs, x, 0.5 * dt, k2)
            flow_jacobian(sid, xs, p, J)
            _axpy(qs, q, 0.5 * dt, f2)
            _matmul(J, Qs, K3)
            flow_rhs(sid, xs, p, k3)
            _axpy(xs, x, dt, k3)
            flow_jacobian(sid, xs, p, J)
            _axpy(qs, q, dt, f3)
            _matmul(J, Qs, K4)
            flow_rhs(sid, xs, p, k4)
            _rk4_update(x, dt, k1, k2, k3, k4)
            _rk4_update(q, dt, f1, f2, f3, f4)
        Qn, R = np.linalg.qr(Q)
        for i in range(k):
            r = R[i, i]
            sign = 1.0
            if r < 0.0:  # keep the orientation: flip the column of Q with the row of R
                sign = -1.0
                r = -r
            for row in range(d):
                Q[row, i] = sign * Qn[row, i]
            sums[i] += np.log(r)
            history[m, i] = sums[i] / ((m + 1) * renorm * dt)
    return sums / (n_qr * renorm * dt), history


@njit
def map_lyapunov(sid, x0, p, n_transient, n_steps, k):
    """Lyapunov spectrum of a map: products of Jacobians re-orthonormalised by QR each step."""
    d = x0.shape[0]
    x = x0.copy()
    nxt = np.empty(d)
    for _ in range(n_transient):
        map_step(sid, x, p, nxt)
        copy_into(x, nxt)
    Q = np.eye(d)[:, :k].copy()
    J = np.empty((d, d))
    sums = np.zeros(k)
    for _ in range(n_steps):
        map_jacobian(sid, x, p, J)
        Qn, R = np.linalg.qr(J @ Q)
        Q = np.ascontiguousarray(Qn)
        for i in range(k):
            sums[i] += np.log(abs(R[i, i]))
        map_step(sid, x, p, nxt)
        copy_into(x, nxt)
    return sums / n_steps

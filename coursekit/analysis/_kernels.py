"""Compiled kernels of coursekit.analysis (private)."""

import numpy as np

from coursekit._interrupt import POLL
from coursekit._jit import inline, njit
from coursekit.numerics import ode
from coursekit.numerics.ode import rk4_step
from coursekit.numerics.tree import gram_schmidt, isfinite, matcols, unit_columns
from coursekit.systems import compiled as C


@njit
def ordinal_counts(x, order, delay):
    """Counts of the ``order!`` ordinal patterns of ``x`` (windows ``x[i], x[i+delay], ...``).

    A window's pattern is the rank vector of its values, ties ranked by position (the earlier
    equal value is the smaller), coded by its Lehmer code in ``[0, order!)``.
    """
    n = x.shape[0] - (order - 1) * delay
    fact = np.ones(order + 1, dtype=np.int64)
    for i in range(1, order + 1):
        fact[i] = fact[i - 1] * i
    counts = np.zeros(fact[order], dtype=np.int64)
    w = np.empty(order)
    for i in range(n):
        for j in range(order):
            w[j] = x[i + j * delay]
        # Lehmer code of the rank vector: for each j, how many later values are smaller
        # (a later equal value is larger, by the tie rule, so strict < is exact)
        code = 0
        for j in range(order - 1):
            c = 0
            for m in range(j + 1, order):
                if w[m] < w[j]:
                    c += 1
            code += c * fact[order - 1 - j]
        counts[code] += 1
    return counts


@njit(nogil=True)
def recurrence_lines(x, eps, theiler, halt):
    """Recurrence quantities of the orbit ``x`` (shape ``(n, d)``) with threshold ``eps``.

    Rows are computed one at a time (memory O(n)); diagonal and vertical line lengths are
    histogrammed on the fly. Points with ``|i - j| <= theiler`` are excluded.
    Returns ``(n_recurrent, diag_hist, vert_hist)``; checks the ``halt`` flag every row.
    """
    n = x.shape[0]
    d = x.shape[1]
    eps2 = eps * eps
    diag_hist = np.zeros(n + 1, dtype=np.int64)
    vert_hist = np.zeros(n + 1, dtype=np.int64)
    diag_run = np.zeros(n, dtype=np.int64)   # run length on diagonal k = j - i (upper triangle)
    vert_run = np.zeros(n, dtype=np.int64)   # run length in column j
    n_rec = 0
    for i in range(n):
        if halt[0]:
            break
        for j in range(n):
            rec = False
            if abs(i - j) > theiler:
                s = 0.0
                for c in range(d):
                    diff = x[i, c] - x[j, c]
                    s += diff * diff
                rec = s <= eps2
            if rec:
                n_rec += 1
                vert_run[j] += 1
            else:
                if vert_run[j] > 0:
                    vert_hist[vert_run[j]] += 1
                    vert_run[j] = 0
            if j > i:
                k = j - i
                if rec:
                    diag_run[k] += 1
                elif diag_run[k] > 0:
                    diag_hist[diag_run[k]] += 1
                    diag_run[k] = 0
    for j in range(n):
        if vert_run[j] > 0:
            vert_hist[vert_run[j]] += 1
        if diag_run[j] > 0:
            diag_hist[diag_run[j]] += 1
    return n_rec, diag_hist, vert_hist


# --- Lyapunov spectra (Benettin et al. 1980) ------------------------------------------------------



@inline
def _flow_spectrum(f, var, x0, p, dt, n_transient, renorm, history, halt):
    """RK4 on the state for the transient, then on the variational equations with modified
    Gram–Schmidt every ``renorm`` steps; running averages of ``ln R_ii`` in ``history``.
    Returns ``(status, time reached, sums of ln R_ii)``; ``HALTED`` when ``halt`` is set."""
    k = history.shape[1]
    sums = np.zeros(k)
    x = x0
    for i in range(n_transient):
        x = rk4_step(f, i * dt, x, dt, p)
        if not isfinite(x):
            return ode.NOT_FINITE, (i + 1) * dt, sums
        if i & (POLL - 1) == 0 and halt[0]:
            return ode.HALTED, (i + 1) * dt, sums
    z = (x, unit_columns(x))
    step = n_transient
    for m in range(history.shape[0]):
        for _ in range(renorm):
            z = rk4_step(var, step * dt, z, dt, p)
            step += 1
        if not isfinite(z):
            return ode.NOT_FINITE, step * dt, sums
        if m % max(1, POLL // renorm) == 0 and halt[0]:     # about every POLL steps
            return ode.HALTED, step * dt, sums
        Q, norms = gram_schmidt(z[1])
        z = (z[0], Q)
        for i in range(k):
            if norms[i] <= 0.0:
                return ode.SINGULAR, step * dt, sums
            sums[i] += np.log(norms[i])
            history[m, i] = sums[i] / ((m + 1) * renorm * dt)
    return ode.OK, step * dt, sums


@inline
def _map_spectrum(F, jac, x0, p, n_transient, n_steps, k, halt):
    """Products of Jacobians re-orthonormalised by Gram–Schmidt at every iterate.
    Returns ``(status, iterations reached, sums of ln R_ii)``."""
    sums = np.zeros(k)
    x = x0
    for i in range(n_transient):
        x = F(x, p)
        if not isfinite(x):
            return ode.NOT_FINITE, float(i + 1), sums
        if i & (POLL - 1) == 0 and halt[0]:
            return ode.HALTED, float(i + 1), sums
    Q = unit_columns(x)
    for n in range(n_steps):
        Q, norms = gram_schmidt(matcols(jac(x, p), Q))
        x = F(x, p)
        if not (isfinite(x) and isfinite(norms)):
            return ode.NOT_FINITE, float(n_transient + n + 1), sums
        if n & (POLL - 1) == 0 and halt[0]:
            return ode.HALTED, float(n_transient + n + 1), sums
        for i in range(k):
            if norms[i] <= 0.0:
                return ode.SINGULAR, float(n_transient + n), sums
            sums[i] += np.log(norms[i])
    return ode.OK, float(n_transient + n_steps), sums


# One entry kernel per system (why: see coursekit.systems.compiled). Flows take
# (x0, p, dt, n_transient, renorm, history, halt), maps (x0, p, n_transient, n_steps, k, halt);
# they release the GIL and stop when the halt flag is set (coursekit._interrupt).

@njit(nogil=True)
def spectrum_lorenz(x0, p, dt, n_transient, renorm, history, halt):
    return _flow_spectrum(C.lorenz, C.lorenz_variational, (x0[0], x0[1], x0[2]), p, dt,
                          n_transient, renorm, history, halt)


@njit(nogil=True)
def spectrum_rossler(x0, p, dt, n_transient, renorm, history, halt):
    return _flow_spectrum(C.rossler, C.rossler_variational, (x0[0], x0[1], x0[2]), p, dt,
                          n_transient, renorm, history, halt)


@njit(nogil=True)
def spectrum_lotka_volterra(x0, p, dt, n_transient, renorm, history, halt):
    return _flow_spectrum(C.lotka_volterra, C.lotka_volterra_variational, (x0[0], x0[1]), p,
                          dt, n_transient, renorm, history, halt)


@njit(nogil=True)
def spectrum_competitive_lotka_volterra(x0, p, dt, n_transient, renorm, history, halt):
    return _flow_spectrum(C.competitive_lotka_volterra,
                          C.competitive_lotka_volterra_variational, (x0[0], x0[1]), p, dt,
                          n_transient, renorm, history, halt)


@njit(nogil=True)
def spectrum_duffing(x0, p, dt, n_transient, renorm, history, halt):
    return _flow_spectrum(C.duffing, C.duffing_variational, (x0[0], x0[1], x0[2]), p, dt,
                          n_transient, renorm, history, halt)


@njit(nogil=True)
def spectrum_logistic(x0, p, n_transient, n_steps, k, halt):
    return _map_spectrum(C.logistic, C.logistic_jacobian, (x0[0],), p, n_transient, n_steps, k,
                         halt)


@njit(nogil=True)
def spectrum_henon(x0, p, n_transient, n_steps, k, halt):
    return _map_spectrum(C.henon, C.henon_jacobian, (x0[0], x0[1]), p, n_transient, n_steps, k,
                         halt)


FLOW_SPECTRUM = {C.LORENZ: spectrum_lorenz, C.ROSSLER: spectrum_rossler,
                 C.LOTKA_VOLTERRA: spectrum_lotka_volterra,
                 C.COMPETITIVE_LV: spectrum_competitive_lotka_volterra,
                 C.DUFFING: spectrum_duffing}
MAP_SPECTRUM = {C.LOGISTIC: spectrum_logistic, C.HENON: spectrum_henon}

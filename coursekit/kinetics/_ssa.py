"""Compiled Gillespie kernels (private). Networks arrive in compressed sparse rows:
reactants ``(r_ptr, r_sp, r_nu)`` and state changes ``(c_ptr, c_sp, c_dn)`` per reaction.

Randomness comes from NumPy ``Generator`` arguments (see :mod:`coursekit._random`); every run
starts at ``t = 0`` and records the state at the times ``t_grid``."""

import numpy as np

from coursekit._jit import copy_into, njit
from coursekit.numerics.ode import MAX_EVENTS, NEGATIVE, OK


@njit
def propensities(n, rates, r_ptr, r_sp, r_nu, a):
    """Fill ``a`` with ``c_r prod binom(n_s, nu)``; return their sum."""
    total = 0.0
    for r in range(rates.shape[0]):
        v = rates[r]
        for k in range(r_ptr[r], r_ptr[r + 1]):
            m = n[r_sp[k]]
            nu = r_nu[k]
            if m < nu:
                v = 0.0
                break
            b = 1.0
            for j in range(nu):
                b *= (m - j) / (j + 1.0)
            v *= b
        a[r] = v
        total += v
    return total


@njit
def _fire(n, r, count, c_ptr, c_sp, c_dn):
    """Apply reaction ``r`` ``count`` times to the copy numbers ``n``."""
    for k in range(c_ptr[r], c_ptr[r + 1]):
        n[c_sp[k]] += count * c_dn[k]


@njit
def _choose(a, total, rng):
    u = rng.random() * total
    acc = 0.0
    last = a.shape[0] - 1
    for r in range(last):
        acc += a[r]
        if u < acc:
            return r
    return last


@njit
def _ssa_into(out, k, x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_grid, rng, max_events):
    """One direct-method trajectory from ``t = 0`` sampled on ``t_grid`` into ``out[:, k, :]``."""
    n = x0.copy()
    a = np.empty(rates.shape[0])
    t = 0.0
    j = 0
    T = t_grid.shape[0]
    events = 0
    while j < T:
        total = propensities(n, rates, r_ptr, r_sp, r_nu, a)
        if total <= 0.0:
            t_next = np.inf
        else:
            t_next = t + rng.standard_exponential() / total
        while j < T and t_grid[j] < t_next:
            copy_into(out[j, k], n)
            j += 1
        if j == T:
            break
        _fire(n, _choose(a, total, rng), 1, c_ptr, c_sp, c_dn)
        t = t_next
        events += 1
        if events >= max_events:
            return events, MAX_EVENTS, t
    return events, OK, t


@njit
def ssa_grid(x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_grid, rng, max_events):
    out = np.empty((t_grid.shape[0], 1, x0.shape[0]), dtype=np.int64)
    events, status, t = _ssa_into(out, 0, x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn,
                                  t_grid, rng, max_events)
    return out[:, 0, :], events, status, t


@njit(nogil=True)
def ssa_block(out, events, status, reached, start, stop, x0, rates, r_ptr, r_sp, r_nu, c_ptr,
              c_sp, c_dn, t_grid, rng, max_events):
    """Runs ``start .. stop - 1`` of an ensemble, one after the other from the stream ``rng``,
    into their slots of ``out`` ``(T, n_runs, S)``, ``events``, ``status`` and ``reached``
    (see :func:`coursekit._random.run_blocks`; the GIL is released)."""
    for k in range(start, stop):
        events[k], status[k], reached[k] = _ssa_into(out, k, x0, rates, r_ptr, r_sp, r_nu,
                                                     c_ptr, c_sp, c_dn, t_grid, rng, max_events)


@njit
def ssa_events(x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_end, rng, max_events):
    """Every event up to ``t_end``: times ``(E + 1,)`` and states ``(E + 1, S)``."""
    n = x0.copy()
    a = np.empty(rates.shape[0])
    times = np.empty(max_events + 1)
    states = np.empty((max_events + 1, x0.shape[0]), dtype=np.int64)
    times[0] = 0.0
    copy_into(states[0], n)
    t = 0.0
    e = 0
    while e < max_events:
        total = propensities(n, rates, r_ptr, r_sp, r_nu, a)
        if total <= 0.0:
            break
        t += rng.standard_exponential() / total
        if t > t_end:
            break
        _fire(n, _choose(a, total, rng), 1, c_ptr, c_sp, c_dn)
        e += 1
        times[e] = t
        copy_into(states[e], n)
    status = MAX_EVENTS if e == max_events and t <= t_end else OK
    return times[: e + 1], states[: e + 1], status


@njit
def tau_leap_grid(x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_grid, tau, rng):
    """Fixed-step tau-leaping from ``t = 0``: each reaction fires Poisson(a_r tau) times per
    step; a step that would make a count negative is retried with half the step (at most 30
    halvings). Returns ``(out, status, steps, longest step, halvings, time reached)``."""
    n = x0.copy()
    a = np.empty(rates.shape[0])
    T = t_grid.shape[0]
    out = np.empty((T, x0.shape[0]), dtype=np.int64)
    t = 0.0
    j = 0
    while j < T and t_grid[j] <= 0.0:
        copy_into(out[j], n)
        j += 1
    trial = np.empty_like(n)
    steps = 0
    halvings = 0
    longest = 0.0
    while j < T:
        h = min(tau, t_grid[j] - t)
        propensities(n, rates, r_ptr, r_sp, r_nu, a)
        for _ in range(31):
            copy_into(trial, n)
            for r in range(a.shape[0]):
                if a[r] > 0.0:
                    _fire(trial, r, rng.poisson(a[r] * h), c_ptr, c_sp, c_dn)
            if np.all(trial >= 0):
                break
            h *= 0.5
            halvings += 1
        else:
            return out[:j], NEGATIVE, steps, longest, halvings, t
        copy_into(n, trial)
        t += h
        steps += 1
        longest = max(longest, h)
        while j < T and t >= t_grid[j] - 1e-12 * max(1.0, abs(t)):
            copy_into(out[j], n)
            j += 1
    return out, OK, steps, longest, halvings, t

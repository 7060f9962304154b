"""Compiled Gillespie kernels (private). Networks arrive in compressed sparse rows:
reactants ``(r_ptr, r_sp, r_nu)`` and state changes ``(c_ptr, c_sp, c_dn)`` per reaction.

Randomness comes from NumPy ``Generator`` arguments (see :mod:`coursekit._random`); every run
starts at ``t = 0`` and records the state at the times ``t_grid``. Kernels are compiled with
``nogil=True`` and take a ``halt`` flag as their last argument, checked every
:data:`coursekit._interrupt.POLL` events (see :mod:`coursekit._interrupt`); they then return
with status ``HALTED``. A count that would pass :data:`COUNT_LIMIT` stops a run with status
``OVERFLOW`` (64-bit integers would wrap round at 2**63)."""

import numpy as np

from coursekit._interrupt import POLL
from coursekit._jit import copy_into, njit
from coursekit.numerics.ode import HALTED, MAX_EVENTS, NEGATIVE, OK, OVERFLOW

#: Copy numbers stay below this during a run (2**62: the sum of two stays inside int64).
COUNT_LIMIT = 2**62


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
    """Apply reaction ``r`` ``count`` times to the copy numbers ``n``; False (and ``n`` left
    part-way) if a count would pass ``COUNT_LIMIT`` in size."""
    for k in range(c_ptr[r], c_ptr[r + 1]):
        after = n[c_sp[k]] + float(count) * c_dn[k]
        if abs(after) >= COUNT_LIMIT:
            return False
        n[c_sp[k]] += count * c_dn[k]
    return True


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
def _ssa_into(out, k, x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_grid, rng, max_events,
              halt):
    """One direct-method trajectory from ``t = 0`` sampled on ``t_grid`` into ``out[:, k, :]``;
    returns ``(events, status, time reached)``."""
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
        if not _fire(n, _choose(a, total, rng), 1, c_ptr, c_sp, c_dn):
            return events, OVERFLOW, t_next
        t = t_next
        events += 1
        if events >= max_events:
            return events, MAX_EVENTS, t
        if events & (POLL - 1) == 0 and halt[0]:
            return events, HALTED, t
    return events, OK, t


@njit(nogil=True)
def ssa_grid(x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_grid, rng, max_events, halt):
    out = np.empty((t_grid.shape[0], 1, x0.shape[0]), dtype=np.int64)
    events, status, t = _ssa_into(out, 0, x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn,
                                  t_grid, rng, max_events, halt)
    return out[:, 0, :], events, status, t


@njit(nogil=True)
def ssa_block(out, events, status, reached, start, stop, x0, rates, r_ptr, r_sp, r_nu, c_ptr,
              c_sp, c_dn, t_grid, rng, max_events, halt):
    """Runs ``start .. stop - 1`` of an ensemble, one after the other from the stream ``rng``,
    into their slots of ``out`` ``(T, n_runs, S)``, ``events``, ``status`` and ``reached``
    (see :func:`coursekit._random.run_blocks`; the GIL is released). Stops at the first run
    that does not end ``OK``."""
    for k in range(start, stop):
        events[k], status[k], reached[k] = _ssa_into(out, k, x0, rates, r_ptr, r_sp, r_nu,
                                                     c_ptr, c_sp, c_dn, t_grid, rng, max_events,
                                                     halt)
        if status[k] != OK:
            return


@njit(nogil=True)
def ssa_events(x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_end, rng, max_events, halt):
    """Every event up to ``t_end``: times ``(E + 1,)``, states ``(E + 1, S)``, status."""
    n = x0.copy()
    a = np.empty(rates.shape[0])
    times = np.empty(max_events + 1)
    states = np.empty((max_events + 1, x0.shape[0]), dtype=np.int64)
    times[0] = 0.0
    copy_into(states[0], n)
    t = 0.0
    e = 0
    status = OK
    while e < max_events:
        total = propensities(n, rates, r_ptr, r_sp, r_nu, a)
        if total <= 0.0:
            break
        t += rng.standard_exponential() / total
        if t > t_end:
            break
        if not _fire(n, _choose(a, total, rng), 1, c_ptr, c_sp, c_dn):
            status = OVERFLOW
            break
        e += 1
        times[e] = t
        copy_into(states[e], n)
        if e & (POLL - 1) == 0 and halt[0]:
            status = HALTED
            break
    if status == OK and e == max_events and t <= t_end:
        status = MAX_EVENTS
    return times[: e + 1], states[: e + 1], status


@njit(nogil=True)
def tau_leap_grid(x0, rates, r_ptr, r_sp, r_nu, c_ptr, c_sp, c_dn, t_grid, tau, rng, halt):
    """Fixed-step tau-leaping from ``t = 0``: each reaction fires Poisson(a_r tau) times per
    step; a step that would make a count negative is retried with half the step (at most 30
    halvings); a Poisson mean or a count beyond ``COUNT_LIMIT`` stops with ``OVERFLOW``.
    Returns ``(out, status, steps, longest step, halvings, time reached)``."""
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
                    if a[r] * h >= COUNT_LIMIT or not _fire(trial, r, rng.poisson(a[r] * h),
                                                            c_ptr, c_sp, c_dn):
                        return out[:j], OVERFLOW, steps, longest, halvings, t
            if np.all(trial >= 0):
                break
            h *= 0.5
            halvings += 1
        else:
            return out[:j], NEGATIVE, steps, longest, halvings, t
        copy_into(n, trial)
        t += h
        steps += 1
        if steps & (POLL - 1) == 0 and halt[0]:
            return out[:j], HALTED, steps, longest, halvings, t
        longest = max(longest, h)
        while j < T and t >= t_grid[j] - 1e-12 * max(1.0, abs(t)):
            copy_into(out[j], n)
            j += 1
    return out, OK, steps, longest, halvings, t

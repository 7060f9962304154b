"""Compiled lattice reaction–diffusion kernels (private).

One uniform draw ``u`` picks both a site (or particle) ``int(u * N)`` and a direction from the
fractional part: with 53 random bits and at most 2**24 sites (``lattice.MAX_SITES``), ample bits
remain. Sites and particles are indexed with 32-bit integers and states stored as 8-bit ones:
the smaller tables stay in cache (measured: 5–10 % more updates per second).

Lattices are periodic, ``L`` sites per side in ``d = 1`` or ``2`` dimensions, stored flat
(site ``i = x + L*y``). Every kernel returns densities at the recording times, snapshots of the
lattice at the snapshot times, and the number of attempted updates. Random numbers come from
the NumPy ``Generator`` argument ``rng`` (see :mod:`coursekit._random`). The kernels release
the GIL and check their ``halt`` flag every :data:`coursekit._interrupt.POLL` attempts, so that
Ctrl-C stops them (:mod:`coursekit._interrupt`).
"""

import numpy as np

from coursekit._interrupt import POLL
from coursekit._jit import copy_into, njit

ANNIHILATION, COALESCENCE, TWO_SPECIES = 0, 1, 2


@njit
def neighbour(i, L, d, k):
    """Neighbour ``k`` (0 .. 2d-1) of site ``i`` on a periodic lattice."""
    if d == 1:
        return (i + 1) % L if k == 0 else (i - 1 + L) % L
    x = i % L
    y = i // L
    if k == 0:
        x = (x + 1) % L
    elif k == 1:
        x = (x - 1 + L) % L
    elif k == 2:
        y = (y + 1) % L
    else:
        y = (y - 1 + L) % L
    return x + L * y


@njit
def neighbour_table(L, d):
    """All neighbours, shape ``(L**d, 2d)``: a table look-up is cheaper than the divisions."""
    N = L**d
    table = np.empty((N, 2 * d), dtype=np.int32)
    for i in range(N):
        for k in range(2 * d):
            table[i, k] = neighbour(i, L, d, k)
    return table


@njit
def _particles(init):
    """Particle list of a lattice: site -> particle index (-1 if empty), positions, species
    (0 or 1), counts per species and the number of particles."""
    N = init.shape[0]
    site = np.full(N, -1, dtype=np.int32)
    pos = np.empty(N, dtype=np.int32)
    spec = np.zeros(N, dtype=np.int8)
    counts = np.zeros(2, dtype=np.int64)
    n = 0
    for i in range(N):
        if init[i] > 0:
            pos[n] = i
            spec[n] = init[i] - 1
            site[i] = n
            counts[init[i] - 1] += 1
            n += 1
    return site, pos, spec, counts, n


@njit
def _remove(m, pos, site, spec, n):
    """Remove particle ``m`` by moving the last particle into its slot; return the new count."""
    site[pos[m]] = -1
    last = n - 1
    if m != last:
        pos[m] = pos[last]
        spec[m] = spec[last]
        site[pos[m]] = m
    return last


@njit
def _record(t, rec_t, j, dens, counts, n_species, N):
    while j < rec_t.shape[0] and rec_t[j] <= t:
        for s in range(n_species):
            dens[j, s] = counts[s] / N
        j += 1
    return j


@njit
def _snap(t, snap_t, js, snaps, site, spec):
    while js < snap_t.shape[0] and snap_t[js] <= t:
        for i in range(site.shape[0]):
            snaps[js, i] = 0 if site[i] < 0 else spec[site[i]] + 1
        js += 1
    return js


@njit(nogil=True)
def diffusion_limited(init, L, d, kind, p_react, rec_t, snap_t, rng, halt):
    """A+A->0, A+A->A or A+B->0 with hopping: every particle hops at rate 1 to a random
    neighbour; onto an empty site it moves; onto a particle it reacts with probability
    ``p_react`` (A+A->0: both vanish; A+A->A: the mover vanishes; A+B->0: unlike particles
    both vanish, like ones stay) and otherwise stays. ``init`` holds 0 (empty), 1 (A), 2 (B).
    """
    N = init.shape[0]
    nbr = neighbour_table(L, d)
    site, pos, spec, counts, n = _particles(init)
    n_species = 2 if kind == TWO_SPECIES else 1
    dens = np.zeros((rec_t.shape[0], n_species))
    snaps = np.zeros((snap_t.shape[0], N), dtype=np.int8)
    t = 0.0
    j = _record(t, rec_t, 0, dens, counts, n_species, N)
    js = _snap(t, snap_t, 0, snaps, site, spec)
    attempts = 0
    t_stop = max(rec_t[-1] if rec_t.shape[0] else 0.0, snap_t[-1] if snap_t.shape[0] else 0.0)
    while n > 0 and t <= t_stop:
        t += 1.0 / n
        j = _record(t, rec_t, j, dens, counts, n_species, N)
        js = _snap(t, snap_t, js, snaps, site, spec)
        attempts += 1
        if attempts & (POLL - 1) == 0 and halt[0]:
            break
        u = rng.random() * n      # one draw picks the particle and the direction
        m = int(u)
        target = nbr[pos[m], int((u - m) * (2 * d))]
        other = site[target]
        if other < 0:
            site[pos[m]] = -1
            pos[m] = target
            site[target] = m
        elif kind == TWO_SPECIES and spec[other] == spec[m]:
            continue
        elif rng.random() < p_react:
            if kind == COALESCENCE:
                counts[spec[m]] -= 1
                n = _remove(m, pos, site, spec, n)
            else:
                counts[spec[m]] -= 1
                counts[spec[other]] -= 1
                # remove the higher index first so the lower one stays valid
                a, b = (m, other) if m > other else (other, m)
                n = _remove(a, pos, site, spec, n)
                n = _remove(b, pos, site, spec, n)
    j = _record(np.inf, rec_t, j, dens, counts, n_species, N)
    js = _snap(np.inf, snap_t, js, snaps, site, spec)
    return dens, snaps, attempts


@njit(nogil=True)
def contact_process(init, L, d, lam, rec_t, snap_t, rng, halt):
    """Contact process: each occupied site empties at rate 1 and, at rate ``lam``, puts an
    offspring on a random neighbour if that neighbour is empty (pair inhibition)."""
    N = init.shape[0]
    nbr = neighbour_table(L, d)
    site, pos, spec, counts, n = _particles(np.minimum(init, 1))
    dens = np.zeros((rec_t.shape[0], 1))
    snaps = np.zeros((snap_t.shape[0], N), dtype=np.int8)
    t = 0.0
    j = _record(t, rec_t, 0, dens, counts, 1, N)
    js = _snap(t, snap_t, 0, snaps, site, spec)
    attempts = 0
    p_death = 1.0 / (1.0 + lam)
    t_stop = max(rec_t[-1] if rec_t.shape[0] else 0.0, snap_t[-1] if snap_t.shape[0] else 0.0)
    while n > 0 and t <= t_stop:
        t += 1.0 / (n * (1.0 + lam))
        j = _record(t, rec_t, j, dens, counts, 1, N)
        js = _snap(t, snap_t, js, snaps, site, spec)
        attempts += 1
        if attempts & (POLL - 1) == 0 and halt[0]:
            break
        u = rng.random() * n      # one draw: the particle, then death or the direction
        m = int(u)
        f = u - m
        if f < p_death:
            n = _remove(m, pos, site, spec, n)
        else:
            target = nbr[pos[m], min(int((f - p_death) / (1.0 - p_death) * (2 * d)), 2 * d - 1)]
            if site[target] < 0:
                pos[n] = target
                spec[n] = 0
                site[target] = n
                n += 1
        counts[0] = n
    j = _record(np.inf, rec_t, j, dens, counts, 1, N)
    js = _snap(np.inf, snap_t, js, snaps, site, spec)
    return dens, snaps, attempts


@njit(nogil=True)
def site_update_models(init, L, d, model, rates, rec_t, snap_t, rng, halt):
    """Random-sequential site updates; one unit of time is one sweep (N attempts).

    ``model == 0``: lattice Lotka–Volterra, states 0 empty, 1 prey, 2 predator,
    ``rates = (sigma, mu, lam)``: a prey picks a neighbour and, if it is empty, reproduces
    there with probability sigma; a predator dies with probability mu, otherwise picks a
    neighbour and, if it holds prey, converts it into a predator with probability lam.

    ``model == 1``: May–Leonard, states 0 empty, 1, 2, 3, ``rates = (sigma, mu, eps)``: a site
    and a neighbour are picked; with probability proportional to sigma species a removes
    species a + 1 (mod 3), to mu a species reproduces into an empty neighbour, to eps the two
    exchange places.
    """
    N = init.shape[0]
    nbr = neighbour_table(L, d)
    s = init.astype(np.int8)
    n_species = 2 if model == 0 else 3
    counts = np.zeros(n_species, dtype=np.int64)
    for i in range(N):
        if s[i] > 0:
            counts[s[i] - 1] += 1
    dens = np.zeros((rec_t.shape[0], n_species))
    snaps = np.zeros((snap_t.shape[0], N), dtype=np.int8)
    j = 0
    js = 0
    t_stop = max(rec_t[-1] if rec_t.shape[0] else 0.0, snap_t[-1] if snap_t.shape[0] else 0.0)
    n_sweeps = int(np.ceil(t_stop)) + 1
    total = rates[0] + rates[1] + rates[2]
    attempts = 0
    for sweep in range(n_sweeps + 1):
        t = float(sweep)
        while j < rec_t.shape[0] and rec_t[j] <= t:
            for k in range(n_species):
                dens[j, k] = counts[k] / N
            j += 1
        while js < snap_t.shape[0] and snap_t[js] <= t:
            copy_into(snaps[js], s)
            js += 1
        if j == rec_t.shape[0] and js == snap_t.shape[0] or halt[0]:
            break
        for block in range(0, N, POLL):       # the halt flag once per block of attempts
            if halt[0]:
                break
            for _ in range(block, min(block + POLL, N)):
                attempts += 1
                u = rng.random() * N      # one draw picks the site and the neighbour
                i = int(u)
                a = s[i]
                if a == 0 and model == 0:
                    continue
                nb = nbr[i, int((u - i) * (2 * d))]
                b = s[nb]
                if model == 0:
                    if a == 1:
                        if b == 0 and rng.random() < rates[0]:
                            s[nb] = 1
                            counts[0] += 1
                    elif rng.random() < rates[1]:
                        s[i] = 0
                        counts[1] -= 1
                    elif b == 1 and rng.random() < rates[2]:
                        s[nb] = 2
                        counts[0] -= 1
                        counts[1] += 1
                else:
                    r = rng.random() * total
                    if r < rates[0]:
                        if a > 0 and b == a % 3 + 1:
                            s[nb] = 0
                            counts[b - 1] -= 1
                    elif r < rates[0] + rates[1]:
                        if a > 0 and b == 0:
                            s[nb] = a
                            counts[a - 1] += 1
                    else:
                        s[i] = b
                        s[nb] = a
    return dens, snaps, attempts


SPREAD_OK, SPREAD_BOUNDARY, SPREAD_MAX_EVENTS = 0, 1, 2


@njit(nogil=True)
def contact_spreading(count, r2, events, status, reached, start, stop, L, d, lam, rec_t,
                      max_events, rng, halt):
    """Seed runs of the contact process, members ``start .. stop - 1`` of an ensemble.

    Each run starts from one occupied site at the centre of an otherwise empty lattice and
    follows the process in continuous time with exponential waiting times (a Gillespie
    clock): at total rate ``n (1 + lam)`` a random particle dies (probability
    ``1 / (1 + lam)``) or tries to place an offspring on a random neighbour. At the recording
    times it stores the number of particles and the sum of their squared distances from the
    seed (kept up to date at every event). A run that places a particle within one site of
    the lattice edge stops with ``SPREAD_BOUNDARY`` (the cluster would feel the periodic
    wrap); one that exceeds ``max_events`` with ``SPREAD_MAX_EVENTS``; ``reached`` holds the
    time of each run's last event.
    """
    N = L**d
    site = np.full(N, -1, dtype=np.int32)
    pos = np.empty(N, dtype=np.int32)
    spec = np.zeros(N, dtype=np.int8)          # one species: _remove keeps it zero
    half = L // 2
    centre = half if d == 1 else half + L * half
    p_death = 1.0 / (1.0 + lam)
    n_rec = rec_t.shape[0]
    for r in range(start, stop):
        if halt[0]:
            return
        n = 1
        pos[0] = centre
        site[centre] = 0
        s2 = np.int64(0)
        t = 0.0
        j = 0
        k = 0
        while True:
            # the time of the next event, then record every time passed before it
            t_next = t - np.log(1.0 - rng.random()) / (n * (1.0 + lam))
            while j < n_rec and rec_t[j] < t_next:
                count[j, r] = n
                r2[j, r] = s2
                j += 1
            if j == n_rec:
                break
            t = t_next
            k += 1
            if k > max_events:
                status[r] = SPREAD_MAX_EVENTS
                break
            if k & (POLL - 1) == 0 and halt[0]:
                break
            u = rng.random() * n
            m = int(u)
            f = u - m
            if f < p_death:
                x = np.int64(pos[m] % L) - half
                y = np.int64(pos[m] // L) - half if d == 2 else np.int64(0)
                s2 -= x * x + y * y
                n = _remove(m, pos, site, spec, n)
                if n == 0:
                    while j < n_rec:      # extinct: absorbing from now on
                        count[j, r] = 0
                        r2[j, r] = 0
                        j += 1
                    break
            else:
                target = neighbour(pos[m], L, d, min(int((f - p_death) / (1.0 - p_death) * (2 * d)),
                                                     2 * d - 1))
                if site[target] < 0:
                    x = np.int64(target % L) - half
                    y = np.int64(target // L) - half if d == 2 else np.int64(0)
                    if abs(x) >= half - 1 or abs(y) >= half - 1:
                        status[r] = SPREAD_BOUNDARY
                        break
                    pos[n] = target
                    site[target] = n
                    n += 1
                    s2 += x * x + y * y
        events[r] = k
        reached[r] = t
        for i in range(n):            # empty the lattice for the next run of the block
            site[pos[i]] = -1
        if status[r] != SPREAD_OK:
            halt[0] = 1
            return

r"""Stochastic lattice models of reaction–diffusion and population dynamics (chapter 1).

All lattices are periodic, with ``L`` sites per side in ``d = 1`` or ``2`` dimensions, at most
one particle per site, and run in compiled code. Two update schemes, both standard:

* **particle picking** (continuous time) for :func:`annihilation`, :func:`two_species_annihilation`
  and :func:`contact_process`: a random particle acts; time advances by one over the total rate,
  so every particle hops (or dies, or branches) at its rate per unit time;
* **random-sequential site updates** for :func:`lattice_lotka_volterra` and :func:`may_leonard`:
  one unit of time is one sweep of ``L**d`` attempts; rates are probabilities per attempt.

Each function returns a :class:`LatticeRun` with densities at the recording times ``t`` (time
first) and snapshots of the lattice. Known results the chapter and the tests use: in one
dimension A+A→0 decays as :math:`t^{-1/2}` (mean field: :math:`t^{-1}`), A+B→0 from equal random
densities as :math:`t^{-1/4}`; the one-dimensional contact process has its absorbing-state
transition at :math:`\lambda_c = 3.29785` (directed percolation) (Täuber 2018).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _random
from coursekit.kinetics import _lattice

#: Critical birth rate of the 1D contact process (death rate 1), directed percolation.
CONTACT_PROCESS_LAMBDA_C_1D = 3.29785


@dataclass(frozen=True)
class LatticeRun:
    """Densities over time and lattice snapshots of one run.

    ``density`` has shape ``(n_times, n_species)`` (fraction of sites); ``snapshots`` has shape
    ``(n_snapshots, L)`` or ``(n_snapshots, L, L)`` with 0 for empty and 1, 2, 3 for species.
    """

    t: np.ndarray
    density: np.ndarray
    snapshot_times: np.ndarray
    snapshots: np.ndarray
    species: tuple[str, ...]
    attempts: int


# One uniform draw (53 random bits) picks a site and a direction; the kernels index sites
# with 32-bit integers. 2**24 sites leave 29 bits for the direction and fit both.
MAX_SITES = 2**24


def _setup(L, d, t, snapshots):
    if int(L) != L or L < 2:
        raise ValueError(f"L must be an integer >= 2 (sites per side); got {L!r}")
    if d not in (1, 2):
        raise ValueError(f"d must be 1 or 2; got {d!r}")
    if int(L) ** d > MAX_SITES:
        raise ValueError(f"at most {MAX_SITES} sites (L = {MAX_SITES} in 1D, {2**12} in 2D); "
                         f"got L**d = {int(L) ** d}")
    t = np.asarray(t, dtype=float)
    snap = np.asarray(snapshots, dtype=float).reshape(-1)
    for name, arr in (("t", t), ("snapshots", snap)):
        if arr.ndim != 1 or not np.all(np.isfinite(arr)) or np.any(arr < 0) \
                or np.any(np.diff(arr) < 0):
            raise ValueError(f"{name} must be non-negative, finite and increasing")
    if t.size == 0:
        raise ValueError("t (the recording times) must not be empty")
    return int(L), int(d), t, snap


def _rate(name, value, upper=None):
    value = float(value)
    if not np.isfinite(value) or value < 0 or (upper is not None and value > upper):
        bound = f" and at most {upper}" if upper is not None else ""
        raise ValueError(f"{name} must be non-negative{bound}; got {value}")
    return value


def _fill(rng, N, densities):
    """Random initial lattice: species k on a fraction densities[k] of the sites."""
    total = sum(densities)
    if any(x < 0 for x in densities) or total > 1 + 1e-12:
        raise ValueError(f"initial densities must be non-negative and sum to at most 1; "
                         f"got {densities}")
    init = np.zeros(N, dtype=np.int64)
    order = rng.permutation(N)
    start = 0
    for k, rho in enumerate(densities):
        count = int(round(rho * N))
        init[order[start:start + count]] = k + 1
        start += count
    return init


def _initial(initial, L, d, n_species, rng, densities):
    """The start lattice: ``initial`` (species codes, shape ``(L,)*d``) or random fill."""
    if initial is None:
        return _fill(rng, L**d, list(densities))
    init = np.asarray(initial)
    if init.shape != (L,) * d or init.min() < 0 or init.max() > n_species \
            or np.any(init != np.round(init)):
        raise ValueError(f"initial must have shape {(L,) * d} with integer codes 0..{n_species}")
    return init.astype(np.int64).reshape(-1)


def _run(L, d, snap, dens, snaps, attempts, t, species):
    shape = (snap.size, L) if d == 1 else (snap.size, L, L)
    return LatticeRun(t, dens, snap, snaps.reshape(shape), species, int(attempts))


def annihilation(L: int, t, d: int = 1, density: float = 1.0, p: float = 1.0,
                 coalescence: bool = False, snapshots=(), seed=None) -> LatticeRun:
    """Diffusion-limited A+A→0 (or A+A→A with ``coalescence=True``).

    Particles hop at rate 1 to a random neighbour and react with probability ``p`` when they
    land on another particle. Starts from a random lattice of the given ``density``.

    Examples
    --------
    >>> run = annihilation(10_000, t=[0, 10, 100], seed=1)
    >>> run.density[0, 0], run.density.shape
    (np.float64(1.0), (3, 1))
    >>> bool(abs(run.density[-1, 0] * np.sqrt(4 * np.pi * 100) - 1) < 0.2)  # (8 pi D t)^(-1/2)
    True
    """
    L, d, t, snap = _setup(L, d, t, snapshots)
    rng = _random.as_generator(seed)
    init = _fill(rng, L**d, [_rate("density", density, 1.0)])
    kind = _lattice.COALESCENCE if coalescence else _lattice.ANNIHILATION
    dens, snaps, att = _lattice.diffusion_limited(init, L, d, kind, _rate("p", p, 1.0), t, snap,
                                                  _random.kernel_seed(rng))
    return _run(L, d, snap, dens, snaps, att, t, ("A",))


def two_species_annihilation(L: int, t, d: int = 1, density: float = 1.0, p: float = 1.0,
                             snapshots=(), seed=None) -> LatticeRun:
    """Diffusion-limited A+B→0 from equal random densities ``density/2`` of A and B.

    Like particles exclude each other; unlike ones annihilate with probability ``p`` on contact.
    In d < 4 the local excess of one species survives: the species segregate into domains and
    the density decays as :math:`t^{-d/4}`, slower than the mean-field :math:`t^{-1}`.
    """
    L, d, t, snap = _setup(L, d, t, snapshots)
    rng = _random.as_generator(seed)
    half = _rate("density", density, 1.0) / 2
    init = _fill(rng, L**d, [half, half])
    dens, snaps, att = _lattice.diffusion_limited(init, L, d, _lattice.TWO_SPECIES,
                                                  _rate("p", p, 1.0), t, snap,
                                                  _random.kernel_seed(rng))
    return _run(L, d, snap, dens, snaps, att, t, ("A", "B"))


def contact_process(L: int, t, lam: float, d: int = 1, density: float = 1.0, snapshots=(),
                    seed=None) -> LatticeRun:
    r"""Birth–death with pair inhibition: the contact process.

    Each occupied site empties at rate 1 (A→0) and at rate ``lam`` places an offspring on a
    random neighbour, which succeeds only if that neighbour is empty (A→2A limited to one
    particle per site: the pair inhibition). Below :math:`\lambda_c` the population dies out
    (the empty lattice is absorbing); above it survives with a finite density. In 1D
    :math:`\lambda_c = 3.29785` (:data:`CONTACT_PROCESS_LAMBDA_C_1D`); at the transition the
    density decays as :math:`t^{-\delta}`, :math:`\delta = 0.1595` (directed percolation).
    """
    L, d, t, snap = _setup(L, d, t, snapshots)
    rng = _random.as_generator(seed)
    init = _fill(rng, L**d, [_rate("density", density, 1.0)])
    dens, snaps, att = _lattice.contact_process(init, L, d, _rate("lam", lam), t, snap,
                                                _random.kernel_seed(rng))
    return _run(L, d, snap, dens, snaps, att, t, ("A",))


def lattice_lotka_volterra(L: int, t, sigma: float = 0.5, mu: float = 0.1, lam: float = 0.5,
                           d: int = 2, densities=(0.3, 0.3), snapshots=(), initial=None,
                           seed=None) -> LatticeRun:
    """Stochastic lattice predator–prey: prey B→2B (``sigma``) into empty neighbours,
    predators A→0 (``mu``), predation A+B→2A (``lam``) on neighbouring prey.

    Rates are probabilities per attempt (in [0, 1]); time counts sweeps. ``densities`` are the
    initial (prey, predator) fractions of a random start; ``initial`` (codes 0 empty, 1 prey,
    2 predator, shape ``(L,) * d``) gives the start lattice instead. Unlike the mean-field
    equations, the lattice model shows activity fronts and noisy oscillations that settle to a
    quasi-stationary state (Täuber 2018). Species order in the result: (prey, predator).
    """
    L, d, t, snap = _setup(L, d, t, snapshots)
    rates = np.array([_rate("sigma", sigma, 1.0), _rate("mu", mu, 1.0), _rate("lam", lam, 1.0)])
    rng = _random.as_generator(seed)
    init = _initial(initial, L, d, 2, rng, densities)
    dens, snaps, att = _lattice.site_update_models(init, L, d, 0, rates, t, snap,
                                                   _random.kernel_seed(rng))
    return _run(L, d, snap, dens, snaps, att, t, ("prey", "predator"))


def may_leonard(L: int, t, sigma: float = 1.0, mu: float = 1.0, eps: float = 0.5,
                densities=(0.3, 0.3, 0.3), snapshots=(), initial=None, seed=None) -> LatticeRun:
    """Cyclic competition of three species on a 2D lattice (rock–paper–scissors).

    At each attempt a site and a neighbour are picked and, with probabilities proportional to
    ``sigma : mu : eps``, species a removes a neighbour of species a+1 (mod 3), a species
    reproduces into an empty neighbour, or the two exchange places (mobility). With enough
    mobility but below a critical value the species organise into rotating spirals.
    ``initial`` (codes 0 empty, 1, 2, 3, shape ``(L, L)``) replaces the random start.
    """
    L, d, t, snap = _setup(L, 2, t, snapshots)
    rates = np.array([_rate("sigma", sigma), _rate("mu", mu), _rate("eps", eps)])
    if rates.sum() <= 0:
        raise ValueError("at least one of sigma, mu, eps must be positive")
    rng = _random.as_generator(seed)
    init = _initial(initial, L, 2, 3, rng, densities)
    dens, snaps, att = _lattice.site_update_models(init, L, 2, 1, rates, t, snap,
                                                   _random.kernel_seed(rng))
    return _run(L, 2, snap, dens, snaps, att, t, ("1", "2", "3"))

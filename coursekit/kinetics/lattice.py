r"""Stochastic lattice models of reaction–diffusion and population dynamics (chapter 1).

All lattices are periodic, with ``L`` sites per side in ``d = 1`` or ``2`` dimensions, at most
one particle per site, and run in compiled code. Two update schemes, both standard:

* **particle picking** (continuous time) for :func:`annihilation`, :func:`two_species_annihilation`
  and :func:`contact_process`: a random particle acts; time advances by one over the total rate,
  so every particle hops (or dies, or branches) at its rate per unit time. The sequence of
  configurations is that of the continuous-time process exactly; the clock advances by the
  mean waiting time instead of an exponential draw, so the time after ``k`` attempts lacks
  only the relative scatter ~ ``1/sqrt(k)`` of a sum of exponential waits;
* **random-sequential site updates** for :func:`lattice_lotka_volterra` and :func:`may_leonard`:
  one unit of time is one sweep of ``L**d`` attempts; rates are probabilities per attempt.

Every run starts at ``t = 0``. Each function returns a :class:`LatticeRun` with the densities
at the recording times ``t_eval`` (time first) and snapshots of the lattice. Known results the
chapter and the tests use: in one dimension A+A→0 decays as :math:`t^{-1/2}` (mean field:
:math:`t^{-1}`), A+B→0 from equal random densities as :math:`t^{-1/4}`; the one-dimensional
contact process has its absorbing-state transition at :math:`\lambda_c = 3.29785` (Dickman
and Jensen 1991), in the directed-percolation class, where the density decays as
:math:`t^{-\delta}` with :math:`\delta = 0.159464` (Jensen 1999; Täuber 2018).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from coursekit import _budget, _interrupt, _progress, _random, errors
from coursekit import _validate as V
from coursekit._results import Result, owned, require_xarray
from coursekit.errors import InputError, SimulationError
from coursekit.kinetics import _lattice

__all__ = ["CONTACT_PROCESS_LAMBDA_C_1D", "DP_EXPONENTS_1D", "CriticalPoint", "LatticeRun",
           "MAX_SITES", "ML_CRITICAL_MOBILITY", "MeanField", "SPREADING_MAX_EVENTS", "Spreading",
           "annihilation", "annihilation_exact", "contact_process", "contact_process_spreading",
           "effective_exponents", "lattice_lotka_volterra", "lattice_lotka_volterra_mean_field",
           "may_leonard", "may_leonard_mobility", "spreading_critical_point",
           "two_species_annihilation"]

#: Critical birth rate of the 1D contact process (death rate 1), directed percolation
#: (Dickman and Jensen 1991, time-dependent perturbation series: 3.29785(2)).
CONTACT_PROCESS_LAMBDA_C_1D = 3.29785


@dataclass(frozen=True, eq=False)
class LatticeRun(Result):
    """Densities over time and lattice snapshots of one run.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    density : ndarray, shape (n_times, n_species)
        Fraction of sites held by each species (an observable: the state is the lattice).
    snapshot_times : ndarray, shape (n_snapshots,)
        Times of the snapshots.
    snapshots : ndarray, shape (n_snapshots, L) or (n_snapshots, L, L)
        The lattice: 0 empty, 1, 2, 3 for the species.
    species : tuple of str
        Species names, in the order of ``density``'s columns and of the codes 1, 2, 3.

    Examples
    --------
    >>> run = annihilation(1000, [0.0, 5.0], snapshots=[5.0], seed=2)
    >>> run.density.shape, run.snapshots.shape, run.stats["attempts"] > 0
    ((2, 1), (1, 1000), True)
    """

    t: np.ndarray
    density: np.ndarray
    snapshot_times: np.ndarray
    snapshots: np.ndarray
    species: tuple[str, ...]

    def to_xarray(self):
        """The densities as an :class:`xarray.Dataset` over ``t``, one variable per species.

        Returns
        -------
        xarray.Dataset

        Raises
        ------
        ImportError
            If xarray is not installed.

        Examples
        --------
        >>> ds = annihilation(100, [0.0, 1.0], seed=1).to_xarray()
        >>> list(ds.data_vars), float(ds["A"][0])
        (['A'], 1.0)
        """
        xr = require_xarray()
        data = {name: (("t",), np.asarray(self.density[:, k]))
                for k, name in enumerate(self.species)}
        return xr.Dataset(data, coords={"t": np.asarray(self.t)}, attrs=self._attrs())


# One uniform draw (53 random bits) picks a site and a direction; the kernels index sites
# with 32-bit integers. 2**24 sites leave 29 bits for the direction and fit both.
MAX_SITES = 2**24


def _setup(L, d, t_eval, snapshots):
    L = V.integer("L", L, minimum=2)
    d = V.integer("d", d, minimum=1, maximum=2)
    if L**d > MAX_SITES:
        raise InputError(f"at most {MAX_SITES} sites (L = {MAX_SITES} in 1D, {2**12} in 2D); "
                         f"got L**d = {L**d}")
    t_eval = V.times("t_eval", t_eval)
    snap = V.times("snapshots", np.atleast_1d(V.array("snapshots", snapshots)), allow_empty=True)
    return L, d, t_eval, snap


def _fill(rng, N, densities, n_species=1):
    """Random initial lattice: species k on a fraction densities[k] of the sites."""
    dens = V.array("densities", densities, shape=(n_species,), nonnegative=True)
    if dens.sum() > 1 + 1e-12:
        raise V.fail("densities", "non-negative and sum to at most 1", list(densities))
    init = np.zeros(N, dtype=np.int64)
    order = rng.permutation(N)
    start = 0
    for k, rho in enumerate(dens):
        count = int(round(rho * N))
        init[order[start:start + count]] = k + 1
        start += count
    return init


def _initial(initial, L, d, n_species, rng, densities):
    """The start lattice: ``initial`` (species codes, shape ``(L,)*d``) or random fill."""
    if initial is None:
        return _fill(rng, L**d, densities, n_species)
    init = V.array("initial", initial, shape=(L,) * d)
    if init.min() < 0 or init.max() > n_species or np.any(init != np.round(init)):
        raise V.fail("initial", f"integer codes 0..{n_species} (0 empty)", "an array with "
                     f"values from {init.min()} to {init.max()}")
    return init.astype(np.int64).reshape(-1)


def _budget_check(name, N, rate, t_eval, snap, n_species, max_work, max_memory):
    """Refuse a run of about ``N * rate`` attempts per unit time up to the last recording or
    snapshot time whose work or memory passes its ceiling (:mod:`coursekit._budget`)."""
    t_stop = max(t_eval[-1], snap[-1] if snap.size else 0.0)
    _budget.check(name, work=N * rate * (t_stop + 1.0), unit="update attempts", per_second=3e7,
                  memory=snap.size * N + 8.0 * t_eval.size * n_species, max_work=max_work,
                  max_memory=max_memory,
                  fix=f"the run lasts until the last time of t_eval and snapshots, t = "
                      f"{t_stop:.3g}, on {N} sites: shorten it, use a smaller lattice or fewer "
                      "snapshots")


def _run(L, d, snap, dens, snaps, attempts, t_eval, species, method):
    shape = (snap.size, L) if d == 1 else (snap.size, L, L)
    return LatticeRun(t_eval, owned(dens), snap, owned(snaps.reshape(shape)), species,
                      method=method,
                      stats={"attempts": int(attempts), "L": L, "d": d})


def annihilation(L: int, t_eval, d: int = 1, density: float = 1.0, p: float = 1.0,
                 coalescence: bool = False, snapshots=(), seed=None,
        max_work: float | None = None, max_memory: float | None = None) -> LatticeRun:
    """Diffusion-limited A+A→0 (or A+A→A with ``coalescence=True``).

    Particles hop at rate 1 (per particle, to a random one of the ``2d`` neighbours, so the
    diffusion constant is ``D = 1/2`` in 1D) and react with probability ``p`` when they land
    on another particle. Starts from a random lattice of the given ``density``.

    Parameters
    ----------
    L : int
        Sites per side, ``>= 2``.
    t_eval : array_like
        Recording times.
    d : {1, 2}
        Dimension.
    density : float
        Initial fraction of occupied sites, in [0, 1].
    p : float
        Reaction probability on contact, in [0, 1].
    coalescence : bool
        A+A→A instead of A+A→0.
    snapshots : array_like
        Times at which to store the lattice.
    seed : int, SeedSequence, Generator or None
    max_work : float, optional
        Ceiling on the estimated update attempts, up to the last recording or snapshot time
        (default :data:`coursekit._budget.MAX_WORK`, about five minutes).
    max_memory : float, optional
        Ceiling in bytes on the snapshots and densities (default 2 GiB).

    Returns
    -------
    LatticeRun

    Raises
    ------
    InputError
        For bad sizes, rates or times, or a run beyond
        ``max_work`` or ``max_memory``.
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> run = annihilation(10_000, t_eval=[0, 10, 100], seed=1)
    >>> float(run.density[0, 0]), run.density.shape
    (1.0, (3, 1))
    >>> bool(abs(run.density[-1, 0] * np.sqrt(4 * np.pi * 100) - 1) < 0.2)  # (8 pi D t)^(-1/2)
    True
    """
    L, d, t_eval, snap = _setup(L, d, t_eval, snapshots)
    rng = _random.as_generator(seed)
    init = _fill(rng, L**d, [V.probability("density", density)])
    kind = _lattice.COALESCENCE if coalescence else _lattice.ANNIHILATION
    p = V.probability("p", p)
    _budget_check("annihilation", init.astype(bool).sum(), 1.0, t_eval, snap, 1, max_work,
                  max_memory)
    dens, snaps, att = _interrupt.call("annihilation", _lattice.diffusion_limited, init, L, d, kind, p,
                             t_eval, snap, rng)
    return _run(L, d, snap, dens, snaps, att, t_eval, ("A",),
                "particle picking, " + ("A+A->A" if coalescence else "A+A->0"))


def annihilation_exact(t, density: float = 1.0, coalescence: bool = False) -> np.ndarray:
    r"""The exact density of 1D :func:`annihilation` with ``p = 1``, on an infinite line.

    Particles hop at rate 1 (rate 1/2 to each side, :math:`D = 1/2`) and react at once on
    contact; the start is uncorrelated with density :math:`\rho_0`. Both problems close
    exactly on a discrete diffusion equation,
    :math:`\dot F_n = F_{n-1} - 2F_n + F_{n+1}` for :math:`n \ge 1` with :math:`F_0 = 0`,
    solved by images with the lattice heat kernel :math:`e^{-2t} I_{n-m}(2t)`:

    * **A + A → 0**: the particles are the domain walls of the zero-temperature Glauber
      chain (Glauber 1963), :math:`F_n = 1 - \langle s_i s_{i+n}\rangle`,
      :math:`F_n(0) = 1 - (1 - 2\rho_0)^n`, and :math:`\rho = F_1/2`;
    * **A + A → A**: :math:`F_n = 1 - E_n` with :math:`E_n` the probability that ``n``
      consecutive sites are empty (the empty-interval method of ben-Avraham, Burschka and
      Doering 1990), :math:`F_n(0) = 1 - (1 - \rho_0)^n`, and :math:`\rho = F_1`.

    Hence

    .. math::

        \rho(t) = c\, e^{-2t} \sum_{n \ge 1} F_n(0)\,\big[I_{n-1}(2t) - I_{n+1}(2t)\big],

    with :math:`c = 1/2` (annihilation) or 1 (coalescence). From a full lattice this is
    :math:`e^{-2t} I_0(2t)` and :math:`e^{-2t}[I_0(2t) + I_1(2t)]`, whose long-time laws are
    :math:`(8\pi D t)^{-1/2}` and twice that (Torney and McConnell 1983, J. Phys. Chem. 87,
    1941, for the one-dimensional problem; Spouge 1988).

    Parameters
    ----------
    t : array_like
        Times, ``>= 0`` (1/hop rate).
    density : float
        Initial density, in (0, 1].
    coalescence : bool
        A + A → A instead of A + A → 0.

    Returns
    -------
    ndarray
        The density at ``t``, of the shape of ``t`` (0-d for a number).

    Raises
    ------
    InputError
        For negative or non-finite times or a bad density.

    Examples
    --------
    >>> from scipy.special import ive
    >>> bool(np.isclose(annihilation_exact(2.0), ive(0, 4.0), rtol=1e-14))   # e^-2t I_0(2t)
    True
    """
    from scipy.special import ive  # here: scipy.special is not needed elsewhere in this module

    shape = np.shape(t)
    t = V.array("t", np.atleast_1d(t), nonnegative=True)
    if t.size and t.max() > 1e8:
        raise V.fail("t", "at most 1e8 (beyond, use the long-time law: the sum would need "
                          "about 12 sqrt(2t) terms per time)", float(t.max()))
    rho0 = V.number("density", density, lo=0.0, hi=1.0, lo_open=True)
    coalescence = V.choice("coalescence", coalescence, (False, True))
    q = 1.0 - rho0 if coalescence else 1.0 - 2.0 * rho0
    out = np.empty(t.shape)
    for i, ti in np.ndenumerate(t):
        x = 2.0 * ti
        n_max = int(40 + 12 * np.sqrt(x + 1.0))      # e^{-x} I_n(x) is negligible beyond
        n = np.arange(1, n_max + 1)
        weight = 1.0 - q**n
        out[i] = np.sum(weight * (ive(n - 1, x) - ive(n + 1, x)))
    return (out if coalescence else 0.5 * out).reshape(shape)


def two_species_annihilation(L: int, t_eval, d: int = 1, density: float = 1.0, p: float = 1.0,
                             snapshots=(), seed=None,
        max_work: float | None = None, max_memory: float | None = None) -> LatticeRun:
    """Diffusion-limited A+B→0 from equal random densities ``density/2`` of A and B.

    Like particles exclude each other; unlike ones annihilate with probability ``p`` on
    contact. Every reaction removes one A and one B, so ``N_A - N_B`` is conserved exactly. In
    d < 4 the local excess of one species survives: the species segregate into domains and the
    density decays as :math:`t^{-d/4}`, slower than the mean-field :math:`t^{-1}` (Toussaint and
    Wilczek 1983).

    Parameters
    ----------
    L : int
        Sites per side.
    t_eval : array_like
        Recording times.
    d : {1, 2}
        Dimension.
    density : float
        Initial total density, in [0, 1].
    p : float
        Reaction probability on contact.
    snapshots : array_like
        Snapshot times.
    seed : int, SeedSequence, Generator or None
    max_work : float, optional
        Ceiling on the estimated update attempts, up to the last recording or snapshot time
        (default :data:`coursekit._budget.MAX_WORK`, about five minutes).
    max_memory : float, optional
        Ceiling in bytes on the snapshots and densities (default 2 GiB).

    Returns
    -------
    LatticeRun
        Species ``("A", "B")``.

    Raises
    ------
    InputError
        For bad sizes, rates or times, or a run beyond
        ``max_work`` or ``max_memory``.
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> run = two_species_annihilation(1000, [0.0, 50.0], seed=3)
    >>> run.species, bool(run.density[-1].sum() < run.density[0].sum())
    (('A', 'B'), True)
    """
    L, d, t_eval, snap = _setup(L, d, t_eval, snapshots)
    rng = _random.as_generator(seed)
    half = V.probability("density", density) / 2
    init = _fill(rng, L**d, [half, half], 2)
    p = V.probability("p", p)
    _budget_check("two_species_annihilation", init.astype(bool).sum(), 1.0, t_eval, snap, 2,
                  max_work, max_memory)
    dens, snaps, att = _interrupt.call("two_species_annihilation", _lattice.diffusion_limited, init, L, d,
                             _lattice.TWO_SPECIES, p, t_eval, snap, rng)
    return _run(L, d, snap, dens, snaps, att, t_eval, ("A", "B"), "particle picking, A+B->0")


def contact_process(L: int, t_eval, lam: float, d: int = 1, density: float = 1.0, snapshots=(),
                    seed=None,
        max_work: float | None = None, max_memory: float | None = None) -> LatticeRun:
    r"""Birth–death with pair inhibition: the contact process.

    Each occupied site empties at rate 1 (A→0) and at rate ``lam`` places an offspring on a
    random neighbour, which succeeds only if that neighbour is empty (A→2A limited to one
    particle per site: the pair inhibition). Below :math:`\lambda_c` the population dies out
    (the empty lattice is absorbing); above it survives with a finite density. In 1D
    :math:`\lambda_c = 3.29785` (:data:`CONTACT_PROCESS_LAMBDA_C_1D`); at the transition the
    density decays as :math:`t^{-\delta}`, :math:`\delta = 0.1595` (directed percolation).

    Parameters
    ----------
    L : int
        Sites per side.
    t_eval : array_like
        Recording times.
    lam : float
        Birth rate per particle, ``>= 0`` (the death rate is 1).
    d : {1, 2}
        Dimension.
    density : float
        Initial density.
    snapshots : array_like
        Snapshot times.
    seed : int, SeedSequence, Generator or None
    max_work : float, optional
        Ceiling on the estimated update attempts, up to the last recording or snapshot time
        (default :data:`coursekit._budget.MAX_WORK`, about five minutes).
    max_memory : float, optional
        Ceiling in bytes on the snapshots and densities (default 2 GiB).

    Returns
    -------
    LatticeRun

    Raises
    ------
    InputError
        For bad sizes, rates or times, or a run beyond
        ``max_work`` or ``max_memory``.
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> float(contact_process(200, [0.0, 50.0], lam=1.0, seed=1).density[-1, 0])  # dies out
    0.0
    """
    L, d, t_eval, snap = _setup(L, d, t_eval, snapshots)
    rng = _random.as_generator(seed)
    init = _fill(rng, L**d, [V.probability("density", density)])
    lam = V.nonnegative("lam", lam)
    _budget_check("contact_process", L**d, 1.0 + lam, t_eval, snap, 1, max_work, max_memory)
    dens, snaps, att = _interrupt.call("contact_process", _lattice.contact_process, init, L, d, lam, t_eval,
                             snap, rng)
    return _run(L, d, snap, dens, snaps, att, t_eval, ("A",), "particle picking, contact process")


def lattice_lotka_volterra(L: int, t_eval, sigma: float = 0.5, mu: float = 0.1, lam: float = 0.5,
                           d: int = 2, densities=(0.3, 0.3), snapshots=(), initial=None,
                           seed=None,
        max_work: float | None = None, max_memory: float | None = None) -> LatticeRun:
    """Stochastic lattice predator–prey: prey B→2B (``sigma``) into empty neighbours,
    predators A→0 (``mu``), predation A+B→2A (``lam``) on neighbouring prey.

    Rates are probabilities per attempt (in [0, 1]); time counts sweeps (``L**d`` attempts).
    Unlike the mean-field equations, the lattice model shows activity fronts and noisy
    oscillations that settle to a quasi-stationary state (Täuber 2018).

    Parameters
    ----------
    L : int
        Sites per side.
    t_eval : array_like
        Recording times (sweeps).
    sigma, mu, lam : float
        Prey birth, predator death and predation probabilities, in [0, 1].
    d : {1, 2}
        Dimension.
    densities : (float, float)
        Initial (prey, predator) fractions of a random start.
    snapshots : array_like
        Snapshot times.
    initial : array_like, shape (L,) * d, optional
        Start lattice instead (codes 0 empty, 1 prey, 2 predator).
    seed : int, SeedSequence, Generator or None
    max_work : float, optional
        Ceiling on the estimated update attempts, up to the last recording or snapshot time
        (default :data:`coursekit._budget.MAX_WORK`, about five minutes).
    max_memory : float, optional
        Ceiling in bytes on the snapshots and densities (default 2 GiB).

    Returns
    -------
    LatticeRun
        Species ``("prey", "predator")``.

    Raises
    ------
    InputError
        For bad sizes, rates, densities or times, or a run beyond
        ``max_work`` or ``max_memory``.
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> run = lattice_lotka_volterra(32, [0.0, 20.0], seed=4)
    >>> run.species
    ('prey', 'predator')
    """
    L, d, t_eval, snap = _setup(L, d, t_eval, snapshots)
    rates = np.array([V.probability("sigma", sigma), V.probability("mu", mu),
                      V.probability("lam", lam)])
    rng = _random.as_generator(seed)
    init = _initial(initial, L, d, 2, rng, densities)
    _budget_check("lattice_lotka_volterra", L**d, 1.0, t_eval, snap, 2, max_work, max_memory)
    dens, snaps, att = _interrupt.call("lattice_lotka_volterra", _lattice.site_update_models, init, L, d, 0,
                             rates, t_eval, snap, rng)
    return _run(L, d, snap, dens, snaps, att, t_eval, ("prey", "predator"),
                "random-sequential site updates, lattice Lotka-Volterra")


def may_leonard(L: int, t_eval, sigma: float = 1.0, mu: float = 1.0, eps: float = 0.5,
                densities=(0.3, 0.3, 0.3), snapshots=(), initial=None, seed=None,
        max_work: float | None = None, max_memory: float | None = None) -> LatticeRun:
    """Cyclic competition of three species on a 2D lattice (rock–paper–scissors).

    At each attempt a site and a neighbour are picked and, with probabilities proportional to
    ``sigma : mu : eps``, species a removes a neighbour of species a+1 (mod 3), a species
    reproduces into an empty neighbour, or the two exchange places (mobility). With enough
    mobility but below a critical value the species organise into rotating spirals
    (Reichenbach, Mobilia and Frey 2007).

    Parameters
    ----------
    L : int
        Sites per side.
    t_eval : array_like
        Recording times (sweeps).
    sigma, mu, eps : float
        Relative rates of selection, reproduction and exchange, ``>= 0``, not all zero.
    densities : (float, float, float)
        Initial fractions of a random start.
    snapshots : array_like
        Snapshot times.
    initial : array_like, shape (L, L), optional
        Start lattice instead (codes 0 empty, 1, 2, 3).
    seed : int, SeedSequence, Generator or None
    max_work : float, optional
        Ceiling on the estimated update attempts, up to the last recording or snapshot time
        (default :data:`coursekit._budget.MAX_WORK`, about five minutes).
    max_memory : float, optional
        Ceiling in bytes on the snapshots and densities (default 2 GiB).

    Returns
    -------
    LatticeRun
        Species ``("1", "2", "3")``.

    Raises
    ------
    InputError
        For bad sizes, rates, densities or times, or a run beyond
        ``max_work`` or ``max_memory``.
    KeyboardInterrupt
        When the user interrupts the run (Ctrl-C, Jupyter's Interrupt): it stops at once.

    Examples
    --------
    >>> may_leonard(32, [0.0, 10.0], snapshots=[10.0], seed=5).snapshots.shape
    (1, 32, 32)
    """
    L, d, t_eval, snap = _setup(L, 2, t_eval, snapshots)
    rates = np.array([V.nonnegative("sigma", sigma), V.nonnegative("mu", mu),
                      V.nonnegative("eps", eps)])
    if rates.sum() <= 0:
        raise InputError("at least one of sigma, mu, eps must be positive")
    rng = _random.as_generator(seed)
    init = _initial(initial, L, 2, 3, rng, densities)
    _budget_check("may_leonard", L**2, 1.0, t_eval, snap, 3, max_work, max_memory)
    dens, snaps, att = _interrupt.call("may_leonard", _lattice.site_update_models, init, L, 2, 1, rates,
                             t_eval, snap, rng)
    return _run(L, 2, snap, dens, snaps, att, t_eval, ("1", "2", "3"),
                "random-sequential site updates, May-Leonard")


#: Directed-percolation exponents in 1 + 1 dimensions (Jensen 1999, via Hinrichsen 2000,
#: table 3): survival probability ``P(t) ~ t**-delta``, mean number ``N(t) ~ t**theta``
#: (the "initial slip" eta), mean squared radius ``R2(t) ~ t**(2/z)``, density from a full
#: lattice ``rho(t) ~ t**-delta`` (the same delta: DP's rapidity-reversal symmetry); the
#: stationary density ``rho ~ (lam - lam_c)**beta`` and the correlation time
#: ``xi_par ~ |lam - lam_c|**-nu_par``, with ``delta = beta / nu_par``.
DP_EXPONENTS_1D = {"delta": 0.159464, "theta": 0.313686, "2/z": 1.265226, "beta": 0.276486,
                   "nu_par": 1.733847}

#: Per-run cap on events of :func:`contact_process_spreading`.
SPREADING_MAX_EVENTS = 10**8


@dataclass(frozen=True, eq=False)
class Spreading(Result):
    """Seed runs of the contact process (:func:`contact_process_spreading`).

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times (1/death rate).
    count : ndarray, shape (n_times, n_runs)
        Number of particles of each run at each time (0 once extinct).
    r2 : ndarray, shape (n_times, n_runs)
        Sum over each run's particles of the squared distance from the seed (sites²).

    Examples
    --------
    >>> s = contact_process_spreading(3.3, [1.0, 10.0], n_runs=100, seed=1)
    >>> s.count.shape, bool(s.survival[0] >= s.survival[1])
    ((2, 100), True)
    """

    t: np.ndarray
    count: np.ndarray
    r2: np.ndarray

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return int(self.count.shape[1])

    @property
    def survival(self) -> np.ndarray:
        """``P(t)``: the fraction of runs still alive at each time."""
        return (self.count > 0).mean(axis=1)

    @property
    def number(self) -> np.ndarray:
        """``N(t)``: the mean number of particles, over all runs (extinct ones count 0)."""
        return self.count.mean(axis=1)

    @property
    def spreading(self) -> np.ndarray:
        """``R²(t)``: the mean squared distance of a particle from the seed, over the
        particles of all surviving runs, ``sum r2 / sum count`` (NaN when all are extinct)."""
        total = self.count.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, self.r2.sum(axis=1) / np.maximum(total, 1), np.nan)


def contact_process_spreading(lam: float, t_eval, n_runs: int, *, d: int = 1,
                              L: int | None = None, seed=None,
                              max_events: int = SPREADING_MAX_EVENTS,
                              progress: bool | None = None,
                              max_memory: float | None = None) -> Spreading:
    r"""Spreading from a single seed: the contact process started from one occupied site.

    The classic way to locate an absorbing-state transition (Grassberger and de la Torre
    1979; Dickman and Jensen 1991): at the critical point the survival probability, the mean
    number of particles and their mean squared distance from the seed follow power laws,

    .. math::

        P(t) \sim t^{-\delta}, \qquad N(t) \sim t^{\theta}, \qquad R^2(t) \sim t^{2/z},

    (:data:`DP_EXPONENTS_1D`), and off it they curve away: up (survival) above
    :math:`\lambda_c`, down below. The dynamics is that of :func:`contact_process` (death at
    rate 1; at rate ``lam`` an offspring is sent to a random neighbour and settles only if that
    site is empty), but simulated with
    exponential waiting times: the clock is exact, not advanced by the mean waiting time.
    The lattice is finite and periodic. In 1D the default ``L`` is large enough that a
    cluster does not reach its edge by the last time: the outermost particle moves outwards
    at rate ``lam/2`` at most, and a margin of ten standard deviations of that Poisson walk
    is kept. In 2D a whole front advances, faster than any one particle; the default then
    allows an outward speed ``lam`` per unit time (a bound, not a measured front speed), and
    a run that still reaches the edge is reported, never wrapped.

    Parameters
    ----------
    lam : float
        Birth rate per particle, ``> 0`` (the death rate is 1).
    t_eval : array_like
        Recording times, increasing, ``>= 0``.
    n_runs : int
        Number of independent seeds, ``>= 1``.
    d : {1, 2}
        Dimension.
    L : int, optional
        Sites per side (odd or even; the seed sits at ``L // 2``).
    seed : int, SeedSequence, Generator or None
        Randomness; runs are grouped in blocks of :data:`coursekit._random.BLOCK` with one
        stream per block, so the same seed gives the same result on any number of threads.
    max_events : int
        Per-run cap on events.
    progress : bool, optional
        Progress bar over runs (default: on unless ``COURSEKIT_PROGRESS=0``).
    max_memory : float, optional
        Ceiling in bytes on the results (default 2 GiB).

    Returns
    -------
    Spreading
        ``survival``, ``number`` and ``spreading`` against ``t``; ``stats["n_events"]`` per
        run, ``stats["L"]``.

    Raises
    ------
    InputError
        For bad arguments, or a lattice or result beyond the limits.
    SimulationError
        When a cluster reaches the edge of the lattice (cause ``"boundary"``: pass a larger
        ``L``) or a run exceeds ``max_events`` (cause ``"max_events"``).
    KeyboardInterrupt
        When the user interrupts the run: every thread stops at once.

    Examples
    --------
    >>> s = contact_process_spreading(1.0, [50.0], n_runs=200, seed=2)
    >>> float(s.survival[0]) < 0.05        # well below lambda_c: seeds die out
    True
    """
    lam = V.positive("lam", lam)
    t_eval = V.times("t_eval", t_eval)
    n_runs = V.integer("n_runs", n_runs, minimum=1)
    d = V.integer("d", d, minimum=1, maximum=2)
    max_events = V.integer("max_events", max_events, minimum=1)
    if L is None:
        reach = lam * t_eval[-1] / 2 if d == 1 else lam * t_eval[-1]
        L = 2 * int(np.ceil(reach + 10 * np.sqrt(reach) + 10)) + 4
        if L**d > MAX_SITES:
            raise InputError(f"t_eval reaches t = {t_eval[-1]:.6g}: a cluster at lam = {lam:.6g} "
                             f"could spread over {L} sites per side, more than the "
                             f"{MAX_SITES} sites allowed in {d}D; record up to an earlier time")
    L, d, _, _ = _setup(L, d, t_eval, ())
    import numba

    threads = min(numba.get_num_threads(), -(-n_runs // _random.BLOCK))
    _budget.check("contact_process_spreading",
                  memory=16.0 * t_eval.size * n_runs + 9.0 * L**d * threads,
                  max_memory=max_memory,
                  fix="use fewer runs or recording times, or a smaller lattice")
    count = np.zeros((t_eval.size, n_runs), dtype=np.int64)
    r2 = np.zeros((t_eval.size, n_runs), dtype=np.int64)
    events = np.zeros(n_runs, dtype=np.int64)
    status = np.full(n_runs, _lattice.SPREAD_OK, dtype=np.int64)
    reached = np.zeros(n_runs)

    def work(start, stop, rng, halt):
        _lattice.contact_spreading(count, r2, events, status, reached, start, stop, L, d, lam,
                                   t_eval, max_events, rng, halt)

    bar = _progress.bar(n_runs, progress, "contact-process seeds")
    try:
        _random.run_blocks(work, n_runs, seed, on_block=bar.update,
                           what="contact_process_spreading")
    finally:
        bar.close()
    # the first failed run found (the others of its block, and of blocks started later, stop)
    if np.any(status == _lattice.SPREAD_BOUNDARY):
        k = int(np.argmax(status == _lattice.SPREAD_BOUNDARY))
        raise SimulationError(f"run {k} reached the edge of the lattice ({L} sites per side) "
                              f"at t = {reached[k]:.6g}, before the last recording time "
                              f"{t_eval[-1]:.6g}; pass a larger L", t=float(reached[k]),
                              cause=errors.BOUNDARY)
    if np.any(status == _lattice.SPREAD_MAX_EVENTS):
        k = int(np.argmax(status == _lattice.SPREAD_MAX_EVENTS))
        raise SimulationError(f"run {k} exceeded {max_events} events at t = {reached[k]:.6g}, "
                              f"before the last recording time {t_eval[-1]:.6g}; raise "
                              "max_events or record up to an earlier time",
                              t=float(reached[k]), cause=errors.MAX_EVENTS)
    return Spreading(t_eval, owned(count), owned(r2.astype(float)),
                     method="contact process from a single seed, exponential waiting times",
                     stats={"n_events": owned(events), "L": L, "d": d, "lam": lam,
                            "block": _random.BLOCK})


@dataclass(frozen=True, eq=False)
class CriticalPoint(Result):
    """The critical point and exponents located by :func:`spreading_critical_point`.

    Attributes
    ----------
    lam_c : float
        Estimated critical birth rate.
    lam_c_interval : (float, float)
        Its bootstrap confidence interval.
    exponents : dict
        ``"delta"``, ``"theta"``, ``"2/z"`` at ``lam_c``.
    intervals : dict
        Their bootstrap confidence intervals.
    lams : ndarray
        The birth rates of the runs.
    curvature : ndarray, shape (n_lams,)
        Slope of the effective exponent of ``P(t)`` against ``ln t`` in the window, per run:
        positive below the critical point (the survival curves bend down), negative above.

    Examples
    --------
    >>> CriticalPoint(3.3, (3.2, 3.4), {}, {}, np.array([3.3]), np.array([0.0])).lam_c
    3.3
    """

    lam_c: float
    lam_c_interval: tuple[float, float]
    exponents: dict
    intervals: dict
    lams: np.ndarray
    curvature: np.ndarray


_EXPONENTS = ("delta", "theta", "2/z")


def _effective(t, count, r2, t_min, lag, lam):
    """(value at the window's mean ln t, slope in ln t) of the three effective exponents."""
    from coursekit.analysis.scaling import local_slopes

    total = count.sum(axis=1)
    if np.any(total == 0):
        raise InputError(f"every seed of the run at lam = {lam:.6g} died before "
                         f"t = {t[np.argmax(total == 0)]:.6g}: use more seeds, or record up to "
                         "an earlier time")
    out = {}
    for name, y, sign in (("delta", (count > 0).mean(axis=1), -1.0),
                          ("theta", count.mean(axis=1), 1.0),
                          ("2/z", r2.sum(axis=1) / total, 1.0)):
        ls = local_slopes(t, y, lag)
        w = ls.x >= t_min
        lx = np.log(ls.x[w])
        b, a = np.polyfit(lx, sign * ls.slope[w], 1)
        out[name] = (float(a + b * lx.mean()), float(b))
    return out


def _window(t, t_min, lag):
    """Validate the recording times and the fit window of the effective exponents."""
    if t[0] <= 0:
        raise InputError(f"the recording times must be > 0 for effective exponents (log-log "
                         f"slopes); the first is t = {t[0]:.6g}: drop it")
    lag = V.integer("lag", lag, minimum=1, maximum=t.size - 1)
    t_min = V.nonnegative("t_min", t_min)
    mid = np.sqrt(t[lag:] * t[:-lag])
    if np.sum(mid >= t_min) < 3:
        raise InputError(f"only {int(np.sum(mid >= t_min))} effective exponents lie at t >= "
                         f"t_min = {t_min:.6g} (the last at t = {mid[-1]:.6g}); lower t_min or "
                         "lag, or record to later times")
    return t_min, lag


def effective_exponents(run, t_min: float, lag: int = 6) -> dict:
    r"""The effective exponents of a seed run, fitted by a line in :math:`\ln t`.

    :math:`\delta(t) = -d\ln P/d\ln t`, :math:`\theta(t) = d\ln N/d\ln t` and
    :math:`(2/z)(t) = d\ln R^2/d\ln t`, each over ``lag`` recording intervals
    (:func:`coursekit.analysis.scaling.local_slopes`), fitted for ``t >= t_min`` by
    ``value + slope (ln t - mean ln t)``. At the critical point the slopes vanish; below it
    the slope of :math:`\delta(t)` is positive (the seeds die ever faster), above it negative.

    Parameters
    ----------
    run : Spreading
        From :func:`contact_process_spreading`, with recording times ``> 0``.
    t_min : float
        Start of the fit window.
    lag : int
        Index distance of the two points of each effective exponent.

    Returns
    -------
    dict
        ``{"delta": (value, slope), "theta": ..., "2/z": ...}``.

    Raises
    ------
    InputError
        For a recording time ``<= 0``, a window with fewer than three effective exponents, or a
        run whose seeds all died.

    Examples
    --------
    >>> run = contact_process_spreading(3.0, np.geomspace(1, 100, 21), 500, seed=1,
    ...                                 progress=False)
    >>> effective_exponents(run, t_min=10, lag=5)["delta"][1] > 0     # subcritical: rises
    True
    """
    V.instance("run", run, Spreading, "a Spreading result (from contact_process_spreading)")
    t_min, lag = _window(run.t, t_min, lag)
    return _effective(run.t, run.count, run.r2, t_min, lag, run.stats["lam"])


def _spreading_fit(runs, columns, t_min, lag):
    """The root of the curvature of delta(t) in lambda, and the exponents there."""
    rows = np.array([[v for v in _effective(s.t, s.count[:, cols], s.r2[:, cols], t_min, lag,
                                            s.stats["lam"]).values()]
                     for s, cols in zip(runs, columns, strict=True)])   # (n_lams, 3, 2)
    lams = np.array([s.stats["lam"] for s in runs])
    slope, intercept = np.polyfit(lams, rows[:, 0, 1], 1)
    lam_c = -intercept / slope
    values = [float(np.polyval(np.polyfit(lams, rows[:, q, 0], 1), lam_c)) for q in range(3)]
    return float(lam_c), values, rows[:, 0, 1]


def spreading_critical_point(runs, t_min: float, lag: int = 6, n_boot: int = 200,
                             confidence: float = 0.95, seed=None) -> CriticalPoint:
    r"""Locate an absorbing-state transition and its exponents from seed runs at several rates.

    For each run (:func:`contact_process_spreading` at birth rates bracketing the transition),
    the effective exponents :math:`\delta(t) = -d\ln P/d\ln t`, :math:`\theta(t) = d\ln
    N/d\ln t` and :math:`(2/z)(t) = d\ln R^2/d\ln t` are computed over a factor of ``t`` set
    by ``lag`` (:func:`coursekit.analysis.scaling.local_slopes`), and in the window ``t >= t_min``
    each is fitted by a straight line in :math:`\ln t`. At the critical point
    :math:`\delta(t)` is flat; below it rises, above it falls, so the slope of the line (the
    curvature of :math:`\ln P` against :math:`\ln t`) changes sign. Its root in
    :math:`\lambda` (a straight-line fit over the runs) is :math:`\lambda_c`, and the three
    exponents are the lines' values, interpolated to :math:`\lambda_c`. Confidence intervals:
    a percentile bootstrap that resamples the seeds of every run. Corrections to scaling are
    not modelled: they bias the result at a level the intervals do not include, smaller the
    later ``t_min`` (and the larger the statistical error).

    Parameters
    ----------
    runs : sequence of Spreading
        At least two runs at different ``lam``, with the same recording times.
    t_min : float
        Start of the fit window of the effective exponents.
    lag : int
        Index distance of the two points of each effective exponent.
    n_boot : int
        Bootstrap resamples, ``>= 10``.
    confidence : float
        Level of the intervals, in (0, 1).
    seed : int, SeedSequence, Generator or None

    Returns
    -------
    CriticalPoint

    Raises
    ------
    InputError
        For fewer than two runs, runs with different times or equal rates, a window with fewer
        than three effective exponents, a run whose seeds all died, runs that do not bracket
        the transition (the slope of :math:`\delta(t)` must be positive at the lowest rate and
        negative at the highest), or too few bootstrap resamples that could be fitted.

    Examples
    --------
    >>> t = np.geomspace(1, 100, 21)
    >>> runs = [contact_process_spreading(lam, t, 400, seed=k, progress=False)
    ...         for k, lam in enumerate([3.0, 3.6])]
    >>> cp = spreading_critical_point(runs, t_min=10, n_boot=20, seed=1)
    >>> bool(3.0 < cp.lam_c < 3.6)
    True
    """
    runs = list(runs)
    for s in runs:
        V.instance("runs", s, Spreading, "Spreading results (from contact_process_spreading)")
    if len(runs) < 2:
        raise InputError(f"runs must hold at least two runs at different lam; got {len(runs)}")
    t = runs[0].t
    if any(s.t.shape != t.shape or np.any(s.t != t) for s in runs):
        raise InputError("all runs must have the same recording times")
    lams = [s.stats["lam"] for s in runs]
    if len(set(lams)) < len(lams):
        raise InputError(f"the runs must be at different lam; got {lams}")
    if len({s.stats["d"] for s in runs}) > 1:
        raise InputError("all runs must be in the same dimension d")
    runs = [runs[k] for k in np.argsort(lams)]
    lams = sorted(lams)
    t_min, lag = _window(t, t_min, lag)
    n_boot = V.integer("n_boot", n_boot, minimum=10)
    confidence = V.number("confidence", confidence, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    everything = [slice(None)] * len(runs)
    lam_c, values, curvature = _spreading_fit(runs, everything, t_min, lag)
    if not (curvature[0] > 0 > curvature[-1] and lams[0] <= lam_c <= lams[-1]):
        raise InputError(f"the runs do not bracket the transition: the slope of delta(t) is "
                         f"{curvature[0]:+.3g} at lam = {lams[0]:.6g} (must be > 0, below "
                         f"lam_c) and {curvature[-1]:+.3g} at lam = {lams[-1]:.6g} (must be < 0, "
                         "above); widen the range of lam, or use more seeds or later times")
    rng = _random.as_generator(seed)
    boot = []
    for _ in range(n_boot):
        columns = [rng.integers(0, s.n_runs, s.n_runs) for s in runs]
        try:
            b_lam, b_values, _ = _spreading_fit(runs, columns, t_min, lag)
        except InputError:
            continue          # a resample in which every seed of one rate died
        boot.append([b_lam, *b_values])
    if len(boot) < n_boot // 2:
        raise InputError(f"only {len(boot)} of {n_boot} bootstrap resamples could be fitted "
                         "(in the others every seed of one rate died): use more seeds")
    boot = np.array(boot)
    tail = 50 * (1 - confidence)
    lo, hi = np.percentile(boot, [tail, 100 - tail], axis=0)
    names = _EXPONENTS
    return CriticalPoint(lam_c, (float(lo[0]), float(hi[0])), dict(zip(names, values, strict=True)),
                         {k: (float(a), float(b)) for k, a, b in zip(names, lo[1:], hi[1:], strict=True)},
                         np.array(lams), curvature,
                         method="effective exponents of seed runs, percentile bootstrap over seeds",
                         stats={"t_min": t_min, "lag": lag, "n_boot": int(len(boot)),
                                "confidence": confidence})


#: Critical mobility of cyclic competition, M_c = (4.5 +- 0.5) 10^-4
#: (Reichenbach, Mobilia and Frey 2007, for sigma = mu = 1): above it, biodiversity is lost.
ML_CRITICAL_MOBILITY = 4.5e-4


def may_leonard_mobility(L: int, sigma: float, eps: float) -> float:
    r"""The mobility :math:`M = 2\varepsilon/(\sigma N)` of :func:`may_leonard`, :math:`N = L^2`.

    Reichenbach, Mobilia and Frey (2007) measure time in units in which every individual
    selects at rate :math:`\sigma = 1`, and define the mobility as the area explored by one
    individual per unit time over the system size, :math:`M = 2\varepsilon/N`; with any
    :math:`\sigma`, the exchange rate is :math:`\varepsilon/\sigma` in those units. The
    rates of :func:`may_leonard` are relative, as theirs, so ``eps / sigma`` is their
    :math:`\varepsilon`. (Per sweep of :func:`may_leonard` an individual is exchanged
    :math:`2\varepsilon/(\sigma + \mu + \varepsilon)` times: sweeps are
    :math:`\sigma + \mu + \varepsilon` times shorter than their unit of time.) Their
    critical mobility is :data:`ML_CRITICAL_MOBILITY`.

    Parameters
    ----------
    L : int
        Sites per side.
    sigma, eps : float
        Selection and exchange rates of :func:`may_leonard`, ``sigma > 0``, ``eps >= 0``.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For a bad ``L``, ``sigma`` or ``eps``.

    Examples
    --------
    >>> may_leonard_mobility(100, 1.0, 3.0)
    0.0006
    """
    L = V.integer("L", L, minimum=1)
    return 2.0 * V.nonnegative("eps", eps) / (V.positive("sigma", sigma) * L * L)


class MeanField(NamedTuple):
    """The mean-field (well-mixed) picture of :func:`lattice_lotka_volterra`.

    Attributes
    ----------
    prey, predator : float
        The coexistence fixed point (densities, fractions of sites); NaN when the predators
        cannot persist (``lam <= lam_c``).
    eigenvalues : ndarray, shape (2,)
        Of the Jacobian there, per sweep: negative real parts mean a stable point; a complex
        pair means it is approached through damped oscillations of angular frequency
        ``|imag|``.
    lam_c : float
        The predation probability below which the predators die out, ``mu / (1 - mu)``.

    Examples
    --------
    >>> lattice_lotka_volterra_mean_field(mu=0.5, lam=0.5).predator    # below lam_c = 1
    nan
    """

    prey: float
    predator: float
    eigenvalues: np.ndarray
    lam_c: float


def lattice_lotka_volterra_mean_field(sigma: float = 0.5, mu: float = 0.1,
                                      lam: float = 0.5) -> MeanField:
    r"""The mean-field equations of :func:`lattice_lotka_volterra` and their fixed point.

    Counting what one attempt does on average (a random site, then a random neighbour) and
    ignoring correlations between neighbours, the prey density :math:`b`, the predator density
    :math:`a` and the empty fraction :math:`1 - a - b` obey, per sweep,

    .. math::

        \dot b = \sigma\, b\, (1 - a - b) - (1 - \mu)\lambda\, a b, \qquad
        \dot a = (1 - \mu)\lambda\, a b - \mu\, a .

    Unlike the Lotka–Volterra equations of chapter 2, the prey have a carrying capacity (at
    most one particle per site): the coexistence point
    :math:`b^* = \mu / ((1 - \mu)\lambda)`,
    :math:`a^* = \sigma (1 - b^*) / (\sigma + (1 - \mu)\lambda)` is stable, reached through
    damped oscillations when the eigenvalues are complex, and exists only above the predator
    extinction threshold :math:`\lambda_c = \mu / (1 - \mu)` (where :math:`b^* = 1`). On the
    lattice, fluctuations keep the oscillations going as erratic quasi-cycles, and spatial
    correlations shift their frequency, the stationary densities and the threshold (Mobilia,
    Georgiev and Täuber 2007; Täuber 2018): chapter 1 measures all three.

    Parameters
    ----------
    sigma, mu, lam : float
        Prey birth, predator death and predation probabilities per attempt, in [0, 1]
        (``mu < 1``), as in :func:`lattice_lotka_volterra`.

    Returns
    -------
    MeanField

    Raises
    ------
    InputError
        For probabilities outside [0, 1], or ``mu = 1``.

    Examples
    --------
    >>> mf = lattice_lotka_volterra_mean_field(sigma=1.0, mu=0.1, lam=0.5)
    >>> round(mf.prey, 4), round(mf.lam_c, 4), bool(np.all(mf.eigenvalues.real < 0))
    (0.2222, 0.1111, True)
    """
    sigma, mu, lam = (V.probability(n, v) for n, v in (("sigma", sigma), ("mu", mu),
                                                        ("lam", lam)))
    if mu >= 1.0:
        raise V.fail("mu", "below 1 (with mu = 1 every predator dies at once)", mu)
    lam_c = mu / (1.0 - mu)
    eff = (1.0 - mu) * lam                       # predation per predator-prey encounter
    if lam <= lam_c or sigma == 0.0:
        return MeanField(float("nan"), float("nan"), np.full(2, np.nan), lam_c)
    b = mu / eff
    a = sigma * (1.0 - b) / (sigma + eff)
    jac = np.array([[-sigma * b, -(sigma + eff) * b],       # d/d(b, a) of (b', a')
                    [eff * a, 0.0]])
    return MeanField(float(b), float(a), np.linalg.eigvals(jac), float(lam_c))

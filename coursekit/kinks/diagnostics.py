r"""The seed's diagnostics of field dynamics: entropies of the field, kernel density estimates,
phase portraits, and a test that dynamical regimes differ.

The amangkurat paper (its software by Herho, 2025) runs four canonical regimes of the Klein–Gordon equation
(:data:`SEED_REGIMES`: dispersive linear waves, a static :math:`\phi^4` kink, a sine-Gordon
breather, a :math:`\phi^4` kink–antikink collision) and characterises each by

* **entropies of the field**: at each time the values :math:`\phi(x_j, t)` over the grid are
  treated as samples of a distribution, whose Shannon, Rényi and Tsallis entropies
  (:func:`coursekit.analysis.entropy.entropy`) give one time series per regime
  (:func:`field_entropies`): a static kink's never change, a breather's breathe, a
  dispersing pulse's spread as its waves fill the domain;
* **kernel density estimates** of the same values (:func:`field_density`);
* **phase-space reconstruction**: the field at a probe point against its time derivative,
  :math:`(\phi(x_0, t), \phi_t(x_0, t))` (:func:`phase_portrait`), or a delay embedding of
  :math:`\phi(x_0, t)` (:func:`coursekit.analysis.embedding.delay_embed`);
* a **statistical test** that the regimes differ:
  :func:`coursekit.analysis.groups.compare_groups` (Kruskal–Wallis and pairwise Mann–Whitney)
  on *independent replicas*, runs whose initial data are drawn at random around the seed's
  (:func:`seed_regime` with a ``seed``), one time-averaged entropy per run. The values along
  one run are not independent samples (they are one deterministic trajectory), so testing
  them as if they were is pseudo-replication.

The paper's body is not available to this course; the definitions here (entropy of the
spatial distribution of :math:`\phi` at each recording time, differential entropies in nats
from a fixed histogram, rank tests on replicas) are the course's reconstruction from its
abstract, and are labelled so on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from coursekit import _random
from coursekit import _validate as V
from coursekit._results import Result
from coursekit.analysis.entropy import KINDS, entropy
from coursekit.kinks.klein_gordon import (
    Field,
    KleinGordonRun,
    breather,
    kink,
    kink_antikink,
    simulate,
)
from coursekit.numerics import spectral

__all__ = ["SEED_REGIMES", "PhasePortrait", "Regime", "field_density", "field_entropies",
           "phase_portrait", "seed_regime"]


@dataclass(frozen=True)
class Regime:
    """One of the seed's configurations.

    Attributes
    ----------
    nx : int
        Grid points.
    span : (float, float)
        The periodic domain.
    dt : float
        The seed's step.
    t_end : float
        Final time.
    potential : str
        The potential.
    start : callable
        ``start(grid, rng)``: the initial field; ``rng`` ``None`` for the seed's own
        parameters, else a NumPy generator that draws them at random around the seed's.
    jitter : str
        What a random start varies, in words.

    Examples
    --------
    >>> SEED_REGIMES["breather"].potential
    'sine_gordon'
    """

    nx: int
    span: tuple
    dt: float
    t_end: float
    potential: str
    start: Callable
    jitter: str


def _u(rng, centre, spread):
    """``centre``, or drawn uniformly from ``centre +- spread`` when ``rng`` is given."""
    return centre if rng is None else float(centre + rng.uniform(-spread, spread))


def _pulse(x, rng=None):
    width, height = _u(rng, 2.0, 0.2), _u(rng, 1.0, 0.1)
    return Field(height * np.exp(-(x / width) ** 2), np.zeros_like(x))


#: The seed's four configurations (read-only), by name.
SEED_REGIMES = MappingProxyType({
    "linear pulse": Regime(512, (-30.0, 30.0), 0.005, 50.0, "klein_gordon", _pulse,
                           "height 1 +- 0.1, width 2 +- 0.2"),
    "static kink": Regime(1024, (-50.0, 50.0), 0.005, 50.0, "phi4",
                          lambda x, rng=None: kink(x, x0=_u(rng, 0.0, 1.0)),
                          "centre 0 +- 1"),
    "breather": Regime(512, (-40.0, 40.0), 0.01, 80.0, "sine_gordon",
                       lambda x, rng=None: breather(x, omega=_u(rng, 0.5, 0.05),
                                                    x0=_u(rng, 0.0, 1.0)),
                       "omega 0.5 +- 0.05, centre 0 +- 1"),
    "kink-antikink": Regime(1024, (-50.0, 50.0), 0.005, 100.0, "phi4",
                            lambda x, rng=None: kink_antikink(x, v=_u(rng, 0.3, 0.03),
                                                              d=_u(rng, 20.0, 1.0)),
                            "v 0.3 +- 0.03 (all above the critical speed), separation "
                            "20 +- 1"),
})


def seed_regime(name: str, n_times: int = 501, seed=None) -> KleinGordonRun:
    """Run one of the seed's four configurations (:data:`SEED_REGIMES`) with the default
    (Yoshida) stepper at the seed's step on the periodic grid with the seed's domain.

    Parameters
    ----------
    name : {"linear pulse", "static kink", "breather", "kink-antikink"}
        Which regime.
    n_times : int
        Recording times, evenly spaced from 0 to the final time (at least 2).
    seed : int, SeedSequence, Generator or None
        ``None`` (default): the seed's own initial data. Otherwise a replica: the parameters
        of the initial data drawn uniformly around the seed's (``SEED_REGIMES[name].jitter``).

    Returns
    -------
    KleinGordonRun

    Raises
    ------
    InputError
        For an unknown name, a bad ``n_times`` or a bad seed.

    Examples
    --------
    >>> run = seed_regime("breather", n_times=5)
    >>> run.x.shape, run.energy_error() < 1e-8
    ((5, 512), True)
    """
    cfg = SEED_REGIMES[V.choice("name", name, tuple(SEED_REGIMES))]
    n_times = V.integer("n_times", n_times, minimum=2)
    rng = None if seed is None else _random.as_generator(seed)
    grid = spectral.periodic_grid(cfg.nx, *cfg.span)
    return simulate(cfg.start(grid, rng), grid, t_eval=np.linspace(0.0, cfg.t_end, n_times),
                    dt=cfg.dt, potential=cfg.potential)


def field_entropies(run: KleinGordonRun, kinds=KINDS, q: float = 2.0,
                    method: str = "histogram", bins: int = 63) -> dict:
    r"""Entropies of the distribution of the field's values over the grid, at each time.

    The histogram has ``bins`` equal bins spanning :math:`[-M, M]`, :math:`M` the largest
    :math:`|\phi|` over the whole run: the same bins at every time, so that the series is
    comparable from time to time, and symmetric about 0, so that a field and its mirror image
    :math:`-\phi` (equally good solutions for the three built-in potentials) have the same
    entropy. The number of bins is odd, so that 0 sits at the centre of a bin: far from a
    pulse or a breather the field is 0 up to rounding noise, which would otherwise split
    at random between the two bins that meet at 0. (A rule such as Freedman–Diaconis, whose
    bins shrink with the spread of the bulk of the values, would ask for billions of bins for
    a field that sits in its vacuum nearly everywhere.)

    Mind what the numbers are: a field that sits in a vacuum over most of the domain has a
    distribution close to a sum of delta peaks, whose differential entropy tends to
    :math:`-\infty` as the domain grows; the estimate is then set by the bin width. Compare
    entropies only between runs analysed with the same bins and domain.

    Parameters
    ----------
    run : KleinGordonRun
        A run of :func:`~coursekit.kinks.klein_gordon.simulate`.
    kinds : sequence of {"shannon", "renyi", "tsallis"}
        Which entropies.
    q : float
        Order of the Rényi and Tsallis entropies.
    method : {"histogram", "kde"}
        The density estimator of :func:`coursekit.analysis.entropy.entropy`.
    bins : int
        Number of histogram bins, odd (at least 3).

    Returns
    -------
    dict
        ``kind -> ndarray`` over the recording times, in nats (differential entropies).

    Raises
    ------
    InputError
        For a bad run, kind, ``q``, method, or an even number of bins.

    Examples
    --------
    >>> g = spectral.periodic_grid(256, -30.0, 30.0)
    >>> run = simulate(kink(g), g, t_eval=[0.0, 1.0], dt=0.05)
    >>> s = field_entropies(run, kinds=["shannon"])["shannon"]
    >>> bool(abs(s[1] - s[0]) < 1e-6)          # a static kink: a constant distribution
    True
    """
    V.instance("run", run, KleinGordonRun, "a KleinGordonRun")
    kinds = [V.choice("kinds", k, KINDS) for k in kinds]
    bins = V.integer("bins", bins, minimum=3)
    if bins % 2 == 0:
        raise V.fail("bins", "an odd number (so that 0 is the centre of a bin)", bins)
    rows = np.asarray(run.x)
    top = float(np.max(np.abs(rows)))
    top = top if top > 0 else 1.0
    edges = np.linspace(-top, top, bins + 1)
    return {k: np.array([entropy(row, kind=k, q=q, method=method, bins=edges) for row in rows])
            for k in kinds}


def field_density(run: KleinGordonRun, values, index=None) -> np.ndarray:
    r"""Gaussian kernel density estimates (Scott's bandwidth) of the field's values over the
    grid, evaluated at ``values``, at chosen recording times.

    Parameters
    ----------
    run : KleinGordonRun
        A run of :func:`~coursekit.kinks.klein_gordon.simulate`.
    values : array_like, shape (m,)
        Field values at which to evaluate the densities.
    index : array_like of int, optional
        Indices of the recording times, negative from the end as in Python (default all).

    Returns
    -------
    ndarray, shape (n_times, m)
        One density per time; each integrates to 1 over the real line.

    Raises
    ------
    InputError
        For a bad run, values or indices, or a field that is constant at a chosen time.

    Examples
    --------
    >>> g = spectral.periodic_grid(256, -30.0, 30.0)
    >>> run = simulate(kink(g), g, t_eval=[0.0], dt=0.05)
    >>> p = field_density(run, np.linspace(-3, 3, 601))
    >>> round(float(np.trapezoid(p[0], dx=0.01)), 3)
    1.0
    """
    V.instance("run", run, KleinGordonRun, "a KleinGordonRun")
    values = V.array("values", values, ndim=1, min_size=1)
    rows = np.asarray(run.x)
    n = rows.shape[0]
    index = (np.arange(n) if index is None
             else np.array([V.integer("index", i, minimum=-n, maximum=n - 1) % n
                            for i in np.atleast_1d(index)]))
    from scipy.stats import gaussian_kde  # here: scipy.stats takes ~0.25 s to import

    out = []
    for i in index:
        if np.ptp(rows[i]) == 0:
            raise V.fail("run", f"a field that is not constant at recording time {i}",
                         rows[i][0])
        out.append(gaussian_kde(rows[i])(values))
    return np.array(out)


@dataclass(frozen=True, eq=False)
class PhasePortrait(Result):
    r"""The field and its time derivative at one grid point over time.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    position : float
        The grid point used (the one nearest the requested probe).
    phi : ndarray, shape (n_times,)
        :math:`\phi` there.
    phi_t : ndarray, shape (n_times,)
        :math:`\phi_t` there.

    Examples
    --------
    >>> PhasePortrait(np.zeros(1), 0.0, np.ones(1), np.zeros(1)).phi.tolist()
    [1.0]
    """

    t: np.ndarray
    position: float
    phi: np.ndarray
    phi_t: np.ndarray


def phase_portrait(run: KleinGordonRun, x: float = 0.0) -> PhasePortrait:
    r"""The trajectory :math:`(\phi(x_0, t), \phi_t(x_0, t))` of one point in its phase plane,
    at the grid point :math:`x_0` nearest ``x``.

    Parameters
    ----------
    run : KleinGordonRun
        A run of :func:`~coursekit.kinks.klein_gordon.simulate`.
    x : float
        The probe position (inside the grid's span).

    Returns
    -------
    PhasePortrait

    Raises
    ------
    InputError
        For a bad run or a probe outside the grid.

    Examples
    --------
    >>> g = spectral.periodic_grid(256, -30.0, 30.0)
    >>> run = simulate(kink(g, v=0.5), g, t_eval=[0.0, 1.0], dt=0.05)
    >>> bool(phase_portrait(run).phi_t[0] < 0)     # a right-moving kink: phi falls at x = 0
    True
    """
    V.instance("run", run, KleinGordonRun, "a KleinGordonRun")
    grid = np.asarray(run.grid)
    x = V.number("x", x, lo=float(grid[0]), hi=float(grid[-1]))
    j = int(np.argmin(np.abs(grid - x)))
    return PhasePortrait(np.asarray(run.t), float(grid[j]), np.asarray(run.x)[:, j],
                         np.asarray(run.phi_t)[:, j], method="field at one grid point")

r"""Rings of oscillators read as growing interfaces: phase slips, growth exponents with
confidence intervals, the distribution of the fluctuations, and the regime each belongs to
(Gutiérrez and Cuerno; chapter 6).

**Phase slips.** A ring synchronises when neighbouring phases stay close. Bond :math:`j` joins
oscillator :math:`j` to :math:`j + 1` (the closing bond joins :math:`L - 1` to 0), with
difference :math:`d_j = \theta_{j+1} - \theta_j`. A **phase slip** is one oscillator gaining a
whole cycle on its neighbour: :math:`d_j` leaves the well around :math:`2\pi w` for the one
around :math:`2\pi(w \pm 1)`. It puts a step of :math:`2\pi` into the height profile and inflates
the roughness; near the desynchronisation boundary it distorts the scaling (the seed's point).
:func:`phase_slips` follows each bond's winding :math:`w_j` from the first recording time, with
hysteresis: :math:`w_j` changes only when :math:`d_j` comes within :math:`\pi/2` of another
multiple of :math:`2\pi`, so a bond that wanders across :math:`\pm\pi` and back is not counted,
and the count does not grow with the density of the recording. It sees every slip provided no
bond moves by more than :math:`\pi` between two recording times. Counts are per bond: one
oscillator gaining a turn on both neighbours is two slips.

**Growth exponent.** From a flat start the mean squared roughness grows as
:math:`\langle W^2\rangle \sim t^{2\beta}` before it saturates: :math:`\beta = 1/2` for random
deposition (uncoupled oscillators with time-dependent noise), 1 for linear growth (uncoupled,
columnar frequencies), 1/4 for Edwards–Wilkinson (odd coupling, noise), 3/4 for the linear
chain with columnar frequencies, and 1/3 for Kardar–Parisi–Zhang (non-odd coupling, noise).
:func:`growth_exponent` fits :math:`\ln\langle W^2\rangle` against :math:`\ln t` by least
squares over a window and gives a percentile-bootstrap interval **over the realisations**
(independent, unlike the successive times of one run); with fewer than about 20
realisations a percentile interval is too narrow (a 95 % interval from 16 random-deposition
ensembles held the exact exponent about nine times in ten), so use more where it decides.

**Saturation.** Rings of several sizes followed until their roughness stops growing give the
other two exponents of Family–Vicsek scaling, :math:`W_{\rm sat}^2 \propto L^{2\alpha}` and
:math:`t_\times \propto L^{z}` (:func:`saturation`): the saturated value is the mean of
:math:`\langle W^2\rangle` over the recording times from ``t_sat`` on, and the saturation time
:math:`t_\times` the time at which :math:`\langle W^2\rangle` first reaches a fraction (default
one half) of it, interpolated in :math:`\ln t`; any fixed fraction gives the same :math:`z`.
Both come with intervals from resampling each size's realisations; :math:`\beta = \alpha/z`
should agree with :func:`growth_exponent`.

**Fluctuations.** In the KPZ regime the heights grow as :math:`\theta_j \simeq v_\infty t +
\operatorname{sgn}(\lambda)(\Gamma t)^{1/3}\chi` with :math:`\chi` Tracy–Widom distributed: the
GOE law for a flat start. The skewness and excess kurtosis of the fluctuations about the ring's
mean, :math:`\delta\theta_j = \theta_j - \bar\theta`, are those of :math:`\chi`
(:data:`TRACY_WIDOM`; Prähofer and Spohn 2000), free of the non-universal :math:`\Gamma` and of
the mean of :math:`\chi`, and are what :func:`fluctuation_moments` measures; a
Gaussian (Edwards–Wilkinson, random deposition) has both 0. The KPZ coefficient of the ring
is :math:`\lambda = 2Kb` (expand :math:`b(1 - \cos x) \approx bx^2/2` for both neighbours), so
:math:`b > 0` gives positive skewness.

**Regimes.** :func:`classify_growth` names the regime whose :math:`\beta` lies in the fitted
interval (:data:`GROWTH_EXPONENTS`), the unsynchronised one first, and reports phase slips and
ambiguous intervals as such.
It is our rule, not the seed's procedure, which also uses saturation values and times.
Columnar KPZ, and rings with both kinds of randomness, are not classified.

References: Gutiérrez and Cuerno, arXiv:2604.06040 (2026); Barabási and Stanley, *Fractal
Concepts in Surface Growth* (1995); Prähofer and Spohn, *Phys. Rev. Lett.* 84, 4882 (2000).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit import _random
from coursekit import _validate as V
from coursekit._results import Result, owned
from coursekit.errors import InputError
from coursekit.sync.chains import Rings, roughness

__all__ = ["GROWTH_EXPONENTS", "TRACY_WIDOM", "Fluctuations", "Growth", "PhaseSlips", "Saturation",
           "classify_growth", "fluctuation_moments", "growth_exponent", "phase_slips",
           "saturation"]

#: Skewness and excess kurtosis of the Tracy–Widom laws (Prähofer and Spohn 2000): GOE for
#: a flat start, GUE for a curved one.
TRACY_WIDOM = {"GOE": {"skewness": 0.2935, "kurtosis": 0.1652},
               "GUE": {"skewness": 0.2241, "kurtosis": 0.0934}}

#: Growth exponents :math:`\beta` by kind of randomness ("noise": time-dependent;
#: "columnar": quenched frequencies) and regime.
GROWTH_EXPONENTS = {"noise": {"random deposition": 0.5, "Edwards-Wilkinson": 0.25,
                              "KPZ": 1.0 / 3.0},
                    "columnar": {"linear growth": 1.0, "Edwards-Wilkinson": 0.75}}


def _rings(rings) -> Rings:
    if not isinstance(rings, Rings):
        raise InputError(f"rings must be the Rings returned by simulate_ring; got "
                         f"{type(rings).__name__}")
    return rings


@dataclass(frozen=True, eq=False)
class PhaseSlips(Result):
    """Phase slips of each realisation.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
        Recording times.
    count : ndarray of int, shape (n_times, replicas)
        Slips seen up to each time (cumulative, over all bonds).
    first : ndarray, shape (replicas,)
        The first recording time at which a slip is seen; NaN if none.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> slips = phase_slips(simulate_ring(16, K=1.0, D=0.01, t_end=5.0, replicas=2, seed=1))
    >>> slips.total, bool(np.isnan(slips.first).all())
    (0, True)
    """

    t: np.ndarray
    count: np.ndarray
    first: np.ndarray

    @property
    def total(self) -> int:
        """All slips of all realisations by the last recording time."""
        return int(self.count[-1].sum())


def phase_slips(rings: Rings) -> PhaseSlips:
    """Count the phase slips of each realisation (module docstring).

    Parameters
    ----------
    rings : Rings
        From :func:`~coursekit.sync.chains.simulate_ring`.

    Returns
    -------
    PhaseSlips
        Cumulative counts per realisation, from the first recording time (the windings there
        are the reference: a ring that starts wound is not counted as slipping).

    Raises
    ------
    InputError
        If ``rings`` is not a :class:`~coursekit.sync.chains.Rings`.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> t = np.linspace(0.0, 20.0, 401)                   # uncoupled: the bonds slip freely
    >>> phase_slips(simulate_ring(8, K=0.0, sigma=1.0, t_eval=t, seed=3)).total > 0
    True
    """
    rings = _rings(rings)
    x = rings.x
    bonds = np.concatenate([np.diff(x, axis=-1), x[..., :1] - x[..., -1:]], axis=-1)
    turns = bonds / (2 * np.pi)
    nearest = np.rint(turns)
    in_well = np.abs(turns - nearest) <= 0.25                  # within pi/2 of 2 pi m
    winding = nearest[0].copy()                                 # the reference: the first time
    count = np.zeros(x.shape[:2], dtype=np.int64)
    for k in range(1, x.shape[0]):
        moved = in_well[k] & (nearest[k] != winding)
        count[k] = count[k - 1] + np.where(moved, np.abs(nearest[k] - winding), 0).sum(axis=-1)
        winding[moved] = nearest[k][moved]
    seen = count > 0
    first = np.where(seen.any(axis=0), rings.t[np.argmax(seen, axis=0)], np.nan)
    return PhaseSlips(t=rings.t, count=owned(count), first=owned(first),
                      method="each bond's winding, with hysteresis (module docstring)",
                      stats={"replicas": x.shape[1], "L": x.shape[2]})


@dataclass(frozen=True, eq=False)
class Growth(Result):
    r"""The growth exponent :math:`\beta` of :math:`\langle W^2\rangle \sim t^{2\beta}`.

    Attributes
    ----------
    beta : float
        Least-squares exponent of the mean over realisations.
    interval : (float, float)
        Percentile bootstrap interval over realisations.
    confidence : float
        Its level.
    t : ndarray
        Recording times.
    width2 : ndarray
        :math:`\langle W^2\rangle` at those times (mean over realisations).
    window : (float, float)
        The times fitted.
    slips : int
        Phase slips seen by the end of the window (all realisations).
    columnar : bool
        Whether the realisations had quenched frequencies (``sigma > 0``).
    noise : bool
        Whether they had time-dependent noise (``D > 0``).
    odd : bool
        Whether the coupling was odd (``b = 0``, or the linear chain).

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> rings = simulate_ring(64, K=0.0, D=0.5, t_eval=np.geomspace(1, 10, 8), replicas=8,
    ...                       seed=1)
    >>> round(growth_exponent(rings).beta, 1)              # random deposition
    0.5
    """

    beta: float
    interval: tuple[float, float]
    confidence: float
    t: np.ndarray
    width2: np.ndarray
    window: tuple[float, float]
    slips: int
    columnar: bool
    noise: bool
    odd: bool


def growth_exponent(rings: Rings, t_min: float | None = None, t_max: float | None = None, *,
                    n_boot: int = 1000, confidence: float = 0.95, seed=None) -> Growth:
    r"""Fit :math:`\langle W^2\rangle \sim t^{2\beta}` over ``t_min <= t <= t_max``, with an
    interval from resampling the realisations (module docstring).

    Parameters
    ----------
    rings : Rings
        Realisations recorded at times spread over the window (log-spaced times suit a
        log–log fit: ``t_eval=np.geomspace(...)``).
    t_min, t_max : float, optional
        The window; default all recording times after 0.
    n_boot : int
        Bootstrap resamples, at least 10.
    confidence : float
        Interval level, in (0, 1).
    seed : int, SeedSequence, Generator or None
        Randomness of the bootstrap.

    Returns
    -------
    Growth

    Raises
    ------
    InputError
        For fewer than 8 realisations, fewer than 3 recording times in the window, a window
        with zero roughness, or bad arguments.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> t = np.geomspace(5.0, 100.0, 10)
    >>> fit = growth_exponent(simulate_ring(1024, K=1.0, D=0.1, t_eval=t, replicas=8, seed=0))
    >>> bool(abs(fit.beta - 0.25) < 0.03)                   # Edwards-Wilkinson
    True
    """
    rings = _rings(rings)
    n_boot = V.integer("n_boot", n_boot, minimum=10)
    confidence = V.number("confidence", confidence, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    t = rings.t
    lo = V.positive("t_min", t_min) if t_min is not None else float(t[t > 0].min(initial=np.inf))
    hi = V.positive("t_max", t_max) if t_max is not None else float(t.max())
    n_rep = rings.x.shape[1]
    if n_rep < 8:
        raise InputError(f"a confidence interval over realisations needs replicas >= 8 (got "
                         f"{n_rep}); simulate more replicas")
    keep = (t >= lo) & (t <= hi) & (t > 0)
    if keep.sum() < 3:
        raise InputError(f"only {int(keep.sum())} recording times in [{lo:g}, {hi:g}]; the fit "
                         "needs at least 3: record more times (t_eval=np.geomspace(...))")
    w2 = roughness(rings.x[keep]) ** 2                       # (n_window, replicas)
    if np.any(w2.mean(axis=1) <= 0):
        raise InputError("the roughness is zero at some time in the window (no noise and no "
                         "disorder?); a power law needs a positive width")
    lt = np.log(t[keep])
    lc = lt - lt.mean()

    def slope(mean_w2):
        ly = np.log(mean_w2)
        return (lc @ (ly - ly.mean(axis=-1, keepdims=True)).T) / (lc @ lc) / 2.0

    beta = float(slope(w2.mean(axis=1)))
    rng = _random.as_generator(seed)
    pick = rng.integers(0, n_rep, size=(n_boot, n_rep))
    boots = slope(w2[:, pick].mean(axis=2).T)                 # (n_boot,)
    tail = 50 * (1 - confidence)
    b_lo, b_hi = np.percentile(boots, [tail, 100 - tail])
    slips = phase_slips(rings)
    last = int(np.flatnonzero(t <= hi)[-1])
    return Growth(beta=beta, interval=(float(b_lo), float(b_hi)), confidence=confidence,
                  t=t, width2=owned((roughness(rings.x) ** 2).mean(axis=1)),
                  window=(float(t[keep][0]), float(t[keep][-1])),
                  slips=int(slips.count[last].sum()),
                  columnar=bool(rings.stats["sigma"] > 0), noise=bool(rings.stats["D"] > 0),
                  odd=bool(rings.stats["b"] == 0),
                  method="least squares of ln<W^2> on ln t; bootstrap over realisations",
                  stats={"n_boot": n_boot, "replicas": n_rep, "n_times": int(keep.sum())})


def classify_growth(growth: Growth) -> str:
    r"""Name the regime of a fitted growth exponent (module docstring).

    ``"unclassified"`` for rings with both kinds of randomness (noise and columnar
    frequencies), and for columnar frequencies with a non-odd coupling (columnar KPZ, whose
    exponents are not stated here). Otherwise, in this order: the unsynchronised regime (random
    deposition, or linear growth with columnar frequencies) if :math:`\beta`'s interval holds
    its exponent, whatever else it holds; ``"phase slips"`` if any slip was seen in the window;
    the one other regime of :data:`GROWTH_EXPONENTS` (for the growth's kind of randomness)
    whose exponent the interval holds; ``"crossover"`` if it holds none of them, or several.

    Parameters
    ----------
    growth : Growth
        From :func:`growth_exponent`.

    Returns
    -------
    str
        ``"random deposition"``, ``"Edwards-Wilkinson"``, ``"KPZ"`` (noise);
        ``"linear growth"``, ``"Edwards-Wilkinson"`` (columnar); ``"phase slips"``,
        ``"crossover"`` or ``"unclassified"``.

    Raises
    ------
    InputError
        If ``growth`` is not a :class:`Growth`.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> rings = simulate_ring(64, K=0.0, D=0.5, t_eval=np.geomspace(1, 10, 8), replicas=8,
    ...                       seed=1)
    >>> classify_growth(growth_exponent(rings))
    'random deposition'
    """
    if not isinstance(growth, Growth):
        raise InputError(f"growth must be the Growth of growth_exponent; got "
                         f"{type(growth).__name__}")
    if (growth.columnar and growth.noise) or (growth.columnar and not growth.odd):
        return "unclassified"
    table = GROWTH_EXPONENTS["columnar" if growth.columnar else "noise"]
    lo, hi = growth.interval
    inside = [name for name, beta in table.items() if lo <= beta <= hi]
    unsynchronised = "linear growth" if growth.columnar else "random deposition"
    if unsynchronised in inside:
        return unsynchronised
    if growth.slips > 0:
        return "phase slips"
    return inside[0] if len(inside) == 1 else "crossover"


@dataclass(frozen=True, eq=False)
class Saturation(Result):
    r"""Saturated roughness and saturation time against the size: the exponents
    :math:`\alpha` (:math:`W_{\rm sat} \propto L^\alpha`) and :math:`z`
    (:math:`t_\times \propto L^z`).

    Attributes
    ----------
    sizes : ndarray of int
        The ring sizes :math:`L`.
    width2 : ndarray
        Saturated :math:`\langle W^2\rangle` per size.
    width2_interval : ndarray, shape (n_sizes, 2)
        Their percentile intervals over realisations.
    time : ndarray
        Saturation time :math:`t_\times` per size.
    alpha, z : float
        Least-squares exponents in log–log axes.
    alpha_interval, z_interval : (float, float)
        Percentile bootstrap intervals (realisations resampled within each size).
    confidence : float
        The intervals' level.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> t = np.geomspace(0.5, 500.0, 20)
    >>> runs = [simulate_ring(L, K=1.0, D=0.5, coupling="linear", t_eval=t, replicas=8, seed=L)
    ...         for L in (8, 12, 16)]
    >>> sat = saturation(runs, t_sat=200.0, seed=0)
    >>> sat.width2.shape, sat.width2_interval.shape
    ((3,), (3, 2))
    """

    sizes: np.ndarray
    width2: np.ndarray
    width2_interval: np.ndarray
    time: np.ndarray
    alpha: float
    alpha_interval: tuple[float, float]
    z: float
    z_interval: tuple[float, float]
    confidence: float


def _saturated(t, w2, late, fraction):
    """Saturated mean width and saturation time of the mean over realisations (last axis):
    the first crossing of ``fraction`` of the plateau, interpolated linearly in ln t."""
    mean = w2.mean(axis=-1)
    plateau = mean[..., late].mean(axis=-1)
    level = fraction * plateau
    k = np.argmax(mean >= level[..., None], axis=-1)
    before = np.maximum(k - 1, 0)
    m0 = np.take_along_axis(mean, before[..., None], axis=-1)[..., 0]
    m1 = np.take_along_axis(mean, k[..., None], axis=-1)[..., 0]
    lt = np.log(np.maximum(t, np.finfo(float).tiny))
    share = np.where(m1 > m0, (level - m0) / np.where(m1 > m0, m1 - m0, 1.0), 1.0)
    return plateau, np.exp(lt[before] + np.clip(share, 0.0, 1.0) * (lt[k] - lt[before]))


def saturation(runs, t_sat: float, *, fraction: float = 0.5, n_boot: int = 1000,
               confidence: float = 0.95, seed=None) -> Saturation:
    r"""Saturated roughness and saturation time of rings of several sizes, and the exponents
    :math:`\alpha` and :math:`z` (module docstring).

    Parameters
    ----------
    runs : sequence of Rings
        At least three sizes, recorded at the same times from before saturation to well after
        (log-spaced times resolve the saturation time).
    t_sat : float
        The saturated window starts here for every size: late enough for the largest ring.
    fraction : float
        The saturation time is when :math:`\langle W^2\rangle` first reaches this fraction of
        its saturated value (interpolated in :math:`\ln t` between recording times); in (0, 1).
        Half, the default, is where the curve is steep, so the time is least sensitive to the
        noise of the saturated value.
    n_boot : int
        Bootstrap resamples, at least 10.
    confidence : float
        Interval level, in (0, 1).
    seed : int, SeedSequence, Generator or None
        Randomness of the bootstrap.

    Returns
    -------
    Saturation

    Raises
    ------
    InputError
        For fewer than three sizes, repeated sizes, different recording times, fewer than 8
        realisations of a size, fewer than 2 recording times from ``t_sat`` on, a size whose
        roughness never reaches ``fraction`` of its saturated value before ``t_sat``, or bad
        arguments.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> t = np.union1d(np.geomspace(0.5, 1000.0, 30), np.linspace(1000.0, 3000.0, 41))
    >>> runs = [simulate_ring(L, K=1.0, D=0.5, coupling="linear", t_eval=t, replicas=16,
    ...                       seed=L) for L in (16, 32, 64)]
    >>> sat = saturation(runs, t_sat=1000.0, seed=0)
    >>> round(sat.alpha, 1), round(sat.z)                  # Edwards-Wilkinson: 1/2 and 2
    (0.5, 2)
    """
    runs = [_rings(r) for r in runs]
    fraction = V.number("fraction", fraction, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    n_boot = V.integer("n_boot", n_boot, minimum=10)
    confidence = V.number("confidence", confidence, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    t_sat = V.positive("t_sat", t_sat)
    if len(runs) < 3:
        raise InputError(f"saturation needs rings of at least three sizes; got {len(runs)}")
    t = runs[0].t
    if any(r.t.shape != t.shape or not np.array_equal(r.t, t) for r in runs):
        raise InputError("every size must be recorded at the same times (the same t_eval)")
    sizes = np.array([r.x.shape[2] for r in runs])
    if len(set(sizes.tolist())) != sizes.size:
        raise InputError(f"the sizes must differ; got {sizes.tolist()}")
    if min(r.x.shape[1] for r in runs) < 8:
        raise InputError("every size needs replicas >= 8 for an interval")
    late = t >= t_sat
    if late.sum() < 2:
        raise InputError(f"only {int(late.sum())} recording times from t_sat = {t_sat:g} on; "
                         "record longer or start the window earlier")
    widths = [roughness(r.x) ** 2 for r in runs]                      # (n_times, replicas)
    plateau, when = zip(*(_saturated(t, w2, late, fraction) for w2 in widths), strict=True)
    plateau, when = np.array(plateau), np.array(when)
    if np.any(when >= t_sat):
        raise InputError(f"a size does not saturate before t_sat = {t_sat:g} (sizes "
                         f"{sizes[when >= t_sat].tolist()}): run longer and move t_sat later")
    lx = np.log(sizes)
    lc = lx - lx.mean()

    def slope(y):
        ly = np.log(y)
        return (ly - ly.mean(axis=-1, keepdims=True)) @ lc / (lc @ lc)

    rng = _random.as_generator(seed)
    boot_plateau = np.empty((n_boot, sizes.size))
    boot_when = np.empty((n_boot, sizes.size))
    for k, w2 in enumerate(widths):
        pick = rng.integers(0, w2.shape[1], size=(n_boot, w2.shape[1]))
        boot_plateau[:, k], boot_when[:, k] = _saturated(t, np.moveaxis(w2[:, pick], 0, 1),
                                                         late, fraction)
    tail = 50 * (1 - confidence)
    pct = [tail, 100 - tail]
    alphas, zs = slope(boot_plateau) / 2, slope(boot_when)
    return Saturation(sizes=sizes, width2=plateau,
                      width2_interval=np.percentile(boot_plateau, pct, axis=0).T, time=when,
                      alpha=float(slope(plateau) / 2),
                      alpha_interval=tuple(float(v) for v in np.percentile(alphas, pct)),
                      z=float(slope(when)),
                      z_interval=tuple(float(v) for v in np.percentile(zs, pct)),
                      confidence=confidence,
                      method=f"plateau from t = {t_sat:g}; saturation time at {fraction:g} of "
                             "it; bootstrap over realisations within each size",
                      stats={"n_boot": n_boot, "fraction": fraction})


@dataclass(frozen=True, eq=False)
class Fluctuations(Result):
    r"""Skewness and excess kurtosis of the height fluctuations :math:`\theta_j - \bar\theta`
    at one time, pooled over sites and realisations.

    Attributes
    ----------
    time : float
        The recording time.
    skewness, kurtosis : float
        Pooled skewness and excess kurtosis.
    skewness_interval, kurtosis_interval : (float, float)
        Percentile bootstrap intervals over realisations.
    confidence : float
        Their level.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> rings = simulate_ring(64, K=0.0, D=0.5, t_end=4.0, replicas=32, seed=1)
    >>> m = fluctuation_moments(rings)                     # random deposition: Gaussian
    >>> bool(abs(m.skewness) < 0.1 and abs(m.kurtosis) < 0.2)
    True
    """

    time: float
    skewness: float
    kurtosis: float
    skewness_interval: tuple[float, float]
    kurtosis_interval: tuple[float, float]
    confidence: float


def _moments(s2, s3, s4):
    """Skewness and excess kurtosis from power sums over the same samples."""
    return s3 / s2**1.5, s4 / s2**2 - 3.0


def fluctuation_moments(rings: Rings, index: int = -1, *, n_boot: int = 1000,
                        confidence: float = 0.95, seed=None) -> Fluctuations:
    """Skewness and excess kurtosis of the fluctuations about each ring's mean phase, to
    compare with :data:`TRACY_WIDOM` (module docstring).

    Parameters
    ----------
    rings : Rings
        Realisations (the more, the narrower the intervals: the sites of one ring are
        correlated over its correlation length).
    index : int
        Which recording time (default the last).
    n_boot : int
        Bootstrap resamples, at least 10.
    confidence : float
        Interval level, in (0, 1).
    seed : int, SeedSequence, Generator or None
        Randomness of the bootstrap.

    Returns
    -------
    Fluctuations

    Raises
    ------
    InputError
        For fewer than 2 realisations, an index out of range, flat profiles, or bad
        arguments.

    Examples
    --------
    >>> from coursekit.sync import simulate_ring
    >>> rings = simulate_ring(256, K=1.0, D=0.02, b=6.0, t_end=100.0, replicas=16, seed=4)
    >>> fluctuation_moments(rings).skewness > 0              # KPZ with lambda = 2Kb > 0
    True
    """
    rings = _rings(rings)
    n_times, n_rep, _ = rings.x.shape
    index = V.integer("index", index, minimum=-n_times, maximum=n_times - 1)
    n_boot = V.integer("n_boot", n_boot, minimum=10)
    confidence = V.number("confidence", confidence, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    if n_rep < 2:
        raise InputError("an interval over realisations needs replicas >= 2")
    h = rings.x[index]
    dh = h - h.mean(axis=1, keepdims=True)
    if not np.all(dh.std(axis=1) > 0):
        raise InputError(f"a profile is flat at t = {rings.t[index]:g}: no fluctuations to "
                         "measure")
    sums = [(dh**p).sum(axis=1) for p in (2, 3, 4)]               # per realisation
    skew, kurt = _moments(*(s.sum() / dh.size for s in sums))
    rng = _random.as_generator(seed)
    pick = rng.integers(0, n_rep, size=(n_boot, n_rep))
    s_b, k_b = _moments(*(s[pick].sum(axis=1) / dh.size for s in sums))
    tail = 50 * (1 - confidence)
    pct = [tail, 100 - tail]
    s_lo, s_hi = np.percentile(s_b, pct)
    k_lo, k_hi = np.percentile(k_b, pct)
    return Fluctuations(time=float(rings.t[index]), skewness=float(skew), kurtosis=float(kurt),
                        skewness_interval=(float(s_lo), float(s_hi)),
                        kurtosis_interval=(float(k_lo), float(k_hi)), confidence=confidence,
                        method="pooled moments about each ring's mean; bootstrap over "
                               "realisations",
                        stats={"n_boot": n_boot, "replicas": n_rep})

r"""Are several groups of samples different? Rank tests, on independent replicas or on
decorrelated samples of long stationary series.

The honest input is **independent replicas**: one number per independent run (a time
average, say), several runs per group; pass them with ``thin=False``. Samples taken along one
trajectory are correlated instead, and a test that counts every sample as independent
overstates its confidence (its p-value is far too small). With ``thin=True`` (the default),
:func:`compare_groups` therefore first thins each series to every :math:`\lceil 2\tau\rceil`-th
sample, with :math:`\tau` its **integrated autocorrelation time** (:func:`autocorrelation_time`),

.. math::

    \tau = 1 + 2 \sum_{k=1}^{M} \rho(k),

:math:`\rho` the sample autocorrelation and :math:`M` the smallest lag with
:math:`M \ge 5\tau(M)` (Sokal's automatic window: long enough to include the correlations,
short enough to keep the noise of :math:`\hat\rho` at large lags out). This :math:`\tau` is
twice Sokal's :math:`\tau_{\rm int} = \tfrac12 + \sum\rho`, and the window is the
:math:`c = 5` variant of Goodman and Weare's ensemble sampler (emcee). For an exponential
decay :math:`\rho(k) = e^{-k/T}` with :math:`T \gg 1`, :math:`\tau \approx 2T`, so samples
:math:`2\tau` apart are correlated by about :math:`e^{-4} \approx 0.02` (at a stride of
:math:`\tau`, by :math:`e^{-2} \approx 0.14`, enough to push a 5 % test's false alarms to
about 9 %). For an AR(1) series :math:`x_{n+1} = a x_n + \xi_n` the exact value is
:math:`\tau = (1 + a)/(1 - a)`, which the tests use.

Thinning is trustworthy only for a *stationary, random* series many autocorrelation times
long: :math:`\hat\tau` is biased low on short series (the sample autocorrelation of a series
with its mean removed sums to zero over all lags), so :func:`compare_groups` refuses a series
shorter than 50 :math:`\hat\tau`, and a constant one. It cannot make a deterministic
signal random: a periodic series has a small :math:`\hat\tau` (its correlations cancel over a
period) yet its thinned samples are not independent draws of anything.

Then the **Kruskal–Wallis** test over all groups and, for each pair, the two-sided
**Mann–Whitney U** test with **Holm's** step-down correction for the multiple comparisons. Both
are rank tests, without an assumption of normality; they detect a *shift* between groups
(one tends to take larger values than another, :math:`P(X > Y) \ne \tfrac12`), not every
difference of distributions (two laws with the same median and different spreads can pass).

References: Kruskal and Wallis (1952); Mann and Whitney (1947); Holm (1979); Sokal (1997),
*Monte Carlo methods in statistical mechanics*, for the windowed autocorrelation time;
Goodman and Weare (2010) and emcee for the window constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from coursekit import _validate as V
from coursekit._results import Result

__all__ = ["GroupComparison", "autocorrelation_time", "compare_groups"]


def autocorrelation_time(series, window: float = 5.0) -> float:
    """Integrated autocorrelation time of a series, with Sokal's automatic window.

    Parameters
    ----------
    series : array_like, shape (n,)
        At least four finite values.
    window : float
        The window factor ``c`` (the sum stops at the first lag ``M >= c tau(M)``).

    Returns
    -------
    float
        ``tau >= 1`` in samples (1 for a series constant to rounding, its spread below
        :math:`10^{-12}` of its size, or one whose correlations sum to less than nothing,
        such as a fast oscillation). Biased low unless the series is many ``tau`` long (see
        the module docstring).

    Raises
    ------
    InputError
        For NaN, fewer than four values, or a non-positive window.

    Examples
    --------
    >>> autocorrelation_time(np.random.default_rng(0).normal(size=10_000)) < 1.1
    True
    """
    x = V.array("series", series, ndim=1, min_size=4)
    window = V.positive("window", window)
    if np.ptp(x) <= 1e-12 * max(float(np.max(np.abs(x))), 1e-300):
        return 1.0                             # constant to rounding: nothing to correlate
    x = x - x.mean()
    var = float(np.dot(x, x))
    n = x.size
    f = np.fft.rfft(x, 2 * n)
    rho = np.fft.irfft(f * np.conj(f))[:n] / var
    tau = 2.0 * np.cumsum(rho) - 1.0                       # tau(M) = 1 + 2 sum_{k=1}^{M} rho(k)
    lags = np.arange(n)
    ok = np.flatnonzero(lags >= window * tau)
    m = int(ok[0]) if ok.size else n - 1
    return float(max(tau[m], 1.0))


@dataclass(frozen=True, eq=False)
class GroupComparison(Result):
    """The result of :func:`compare_groups`.

    Attributes
    ----------
    statistic : float
        The Kruskal–Wallis statistic ``H``.
    p_value : float
        Its p-value: the probability of an ``H`` this large if all groups came from one
        distribution.
    pairwise : mapping
        ``(name_a, name_b) -> p`` of the two-sided Mann–Whitney U test, Holm-adjusted, for
        each pair in the order the groups were given (:meth:`GroupComparison.pair` looks up either
        order).
    n : mapping
        ``name -> number of samples`` used (after thinning).
    stride : mapping
        ``name -> the thinning stride`` (``ceil(2 tau)``, 1 without thinning).

    Examples
    --------
    >>> r = compare_groups({"a": [1.0, 2.0, 3.0, 4.0], "b": [5.0, 6.0, 7.0, 8.0]}, thin=False)
    >>> dict(r.n), r.p_value < 0.05, r.pair("b", "a") == r.pairwise[("a", "b")]
    ({'a': 4, 'b': 4}, True, True)
    """

    statistic: float
    p_value: float
    pairwise: dict
    n: dict
    stride: dict

    def pair(self, a: str, b: str) -> float:
        """The Holm-adjusted p-value of groups ``a`` and ``b``, in either order.

        Parameters
        ----------
        a, b : str
            Two group names.

        Returns
        -------
        float

        Raises
        ------
        InputError
            If either is not a group.

        Examples
        --------
        >>> r = compare_groups({"x": [1.0, 2, 3, 4], "y": [5.0, 6, 7, 8]}, thin=False)
        >>> r.pair("y", "x") == r.pair("x", "y")
        True
        """
        for key in ((a, b), (b, a)):
            if key in self.pairwise:
                return self.pairwise[key]
        raise V.fail("a, b", f"two of the groups {list(self.n)}", (a, b))


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values (monotone, capped at 1)."""
    order = np.argsort(p)
    m = p.size
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (m - rank) * p[i])
        adjusted[i] = min(running, 1.0)
    return adjusted


def compare_groups(groups: Mapping, *, thin: bool = True) -> GroupComparison:
    """Test whether groups of samples are shifted against each other (rank tests).

    See the module docstring: with ``thin=False`` the values are taken as independent
    (replicas); with ``thin=True`` each group is a stationary time series, thinned to one
    sample every twice its autocorrelation time. Then Kruskal–Wallis over all groups and
    Holm-corrected pairwise Mann–Whitney U tests.

    Parameters
    ----------
    groups : mapping of str to array_like
        At least two groups, each a 1-D array of at least four finite values.
    thin : bool
        Treat each group as a time series and thin it (default True); False for independent
        replicas.

    Returns
    -------
    GroupComparison

    Raises
    ------
    InputError
        For fewer than two groups, a group that is not a finite 1-D array of at least four
        values, groups whose values are all equal (ranks cannot tell them apart), and with
        ``thin=True`` a constant series (one value, not a sample) or one shorter than 50
        autocorrelation times (too short to estimate its correlations).

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> r = compare_groups({"x": rng.normal(size=200), "y": rng.normal(1.0, size=200)})
    >>> bool(r.pair("x", "y") < 1e-6)
    True
    """
    V.instance("groups", groups, Mapping, "a mapping of names to series")
    if len(groups) < 2:
        raise V.fail("groups", "at least two groups", list(groups))
    from scipy import stats  # here: scipy.stats takes ~0.25 s to import

    samples, stride = {}, {}
    for name, series in groups.items():
        label = f"groups[{name!r}]"
        x = V.array(label, series, ndim=1, min_size=4)
        stride[name] = 1
        if thin:
            if np.ptp(x) <= 1e-12 * max(float(np.max(np.abs(x))), 1e-300):
                raise V.fail(label, "a series that varies (a constant series is one value, "
                                    "not a sample; compare independent replicas with "
                                    "thin=False)", f"{x.size} copies of {x[0]:.6g}")
            tau = autocorrelation_time(x)
            if x.size < 50 * tau:
                raise V.fail(label, f"at least 50 autocorrelation times long (tau = {tau:.3g} "
                                    f"samples, so {int(np.ceil(50 * tau))} values) to thin it "
                                    "reliably; or compare independent replicas with "
                                    "thin=False", f"{x.size} values")
            stride[name] = int(np.ceil(2.0 * tau))
        samples[name] = x[::stride[name]]
    values = np.concatenate(list(samples.values()))
    if np.ptp(values) == 0:
        raise V.fail("groups", "not all values equal", values[0])
    statistic, p_value = stats.kruskal(*samples.values())
    pairs = list(combinations(samples, 2))
    raw = np.array([stats.mannwhitneyu(samples[a], samples[b], alternative="two-sided").pvalue
                    for a, b in pairs])
    adjusted = _holm(raw)
    return GroupComparison(
        float(statistic), float(p_value),
        {pair: float(p) for pair, p in zip(pairs, adjusted, strict=True)},
        {name: int(s.size) for name, s in samples.items()}, stride,
        method="Kruskal-Wallis; pairwise two-sided Mann-Whitney U, Holm-adjusted"
               + ("; series thinned to one sample per 2 tau" if thin else ""))

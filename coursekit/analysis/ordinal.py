r"""Ordinal patterns: permutation entropy, statistical complexity, the complexity–entropy plane.

A series is cut into windows :math:`(x_i, x_{i+\tau}, \dots, x_{i+(d-1)\tau})` of *order* ``d``
and *delay* ``tau``; each window is replaced by its ordinal pattern (the ranks of its values),
one of :math:`N = d!` patterns (Bandt and Pompe 2002). With :math:`p` the distribution of patterns,

.. math::

    H[p] = -\frac{1}{\ln N}\sum_i p_i \ln p_i, \qquad
    C[p] = \frac{D_{JS}(p, u)}{D_{JS}^{\max}}\, H[p],

where :math:`u` is the uniform distribution, :math:`D_{JS}` the Jensen–Shannon divergence and
:math:`D_{JS}^{\max}` its largest value, reached for a delta distribution
(Rosso et al. 2007). White noise sits at ``(H, C) = (1, 0)``, a monotone series at ``(0, 0)``,
chaos at intermediate ``H`` with high ``C``.

**Ties** (equal values in a window) are ranked by position: the earlier value counts as the
smaller one (this is ``numpy.argsort(kind="stable")``, as in ``ordpy``). For data with many ties,
add tiny noise or coarsen deliberately; above half of the windows tied (:data:`TIED`) a
``UserWarning`` says so (Zunino et al. 2017). **Short series**: a series must hold at least one window,
``len(x) >= (d - 1) tau + 1``, otherwise ``ValueError``; with fewer windows than ``d!`` the
estimate is biased towards low entropy, and a ``UserWarning`` says so.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from coursekit import _validate as V
from coursekit._results import Result
from coursekit.analysis import _kernels

__all__ = ["ComplexityEntropy", "SamplingScan", "complexity_entropy", "complexity_entropy_curves",
           "natural_timescale", "ordinal_distribution", "pattern_timescale",
           "permutation_entropy", "sampling_scan"]


#: Above this fraction of tied windows the ordinal functions warn (see the module docstring).
TIED = 0.5


def _series(x, order, delay) -> tuple[np.ndarray, int, int]:
    order = V.integer("order", order, minimum=2, maximum=10)
    delay = V.integer("delay", delay, minimum=1)
    x = V.array("x", x, ndim=1)
    n_windows = x.size - (order - 1) * delay
    if n_windows < 1:
        raise V.fail("x", f"at least one window long: (order - 1) * delay + 1 = "
                          f"{(order - 1) * delay + 1} values (fewer than one window)",
                     f"{x.size} values")
    if n_windows < math.factorial(order):
        warnings.warn(f"only {n_windows} windows for {math.factorial(order)} patterns: the "
                      "entropy is biased low; use a longer series or a smaller order",
                      UserWarning, stacklevel=3)
    return x, order, delay


def _tied_share(x: np.ndarray, order: int, delay: int, n_windows: int) -> float:
    """The share of windows holding equal values, from at most 2,000 windows picked at random
    (a fixed pick: the same series gives the same share); enough for the warning's threshold,
    at a cost independent of the length of the series."""
    starts = np.random.default_rng(0).integers(0, n_windows, size=min(n_windows, 2_000))
    windows = np.sort(x[starts[:, None] + delay * np.arange(order)], axis=1)
    return float(np.mean(np.any(np.diff(windows, axis=1) == 0, axis=1)))


def ordinal_distribution(x, order: int = 3, delay: int = 1) -> np.ndarray:
    """Probabilities of all ``order!`` ordinal patterns (Lehmer-code order), zeros included.

    Parameters
    ----------
    x : array_like, shape (n,)
        A finite series.
    order : int
        Pattern length ``d``, from 2 to 10.
    delay : int
        Delay ``tau`` between the values of a pattern, ``>= 1``.

    Returns
    -------
    ndarray, shape (order!,)

    Raises
    ------
    InputError
        For NaN, a series shorter than one window, or a bad order or delay.

    Warns
    -----
    UserWarning
        When there are fewer windows than patterns, or more than half of the windows hold
        ties (the estimate is biased).

    Examples
    --------
    >>> ordinal_distribution(np.arange(10.0), order=3)
    array([1., 0., 0., 0., 0., 0.])
    """
    x, order, delay = _series(x, order, delay)
    counts = _kernels.ordinal_counts(x, order, delay)
    share = _tied_share(x, order, delay, int(counts.sum()))
    if share > TIED:
        warnings.warn(f"{share:.0%} of the windows contain ties (equal values): they are "
                      "ranked by position (the convention of Bandt and Pompe 2002), which "
                      "biases the entropy low (Zunino et al. 2017; a constant series gives 0); "
                      "add tiny noise or coarsen the data deliberately", UserWarning,
                      stacklevel=3)
    return counts / counts.sum()


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-np.sum(p * np.log(p))) + 0.0      # + 0.0: no -0.0 for a certain outcome


def permutation_entropy(x, order: int = 3, delay: int = 1, normalized: bool = True) -> float:
    """Permutation entropy (natural log) of a series (Bandt and Pompe 2002).

    Parameters
    ----------
    x : array_like, shape (n,)
    order : int
        Pattern length, from 2 to 10.
    delay : int
        Delay, ``>= 1``.
    normalized : bool
        Divide by ``ln(order!)`` (so that white noise gives 1).

    Returns
    -------
    float

    Raises
    ------
    InputError
        For bad input (see :func:`ordinal_distribution`).

    Examples
    --------
    >>> permutation_entropy(np.arange(100.0), order=4)
    0.0
    """
    h = _entropy(ordinal_distribution(x, order, delay))
    return h / math.log(math.factorial(int(order))) if normalized else h


def _complexity(p: np.ndarray) -> tuple[float, float]:
    N = p.size
    h = _entropy(p) / math.log(N)
    m = 0.5 * (p + 1.0 / N)
    js = _entropy(m) - 0.5 * _entropy(p) - 0.5 * math.log(N)
    js_max = -0.5 * ((N + 1) / N * math.log(N + 1) + math.log(N) - 2 * math.log(2 * N))
    return h, h * js / js_max


class ComplexityEntropy(NamedTuple):
    """A point of the complexity–entropy plane.

    Attributes
    ----------
    H : float
        Normalised permutation entropy.
    C : float
        Statistical complexity.

    Examples
    --------
    >>> complexity_entropy(np.arange(50.0)).H
    0.0
    """

    H: float
    C: float


def complexity_entropy(x, order: int = 3, delay: int = 1) -> ComplexityEntropy:
    """The point ``(H, C)`` of a series in the complexity–entropy plane (Rosso et al. 2007).

    Parameters
    ----------
    x : array_like, shape (n,)
    order : int
        Pattern length, from 2 to 10.
    delay : int
        Delay, ``>= 1``.

    Returns
    -------
    ComplexityEntropy
        ``(H, C)``; unpacks like a tuple.

    Raises
    ------
    InputError
        For bad input (see :func:`ordinal_distribution`).

    Examples
    --------
    >>> h, c = complexity_entropy(np.random.default_rng(0).normal(size=100_000), order=4)
    >>> round(h, 2), round(c, 2)
    (1.0, 0.0)
    """
    return ComplexityEntropy(*_complexity(ordinal_distribution(x, order, delay)))


class Curves(NamedTuple):
    """The lower and upper complexity–entropy curves.

    Attributes
    ----------
    lower, upper : ndarray, shape (m, 2)
        Columns ``(H, C)``.

    Examples
    --------
    >>> complexity_entropy_curves(3).upper.shape[1]
    2
    """

    lower: np.ndarray
    upper: np.ndarray


def complexity_entropy_curves(order: int, n: int = 200) -> Curves:
    """The minimum and maximum statistical complexity at each entropy, for ``N = order!``.

    Both curves are swept by one-parameter families of distributions (Martin, Plastino and
    Rosso 2006): the minimum by ``p = (q, (1 - q)/(N - 1), ...)``, ``q`` from ``1/N`` to 1;
    the maximum by ``p = (q, (1 - q)/(N - k - 1), ..., 0, ..., 0)`` with ``k`` zeros,
    ``q`` from 0 to ``1/(N - k)``, for ``k = 0 .. N - 2``.

    Parameters
    ----------
    order : int
        Pattern length, from 2 to 6.
    n : int
        Points of the lower curve (the upper has about as many), ``>= 2``.

    Returns
    -------
    Curves
        ``(lower, upper)``, arrays of shape ``(m, 2)`` with columns ``(H, C)``, sorted by ``H``;
        both run from ``(0, 0)`` to ``(1, 0)``.

    Raises
    ------
    InputError
        For an order outside 2..6 or ``n < 2``.

    Examples
    --------
    >>> lower, upper = complexity_entropy_curves(3)
    >>> lower[0].tolist(), lower[-1].round(12).tolist()
    ([0.0, 0.0], [1.0, 0.0])
    """
    order = V.integer("order", order, minimum=2, maximum=6)
    n = V.integer("n", n, minimum=2)
    N = math.factorial(order)
    lower = []
    for q in np.linspace(1.0 / N, 1.0, n):
        p = np.full(N, (1 - q) / (N - 1))
        p[0] = q
        lower.append(_complexity(p))
    upper = []
    for k in range(N - 1):
        for q in np.linspace(0.0, 1.0 / (N - k), max(2, n // (N - 1) + 2)):
            p = np.zeros(N)
            p[0] = q
            p[1:N - k] = (1 - q) / (N - k - 1)
            upper.append(_complexity(p))
    lower, upper = np.array(lower), np.array(upper)
    return Curves(lower[np.argsort(lower[:, 0])], upper[np.argsort(upper[:, 0], kind="stable")])


# --- sampling guidance (PECCARY) ---------------------------------------------------------------

def pattern_timescale(delay: int, dt: float, order: int = 5) -> float:
    """Time spanned by one pattern, ``t_pat = (order - 1) * delay * dt`` (PECCARY's t_pat).

    Parameters
    ----------
    delay : int
        Delay in samples, ``>= 1``.
    dt : float
        Sampling interval, ``> 0``.
    order : int
        Pattern length, ``>= 2``.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For bad arguments.

    Examples
    --------
    >>> pattern_timescale(delay=5, dt=0.01, order=5)
    0.2
    """
    delay = V.integer("delay", delay, minimum=1)
    order = V.integer("order", order, minimum=2)
    return (order - 1) * delay * V.positive("dt", dt)


def natural_timescale(t, x) -> float:
    """A series' natural timescale from its crossings of the mean: duration / (crossings / 2).

    Parameters
    ----------
    t : array_like, shape (n,)
        Times.
    x : array_like, shape (n,)
        The series.

    Returns
    -------
    float
        For a sine of period ``T``, ``T``.

    Raises
    ------
    InputError
        For mismatched or non-finite input, or a series that crosses its mean fewer than twice.

    Examples
    --------
    >>> t = np.linspace(0, 100, 10_001)
    >>> round(natural_timescale(t, np.sin(2 * np.pi * t / 10.0)), 1)
    10.0
    """
    t = V.array("t", t, ndim=1, min_size=2)
    x = V.array("x", x, shape=(t.size,))
    s = np.sign(x - x.mean())
    crossings = np.count_nonzero(s[1:] != s[:-1])
    if crossings < 2:
        raise V.fail("x", "a series that crosses its mean at least twice", f"{crossings} crossings")
    return float((t[-1] - t[0]) / (crossings / 2))


@dataclass(frozen=True, eq=False)
class SamplingScan(Result):
    """``H`` and ``C`` of a series over a range of delays, with the pattern timescales.

    Attributes
    ----------
    delays : ndarray of int
        The delays scanned.
    t_pat : ndarray
        Their pattern timescales.
    H, C : ndarray
        Entropy and complexity at each delay.
    t_nat : float
        The series' natural timescale.

    Examples
    --------
    >>> t = np.linspace(0, 100, 10_001)
    >>> scan = sampling_scan(t, np.sin(2 * np.pi * t / 10.0), delays=[1, 10, 100])
    >>> scan.H.shape
    (3,)
    """

    delays: np.ndarray
    t_pat: np.ndarray
    H: np.ndarray
    C: np.ndarray
    t_nat: float

    @property
    def suggested_delay(self) -> int:
        """The delay whose pattern timescale is closest to half the natural timescale."""
        return int(self.delays[np.argmin(np.abs(self.t_pat - 0.5 * self.t_nat))])


def sampling_scan(t, x, order: int = 5, delays=None) -> SamplingScan:
    """Scan the delay (PECCARY's sampling interval) and record ``(H, C)`` for each.

    The outcome of an ordinal analysis depends on the timescale it looks at. PECCARY therefore
    reads ``H`` and ``C`` as functions of the pattern timescale ``t_pat`` and relates them to the
    series' natural timescale ``t_nat``: regular signals move from the low-``H`` corner towards
    high ``C`` as ``t_pat`` approaches ``t_nat``, noise stays near ``(1, 0)`` at every ``t_pat``.
    The suggested delay, ``t_pat`` closest to ``t_nat / 2``, is this course's default rule for a
    single point; look at the whole scan before trusting it.

    Parameters
    ----------
    t : array_like, shape (n,)
        Equispaced times.
    x : array_like, shape (n,)
        The series.
    order : int
        Pattern length.
    delays : array_like of int, optional
        Delays to scan (default: 30 geometric steps up to ``2 t_nat``).

    Returns
    -------
    SamplingScan

    Raises
    ------
    InputError
        For bad input.

    Examples
    --------
    >>> t = np.linspace(0, 100, 10_001)
    >>> scan = sampling_scan(t, np.sin(2 * np.pi * t / 10.0))
    >>> scan.suggested_delay, round(float(scan.t_pat[scan.delays == 138][0]), 2)   # ~ t_nat / 2
    (138, 5.52)
    """
    t = V.array("t", t, ndim=1, min_size=2)
    x = V.array("x", x, shape=(t.size,))
    order = V.integer("order", order, minimum=2, maximum=10)
    dt = float(np.mean(np.diff(t)))
    t_nat = natural_timescale(t, x)
    if delays is None:
        top = max(1, int(round(2 * t_nat / ((order - 1) * dt))))
        delays = np.unique(np.geomspace(1, top, 30).astype(int))
    delays = V.array("delays", delays, ndim=1, dtype=int, min_size=1)
    if np.any(delays < 1):
        raise V.fail("delays", "positive integers", delays.tolist())
    hc = np.array([complexity_entropy(x, order, int(d)) for d in delays])
    return SamplingScan(delays, (order - 1) * delays * dt, hc[:, 0], hc[:, 1], t_nat,
                        method=f"ordinal patterns, order {order}")

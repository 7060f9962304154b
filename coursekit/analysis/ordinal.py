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
add tiny noise or coarsen deliberately. **Short series**: a series must hold at least one window,
``len(x) >= (d - 1) tau + 1``, otherwise ``ValueError``; with fewer windows than ``d!`` the
estimate is biased towards low entropy, and a ``UserWarning`` says so.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from coursekit.analysis import _kernels


def _validate(x, order, delay) -> np.ndarray:
    if int(order) != order or order < 2:
        raise ValueError(f"order must be an integer >= 2; got {order!r}")
    if order > 10:
        raise ValueError(f"order {order} has {math.factorial(int(order))} patterns; use order <= 10")
    if int(delay) != delay or delay < 1:
        raise ValueError(f"delay must be a positive integer; got {delay!r}")
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"expected a 1-D series; got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("the series contains NaN or infinity; remove or interpolate those values")
    n_windows = x.size - (order - 1) * delay
    if n_windows < 1:
        raise ValueError(f"the series has {x.size} values, fewer than one window of order {order} "
                         f"and delay {delay} needs ({(order - 1) * delay + 1})")
    if n_windows < math.factorial(order):
        warnings.warn(f"only {n_windows} windows for {math.factorial(order)} patterns: the "
                      "entropy is biased low; use a longer series or a smaller order",
                      UserWarning, stacklevel=3)
    return x


def ordinal_distribution(x, order: int = 3, delay: int = 1) -> np.ndarray:
    """Probabilities of all ``order!`` ordinal patterns (Lehmer-code order), zeros included.

    Examples
    --------
    >>> ordinal_distribution(np.arange(10.0), order=3)
    array([1., 0., 0., 0., 0., 0.])
    """
    x = _validate(x, order, delay)
    counts = _kernels.ordinal_counts(x, int(order), int(delay))
    return counts / counts.sum()


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def permutation_entropy(x, order: int = 3, delay: int = 1, normalized: bool = True) -> float:
    """Permutation entropy (natural log); normalised by ``ln(order!)`` unless told otherwise.

    Examples
    --------
    >>> permutation_entropy(np.arange(100.0), order=4)
    0.0
    """
    h = _entropy(ordinal_distribution(x, order, delay))
    return h / math.log(math.factorial(order)) if normalized else h


def _complexity(p: np.ndarray) -> tuple[float, float]:
    N = p.size
    h = _entropy(p) / math.log(N)
    m = 0.5 * (p + 1.0 / N)
    js = _entropy(m) - 0.5 * _entropy(p) - 0.5 * math.log(N)
    js_max = -0.5 * ((N + 1) / N * math.log(N + 1) + math.log(N) - 2 * math.log(2 * N))
    return h, h * js / js_max


def complexity_entropy(x, order: int = 3, delay: int = 1) -> tuple[float, float]:
    """The point ``(H, C)`` of a series in the complexity–entropy plane.

    Examples
    --------
    >>> h, c = complexity_entropy(np.random.default_rng(0).normal(size=100_000), order=4)
    >>> round(h, 2), round(c, 2)
    (1.0, 0.0)
    """
    return _complexity(ordinal_distribution(x, order, delay))


def complexity_entropy_curves(order: int, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """The minimum and maximum statistical complexity at each entropy, for ``N = order!``.

    Both curves are swept by one-parameter families of distributions (Martin, Plastino and
    Rosso 2006): the minimum by ``p = (q, (1 - q)/(N - 1), ...)``, ``q`` from ``1/N`` to 1;
    the maximum by ``p = (q, (1 - q)/(N - k - 1), ..., 0, ..., 0)`` with ``k`` zeros,
    ``q`` from 0 to ``1/(N - k)``, for ``k = 0 .. N - 2``. Returns two arrays of shape
    ``(m, 2)`` with columns ``(H, C)``, sorted by ``H``; both run from ``(0, 0)`` to ``(1, 0)``.
    """
    if int(order) != order or not 2 <= order <= 6:
        raise ValueError(f"order must be an integer from 2 to 6; got {order!r}")
    N = math.factorial(int(order))
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
    return lower[np.argsort(lower[:, 0])], upper[np.argsort(upper[:, 0], kind="stable")]


# --- sampling guidance (PECCARY) ---------------------------------------------------------------

def pattern_timescale(delay: int, dt: float, order: int = 5) -> float:
    """Time spanned by one pattern, ``t_pat = (order - 1) * delay * dt`` (PECCARY's t_pat)."""
    return (order - 1) * delay * dt


def natural_timescale(t, x) -> float:
    """A series' natural timescale from its crossings of the mean: duration / (crossings / 2).

    For a sine of period ``T`` this returns ``T``.
    """
    t, x = np.asarray(t, dtype=float), np.asarray(x, dtype=float)
    s = np.sign(x - x.mean())
    crossings = np.count_nonzero(s[1:] != s[:-1])
    if crossings < 2:
        raise ValueError("the series crosses its mean fewer than twice: no natural timescale")
    return float((t[-1] - t[0]) / (crossings / 2))


@dataclass(frozen=True)
class SamplingScan:
    """``H`` and ``C`` of a series over a range of delays, with the pattern timescales."""

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
    """
    t = np.asarray(t, dtype=float)
    dt = float(np.mean(np.diff(t)))
    t_nat = natural_timescale(t, x)
    if delays is None:
        top = max(1, int(round(2 * t_nat / ((order - 1) * dt))))
        delays = np.unique(np.geomspace(1, top, 30).astype(int))
    delays = np.asarray(delays, dtype=int)
    hc = np.array([complexity_entropy(x, order, int(d)) for d in delays])
    return SamplingScan(delays, (order - 1) * delays * dt, hc[:, 0], hc[:, 1], t_nat)

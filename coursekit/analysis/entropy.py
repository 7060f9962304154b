r"""Entropies of samples: Shannon, Rényi and Tsallis, from histograms or kernel density estimates.

For a density :math:`p` on the real line (differential entropies, natural log):

.. math::

    S = -\int p \ln p \,dx, \qquad
    S_q^{R} = \frac{1}{1 - q}\ln \int p^q\,dx, \qquad
    S_q^{T} = \frac{1 - \int p^q\,dx}{q - 1},

both generalisations tending to Shannon's as :math:`q \to 1`. Two estimators of :math:`p`:

* ``method="histogram"``: bin probabilities :math:`P_i` over widths :math:`\Delta_i`, so
  :math:`\int p^q \approx \sum_i P_i^q \Delta_i^{1-q}`; bins by NumPy's rule (default ``"fd"``,
  Freedman–Diaconis: width :math:`2\,\mathrm{IQR}\,n^{-1/3}`);
* ``method="kde"``: a Gaussian kernel density estimate with Scott's bandwidth
  :math:`h = \hat\sigma\, n^{-1/5}` (or Silverman's
  :math:`h = (4/3)^{1/5}\hat\sigma\, n^{-1/5}`, or a number), integrated on a grid of 4096
  points spanning the data plus four bandwidths each side.

For a Gaussian of standard deviation :math:`\sigma` the exact values are
:math:`S = \tfrac12\ln(2\pi e\sigma^2)`, :math:`S^R_q = \ln(\sqrt{2\pi}\sigma) + \frac{\ln q}{2(q-1)}`
and :math:`S^T_q = \big(1 - (2\pi\sigma^2)^{(1-q)/2} q^{-1/2}\big)/(q-1)`
(:func:`gaussian_entropy`), which the tests use.
"""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V

__all__ = ["KINDS", "entropy", "gaussian_entropy"]

KINDS = ("shannon", "renyi", "tsallis")


def _from_integral(kind, q, integral_pq=None, shannon=None):
    if kind == "shannon":
        return shannon
    if kind == "renyi":
        return float(np.log(integral_pq) / (1 - q))
    return float((1 - integral_pq) / (q - 1))


def _kind_q(kind, q):
    kind = V.choice("kind", kind, KINDS)
    if kind != "shannon":
        q = V.positive("q", q)
        if q == 1:
            raise V.fail("q", f"positive and not 1 for {kind} (q -> 1 is Shannon)", q)
    return kind, q


def entropy(samples, kind: str = "shannon", q: float = 2.0, method: str = "histogram",
            bins="fd", bandwidth="scott") -> float:
    """Differential entropy of 1-D ``samples`` (see the module docstring for the estimators).

    Parameters
    ----------
    samples : array_like, shape (n,)
        At least two finite values.
    kind : {"shannon", "renyi", "tsallis"}
    q : float
        Order of the Rényi or Tsallis entropy (``> 0``, not 1).
    method : {"histogram", "kde"}
    bins : int or str
        Histogram bins (any NumPy rule; default Freedman–Diaconis).
    bandwidth : {"scott", "silverman"} or float
        Kernel bandwidth rule or factor for ``method="kde"``.

    Returns
    -------
    float
        The entropy in nats.

    Raises
    ------
    InputError
        For NaN, fewer than two samples, an unknown kind or method, a bad ``q``, a
        Freedman–Diaconis (or ``"auto"``) histogram that would need more than a million bins,
        or (with ``"kde"``) all samples equal.

    Examples
    --------
    >>> x = np.random.default_rng(1).normal(0, 2.0, 200_000)
    >>> bool(abs(entropy(x) - gaussian_entropy(2.0)) < 0.01)
    True
    """
    x = V.array("samples", samples, ndim=1, min_size=2)
    kind, q = _kind_q(kind, q)
    method = V.choice("method", method, ("histogram", "kde"))
    if method == "histogram":
        if isinstance(bins, str) and bins in ("fd", "auto") and np.ptp(x) > 0:
            # NumPy's "auto" takes the narrower of the Freedman-Diaconis and Sturges widths
            iqr = float(np.subtract(*np.percentile(x, [75, 25])))
            wanted = np.ptp(x) / (2.0 * iqr * x.size ** (-1 / 3)) if iqr > 0 else 1.0
            if wanted > 1e6:
                raise V.fail("bins", "a number of bins, or method='kde' (the Freedman-Diaconis "
                                     f"rule asks for {wanted:.2g} bins: most samples sit in a "
                                     "narrow peak far inside their range)", bins)
        counts, edges = np.histogram(x, bins=bins)
        width = np.diff(edges)
        P = counts / counts.sum()
        nz = P > 0
        shannon = float(-np.sum(P[nz] * np.log(P[nz] / width[nz])))
        ipq = float(np.sum(P[nz] ** q * width[nz] ** (1 - q))) if kind != "shannon" else None
        return _from_integral(kind, q, ipq, shannon)
    if np.ptp(x) == 0:
        raise V.fail("samples", "not all equal for a kernel estimate (the density would be a "
                                "delta, its entropy -inf)", f"{x.size} copies of {x[0]}")
    if not isinstance(bandwidth, str):
        bandwidth = V.positive("bandwidth", bandwidth)
    else:
        bandwidth = V.choice("bandwidth", bandwidth, ("scott", "silverman"))
    from scipy.stats import gaussian_kde  # here: scipy.stats takes ~0.25 s to import

    kde = gaussian_kde(x, bw_method=bandwidth)
    h = float(np.sqrt(kde.covariance[0, 0]))
    grid = np.linspace(x.min() - 4 * h, x.max() + 4 * h, 4096)
    p = kde(grid)
    if kind == "shannon":
        pos = p > 0
        return float(-np.trapezoid(np.where(pos, p * np.log(np.where(pos, p, 1.0)), 0.0), grid))
    return _from_integral(kind, q, float(np.trapezoid(p**q, grid)))


def gaussian_entropy(sigma: float, kind: str = "shannon", q: float = 2.0) -> float:
    """Exact differential entropy of a normal distribution with standard deviation ``sigma``.

    Parameters
    ----------
    sigma : float
        Standard deviation, ``> 0``.
    kind : {"shannon", "renyi", "tsallis"}
    q : float
        Order (``> 0``, not 1) of the Rényi or Tsallis entropy.

    Returns
    -------
    float

    Raises
    ------
    InputError
        For a non-positive ``sigma``, an unknown kind or a bad ``q``.

    Examples
    --------
    >>> round(gaussian_entropy(1.0), 6)   # ln(2 pi e) / 2
    1.418939
    """
    sigma = V.positive("sigma", sigma)
    kind, q = _kind_q(kind, q)
    if kind == "shannon":
        return float(0.5 * np.log(2 * np.pi * np.e * sigma**2))
    if kind == "renyi":
        return float(np.log(np.sqrt(2 * np.pi) * sigma) + np.log(q) / (2 * (q - 1)))
    return float((1 - (2 * np.pi * sigma**2) ** ((1 - q) / 2) / np.sqrt(q)) / (q - 1))

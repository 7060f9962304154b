r"""Delay embedding: reconstruct a state space from one observable (Takens).

:func:`delay_embed` builds vectors :math:`(s_i, s_{i+\tau}, \dots, s_{i+(m-1)\tau})`, rows of
an array of shape ``(n - (m - 1) tau, m)``, time first. The delay :math:`\tau` is chosen at the
first minimum of the mutual information between :math:`s_i` and :math:`s_{i+\tau}`
(Fraser and Swinney 1986; histogram estimate, natural log); the dimension :math:`m` as the
smallest for which the fraction of false nearest neighbours falls below a threshold
(Kennel, Brown and Abarbanel 1992).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def _series(s) -> np.ndarray:
    s = np.asarray(s, dtype=float)
    if s.ndim != 1:
        raise ValueError(f"expected a 1-D series; got shape {s.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError("the series contains NaN or infinity")
    return s


def delay_embed(s, dim: int, delay: int) -> np.ndarray:
    """Delay vectors of ``s``, shape ``(len(s) - (dim - 1) delay, dim)``.

    Examples
    --------
    >>> delay_embed(np.arange(6.0), dim=3, delay=2)
    array([[0., 2., 4.],
           [1., 3., 5.]])
    """
    s = _series(s)
    if int(dim) != dim or dim < 1 or int(delay) != delay or delay < 1:
        raise ValueError(f"dim and delay must be positive integers; got {dim!r}, {delay!r}")
    n = s.size - (dim - 1) * delay
    if n < 1:
        raise ValueError(f"the series ({s.size} values) is too short for dim={dim}, delay={delay}")
    return np.lib.stride_tricks.sliding_window_view(s, (dim - 1) * delay + 1)[:, ::delay].copy()


def mutual_information(s, max_lag: int, bins: int = 32) -> np.ndarray:
    """Mutual information (nats) between ``s[i]`` and ``s[i + lag]`` for lags 0..max_lag."""
    s = _series(s)
    if max_lag >= s.size // 2:
        raise ValueError(f"max_lag={max_lag} is too long for {s.size} values")
    edges = np.histogram_bin_edges(s, bins=bins)
    mi = np.empty(max_lag + 1)
    for lag in range(max_lag + 1):
        a, b = s[: s.size - lag], s[lag:]
        pxy, _, _ = np.histogram2d(a, b, bins=(edges, edges))
        pxy /= pxy.sum()
        px, py = pxy.sum(axis=1), pxy.sum(axis=0)
        nz = pxy > 0
        mi[lag] = np.sum(pxy[nz] * np.log(pxy[nz] / np.outer(px, py)[nz]))
    return mi


def first_minimum_delay(s, max_lag: int = 100, bins: int = 32) -> int:
    """The first local minimum of :func:`mutual_information` (the usual embedding delay)."""
    mi = mutual_information(s, max_lag, bins)
    for lag in range(1, max_lag):
        if mi[lag] < mi[lag - 1] and mi[lag] <= mi[lag + 1]:
            return lag
    raise ValueError(f"no minimum of the mutual information up to lag {max_lag}; raise max_lag")


def false_nearest_neighbours(s, delay: int, max_dim: int = 8, rtol: float = 15.0,
                             atol: float = 2.0, theiler: int = 0) -> np.ndarray:
    """Fraction of false nearest neighbours for embedding dimensions 1..max_dim.

    A neighbour at distance :math:`R_m` in dimension :math:`m` is false if adding the next delay
    coordinate moves it by more than ``rtol * R_m``, or if its distance in dimension
    :math:`m + 1` exceeds ``atol`` times the attractor size (the standard deviation of ``s``).
    """
    s = _series(s)
    sd = s.std()
    fractions = np.empty(max_dim)
    for m in range(1, max_dim + 1):
        emb = delay_embed(s, m + 1, delay)          # the m+1-th column is the test coordinate
        base = emb[:, :m]
        k = 2 + 2 * theiler
        dist, idx = cKDTree(base).query(base, k=k)
        rows = np.arange(base.shape[0])
        choice = np.argmax((idx != rows[:, None]) & (np.abs(idx - rows[:, None]) > theiler), axis=1)
        nn = idx[rows, choice]
        R = np.maximum(dist[rows, choice], 1e-300)
        extra = np.abs(emb[:, m] - emb[nn, m])
        false = (extra / R > rtol) | (np.sqrt(R**2 + extra**2) / sd > atol)
        fractions[m - 1] = np.mean(false)
    return fractions


def embedding_dimension(s, delay: int, threshold: float = 0.01, max_dim: int = 8) -> int:
    """The smallest dimension with a false-nearest-neighbour fraction below ``threshold``."""
    f = false_nearest_neighbours(s, delay, max_dim)
    below = np.nonzero(f < threshold)[0]
    if below.size == 0:
        raise ValueError(f"no dimension up to {max_dim} has fewer than {threshold:.0%} false "
                         "neighbours (noisy data?); raise max_dim or threshold")
    return int(below[0] + 1)

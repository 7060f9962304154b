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

from coursekit import _validate as V
from coursekit.errors import InputError
from coursekit.numerics.neighbours import kdtree

__all__ = ["delay_embed", "embedding_dimension", "false_nearest_neighbours",
           "first_minimum_delay", "mutual_information"]


def _series(s) -> np.ndarray:
    return V.array("s", s, ndim=1, min_size=2)


def delay_embed(s, dim: int, delay: int) -> np.ndarray:
    """Delay vectors of ``s``, time first, oldest sample first.

    Row ``k`` is :math:`(s_k, s_{k+\\tau}, \\dots, s_{k+(m-1)\\tau})`; for a series of several
    observables, ``(n, n_obs)``, it is those samples' rows, concatenated.

    Parameters
    ----------
    s : array_like, shape (n,) or (n, n_obs)
        A finite series, time first.
    dim : int
        Embedding dimension ``m``, ``>= 1``.
    delay : int
        Delay ``tau`` in samples, ``>= 1``.

    Returns
    -------
    ndarray, shape (n - (dim - 1) delay, dim * n_obs)

    Raises
    ------
    InputError
        For NaN, bad ``dim`` or ``delay``, or a series too short for one vector.

    Examples
    --------
    >>> delay_embed(np.arange(6.0), dim=3, delay=2)
    array([[0., 2., 4.],
           [1., 3., 5.]])
    >>> delay_embed(np.c_[np.arange(3.0), -np.arange(3.0)], dim=2, delay=1)
    array([[ 0., -0.,  1., -1.],
           [ 1., -1.,  2., -2.]])
    """
    s = V.array("s", s)
    if s.ndim not in (1, 2):
        raise InputError(f"s must be a series (n,) or (n, n_obs), time first; got shape {s.shape}")
    dim = V.integer("dim", dim, minimum=1)
    delay = V.integer("delay", delay, minimum=1)
    n = s.shape[0] - (dim - 1) * delay
    if n < 1:
        raise V.fail("s", f"at least (dim - 1) * delay + 1 = {(dim - 1) * delay + 1} values long "
                          f"(too short for dim={dim}, delay={delay})", f"{s.shape[0]} values")
    if s.ndim == 1:
        return np.lib.stride_tricks.sliding_window_view(s, (dim - 1) * delay + 1)[:, ::delay].copy()
    idx = np.arange(n)[:, None] + delay * np.arange(dim)[None, :]
    return s[idx].reshape(n, -1)


def mutual_information(s, max_lag: int, bins: int = 32) -> np.ndarray:
    """Mutual information (nats) between ``s[i]`` and ``s[i + lag]`` for lags ``0..max_lag``.

    Histogram estimate with ``bins`` equal bins over the range of ``s``.

    Parameters
    ----------
    s : array_like, shape (n,)
    max_lag : int
        Largest lag, ``0 <= max_lag < n / 2``.
    bins : int
        Bins per axis, ``>= 2``.

    Returns
    -------
    ndarray, shape (max_lag + 1,)

    Raises
    ------
    InputError
        For bad input or a lag too long for the series.

    Examples
    --------
    >>> mi = mutual_information(np.sin(np.linspace(0, 100, 5000)), max_lag=10)
    >>> bool(mi[0] > mi[10])
    True
    """
    s = _series(s)
    max_lag = V.integer("max_lag", max_lag, minimum=0, maximum=s.size // 2 - 1)
    bins = V.integer("bins", bins, minimum=2)
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
    """The first local minimum of :func:`mutual_information` (the usual embedding delay).

    Parameters
    ----------
    s : array_like, shape (n,)
    max_lag : int
        Largest lag searched.
    bins : int
        Histogram bins.

    Returns
    -------
    int

    Raises
    ------
    InputError
        For bad input, or no minimum up to ``max_lag``.

    Examples
    --------
    >>> t = np.arange(20_000) * 0.01
    >>> first_minimum_delay(np.sin(t) + np.sin(np.sqrt(2) * t), max_lag=200) > 10
    True
    """
    mi = mutual_information(s, max_lag, bins)
    for lag in range(1, max_lag):
        if mi[lag] < mi[lag - 1] and mi[lag] <= mi[lag + 1]:
            return lag
    raise V.fail("max_lag", "large enough to contain a minimum of the mutual information "
                            "(raise it)", max_lag)


def false_nearest_neighbours(s, delay: int, max_dim: int = 8, rtol: float = 15.0,
                             atol: float = 2.0, theiler: int = 0) -> np.ndarray:
    """Fraction of false nearest neighbours for embedding dimensions ``1..max_dim``.

    A neighbour at distance :math:`R_m` in dimension :math:`m` is false if adding the next delay
    coordinate moves it by more than ``rtol * R_m``, or if its distance in dimension
    :math:`m + 1` exceeds ``atol`` times the attractor size (the standard deviation of ``s``).

    Parameters
    ----------
    s : array_like, shape (n,)
    delay : int
        Embedding delay, ``>= 1``.
    max_dim : int
        Largest dimension tested, ``>= 1``.
    rtol, atol : float
        Kennel's thresholds, ``> 0``.
    theiler : int
        Neighbours closer than this in time are excluded, ``>= 0``.

    Returns
    -------
    ndarray, shape (max_dim,)

    Raises
    ------
    InputError
        For bad input.

    Examples
    --------
    >>> t = np.arange(5000) * 0.05
    >>> fnn = false_nearest_neighbours(np.sin(t), delay=30, max_dim=3)
    >>> bool(fnn[1] < 0.01)   # a circle needs two dimensions
    True
    """
    s = _series(s)
    delay = V.integer("delay", delay, minimum=1)
    max_dim = V.integer("max_dim", max_dim, minimum=1)
    rtol, atol = V.positive("rtol", rtol), V.positive("atol", atol)
    theiler = V.integer("theiler", theiler, minimum=0)
    sd = s.std()
    fractions = np.empty(max_dim)
    for m in range(1, max_dim + 1):
        emb = delay_embed(s, m + 1, delay)          # the m+1-th column is the test coordinate
        base = emb[:, :m]
        k = 2 + 2 * theiler
        dist, idx = kdtree(base).query(base, k=k)
        rows = np.arange(base.shape[0])
        choice = np.argmax((idx != rows[:, None]) & (np.abs(idx - rows[:, None]) > theiler), axis=1)
        nn = idx[rows, choice]
        R = np.maximum(dist[rows, choice], 1e-300)
        extra = np.abs(emb[:, m] - emb[nn, m])
        false = (extra / R > rtol) | (np.sqrt(R**2 + extra**2) / sd > atol)
        fractions[m - 1] = np.mean(false)
    return fractions


def embedding_dimension(s, delay: int, threshold: float = 0.01, max_dim: int = 8) -> int:
    """The smallest dimension with a false-nearest-neighbour fraction below ``threshold``.

    Parameters
    ----------
    s : array_like, shape (n,)
    delay : int
        Embedding delay.
    threshold : float
        Largest acceptable fraction of false neighbours, in (0, 1).
    max_dim : int
        Largest dimension tested.

    Returns
    -------
    int

    Raises
    ------
    InputError
        For bad input, or no dimension up to ``max_dim`` below the threshold.

    Examples
    --------
    >>> t = np.arange(5000) * 0.05
    >>> embedding_dimension(np.sin(t), delay=30)
    2
    """
    threshold = V.number("threshold", threshold, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    f = false_nearest_neighbours(s, delay, max_dim)
    below = np.nonzero(f < threshold)[0]
    if below.size == 0:
        raise V.fail("max_dim", f"large enough for fewer than {threshold:.0%} false neighbours "
                                "(noisy data?); raise max_dim or threshold", max_dim)
    return int(below[0] + 1)

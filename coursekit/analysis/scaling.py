r"""Scaling: power-law fits with confidence intervals, local slopes, Family–Vicsek collapse.

A power law :math:`y = A x^{b}` is a straight line in log–log axes. :func:`power_law_fit` fits
:math:`\ln y = \ln A + b \ln x` by least squares over a chosen window :math:`[x_{\min}, x_{\max}]`
and gives a percentile bootstrap interval for :math:`b` (resampling the points of the window).
:func:`local_slopes` shows where a power law holds at all (a plateau of the local slope).

Family–Vicsek scaling of the roughness of a growing interface, :math:`W(L, t) = L^{\alpha}
f(t / L^{z})`, is checked by a data collapse: with the right :math:`\alpha` and :math:`z` the
curves :math:`W/L^\alpha` against :math:`t/L^z` for all sizes fall on one curve
(:func:`family_vicsek_collapse`, with a spread that measures how well).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from coursekit import _random
from coursekit import _validate as V
from coursekit._results import Result
from coursekit.errors import InputError

__all__ = ["Collapse", "LocalSlopes", "PowerLawFit", "family_vicsek_collapse", "local_slopes",
           "power_law_fit"]


@dataclass(frozen=True, eq=False)
class PowerLawFit(Result):
    """``y ~ prefactor * x**exponent`` with a bootstrap confidence interval.

    Attributes
    ----------
    exponent : float
    prefactor : float
    interval : (float, float)
        Percentile bootstrap interval of the exponent.
    confidence : float
        Its level.
    n_points : int
        Points in the fit window.

    Examples
    --------
    >>> fit = power_law_fit([1.0, 2.0, 4.0, 8.0], [1.0, 0.5, 0.25, 0.125], seed=1)
    >>> round(fit.exponent, 12), fit.n_points
    (-1.0, 4)
    """

    exponent: float
    prefactor: float
    interval: tuple[float, float]
    confidence: float
    n_points: int


def power_law_fit(x, y, xmin=None, xmax=None, n_boot: int = 2000, confidence: float = 0.95,
                  seed=None) -> PowerLawFit:
    """Fit ``y = A x**b`` on ``xmin <= x <= xmax`` with a bootstrap interval for ``b``.

    Least squares on :math:`\\ln y = \\ln A + b \\ln x`; the interval is a percentile
    bootstrap over the points of the window (pairs resampled with replacement). The bootstrap
    assumes independent points. The values of one stochastic run at successive times are
    correlated (the same particles are counted again), and for them the interval is too
    narrow: fit independent runs and use the spread of their exponents instead.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Data; positive inside the window.
    xmin, xmax : float, optional
        The fit window (default: all points).
    n_boot : int
        Bootstrap resamples, ``>= 10``.
    confidence : float
        Interval level, in (0, 1).
    seed : int, SeedSequence, Generator or None
        Randomness of the bootstrap.

    Returns
    -------
    PowerLawFit

    Raises
    ------
    InputError
        For mismatched or non-finite data, non-positive values in the window, fewer than 3
        points in the window, or a bad ``confidence``.

    Examples
    --------
    >>> x = np.geomspace(1, 1000, 50)
    >>> fit = power_law_fit(x, 3.0 * x**-1.5, seed=0)
    >>> round(fit.exponent, 6), round(fit.prefactor, 6)
    (-1.5, 3.0)
    """
    x = V.array("x", x, ndim=1, min_size=3)
    y = V.array("y", y, shape=(x.size,))
    n_boot = V.integer("n_boot", n_boot, minimum=10)
    confidence = V.number("confidence", confidence, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    lo = x.min() if xmin is None else V.number("xmin", xmin)
    hi = x.max() if xmax is None else V.number("xmax", xmax)
    keep = (x >= lo) & (x <= hi)
    if np.any((x[keep] <= 0) | (y[keep] <= 0)):
        raise InputError("a power-law fit needs positive x and y in the window; restrict it "
                         "with xmin and xmax")
    if keep.sum() < 3:
        raise InputError(f"only {keep.sum()} points in [{lo}, {hi}]; a fit needs at least 3")
    lx, ly = np.log(x[keep]), np.log(y[keep])
    b, a = np.polyfit(lx, ly, 1)
    rng = _random.as_generator(seed)
    idx = rng.integers(0, lx.size, size=(n_boot, lx.size))
    X, Y = lx[idx], ly[idx]
    Xm, Ym = X.mean(axis=1, keepdims=True), Y.mean(axis=1, keepdims=True)
    var = np.sum((X - Xm) ** 2, axis=1)
    good = var > 0
    slopes = np.sum((X - Xm) * (Y - Ym), axis=1)[good] / var[good]
    tail = 50 * (1 - confidence)
    lo_b, hi_b = np.percentile(slopes, [tail, 100 - tail])
    return PowerLawFit(float(b), float(np.exp(a)), (float(lo_b), float(hi_b)), confidence,
                       int(keep.sum()), method="least squares in log-log axes, pairs bootstrap",
                       stats={"n_boot": n_boot, "xmin": float(lo), "xmax": float(hi)})


class LocalSlopes(NamedTuple):
    """Local log–log slopes at the geometric midpoints.

    Attributes
    ----------
    x : ndarray
        Geometric midpoints.
    slope : ndarray
        ``d ln y / d ln x`` there.

    Examples
    --------
    >>> local_slopes([1.0, 4.0], [1.0, 2.0]).x
    array([2.])
    """

    x: np.ndarray
    slope: np.ndarray


def local_slopes(x, y, lag: int = 1) -> LocalSlopes:
    """Local log–log slopes ``ln(y[i+lag]/y[i]) / ln(x[i+lag]/x[i])`` at the geometric midpoints.

    A plateau of the local slope is where a power law holds. With ``lag > 1`` each slope
    spans a wider factor of ``x`` (for points spaced by a factor ``q``, a factor ``q**lag``):
    less noise, less resolution. These are the *effective exponents* of the scaling
    literature, e.g. ``delta(t) = -ln(P(t)/P(t/m)) / ln m`` for a survival probability.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Positive data, ``x`` increasing, ``n > lag``.
    lag : int
        Index distance of the two points of each slope, ``>= 1``.

    Returns
    -------
    LocalSlopes
        ``(x, slope)``, each of shape ``(n - lag,)``.

    Raises
    ------
    InputError
        For mismatched, non-positive or non-finite data.

    Examples
    --------
    >>> local_slopes([1.0, 10.0, 100.0], [1.0, 100.0, 1e4]).slope
    array([2., 2.])
    >>> local_slopes([1.0, 10.0, 100.0], [1.0, 100.0, 1e4], lag=2)
    LocalSlopes(x=array([10.]), slope=array([2.]))
    """
    x = V.array("x", x, ndim=1, min_size=2)
    y = V.array("y", y, shape=(x.size,))
    lag = V.integer("lag", lag, minimum=1, maximum=x.size - 1)
    if np.any(x <= 0) or np.any(y <= 0):
        raise InputError("x and y must be positive for local slopes in log-log axes")
    lx, ly = np.log(x), np.log(y)
    return LocalSlopes(np.exp(0.5 * (lx[lag:] + lx[:-lag])),
                       (ly[lag:] - ly[:-lag]) / (lx[lag:] - lx[:-lag]))


@dataclass(frozen=True, eq=False)
class Collapse(Result):
    """Rescaled curves ``(t / L**z, W / L**alpha)`` per size and the spread between them.

    Attributes
    ----------
    x : tuple of ndarray
        Rescaled abscissae, one per size.
    y : tuple of ndarray
        Rescaled widths.
    spread : float
        Mean standard deviation of ``ln(W / L**alpha)`` between the curves.

    Examples
    --------
    >>> c = family_vicsek_collapse([10, 20], [[1.0, 2.0], [1.0, 2.0]], [[1.0, 1.0], [1.0, 1.0]],
    ...                            alpha=0.0, z=0.0)
    >>> c.spread
    0.0
    """

    x: tuple
    y: tuple
    spread: float


def family_vicsek_collapse(sizes, times, widths, alpha: float, z: float) -> Collapse:
    """Rescale roughness curves ``widths[k]`` (over ``times[k]``) of sizes ``sizes[k]``.

    The spread is the mean, over the rescaled abscissae the curves share, of the standard
    deviation of ``ln(W / L**alpha)`` between curves (interpolated in ``ln`` of the abscissa);
    it is small when the exponents are right.

    Parameters
    ----------
    sizes : sequence of float
        System sizes ``L``, at least two, positive.
    times : sequence of array_like
        Times of each curve.
    widths : sequence of array_like
        Roughness ``W`` of each curve, positive.
    alpha, z : float
        Roughness and dynamic exponents.

    Returns
    -------
    Collapse

    Raises
    ------
    InputError
        For fewer than two curves, mismatched lengths, times that do not increase, widths that
        are not positive, or curves that do not overlap.

    Examples
    --------
    >>> sizes = [32, 64]
    >>> times = [np.geomspace(1, 10 * L**1.5, 40) for L in sizes]
    >>> widths = [L**0.5 * np.minimum((t / L**1.5) ** (1 / 3), 1) for L, t in zip(sizes, times)]
    >>> family_vicsek_collapse(sizes, times, widths, 0.5, 1.5).spread < 1e-2
    True
    """
    alpha, z = V.number("alpha", alpha), V.number("z", z)
    Ls = V.array("sizes", sizes, ndim=1, min_size=2)
    if np.any(Ls <= 0):
        raise V.fail("sizes", "positive", Ls.tolist())
    for name, seq in (("times", times), ("widths", widths)):
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__len__") or len(seq) != Ls.size:
            raise V.fail(name, f"a sequence of {Ls.size} arrays, one per size", seq)
    ts = [V.array(f"times[{k}]", t, ndim=1, min_size=2) for k, t in enumerate(times)]
    ws = [V.array(f"widths[{k}]", w, shape=(ts[k].size,)) for k, w in enumerate(widths)]
    for k, (t, w) in enumerate(zip(ts, ws, strict=True)):
        if np.any(np.diff(t) <= 0):
            raise V.fail(f"times[{k}]", "increasing", t.tolist())
        if np.any(w <= 0):
            raise V.fail(f"widths[{k}]", "positive (roughness is a standard deviation)",
                         w.tolist())
    xs = [t / L**z for L, t in zip(Ls, ts, strict=True)]
    ys = [w / L**alpha for L, w in zip(Ls, ws, strict=True)]
    lo = max(np.log(x[x > 0].min()) for x in xs)
    hi = min(np.log(x.max()) for x in xs)
    if lo >= hi:
        raise InputError("the rescaled curves do not overlap; check alpha and z")
    grid = np.linspace(lo, hi, 50)
    curves = np.array([np.interp(grid, np.log(x[x > 0]), np.log(y[x > 0]))
                       for x, y in zip(xs, ys, strict=True)])
    return Collapse(xs, ys, float(np.mean(np.std(curves, axis=0))),
                    method="Family-Vicsek collapse", stats={"alpha": alpha, "z": z})

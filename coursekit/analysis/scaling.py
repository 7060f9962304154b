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

import numpy as np

from coursekit import _random


@dataclass(frozen=True)
class PowerLawFit:
    """``y ~ prefactor * x**exponent``; ``interval`` is the bootstrap confidence interval."""

    exponent: float
    prefactor: float
    interval: tuple[float, float]
    confidence: float
    n_points: int


def power_law_fit(x, y, xmin=None, xmax=None, n_boot: int = 2000, confidence: float = 0.95,
                  seed=0) -> PowerLawFit:
    """Fit ``y = A x**b`` on ``xmin <= x <= xmax`` with a bootstrap interval for ``b``.

    Examples
    --------
    >>> x = np.geomspace(1, 1000, 50)
    >>> fit = power_law_fit(x, 3.0 * x**-1.5)
    >>> round(fit.exponent, 6), round(fit.prefactor, 6)
    (-1.5, 3.0)
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D arrays of one shape; got {x.shape}, {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x or y contains NaN or infinity")
    lo = x.min() if xmin is None else xmin
    hi = x.max() if xmax is None else xmax
    keep = (x >= lo) & (x <= hi)
    if np.any((x[keep] <= 0) | (y[keep] <= 0)):
        raise ValueError("a power-law fit needs positive x and y in the window")
    if keep.sum() < 3:
        raise ValueError(f"only {keep.sum()} points in [{lo}, {hi}]; a fit needs at least 3")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1); got {confidence}")
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
                       int(keep.sum()))


def local_slopes(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Local log–log slopes ``d ln y / d ln x`` (centred differences) at the midpoints."""
    lx, ly = np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float))
    return np.exp(0.5 * (lx[1:] + lx[:-1])), np.diff(ly) / np.diff(lx)


@dataclass(frozen=True)
class Collapse:
    """Rescaled curves ``(t / L**z, W / L**alpha)`` per size and the spread between them."""

    x: list[np.ndarray]
    y: list[np.ndarray]
    spread: float


def family_vicsek_collapse(sizes, times, widths, alpha: float, z: float) -> Collapse:
    """Rescale roughness curves ``widths[k]`` (over ``times[k]``) of sizes ``sizes[k]``.

    The spread is the mean, over the rescaled abscissae the curves share, of the standard
    deviation of ``ln(W / L**alpha)`` between curves (interpolated in ``ln`` of the abscissa);
    it is small when the exponents are right.
    """
    if not (len(sizes) == len(times) == len(widths)) or len(sizes) < 2:
        raise ValueError("give at least two sizes, each with its times and widths")
    xs = [np.asarray(t, float) / L**z for L, t in zip(sizes, times, strict=True)]
    ys = [np.asarray(w, float) / L**alpha for L, w in zip(sizes, widths, strict=True)]
    lo = max(np.log(x[x > 0].min()) for x in xs)
    hi = min(np.log(x.max()) for x in xs)
    if lo >= hi:
        raise ValueError("the rescaled curves do not overlap; check alpha and z")
    grid = np.linspace(lo, hi, 50)
    curves = np.array([np.interp(grid, np.log(x[x > 0]), np.log(y[x > 0]))
                       for x, y in zip(xs, ys, strict=True)])
    return Collapse(xs, ys, float(np.mean(np.std(curves, axis=0))))
